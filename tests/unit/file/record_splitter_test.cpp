#include "connectors/file/record_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace riffle {
namespace {

std::vector<std::string> SplitAll(std::string_view text, bool csv) {
  std::vector<std::string> out;
  while (!text.empty()) {
    SplitResult r = SplitRecord(text, csv, ',', true);
    EXPECT_TRUE(r.complete);
    out.emplace_back(text.substr(0, r.record_end));
    text = text.substr(r.next);
  }
  return out;
}

TEST(RecordSplitterTest, SplitsLinesAndDropsCarriageReturns) {
  EXPECT_EQ(SplitAll("a,b\r\nc,d\ne", false), (std::vector<std::string>{"a,b", "c,d", "e"}));
}

TEST(RecordSplitterTest, QuotedFieldsMaySpanLines) {
  EXPECT_EQ(SplitAll("1,\"two\nlines\",3\n4,\"say \"\"hi\"\"\n\",5\n", true),
            (std::vector<std::string>{"1,\"two\nlines\",3", "4,\"say \"\"hi\"\"\n\",5"}));
  // Without CSV quoting (JSON lines) a quote means nothing.
  EXPECT_EQ(SplitAll("{\"a\":\"\n", false), (std::vector<std::string>{"{\"a\":\""}));
}

TEST(RecordSplitterTest, QuoteInsideAFieldIsData) {
  EXPECT_EQ(SplitAll("ab\"c,d\nx\n", true), (std::vector<std::string>{"ab\"c,d", "x"}));
}

TEST(RecordSplitterTest, IncompleteUntilEof) {
  EXPECT_FALSE(SplitRecord("no newline", false, ',', false).complete);
  EXPECT_FALSE(SplitRecord("1,\"open\nstill", true, ',', false).complete);
  // A closing quote at the very end might be the first of an escaped pair.
  EXPECT_FALSE(SplitRecord("1,\"x\"", true, ',', false).complete);
  SplitResult r = SplitRecord("no newline", false, ',', true);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.record_end, 10u);
}

}  // namespace
}  // namespace riffle
