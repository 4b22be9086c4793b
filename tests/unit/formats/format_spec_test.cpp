#include <gtest/gtest.h>

#include "core/common/error.h"
#include "tests/unit/formats/format_test_util.h"

namespace riffle::formats::testing {
namespace {

using Props = std::map<std::string, std::string>;

// Runs `fn`, expecting a RiffleError(kBind) whose message contains `text`; returns the error.
template <class Fn>
RiffleError ExpectBindError(Fn fn, const std::string& text) {
  try {
    fn();
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBind);
    EXPECT_NE(e.message().find(text), std::string::npos) << e.message();
    return e;
  }
  ADD_FAILURE() << "no error; expected: " << text;
  return RiffleError(ErrorKind::kBind, "");
}

TEST(FormatSpecTest, ResolvesKeyAndValueFormats) {
  Props props = {{"kafka_topic", "t"}, {"value_format", "json"}, {"KEY_FORMAT", "Kafka"}};
  EXPECT_EQ(ParseFormatSpec("", props, false).name, "JSON");
  EXPECT_EQ(ParseFormatSpec("", props, true).name, "KAFKA");
  EXPECT_TRUE(ParseFormatSpec("", props, true).is_key);
  Props both = {{"FORMAT", "delimited"}};
  EXPECT_EQ(ParseFormatSpec("", both, false).name, "DELIMITED");
  EXPECT_EQ(ParseFormatSpec("", both, true).name, "DELIMITED");
  EXPECT_EQ(ParseFormatSpec("", {}, true).name, "KAFKA") << "ksqlDB's default key format";
  EXPECT_EQ(ParseFormatSpec("JSON", {}, false).name, "JSON") << "session default";
  EXPECT_EQ(ParseFormatSpec("JSON", {{"VALUE_FORMAT", "KAFKA"}}, false).name, "KAFKA");
}

TEST(FormatSpecTest, FormatErrors) {
  auto e = ExpectBindError([] { ParseFormatSpec("", {{"VALUE_FORMAT", "DELIMTED"}}, false); },
                           "Unknown format: DELIMTED");
  EXPECT_NE(e.suggestion().find("DELIMITED"), std::string::npos) << e.suggestion();
  ExpectBindError([] { ParseFormatSpec("", {{"FORMAT", "FOO"}}, true); }, "Unknown format: FOO");
  ExpectBindError([] { ParseFormatSpec("", {{"KEY_FORMAT", "KAFKA"}, {"FORMAT", "KAFKA"}}, true); },
                  "Cannot supply both 'KEY_FORMAT' and 'FORMAT' properties");
  ExpectBindError(
      [] { ParseFormatSpec("", {{"VALUE_FORMAT", "JSON"}, {"FORMAT", "KAFKA"}}, false); },
      "Cannot supply both 'VALUE_FORMAT' and 'FORMAT' properties");
  ExpectBindError([] { ParseFormatSpec("", {{"KAFKA_TOPIC", "t"}}, false); },
                  "Statement is missing the 'VALUE_FORMAT' property");
  EXPECT_EQ(ParseFormatSpec("", {{"VALUE_FORMAT", "protobuf_nosr"}}, false).name, "PROTOBUF_NOSR");
}

TEST(FormatSpecTest, Delimiters) {
  EXPECT_EQ(ParseFormatSpec("", {{"FORMAT", "DELIMITED"}}, false).delimiter, ',');
  EXPECT_EQ(ParseFormatSpec("", {{"FORMAT", "DELIMITED"}, {"VALUE_DELIMITER", "tab"}}, false)
                .delimiter,
            '\t');
  EXPECT_EQ(ParseFormatSpec("", {{"FORMAT", "DELIMITED"}, {"VALUE_DELIMITER", "SPACE"}}, false)
                .delimiter,
            ' ');
  auto spec = Props{{"FORMAT", "DELIMITED"}, {"KEY_DELIMITER", ";"}, {"VALUE_DELIMITER", "-"}};
  EXPECT_EQ(ParseFormatSpec("", spec, true).delimiter, ';');
  EXPECT_EQ(ParseFormatSpec("", spec, false).delimiter, '-');
  ExpectBindError(
      [] { ParseFormatSpec("", {{"FORMAT", "DELIMITED"}, {"VALUE_DELIMITER", "<~>"}}, false); },
      "Configuration VALUE_DELIMITER is invalid: Invalid delimiter value: '<~>'. Delimiter must "
      "be a single character or TAB,SPACE\nExample valid value: ';'");
  for (const char* blank : {"", " ", "\t"}) {
    ExpectBindError(
        [&] { ParseFormatSpec("", {{"FORMAT", "DELIMITED"}, {"VALUE_DELIMITER", blank}}, false); },
        "Configuration VALUE_DELIMITER is invalid: Delimiter cannot be empty, if you meant to "
        "have a tab or space for delimiter, please use the special values 'TAB' or 'SPACE'");
  }
  ExpectBindError(
      [] { ParseFormatSpec("", {{"VALUE_FORMAT", "JSON"}, {"VALUE_DELIMITER", "|"}}, false); },
      "JSON does not support the following configs: [delimiter]");
}

TEST(FormatSpecTest, WrapSingleValue) {
  auto spec = ParseFormatSpec("", {{"VALUE_FORMAT", "JSON"}, {"WRAP_SINGLE_VALUE", "False"}}, false);
  ASSERT_TRUE(spec.wrap_single_value.has_value());
  EXPECT_FALSE(*spec.wrap_single_value);
  EXPECT_TRUE(IsUnwrapped(spec, 1));
  EXPECT_FALSE(IsUnwrapped(Spec("JSON"), 1));
  EXPECT_TRUE(IsUnwrapped(Spec("JSON", true), 1));
  EXPECT_FALSE(IsUnwrapped(Spec("JSON", true), 2));
  EXPECT_FALSE(ParseFormatSpec("", {{"FORMAT", "KAFKA"}, {"WRAP_SINGLE_VALUE", "false"}}, false)
                   .wrap_single_value.value());
  for (const char* format : {"KAFKA", "DELIMITED"}) {
    ExpectBindError(
        [&] {
          ParseFormatSpec("", {{"VALUE_FORMAT", format}, {"WRAP_SINGLE_VALUE", "true"}}, false);
        },
        std::string("Format '") + format + "' does not support 'WRAP_SINGLE_VALUE' set to 'true'.");
  }
  ExpectBindError(
      [] { ParseFormatSpec("", {{"VALUE_FORMAT", "JSON"}, {"WRAP_SINGLE_VALUE", "maybe"}}, false); },
      "WRAP_SINGLE_VALUE");
  ExpectBindError(
      [] {
        ValidateFormatSchema(
            ParseFormatSpec("", {{"VALUE_FORMAT", "JSON"}, {"WRAP_SINGLE_VALUE", "true"}}, false),
            Fields({{"F0", Type::String()}, {"F1", Type::String()}}));
      },
      "'WRAP_SINGLE_VALUE' is only valid for single-field value schemas");
}

TEST(FormatSpecTest, SchemaChecks) {
  ExpectBindError([] { ValidateFormatSchema(Spec("NONE", true), Fields({{"K", Type::String()}})); },
                  "The 'NONE' format can only be used when no columns are defined. Got: [`K` "
                  "STRING KEY]");
  ExpectBindError([] { ValidateFormatSchema(Spec("NONE"), Fields({{"FOO", Type::Int()}})); },
                  "Got: [`FOO` INTEGER]");
  ExpectBindError(
      [] {
        ValidateFormatSchema(Spec("KAFKA"), Fields({{"A", Type::Int()}, {"B", Type::Int()}}));
      },
      "The 'KAFKA' format only supports a single field");
  struct Case {
    const char* format;
    TypePtr type;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {"KAFKA", Type::Boolean(), "The 'KAFKA' format does not support type 'BOOLEAN'"},
           {"KAFKA", Type::Decimal(4, 2), "The 'KAFKA' format does not support type 'DECIMAL'"},
           {"KAFKA", Type::Array(Type::Int()), "The 'KAFKA' format does not support type 'ARRAY'"},
           {"KAFKA", Type::Struct({{"F1", Type::Double()}}),
            "The 'KAFKA' format does not support type 'STRUCT'"},
           {"DELIMITED", Type::Array(Type::Int()),
            "The 'DELIMITED' format does not support type 'ARRAY'"},
           {"DELIMITED", Type::Map(Type::Int(), Type::Double()),
            "The 'DELIMITED' format does not support type 'MAP'"},
           {"DELIMITED", Type::Struct({{"F1", Type::Double()}}),
            "The 'DELIMITED' format does not support type 'STRUCT'"},
       }) {
    ExpectBindError([&] { MakeDecoder(Spec(c.format), Fields({{"FOO", c.type}})); }, c.message);
    ExpectBindError([&] { MakeEncoder(Spec(c.format), Fields({{"FOO", c.type}})); }, c.message);
  }
  ExpectBindError(
      [] {
        ValidateFormatSchema(Spec("JSON", true),
                             Fields({{"K", Type::Map(Type::String(), Type::Double())}}));
      },
      "Map keys, including types that contain maps, are not supported as they may lead to "
      "unexpected behavior due to inconsistent serialization. Key column name: `K`. Column "
      "type: MAP<STRING, DOUBLE>.");
  // Accepted schemas.
  ValidateFormatSchema(Spec("JSON"), Fields({{"M", Type::Map(Type::String(), Type::Int())}}));
  ValidateFormatSchema(Spec("JSON", true), Fields({{"K", Type::Array(Type::Int())}}));
  ValidateFormatSchema(Spec("KAFKA", true), {});
  ValidateFormatSchema(Spec("NONE", true), {});
}

}  // namespace
}  // namespace riffle::formats::testing
