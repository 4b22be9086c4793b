// Regex: Java's syntax and Matcher semantics (find, replaceAll, ksqlDB's split) over RE2, and
// the REGEXP_* functions on values std::regex could not take.

#include "core/expr/regex.h"

#include <gtest/gtest.h>

#include "tests/unit/expr/expr_test_util.h"

namespace riffle {
namespace {

std::unique_ptr<Regex> Compiled(const std::string& pattern) {
  std::string error;
  std::unique_ptr<Regex> re = Regex::Compile(pattern, &error);
  EXPECT_TRUE(re) << pattern << ": " << error;
  return re;
}

std::string Error(const std::string& pattern) {
  std::string error;
  EXPECT_FALSE(Regex::Compile(pattern, &error)) << pattern;
  return error;
}

std::string Replace(const std::string& pattern, const std::string& text,
                    const std::string& replacement) {
  std::string out, error;
  if (!Compiled(pattern)->ReplaceAll(text, replacement, 1000, &out, &error)) {
    return "error: " + error;
  }
  return out;
}

std::vector<std::string> Split(const std::string& pattern, const std::string& text) {
  return Compiled(pattern)->Split(text);
}

using Strings = std::vector<std::string>;

TEST(RegexTest, ReplaceAllIsJavas) {
  // Java: "baaac".replaceAll("a*", "X") finds the empty match before b, "aaa", the empty match
  // after it, and the one at the end.
  EXPECT_EQ(Replace("a*", "baaac", "X"), "XbXXcX");
  EXPECT_EQ(Replace("", "héllo", "-"), "-h-é-l-l-o-");
  EXPECT_EQ(Replace("(\\w+)@(\\w+)", "ann@acme bob@x", "$2:$1"), "acme:ann x:bob");
  EXPECT_EQ(Replace("(?<user>\\w+)@", "ann@acme", "${user} at "), "ann at acme");
  EXPECT_EQ(Replace("a", "cat", "\\$1"), "c$1t");
  // $12 is group 1 then '2' when there is no group 12.
  EXPECT_EQ(Replace("(a)", "a", "$12"), "a2");
  EXPECT_EQ(Replace("(a)|(b)", "ab", "[$2]"), "[][b]");
  EXPECT_EQ(Replace("a", "a", "$2"), "error: No group 2");
  EXPECT_EQ(Replace("a", "a", "x\\"),
            "error: character to be escaped is missing in replacement 'x\\'");
  EXPECT_EQ(Replace("a", "a", "$x"), "error: Illegal group reference in '$x'");
  EXPECT_EQ(Replace("", std::string(100, 'a'), "0123456789"), "error: the result would be over 0 MiB");
}

TEST(RegexTest, FindAllResumesAfterEmptyMatches) {
  auto matches = Compiled("a*")->FindAll("baa");
  ASSERT_EQ(matches.size(), 3u);
  EXPECT_EQ(matches[0][0], "");
  EXPECT_EQ(matches[1][0], "aa");
  EXPECT_EQ(matches[2][0], "");
  auto groups = Compiled("(x)?y")->FindAll("y");
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0][1].data(), nullptr);  // the group did not take part
  EXPECT_TRUE(Compiled("^a")->FindAll("aaa").size() == 1);  // ^ is the input's start only
  EXPECT_EQ(Compiled("\\bb")->FindAll("ab b").size(), 1u);  // \b sees the text before
}

TEST(RegexTest, SplitIsKsqlDbs) {
  // Guava's Splitter: every piece, empty ones included.
  EXPECT_EQ(Split("[0-9]+", "a1b22c"), (Strings{"a", "b", "c"}));
  EXPECT_EQ(Split(",", "1,,2,"), (Strings{"1", "", "2", ""}));
  EXPECT_EQ(Split(",", ",a"), (Strings{"", "a"}));
  EXPECT_EQ(Split(",", ""), (Strings{""}));
  EXPECT_EQ(Split("\\b", "ab cd"), (Strings{"ab", " ", "cd"}));
  // A pattern matching the empty string: Java's Pattern.split.
  EXPECT_EQ(Split("", "abc"), (Strings{"a", "b", "c"}));
  EXPECT_EQ(Split("x*", "axbxx"), (Strings{"a", "", "b"}));  // Java: "axbxx".split("x*")
  EXPECT_EQ(Split("", ""), (Strings{""}));
}

TEST(RegexTest, JavaFeaturesRe2LacksAreNamed) {
  for (const auto& [pattern, feature] : std::vector<std::pair<std::string, std::string>>{
           {"a(?=b)", "lookahead and lookbehind"},
           {"(?<!a)b", "lookahead and lookbehind"},
           {"(a)\\1", "backreferences (\\1)"},
           {"(?<x>a)\\k<x>", "backreferences (\\k<name>)"},
           {"a*+", "possessive quantifiers"},
           {"(?>ab)", "atomic groups"},
           {"[a-z&&[^c]]", "character class intersection"},
           {"a\\Z", "\\Z (use \\z or $)"},
           {"(?x)a b", "the COMMENTS flag (?x)"}}) {
    std::string error = Error(pattern);
    EXPECT_NE(error.find(feature), std::string::npos) << error;
    EXPECT_NE(error.find(" not supported: riffle matches with RE2"), std::string::npos) << error;
    EXPECT_EQ(error.rfind("Invalid regular expression '" + pattern + "': ", 0), 0u) << error;
  }
  EXPECT_EQ(Error("("), "Invalid regular expression '(': missing ): (");
  // Not features where they are quoted, escaped or in a class.
  EXPECT_EQ(Compiled("\\Q(?=\\E[(?=]\\(\\?=")->FindAll("(?=((?=").size(), 1u);
  EXPECT_EQ(Compiled("[\\]a]+")->FindAll("]a]").size(), 1u);
}

TEST(RegexTest, JavaSpellingsAreTranslated) {
  EXPECT_EQ(Replace("(?<year>[0-9]{4})-(?<month>[0-9]{2})", "2024-05", "${month}/${year}"),
            "05/2024");
  // Java's u and U flags (Unicode classes and case) do not become RE2's U (ungreedy).
  EXPECT_EQ(Replace("(?U)a+", "aaa", "x"), "x");
  EXPECT_EQ(Replace("(?iu)A+", "aAa", "x"), "x");
  EXPECT_EQ(Replace("(?u:a)+", "aa", "x"), "x");
}

TEST(RegexFunctionsTest, LongValuesThatOverflowedStdRegex) {
  // std::regex recursed once per character: any of these ended the process with SIGSEGV.
  testing::ExprFixture f;
  f.Column("V", Type::String(), {Value::String(std::string(200000, 'a'))});
  EXPECT_EQ(f.Show("LEN(REGEXP_REPLACE(v, '(a|b)+', 'x'))"), "1");
  EXPECT_EQ(f.Show("LEN(REGEXP_REPLACE(v, 'a', 'bb'))"), "400000");
  EXPECT_EQ(f.Show("ARRAY_LENGTH(REGEXP_EXTRACT_ALL('a', v))"), "200000");
  EXPECT_EQ(f.Show("ARRAY_LENGTH(REGEXP_SPLIT_TO_ARRAY(v, 'a'))"), "200001");
  EXPECT_EQ(f.Show("LEN(REGEXP_EXTRACT('(a*)*$', v))"), "200000");
  EXPECT_EQ(f.ctx().errors, 0);
}

TEST(RegexFunctionsTest, BadPatternsAndGroupsAreRowErrors) {
  testing::ExprFixture f;
  f.Column("V", Type::String(), {Value::String("abc")});
  EXPECT_EQ(f.Show("REGEXP_EXTRACT('a(?=b)', v)"), "null");
  EXPECT_EQ(f.ctx().errors, 1);
  EXPECT_NE(f.ctx().first_error.find("lookahead"), std::string::npos) << f.ctx().first_error;
  EXPECT_EQ(f.Show("REGEXP_EXTRACT('(a)', v, 2)"), "null");
  EXPECT_EQ(f.Show("REGEXP_REPLACE(v, 'a', '$3')"), "null");
  EXPECT_EQ(f.ctx().errors, 3);
  EXPECT_EQ(f.Show("REGEXP_EXTRACT('(x)?b', v, 1)"), "null");  // a group that took no part
  EXPECT_EQ(f.ctx().errors, 3);
}

}  // namespace
}  // namespace riffle
