#include "catalog/catalog.h"
#include "core/engine/format_detection.h"

#include <gtest/gtest.h>

namespace riffle {
namespace {

std::string Bytes(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s += static_cast<char>(b);
  return s;
}

// The KAFKA column type a detector's candidates imply, or "none: <why>".
std::string TypeOf(std::initializer_list<std::optional<std::string>> records, bool is_key = true) {
  auto catalog = Catalog::Open(":memory:");
  FormatDetector detector(is_key, *catalog);
  for (const auto& r : records) detector.Format(r);
  std::string why;
  TypePtr type = KafkaColumnType(detector, why);
  return type ? type->ToString() : "none: " + why;
}

TEST(FormatDetectionTest, TextIsStringEvenWhenItFitsANumber) {
  // "abcd" is also 4 bytes, an INT: PRINT shows it as text, and so it is a STRING.
  EXPECT_EQ(TypeOf({std::string("abcd"), std::nullopt, std::string("k2")}), "STRING");
}

TEST(FormatDetectionTest, BinaryNumbersOfOneWidth) {
  EXPECT_EQ(TypeOf({Bytes({0, 0, 0, 42}), Bytes({0, 0, 0, 7})}), "INTEGER");
  // 8 bytes read as BIGINT and as DOUBLE: ambiguous.
  EXPECT_EQ(TypeOf({Bytes({0, 0, 0, 0, 0, 0, 0, 1})}),
            "none: its 8-byte keys read as BIGINT or DOUBLE");
}

TEST(FormatDetectionTest, NullsAndMixturesSayWhy) {
  EXPECT_EQ(TypeOf({std::nullopt, std::nullopt}, /*is_key=*/false), "none: only null values");
  EXPECT_EQ(TypeOf({std::string("ab"), Bytes({0, 0, 0, 42})}),
            "none: its keys are unrecognised bytes, none of STRING, INT, BIGINT or DOUBLE");
}

TEST(FormatDetectionTest, DescribesWhatPrintReports) {
  auto catalog = Catalog::Open(":memory:");
  FormatDetector values(/*is_key=*/false, *catalog);
  EXPECT_EQ(values.Describe(), "unknown (only null values)");
  // 9 bytes: 8 would read as KAFKA_BIGINT and KAFKA_DOUBLE too.
  EXPECT_EQ(values.Format(std::string("{\"a\": 12}")).as_string(), "{\"a\": 12}");
  EXPECT_EQ(values.Describe(), "JSON or KAFKA_STRING");
  // Bytes no candidate reads are shown in hex, and leave no candidate.
  EXPECT_EQ(values.Format(Bytes({1, 2})).as_string(), "0x0102");
  EXPECT_EQ(values.Describe(), "unrecognised bytes");
}

}  // namespace
}  // namespace riffle
