// Region time zones: TZif and POSIX-rule parsing, offsets either side of transitions, and the
// date/time functions that take a zone. Expected instants were cross-checked with Python's
// zoneinfo. These tests need the system tz database (tzdata) and fail, not skip, without it.

#include "core/expr/time_zone.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "expr_test_util.h"

namespace riffle {
namespace {

const TimeZone& Zone(const char* name) {
  const TimeZone* z = FindTimeZone(name);
  if (z == nullptr) {
    ADD_FAILURE() << "zone " << name << " not found: is tzdata installed (/usr/share/zoneinfo)?";
    throw std::runtime_error("tzdata missing");
  }
  return *z;
}

std::string Text(const TimeZone& z, int64_t utc_ms) {
  ZoneOffset o = z.OffsetAt(utc_ms);
  return std::string(o.abbreviation) + " " + std::to_string(o.offset_ms / 60000) +
         (o.is_dst ? " dst" : "");
}

TEST(TimeZoneTest, LondonBothSidesOfSpringTransition) {
  const TimeZone& london = Zone("Europe/London");
  EXPECT_EQ(Text(london, 1516000000000), "GMT 0");       // 2018-01-15
  EXPECT_EQ(Text(london, 1521939599000), "GMT 0");       // 2018-03-25 00:59:59 UTC
  EXPECT_EQ(Text(london, 1521939600000), "BST 60 dst");  // 01:00:00 UTC: clocks go forward
  EXPECT_EQ(Text(london, 1526075913000), "BST 60 dst");  // 2018-05-11
  EXPECT_EQ(london.name(), "Europe/London");
}

TEST(TimeZoneTest, LosAngelesAndFarFutureFooterRule) {
  const TimeZone& la = Zone("America/Los_Angeles");
  EXPECT_EQ(Text(la, 1526075913000), "PDT -420 dst");
  EXPECT_EQ(Text(la, 1516000000000), "PST -480");
  // Year 2100 is past any transition listed in the file: only the POSIX footer knows it.
  EXPECT_EQ(Text(la, 4102488000000), "PST -480");      // 2100-01-01 12:00 UTC
  EXPECT_EQ(Text(la, 4118126400000), "PDT -420 dst");  // 2100-07-01 12:00 UTC
  EXPECT_EQ(Text(Zone("Europe/London"), 4118126400000), "BST 60 dst");
}

TEST(TimeZoneTest, SouthernHemisphere) {
  const TimeZone& sydney = Zone("Australia/Sydney");
  EXPECT_EQ(Text(sydney, 1516000000000), "AEDT 660 dst");  // January is summer
  EXPECT_EQ(Text(sydney, 1526075913000), "AEST 600");
  EXPECT_EQ(Text(sydney, 4103654400000), "AEDT 660 dst");  // 2100-01-15
  EXPECT_EQ(Text(sydney, 4118083200000), "AEST 600");      // 2100-07-01
}

TEST(TimeZoneTest, LocalToUtcGapAndOverlapFollowJava) {
  const TimeZone& london = Zone("Europe/London");
  const int64_t kMar25 = 1521936000000, kOct28 = 1540684800000;  // midnight UTC
  // 01:30 does not exist on 2018-03-25: java.time moves it forward by the gap, to 02:30 BST.
  EXPECT_EQ(london.LocalToUtc(kMar25 + 90 * 60000), 1521941400000);
  // 01:30 happens twice on 2018-10-28: the earlier offset (BST) wins.
  EXPECT_EQ(london.LocalToUtc(kOct28 + 90 * 60000), 1540686600000);
  EXPECT_EQ(london.LocalToUtc(kOct28 + 3 * 3600000), kOct28 + 3 * 3600000);  // GMT again
  const TimeZone& la = Zone("America/Los_Angeles");
  EXPECT_EQ(la.LocalToUtc(1520735400000), 1520764200000);  // 2018-03-11 02:30, in the gap
  EXPECT_EQ(la.LocalToUtc(1541295000000), 1541320200000);  // 2018-11-04 01:30, overlap: PDT
}

TEST(TimeZoneTest, RejectsUnknownAndUnsafeNames) {
  EXPECT_EQ(FindTimeZone("Mars/Olympus"), nullptr);
  EXPECT_EQ(FindTimeZone("../../etc/passwd"), nullptr);
  EXPECT_EQ(FindTimeZone("/usr/share/zoneinfo/UTC"), nullptr);
  EXPECT_EQ(FindTimeZone("Europe/../Europe/London"), nullptr);
  EXPECT_EQ(FindTimeZone("Europe/London\n"), nullptr);
  EXPECT_EQ(FindTimeZone(""), nullptr);
  EXPECT_EQ(FindTimeZone("zone.tab"), nullptr);  // exists, but is not a TZif file
  EXPECT_EQ(FindTimeZone("Europe/London"), FindTimeZone("Europe/London"));  // cached
}

// A TZif v2 file with no transitions and one type, so every instant follows `footer`.
std::string FooterOnlyTzif(const std::string& footer) {
  auto header = [](char version) {
    std::string h = "TZif";
    h += version;
    h += std::string(15, '\0');
    const int counts[6] = {0, 0, 0, 0, 1, 4};  // isut, isstd, leap, time, type, char
    for (int c : counts) h += std::string{'\0', '\0', '\0', static_cast<char>(c)};
    return h;
  };
  const std::string block = std::string(6, '\0') + std::string("AAA\0", 4);  // utoff 0, "AAA"
  return header('2') + block + header('2') + block + "\n" + footer + "\n";
}

TEST(TimeZoneTest, PosixFooterForms) {
  std::string error;
  auto fixed = TimeZone::FromTzif("X", FooterOnlyTzif("<+0330>-3:30"), &error);
  ASSERT_NE(fixed, nullptr) << error;
  EXPECT_EQ(Text(*fixed, 0), "+0330 210");

  // Jn never counts Feb 29: J60 is March 1 even in 2024. n counts it: 59 is Feb 29 in 2024.
  auto julian1 = TimeZone::FromTzif("X", FooterOnlyTzif("AAA0BBB,J60,J300"), &error);
  auto julian0 = TimeZone::FromTzif("X", FooterOnlyTzif("AAA0BBB,59/0,300"), &error);
  ASSERT_NE(julian1, nullptr) << error;
  ASSERT_NE(julian0, nullptr) << error;
  const int64_t kFeb29 = 1709164800000, kMar1 = 1709251200000;  // 2024, midnight UTC
  EXPECT_EQ(Text(*julian1, kMar1 + 2 * 3600000 - 1), "AAA 0");
  EXPECT_EQ(Text(*julian1, kMar1 + 2 * 3600000), "BBB 60 dst");
  EXPECT_EQ(Text(*julian0, kFeb29 - 1), "AAA 0");
  EXPECT_EQ(Text(*julian0, kFeb29), "BBB 60 dst");

  TimeZone::Rule rule;
  EXPECT_TRUE(ParsePosixTz("GMT0BST,M3.5.0/1,M10.5.0", &rule));
  EXPECT_EQ(rule.start.month, 3);
  EXPECT_EQ(rule.start.time, 3600);
  EXPECT_EQ(rule.end.time, 7200);
  EXPECT_TRUE(ParsePosixTz("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", &rule));
  EXPECT_EQ(rule.start.time, -7200);
  EXPECT_FALSE(ParsePosixTz("GMT0BST,M13.5.0,M10.5.0", &rule));
  EXPECT_FALSE(ParsePosixTz("G0", &rule));
  EXPECT_EQ(TimeZone::FromTzif("X", "TZif2", &error), nullptr);
}

TEST(TimeZoneFunctionsTest, FormatWithRegionZones) {
  ASSERT_NE(FindTimeZone("Europe/London"), nullptr) << "tzdata missing";
  testing::ExprFixture f;
  EXPECT_EQ(f.Show("TIMESTAMPTOSTRING(1526075913000, 'yyyy-MM-dd HH:mm:ss zzz', 'Europe/London')"),
            "2018-05-11 22:58:33 BST");
  EXPECT_EQ(f.Show("TIMESTAMPTOSTRING(1516000000000, 'HH:mm z', 'Europe/London')"), "07:06 GMT");
  EXPECT_EQ(f.Show("FORMAT_TIMESTAMP(FROM_UNIXTIME(1526075913000), 'yyyy-MM-dd HH:mm:ss zzz', "
                   "'America/Los_Angeles')"),
            "2018-05-11 14:58:33 PDT");
  EXPECT_EQ(f.Show("TIMESTAMPTOSTRING(1516000000000, 'HH:mm XXX VV', 'America/Los_Angeles')"),
            "23:06 -08:00 America/Los_Angeles");
  EXPECT_EQ(f.Show("TIMESTAMPTOSTRING(1516000000000, 'dd HH:mm Z', 'Australia/Sydney')"),
            "15 18:06 +1100");
  EXPECT_EQ(f.Show("TIMESTAMPTOSTRING(0, 'yyyy', 'Mars/Olympus')"), "null");
  EXPECT_EQ(f.Show("TIMESTAMPTOSTRING(0, 'yyyy', '../UTC')"), "null");
  // Fixed offsets keep working as before.
  EXPECT_EQ(f.Show("TIMESTAMPTOSTRING(0, 'HH:mm z', '+05:30')"), "05:30 +05:30");
}

TEST(TimeZoneFunctionsTest, ParseAndConvertWithRegionZones) {
  ASSERT_NE(FindTimeZone("Europe/London"), nullptr) << "tzdata missing";
  testing::ExprFixture f;
  EXPECT_EQ(f.Show("STRINGTOTIMESTAMP('2018-05-11 22:58:33', 'yyyy-MM-dd HH:mm:ss', "
                   "'Europe/London')"),
            "1526075913000");
  EXPECT_EQ(f.Show("STRINGTOTIMESTAMP('2018-03-25 01:30', 'yyyy-MM-dd HH:mm', 'Europe/London')"),
            "1521941400000");  // in the gap
  EXPECT_EQ(f.Show("STRINGTOTIMESTAMP('2018-10-28 01:30', 'yyyy-MM-dd HH:mm', 'Europe/London')"),
            "1540686600000");  // in the overlap
  // A zone in the text wins over the argument; "PST" means Los Angeles' rules (PDT in May).
  EXPECT_EQ(f.Show("UNIX_TIMESTAMP(PARSE_TIMESTAMP('2018-05-11T21:58:33 PST', "
                   "'yyyy-MM-dd''T''HH:mm:ss zzz'))"),
            "1526101113000");
  EXPECT_EQ(f.Show("STRINGTOTIMESTAMP('2018-05-11 21:58 America/Los_Angeles', "
                   "'yyyy-MM-dd HH:mm VV', 'Europe/London')"),
            "1526101080000");
  // Zone and offset text parse case-insensitively, as in ksqlDB.
  EXPECT_EQ(f.Show("STRINGTOTIMESTAMP('2018-05-11 21:58:33 pst', 'yyyy-MM-dd HH:mm:ss z')"),
            "1526101113000");
  EXPECT_EQ(f.Show("STRINGTOTIMESTAMP('2020-05-11T21:58:33z', 'yyyy-MM-dd''T''HH:mm:ssX')"),
            "1589234313000");
  EXPECT_EQ(f.Show("STRINGTOTIMESTAMP('2018-05-11', 'yyyy-MM-dd', 'Nowhere/City')"), "null");
  // CONVERT_TZ takes both offsets at the instant: 3 hours between LA and NY in May and January.
  EXPECT_EQ(f.Show("UNIX_TIMESTAMP(CONVERT_TZ(FROM_UNIXTIME(1589234313000), "
                   "'America/Los_Angeles', 'America/New_York'))"),
            "1589245113000");
  EXPECT_EQ(f.Show("UNIX_TIMESTAMP(CONVERT_TZ(FROM_UNIXTIME(100), 'America/Los_Angeles', "
                   "'America/New_York'))"),
            "10800100");
  EXPECT_EQ(f.Show("CONVERT_TZ(FROM_UNIXTIME(0), 'UTC', 'Atlantis/Deep')"), "null");
}

}  // namespace
}  // namespace riffle
