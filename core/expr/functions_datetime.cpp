// Date and time functions: UNIX_TIMESTAMP, UNIX_DATE, FROM_UNIXTIME, FROM_DAYS,
// TIMESTAMPTOSTRING, STRINGTOTIMESTAMP, FORMAT_TIMESTAMP, PARSE_TIMESTAMP, FORMAT_DATE,
// PARSE_DATE, FORMAT_TIME, PARSE_TIME, DATETOSTRING, STRINGTODATE, CONVERT_TZ.

#include <chrono>

#include "core/expr/functions_util.h"
#include "core/expr/time_format.h"
#include "core/types/datetime.h"

namespace riffle {
namespace {

using fn::Arity;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Argument kinds for the resolver table below.
enum class A : uint8_t { kStr, kIntegral, kTs, kDate, kTime };

bool Fits(const TypePtr& t, A a) {
  switch (a) {
    case A::kStr:
      return ArgIsString(t);
    case A::kIntegral:
      return ArgIsIntegral(t);
    // A STRING converts to a temporal parameter (ksqlDB's function-argument casts).
    case A::kTs:
      return ArgIs(t, TypeKind::kTimestamp) || ArgIsString(t);
    case A::kDate:
      return ArgIs(t, TypeKind::kDate) || ArgIsString(t);
    case A::kTime:
      return ArgIs(t, TypeKind::kTime) || ArgIsString(t);
  }
  return false;
}
TypePtr Of(A a) {
  switch (a) {
    case A::kStr:
      return Type::String();
    case A::kIntegral:
      return Type::Bigint();
    case A::kTs:
      return Type::Timestamp();
    case A::kDate:
      return Type::Date();
    case A::kTime:
      return Type::Time();
  }
  return Type::Null();
}

TypePtr Check(const std::string& name, std::vector<TypePtr>& args, SourcePos pos,
              std::initializer_list<A> params, size_t required, TypePtr result) {
  Arity(name, args, required, params.size(), pos);
  size_t i = 0;
  for (A p : params) {
    if (i >= args.size()) break;
    if (!Fits(args[i], p)) ThrowNoSignature(name, args, pos);
    if (args[i]->kind == TypeKind::kNull || (args[i]->kind == TypeKind::kString && p >= A::kTs)) {
      args[i] = Of(p);
    }
    ++i;
  }
  return result;
}

#define RESOLVER(Fn, result, required, ...)                                     \
  TypePtr Fn(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) { \
    return Check(name, a, pos, {__VA_ARGS__}, required, result);                \
  }
RESOLVER(RTsToString, Type::String(), 2, A::kIntegral, A::kStr, A::kStr)
RESOLVER(RStringToTs, Type::Bigint(), 2, A::kStr, A::kStr, A::kStr)
RESOLVER(RFormatTs, Type::String(), 2, A::kTs, A::kStr, A::kStr)
RESOLVER(RParseTs, Type::Timestamp(), 2, A::kStr, A::kStr, A::kStr)
RESOLVER(RFormatDate, Type::String(), 2, A::kDate, A::kStr)
RESOLVER(RParseDate, Type::Date(), 2, A::kStr, A::kStr)
RESOLVER(RFormatTime, Type::String(), 2, A::kTime, A::kStr)
RESOLVER(RParseTime, Type::Time(), 2, A::kStr, A::kStr)
RESOLVER(RDateToString, Type::String(), 2, A::kIntegral, A::kStr)
RESOLVER(RStringToDate, Type::Int(), 2, A::kStr, A::kStr)
RESOLVER(RUnixTimestamp, Type::Bigint(), 0, A::kTs)
RESOLVER(RUnixDate, Type::Int(), 0, A::kDate)
RESOLVER(RFromUnixtime, Type::Timestamp(), 1, A::kIntegral)
RESOLVER(RFromDays, Type::Date(), 1, A::kIntegral)
RESOLVER(RConvertTz, Type::Timestamp(), 3, A::kTs, A::kStr, A::kStr)
#undef RESOLVER

const JavaTimeFormat* GetFormat(const std::string& pattern, EvalContext& ctx) {
  std::string key = "dtf:" + pattern;
  auto it = ctx.cache.find(key);
  if (it != ctx.cache.end()) return static_cast<const JavaTimeFormat*>(it->second.get());
  std::string error;
  auto f = JavaTimeFormat::Compile(pattern, &error);
  if (!f) {
    ctx.RecordError("Invalid date/time pattern '" + pattern + "': " + error);
    return nullptr;
  }
  const JavaTimeFormat* p = f.get();
  ctx.cache[key] = std::const_pointer_cast<JavaTimeFormat>(f);
  return p;
}

bool Zone(const std::string& name, EvalContext& ctx, ZoneRef* zone) {
  if (ResolveTimeZone(name, zone)) return true;
  ctx.RecordError("Unknown time zone '" + name +
                  "' (expected UTC, an offset such as +05:30, or a tz database id such as "
                  "Europe/London, which needs the tzdata package)");
  return false;
}

// The optional time zone argument at index i (UTC when absent).
bool ZoneArg(const Value* const* a, size_t n, size_t i, EvalContext& ctx, ZoneRef* zone) {
  *zone = ZoneRef{};
  return i >= n || Zone(a[i]->as_string(), ctx, zone);
}

Value FormatInstant(int64_t ms, const Value* const* a, size_t n, EvalContext& ctx) {
  const JavaTimeFormat* f = GetFormat(a[1]->as_string(), ctx);
  ZoneRef zone;
  if (!f || !ZoneArg(a, n, 2, ctx, &zone)) return Value();
  return Value::String(f->Format(ms, zone));
}

bool ParseInstant(const Value* const* a, size_t n, EvalContext& ctx, int64_t* ms) {
  const JavaTimeFormat* f = GetFormat(a[1]->as_string(), ctx);
  ZoneRef zone;
  if (!f || !ZoneArg(a, n, 2, ctx, &zone)) return false;
  if (!f->Parse(a[0]->as_string(), zone, ms)) {
    ctx.RecordError("Text '" + a[0]->as_string() + "' could not be parsed with pattern '" +
                    a[1]->as_string() + "'");
    return false;
  }
  return true;
}

Value TsToString(const Value* const* a, size_t n, const FnCall&, EvalContext& ctx) {
  return FormatInstant(a[0]->as_int(), a, n, ctx);
}
Value StringToTs(const Value* const* a, size_t n, const FnCall&, EvalContext& ctx) {
  int64_t ms;
  return ParseInstant(a, n, ctx, &ms) ? Value::Int(ms) : Value();
}
Value FormatDate(const Value* const* a, size_t n, const FnCall&, EvalContext& ctx) {
  return FormatInstant(a[0]->as_int() * 86400000, a, std::min<size_t>(n, 2), ctx);
}
Value ParseDate(const Value* const* a, size_t n, const FnCall&, EvalContext& ctx) {
  int64_t ms;
  if (!ParseInstant(a, std::min<size_t>(n, 2), ctx, &ms)) return Value();
  return Value::Int(FloorDiv(ms, 86400000));
}
Value FormatTime(const Value* const* a, size_t n, const FnCall&, EvalContext& ctx) {
  return FormatInstant(a[0]->as_int(), a, std::min<size_t>(n, 2), ctx);
}
Value ParseTime(const Value* const* a, size_t n, const FnCall&, EvalContext& ctx) {
  int64_t ms;
  if (!ParseInstant(a, std::min<size_t>(n, 2), ctx, &ms)) return Value();
  return Value::Int(FloorMod(ms, 86400000));
}
Value UnixTimestamp(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  if (n == 0) return Value::Int(NowMs());
  return *a[0];
}
Value UnixDate(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  if (n == 0) return Value::Int(FloorDiv(NowMs(), 86400000));
  return *a[0];
}
Value Identity(const Value* const* a, size_t, const FnCall&, EvalContext&) { return *a[0]; }
// As ksqlDB: both offsets are taken at the given instant, then the difference is added.
Value ConvertTz(const Value* const* a, size_t, const FnCall&, EvalContext& ctx) {
  ZoneRef from, to;
  if (!Zone(a[1]->as_string(), ctx, &from) || !Zone(a[2]->as_string(), ctx, &to)) return Value();
  const int64_t ts = a[0]->as_int();
  return Value::Int(ts - from.OffsetAt(ts) + to.OffsetAt(ts));
}

}  // namespace

void RegisterDateTimeFunctions(FunctionRegistry& r) {
  const char* kCat = "DATE / TIME";
  r.Register(fn::Make("UNIX_TIMESTAMP", kCat,
                      "Milliseconds since the epoch: now, or of the given TIMESTAMP.",
                      {"UNIX_TIMESTAMP() -> BIGINT", "UNIX_TIMESTAMP(ts TIMESTAMP) -> BIGINT"},
                      RUnixTimestamp, UnixTimestamp, true, false));
  r.Register(fn::Make("UNIX_DATE", kCat, "Days since the epoch: today, or of the given DATE.",
                      {"UNIX_DATE() -> INTEGER", "UNIX_DATE(d DATE) -> INTEGER"}, RUnixDate,
                      UnixDate, true, false));
  r.Register(fn::Make("FROM_UNIXTIME", kCat, "The TIMESTAMP for milliseconds since the epoch.",
                      {"FROM_UNIXTIME(ms BIGINT) -> TIMESTAMP"}, RFromUnixtime, Identity));
  r.Register(fn::Make("FROM_DAYS", kCat, "The DATE for days since the epoch.",
                      {"FROM_DAYS(days INTEGER) -> DATE"}, RFromDays, Identity));
  r.Register(fn::Make("TIMESTAMPTOSTRING", kCat,
                      "Formats epoch milliseconds with a java.time pattern, optionally in a "
                      "time zone.",
                      {"TIMESTAMPTOSTRING(ms BIGINT, pattern STRING[, zone STRING]) -> STRING"},
                      RTsToString, TsToString));
  r.Register(fn::Make("STRINGTOTIMESTAMP", kCat,
                      "Parses text with a java.time pattern into epoch milliseconds.",
                      {"STRINGTOTIMESTAMP(text STRING, pattern STRING[, zone STRING]) -> BIGINT"},
                      RStringToTs, StringToTs));
  r.Register(fn::Make("FORMAT_TIMESTAMP", kCat,
                      "Formats a TIMESTAMP with a java.time pattern, optionally in a time zone.",
                      {"FORMAT_TIMESTAMP(ts TIMESTAMP, pattern STRING[, zone STRING]) -> STRING"},
                      RFormatTs, TsToString));
  r.Register(fn::Make("PARSE_TIMESTAMP", kCat, "Parses text with a java.time pattern.",
                      {"PARSE_TIMESTAMP(text STRING, pattern STRING[, zone STRING]) -> "
                       "TIMESTAMP"},
                      RParseTs, StringToTs));
  r.Register(fn::Make("FORMAT_DATE", kCat, "Formats a DATE with a java.time pattern.",
                      {"FORMAT_DATE(d DATE, pattern STRING) -> STRING"}, RFormatDate, FormatDate));
  r.Register(fn::Make("PARSE_DATE", kCat, "Parses text into a DATE with a java.time pattern.",
                      {"PARSE_DATE(text STRING, pattern STRING) -> DATE"}, RParseDate, ParseDate));
  r.Register(fn::Make("FORMAT_TIME", kCat, "Formats a TIME with a java.time pattern.",
                      {"FORMAT_TIME(t TIME, pattern STRING) -> STRING"}, RFormatTime, FormatTime));
  r.Register(fn::Make("PARSE_TIME", kCat, "Parses text into a TIME with a java.time pattern.",
                      {"PARSE_TIME(text STRING, pattern STRING) -> TIME"}, RParseTime, ParseTime));
  r.Register(fn::Make("DATETOSTRING", kCat,
                      "Formats days since the epoch with a java.time pattern (deprecated; use "
                      "FORMAT_DATE).",
                      {"DATETOSTRING(days INTEGER, pattern STRING) -> STRING"}, RDateToString,
                      FormatDate));
  r.Register(fn::Make(
      "STRINGTODATE", kCat, "Parses text into days since the epoch (deprecated; use PARSE_DATE).",
      {"STRINGTODATE(text STRING, pattern STRING) -> INTEGER"}, RStringToDate, ParseDate));
  r.Register(fn::Make(
      "CONVERT_TZ", kCat, "Shifts a TIMESTAMP from one time zone's wall clock to another's.",
      {"CONVERT_TZ(ts TIMESTAMP, from STRING, to STRING) -> TIMESTAMP"}, RConvertTz, ConvertTz));
}

}  // namespace riffle
