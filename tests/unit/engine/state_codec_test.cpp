#include "core/exec/state_codec.h"

#include <gtest/gtest.h>

#include "core/common/error.h"

namespace riffle {
namespace {

TEST(StateCodecTest, RoundTripsEveryKindOfValue) {
  Decimal d = Decimal::Parse("-12345678901234567890.125");
  std::vector<Value> values = {
      Value(),
      Value::Bool(true),
      Value::Int(-42),
      Value::Double(2.5),
      Value::String(std::string("a\0b", 3)),
      Value::Dec(d),
      Value::List({Value::Int(1), Value(), Value::List({Value::String("x")})}),
      Value::Map({{Value::String("k"), Value::Double(-0.5)}}),
  };
  StateWriter w;
  w.PutI64(INT64_MIN);
  w.PutString("hello");
  for (const Value& v : values) w.PutValue(v);
  std::string blob = w.Take();

  StateReader r(blob);
  EXPECT_EQ(r.GetI64(), INT64_MIN);
  EXPECT_EQ(r.GetString(), "hello");
  for (const Value& v : values) EXPECT_EQ(r.GetValue(), v);
  EXPECT_TRUE(r.AtEnd());
}

TEST(StateCodecTest, TruncatedOrCorruptBlobsThrowInsteadOfReadingPastTheEnd) {
  StateWriter w;
  w.PutValue(Value::String("a long enough string"));
  std::string blob = w.Take();
  for (size_t n = 0; n < blob.size(); ++n) {
    StateReader r(std::string_view(blob).substr(0, n));
    EXPECT_THROW(r.GetValue(), RiffleError) << "prefix of " << n << " bytes";
  }
  std::string bad_tag = "\x7f";
  StateReader r(bad_tag);
  EXPECT_THROW(r.GetValue(), RiffleError);
  // A huge length must not allocate or read: it is checked against what is left.
  StateWriter huge;
  huge.PutI64(int64_t{1} << 60);
  std::string h = huge.Take();
  StateReader hr(h);
  EXPECT_THROW(hr.GetString(), RiffleError);
}

}  // namespace
}  // namespace riffle
