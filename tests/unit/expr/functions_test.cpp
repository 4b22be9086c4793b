// Scalar functions by family, following ksqlDB's query-validation tests.

#include "tests/unit/expr/expr_test_util.h"

namespace riffle {
namespace {

using testing::ExprFixture;

TEST(StringFunctionsTest, Basics) {
  ExprFixture f;
  EXPECT_EQ(f.Show("LCASE('AbC')"), "abc");
  EXPECT_EQ(f.Show("UCASE('AbC')"), "ABC");
  EXPECT_EQ(f.Show("TRIM('  a b  ')"), "a b");
  EXPECT_EQ(f.Show("LTRIM('  a ')"), "a ");
  EXPECT_EQ(f.Show("RTRIM('  a ')"), "  a");
  EXPECT_EQ(f.Show("LEN('ABC')"), "3");
  EXPECT_EQ(f.Show("LEN('héllo')"), "5");
  EXPECT_EQ(f.Show("LEN(CAST(NULL AS STRING))"), "null");
  EXPECT_EQ(f.Show("INITCAP('the QUICK  fox')"), "The Quick  Fox");
  EXPECT_EQ(f.Show("REPLACE('anaconda', 'a', 'o')"), "onocondo");
  EXPECT_EQ(f.Show("REPLACE('anaconda', NULL, 'o')"), "null");
  EXPECT_EQ(f.Show("INSTR('CORPORATE FLOOR', 'OR')"), "2");
  EXPECT_EQ(f.Show("INSTR('CORPORATE FLOOR', 'OR', 3)"), "5");
  EXPECT_EQ(f.Show("INSTR('CORPORATE FLOOR', 'OR', 3, 2)"), "14");
  EXPECT_EQ(f.Show("INSTR('CORPORATE FLOOR', 'OR', -3)"), "5");
  EXPECT_EQ(f.Show("INSTR('CORPORATE FLOOR', 'XX')"), "0");
  EXPECT_EQ(f.Show("LPAD('abc', 6, 'xy')"), "xyxabc");
  EXPECT_EQ(f.Show("RPAD('abc', 5, 'xy')"), "abcxy");
  EXPECT_EQ(f.Show("LPAD('abcdef', 3, 'x')"), "abc");
  EXPECT_EQ(f.Show("LPAD('abc', 5, '')"), "null");
  EXPECT_EQ(f.Show("SPLIT('a,b,,c', ',')"), "[a, b, , c]");
  EXPECT_EQ(f.Show("SPLIT('abc', '')"), "[a, b, c]");
  EXPECT_EQ(f.Show("CHR(65)"), "A");
  // CHR(STRING) as ksqlDB: "\\uXXXX" escapes only, a surrogate pair as one character.
  EXPECT_EQ(f.Show("CHR('\\u004b')"), "K");
  EXPECT_EQ(f.Show("CHR('\\ud820\\udeb8')"), "\xF0\x98\x8A\xB8");
  EXPECT_EQ(f.Show("CHR('75')"), "null");
  EXPECT_EQ(f.Show("CHR('004b')"), "null");
  EXPECT_EQ(f.Show("CHR('')"), "null");
  EXPECT_EQ(f.Show("MASK('AbC-12')"), "XxX-nn");
  EXPECT_EQ(f.Show("MASK_LEFT('AbC-12', 2)"), "XxC-12");
  EXPECT_EQ(f.Show("MASK_KEEP_RIGHT('AbC-12', 2)"), "XxX-12");
}

TEST(StringFunctionsTest, SubstringFollowsKsqlDb) {
  ExprFixture f;
  f.Column("S", Type::String(),
           {Value::String("some_string"), Value::String("another"), Value::String("short")});
  std::vector<std::string> just_pos = {"string", "er", ""};
  std::vector<std::string> pos_len = {"str", "er", ""};
  for (size_t r = 0; r < 3; ++r) {
    EXPECT_EQ(f.Show("SUBSTRING(S, 6)", r), just_pos[r]);
    EXPECT_EQ(f.Show("SUBSTRING(S, 6, 3)", r), pos_len[r]);
  }
  EXPECT_EQ(f.Show("SUBSTRING(S, 0, 2)", 0), "so");
  EXPECT_EQ(f.Show("SUBSTRING(S, -3)", 0), "ing");
  EXPECT_EQ(f.Show("SUBSTRING(S, -3, 2)", 0), "in");
  EXPECT_EQ(f.Show("SUBSTRING(S, 2, -1)", 0), "");
  EXPECT_EQ(f.Show("SUBSTRING(S, NULL)", 0), "null");
  EXPECT_EQ(f.Show("SUBSTRING(CAST(NULL AS STRING), 1)", 0), "null");
}

TEST(StringFunctionsTest, ConcatSkipsNulls) {
  ExprFixture f;
  f.Column("C1", Type::String(), {Value::String("foo"), Value()});
  f.Column("SEP", Type::String(), {Value::String("SEP"), Value::String("SEP")});
  EXPECT_EQ(f.Show("CONCAT('prefix-', C1, '-postfix')", 0), "prefix-foo-postfix");
  EXPECT_EQ(f.Show("CONCAT(C1, NULL, 'x')", 1), "x");
  EXPECT_EQ(f.Show("CONCAT_WS(SEP, C1, 'bar', NULL, 'literal')", 0), "fooSEPbarSEPliteral");
  EXPECT_EQ(f.Show("CONCAT_WS(SEP, C1, 'literal')", 1), "literal");
  EXPECT_EQ(f.Show("CONCAT_WS(CAST(NULL AS STRING), 'a')", 0), "null");
  EXPECT_EQ(f.Show("'prefix-' + C1", 0), "prefix-foo");
}

TEST(StringFunctionsTest, Regexps) {
  ExprFixture f;
  EXPECT_EQ(f.Show("REGEXP_REPLACE('baababaa', '(ab)+', 'cat')"), "bacataa");
  EXPECT_EQ(f.Show("REGEXP_REPLACE('baabbabaa', '(ab)+', 'cat')"), "bacatbcataa");
  EXPECT_EQ(f.Show("REGEXP_EXTRACT('.*(AB).*', 'xxABxx', 1)"), "AB");
  EXPECT_EQ(f.Show("REGEXP_EXTRACT('[0-9]+', 'ab123cd')"), "123");
  EXPECT_EQ(f.Show("REGEXP_EXTRACT('[0-9]+', 'abcd')"), "null");
  EXPECT_EQ(f.Show("REGEXP_EXTRACT_ALL('[0-9]+', 'a1b22c333')"), "[1, 22, 333]");
  EXPECT_EQ(f.Show("REGEXP_SPLIT_TO_ARRAY('a1b22c', '[0-9]+')"), "[a, b, c]");
  f.ctx().ClearErrors();
  EXPECT_EQ(f.Show("REGEXP_EXTRACT('(', 'abc')"), "null");
  EXPECT_EQ(f.ctx().errors, 1);
}

TEST(MathFunctionsTest, Rounding) {
  ExprFixture f;
  f.Column("V", Type::Double(),
           {Value::Double(1.2), Value::Double(1.7), Value::Double(1.5), Value::Double(-1.5)});
  std::vector<std::string> r0 = {"1", "2", "2", "-1"};
  for (size_t r = 0; r < 4; ++r) EXPECT_EQ(f.Show("ROUND(V)", r), r0[r]);
  EXPECT_EQ(f.TypeName("ROUND(V)"), "BIGINT");
  EXPECT_EQ(f.Show("ROUND(V, 0)", 1), "2.0");
  EXPECT_EQ(f.Show("ROUND(V, 1)", 0), "1.2");
  EXPECT_EQ(f.Show("ROUND(V, -1)", 0), "0.0");
  EXPECT_EQ(f.Show("ROUND(1.25, 1)"), "1.30");
  EXPECT_EQ(f.Show("ROUND(12345678987654321.2345678987654321)"), "12345678987654321");
  EXPECT_EQ(f.Show("ROUND(12345678987654321.2345678987654321, -2)"),
            "12345678987654300.0000000000000000");
  EXPECT_EQ(f.Show("ROUND(15, -1)"), "20");
  EXPECT_EQ(f.Show("CEIL(1.1e0)"), "2.0");
  EXPECT_EQ(f.Show("FLOOR(-1.1e0)"), "-2.0");
  EXPECT_EQ(f.Show("CEIL(1.1)"), "2.0");
  EXPECT_EQ(f.Show("FLOOR(1.9)"), "1.0");
  EXPECT_EQ(f.Show("FLOOR(3)"), "3");
  EXPECT_EQ(f.Show("ABS(-3)"), "3");
  EXPECT_EQ(f.Show("ABS(-3.2)"), "3.2");
  EXPECT_EQ(f.Show("ABS(-3.1e0)"), "3.1");
}

TEST(MathFunctionsTest, DoubleFunctions) {
  ExprFixture f;
  EXPECT_EQ(f.Show("EXP(1)"), "2.718281828459045");
  EXPECT_EQ(f.Show("LN(2)"), "0.6931471805599453");
  EXPECT_EQ(f.Show("LN(0)"), "-Infinity");
  EXPECT_EQ(f.Show("SQRT(-1)"), "NaN");
  EXPECT_EQ(f.Show("SQRT(2)"), "1.4142135623730951");
  EXPECT_EQ(f.Show("POWER(2, 10)"), "1024.0");
  EXPECT_EQ(f.Show("SIGN(-2.5e0)"), "-1");
  EXPECT_EQ(f.Show("SIGN(0)"), "0");
  EXPECT_EQ(f.Show("ROUND(ACOS(-1), 13)"), "3.1415926535898");
  EXPECT_EQ(f.Show("GREATEST(1, 5, 3)"), "5");
  EXPECT_EQ(f.Show("LEAST(2, 1.5e0, NULL)"), "1.5");
  EXPECT_EQ(f.TypeName("GREATEST(1, 5.0e0)"), "DOUBLE");
  auto r = f.Eval("RANDOM()");
  EXPECT_GE(r[0].as_double(), 0.0);
  EXPECT_LT(r[0].as_double(), 1.0);
}

TEST(NullFunctionsTest, CoalesceIfNullNullIf) {
  ExprFixture f;
  f.Column("C0", Type::Int(), {Value::Int(1), Value()});
  f.Column("C3", Type::Array(Type::Int()), {Value::List({Value::Int(1)}), Value()});
  EXPECT_EQ(f.Show("COALESCE(C0, 10)", 1), "10");
  EXPECT_EQ(f.Show("COALESCE(C0, NULL, 5)", 0), "1");
  EXPECT_EQ(f.Show("COALESCE(C3, ARRAY[10, 20])", 1), "[10, 20]");
  EXPECT_EQ(f.Show("IFNULL(C0, 10)", 1), "10");
  EXPECT_EQ(f.Show("NULLIF(C0, 1)", 0), "null");
  EXPECT_EQ(f.Show("NULLIF(C0, 2)", 0), "1");
  EXPECT_EQ(f.Show("NULLIF(C3, ARRAY[1])", 0), "null");
  EXPECT_EQ(f.BindError("IFNULL(C0, 'x')").kind(), ErrorKind::kType);
}

TEST(DateTimeFunctionsTest, FormatAndParse) {
  ExprFixture f;
  EXPECT_EQ(f.Show("TIMESTAMPTOSTRING(1651182287943, 'yyyy-MM-dd HH:mm:ss.SSS')"),
            "2022-04-28 21:44:47.943");
  EXPECT_EQ(f.Show("TIMESTAMPTOSTRING(1651182287943, 'yyyy-MM-dd HH:mm', '+02:00')"),
            "2022-04-28 23:44");
  EXPECT_EQ(f.Show("TIMESTAMPTOSTRING(0, 'EEE, dd MMM yyyy hh:mm a')"),
            "Thu, 01 Jan 1970 12:00 AM");
  EXPECT_EQ(f.Show("STRINGTOTIMESTAMP('2022-04-28 21:44:47.943', 'yyyy-MM-dd HH:mm:ss.SSS')"),
            "1651182287943");
  EXPECT_EQ(f.Show("STRINGTOTIMESTAMP('2022-04-28 23:44', 'yyyy-MM-dd HH:mm', 'UTC+2')"),
            "1651182240000");
  EXPECT_EQ(f.Show("PARSE_TIMESTAMP('2022-04-28T21:44:47Z', 'yyyy-MM-dd''T''HH:mm:ssX')"),
            "2022-04-28T21:44:47.000");
  EXPECT_EQ(f.Show("FORMAT_TIMESTAMP(PARSE_TIMESTAMP('20220428', 'yyyyMMdd'), 'dd/MM/yy')"),
            "28/04/22");
  EXPECT_EQ(f.Show("PARSE_DATE('2003-12-24', 'yyyy-MM-dd')"), "2003-12-24");
  EXPECT_EQ(f.Show("UNIX_DATE(PARSE_DATE('2003-12-24', 'yyyy-MM-dd'))"), "12410");
  EXPECT_EQ(f.Show("FORMAT_DATE(FROM_DAYS(12410), 'MMMM d, yyyy')"), "December 24, 2003");
  EXPECT_EQ(f.Show("FORMAT_TIME(PARSE_TIME('10:11:12', 'HH:mm:ss'), 'hh.mm a')"), "10.11 AM");
  EXPECT_EQ(f.Show("DATETOSTRING(12410, 'yyyy-MM-dd')"), "2003-12-24");
  EXPECT_EQ(f.Show("STRINGTODATE('2003-12-24', 'yyyy-MM-dd')"), "12410");
  EXPECT_EQ(f.Show("UNIX_TIMESTAMP(FROM_UNIXTIME(1000))"), "1000");
  EXPECT_EQ(f.Show("CONVERT_TZ(FROM_UNIXTIME(0), 'UTC', '+01:00')"), "1970-01-01T01:00:00.000");
  f.ctx().ClearErrors();
  EXPECT_EQ(f.Show("PARSE_DATE('abcd', 'yyyy-MM-dd')"), "null");
  EXPECT_EQ(f.Show("TIMESTAMPTOSTRING(0, 'yyyy', 'Mars/Olympus')"), "null");
  EXPECT_EQ(f.Show("TIMESTAMPTOSTRING(0, 'yyyy-qq')"), "null");
  EXPECT_EQ(f.ctx().errors, 3);
  auto now = f.Eval("UNIX_TIMESTAMP()");
  EXPECT_GT(now[0].as_int(), 1600000000000);
}

TEST(CollectionFunctionsTest, ArraysMapsEltField) {
  ExprFixture f;
  EXPECT_EQ(f.Show("ARRAY_LENGTH(ARRAY[1, 2, 3])"), "3");
  EXPECT_EQ(f.Show("ARRAY_CONTAINS(ARRAY[1, 2], 2)"), "true");
  EXPECT_EQ(f.Show("ARRAY_CONTAINS(ARRAY['a'], 'b')"), "false");
  EXPECT_EQ(f.Show("ARRAY_MAX(ARRAY[1, 7, 3])"), "7");
  EXPECT_EQ(f.Show("ARRAY_MIN(ARRAY['b', 'a'])"), "a");
  EXPECT_EQ(f.Show("ARRAY_DISTINCT(ARRAY[1, 2, 1])"), "[1, 2]");
  EXPECT_EQ(f.Show("ARRAY_SORT(ARRAY[3, NULL, 1])"), "[1, 3, null]");
  EXPECT_EQ(f.Show("ARRAY_SORT(ARRAY[3, 1], 'desc')"), "[3, 1]");
  EXPECT_EQ(f.Show("MAP_KEYS(MAP('a' := 1, 'b' := 2))"), "[a, b]");
  EXPECT_EQ(f.Show("MAP_VALUES(MAP('a' := 1, 'b' := 2))"), "[1, 2]");
  EXPECT_EQ(f.Show("ELT(2, 'a', 'b')"), "b");
  EXPECT_EQ(f.Show("ELT(3, 'a', 'b')"), "null");
  EXPECT_EQ(f.Show("FIELD('b', 'a', 'b')"), "2");
  EXPECT_EQ(f.Show("FIELD('z', 'a', 'b')"), "0");
  EXPECT_EQ(f.Show("AS_VALUE(5)"), "5");
}

}  // namespace
}  // namespace riffle
