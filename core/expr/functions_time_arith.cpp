// Interval arithmetic on temporal values: TIMESTAMPADD/TIMESTAMPSUB, DATEADD/DATESUB,
// TIMEADD/TIMESUB(unit, amount, value). The unit is written bare (MILLISECONDS, DAYS, ...); the
// binder turns it into a STRING literal (see IsTimeUnitArgument). TIMESTAMP is epoch millis,
// DATE epoch days, TIME millis of the day (wrapping around midnight, as ksqlDB).

#include <strings.h>

#include "core/expr/functions_util.h"

namespace riffle {
namespace {

// Milliseconds in one `unit`, or 0 when the unit is unknown. Sub-millisecond units count
// as fractions (ksqlDB truncates them toward zero).
struct Unit {
  const char* name;
  int64_t num;  // millis = amount * num / den
  int64_t den;
};
constexpr Unit kUnits[] = {{"NANOSECONDS", 1, 1000000}, {"MICROSECONDS", 1, 1000},
                           {"MILLISECONDS", 1, 1},      {"SECONDS", 1000, 1},
                           {"MINUTES", 60000, 1},       {"HOURS", 3600000, 1},
                           {"DAYS", 86400000, 1}};

const Unit* FindUnit(const std::string& s) {
  for (const auto& u : kUnits) {
    if (strcasecmp(u.name, s.c_str()) == 0) return &u;
  }
  return nullptr;
}

TypePtr ResolveArith(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  fn::Arity(name, a, 3, 3, pos);
  TypeKind want = name.rfind("TIMESTAMP", 0) == 0 ? TypeKind::kTimestamp
                  : name.rfind("DATE", 0) == 0    ? TypeKind::kDate
                                                  : TypeKind::kTime;
  // The value may be a STRING, which converts to the temporal type (a function-argument cast).
  if (!ArgIsString(a[0]) || !ArgIsIntegral(a[1]) || !(ArgIs(a[2], want) || ArgIsString(a[2]))) {
    ThrowNoSignature(name, a, pos);
  }
  if (a[0]->kind == TypeKind::kNull) a[0] = Type::String();
  if (a[1]->kind == TypeKind::kNull) a[1] = Type::Int();
  if (a[2]->kind == TypeKind::kNull || a[2]->kind == TypeKind::kString) a[2] = Type::Of(want);
  return Type::Of(want);
}

// The amount in milliseconds, signed by `sign`; false (error recorded) for an unknown unit.
bool Millis(const Value* const* a, int sign, int64_t* ms, EvalContext& ctx) {
  const Unit* u = FindUnit(a[0]->as_string());
  if (u == nullptr) {
    ctx.RecordError("Unknown time unit '" + a[0]->as_string() + "'");
    return false;
  }
  *ms = sign * a[1]->as_int() * u->num / u->den;
  return true;
}

template <int kSign>
Value TimestampArith(const Value* const* a, size_t, const FnCall&, EvalContext& ctx) {
  int64_t ms;
  if (!Millis(a, kSign, &ms, ctx)) return Value();
  return Value::Int(a[2]->as_int() + ms);
}
template <int kSign>
Value DateArith(const Value* const* a, size_t, const FnCall&, EvalContext& ctx) {
  int64_t ms;
  if (!Millis(a, kSign, &ms, ctx)) return Value();
  return Value::Int(a[2]->as_int() + ms / 86400000);
}
template <int kSign>
Value TimeArith(const Value* const* a, size_t, const FnCall&, EvalContext& ctx) {
  int64_t ms;
  if (!Millis(a, kSign, &ms, ctx)) return Value();
  constexpr int64_t kDay = 86400000;
  int64_t t = (a[2]->as_int() + ms % kDay) % kDay;
  return Value::Int(t < 0 ? t + kDay : t);
}

}  // namespace

bool IsTimeUnitFunction(const std::string& upper_name) {
  return upper_name == "TIMESTAMPADD" || upper_name == "TIMESTAMPSUB" ||
         upper_name == "DATEADD" || upper_name == "DATESUB" || upper_name == "TIMEADD" ||
         upper_name == "TIMESUB";
}

bool IsTimeUnitName(const std::string& name) { return FindUnit(name) != nullptr; }

void RegisterTimeArithFunctions(FunctionRegistry& r) {
  const char* kCat = "DATE / TIME";
  r.Register(fn::Make("TIMESTAMPADD", kCat, "Adds an interval (unit, amount) to a timestamp.",
                      {"TIMESTAMPADD(unit, amount INT, ts TIMESTAMP) -> TIMESTAMP"}, ResolveArith,
                      TimestampArith<1>));
  r.Register(fn::Make("TIMESTAMPSUB", kCat,
                      "Subtracts an interval (unit, amount) from a timestamp.",
                      {"TIMESTAMPSUB(unit, amount INT, ts TIMESTAMP) -> TIMESTAMP"}, ResolveArith,
                      TimestampArith<-1>));
  r.Register(fn::Make("DATEADD", kCat, "Adds an interval (unit, amount) to a date.",
                      {"DATEADD(unit, amount INT, d DATE) -> DATE"}, ResolveArith, DateArith<1>));
  r.Register(fn::Make("DATESUB", kCat, "Subtracts an interval (unit, amount) from a date.",
                      {"DATESUB(unit, amount INT, d DATE) -> DATE"}, ResolveArith,
                      DateArith<-1>));
  r.Register(fn::Make("TIMEADD", kCat, "Adds an interval to a time, wrapping at midnight.",
                      {"TIMEADD(unit, amount INT, t TIME) -> TIME"}, ResolveArith, TimeArith<1>));
  r.Register(fn::Make("TIMESUB", kCat, "Subtracts an interval from a time, wrapping at midnight.",
                      {"TIMESUB(unit, amount INT, t TIME) -> TIME"}, ResolveArith,
                      TimeArith<-1>));
}

}  // namespace riffle
