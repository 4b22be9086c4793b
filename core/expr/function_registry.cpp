// The registry and resolver helpers.

#include "core/expr/function_registry.h"

#include <algorithm>
#include <cctype>

#include "core/common/text.h"
#include "core/expr/coercion.h"
#include "core/expr/decimal_math.h"

namespace riffle {
const FunctionRegistry& FunctionRegistry::Get() {
  static const FunctionRegistry* registry = [] {
    static FunctionRegistry r;
    RegisterStringFunctions(r);
    RegisterMathFunctions(r);
    RegisterNullFunctions(r);
    RegisterDateTimeFunctions(r);
    RegisterCollectionFunctions(r);
    RegisterLambdaFunctions(r);
    RegisterArrayFunctions(r);
    RegisterJsonFunctions(r);
    RegisterUrlFunctions(r);
    RegisterBytesFunctions(r);
    RegisterTimeArithFunctions(r);
    RegisterMiscFunctions(r);
    RegisterTableFunctions(r);
    return &r;
  }();
  return *registry;
}

const ScalarFunction* FunctionRegistry::Find(const std::string& name) const {
  auto it = by_name_.find(AsciiUpper(name));
  return it == by_name_.end() ? nullptr : &it->second;
}

std::vector<const ScalarFunction*> FunctionRegistry::All() const {
  std::vector<const ScalarFunction*> out;
  for (const auto& [name, fn] : by_name_) out.push_back(&fn);
  std::sort(out.begin(), out.end(),
            [](const ScalarFunction* a, const ScalarFunction* b) { return a->name < b->name; });
  return out;
}

std::vector<std::string> FunctionRegistry::Names() const {
  std::vector<std::string> out;
  for (const auto* fn : All()) out.push_back(fn->name);
  return out;
}

void FunctionRegistry::Register(ScalarFunction fn) {
  fn.name = AsciiUpper(fn.name);
  std::string key = fn.name;
  by_name_[key] = std::move(fn);
}

const std::vector<std::string>& AggregateFunctionNames() {
  static const std::vector<std::string> kAggregates = {"COUNT",
                                                       "SUM",
                                                       "MIN",
                                                       "MAX",
                                                       "AVG",
                                                       "COLLECT_LIST",
                                                       "COLLECT_SET",
                                                       "COUNT_DISTINCT",
                                                       "TOPK",
                                                       "TOPKDISTINCT",
                                                       "EARLIEST_BY_OFFSET",
                                                       "LATEST_BY_OFFSET",
                                                       "HISTOGRAM",
                                                       "STDDEV_SAMPLE",
                                                       "STDDEV_SAMP",
                                                       "STDDEV_POP",
                                                       "VARIANCE",
                                                       "CORRELATION",
                                                       "ATTR",
                                                       "EARLIEST_BY_TIME",
                                                       "LATEST_BY_TIME"};
  return kAggregates;
}

bool IsAggregateFunctionName(const std::string& name) {
  std::string u = AsciiUpper(name);
  for (const std::string& a : AggregateFunctionNames()) {
    if (u == a) return true;
  }
  return false;
}

std::string DeclaredFunctionName(const std::string& name) {
  // ksqlDB's messages name a function as its implementation declares it; these are not upper
  // case there. Functions riffle adds keep their upper-case name.
  static const std::vector<std::string> kDeclared = {
      "Abs", "Ceil", "Chr", "Floor", "LPad", "RPad", "Round", "acos", "array_concat",
      "array_distinct", "array_except", "array_intersect", "array_max", "array_min",
      "array_remove", "array_sort", "array_union", "asin", "atan", "atan2", "avg",
      "bigint_from_bytes", "cbrt", "collect_list", "collect_set", "concat", "concat_ws",
      "convert_tz", "correlation", "cos", "cosh", "cot", "cube_explode", "dateadd", "datesub",
      "datetostring", "degrees", "double_from_bytes", "elt", "encode", "exp", "explode",
      "extractjsonfield", "field", "filter", "format_date", "format_time", "format_timestamp",
      "from_bytes", "from_days", "from_unixtime", "geo_distance", "greatest", "histogram",
      "initcap", "instr", "int_from_bytes", "lcase", "least", "len", "ln", "log", "map_keys",
      "map_union", "map_values", "mask", "mask_keep_left", "mask_keep_right", "mask_left",
      "mask_right", "md5", "parse_date", "parse_time", "parse_timestamp", "pi", "power",
      "radians", "random", "reduce", "regexp_extract", "regexp_extract_all", "regexp_replace",
      "regexp_split_to_array", "replace", "sign", "sin", "sinh", "slice", "split",
      "split_to_map", "sqrt", "stringtodate", "stringtotimestamp", "substring", "tan", "tanh",
      "timeadd", "timestampadd", "timestampsub", "timestamptostring", "timesub", "to_bytes",
      "transform", "trim", "trunc", "ucase", "unix_date", "unix_timestamp", "url_decode_param",
      "url_encode_param", "url_extract_fragment", "url_extract_host", "url_extract_parameter",
      "url_extract_path", "url_extract_port", "url_extract_protocol", "url_extract_query"};
  const std::string upper = AsciiUpper(name);
  for (const std::string& d : kDeclared) {
    if (AsciiUpper(d) == upper) return d;
  }
  return upper;
}

namespace {
std::string ArgumentList(const std::vector<TypePtr>& args) {
  std::string list;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) list += ", ";
    list += args[i]->kind == TypeKind::kNull ? "null" : args[i]->ToString();
  }
  return list;
}
}  // namespace

void ThrowNoSignature(const std::string& name, const std::vector<TypePtr>& args, SourcePos pos) {
  ThrowType(pos,
            "Function '" + DeclaredFunctionName(name) + "' does not accept parameters (" +
                ArgumentList(args) + ").",
            "see DESCRIBE FUNCTION " + AsciiUpper(name));
}

void ThrowAmbiguousCall(const std::string& name, const std::vector<TypePtr>& args,
                        SourcePos pos) {
  ThrowType(pos,
            "Function '" + DeclaredFunctionName(name) +
                "' cannot be resolved due to ambiguous method parameters (" + ArgumentList(args) +
                ").\nUse CAST() to explicitly cast your parameters to one of the supported "
                "function calls.",
            "see DESCRIBE FUNCTION " + AsciiUpper(name));
}

TypeKind PickUniformOverload(const std::string& name, const std::vector<TypePtr>& args,
                             const std::vector<TypeKind>& overloads, SourcePos pos) {
  for (const bool allow_casts : {false, true}) {
    std::vector<TypeKind> fits;
    for (TypeKind k : overloads) {
      bool all = true;
      for (const TypePtr& a : args) {
        if (a->kind == TypeKind::kNull) continue;
        if (allow_casts ? !ArgumentCastAllowed(a->kind, k) : a->kind != k) all = false;
      }
      if (all) fits.push_back(k);
    }
    if (fits.size() == 1) return fits[0];
    if (fits.size() > 1) ThrowAmbiguousCall(name, args, pos);
  }
  ThrowNoSignature(name, args, pos);
}

bool ArgIs(const TypePtr& t, TypeKind kind) {
  return t->kind == kind || t->kind == TypeKind::kNull;
}
bool ArgIsString(const TypePtr& t) { return ArgIs(t, TypeKind::kString); }
bool ArgIsBytes(const TypePtr& t) { return ArgIs(t, TypeKind::kBytes); }
bool ArgIsIntegral(const TypePtr& t) { return t->IsIntegral() || t->kind == TypeKind::kNull; }
bool ArgIsNumeric(const TypePtr& t) { return t->IsNumeric() || t->kind == TypeKind::kNull; }

TypePtr CommonSuperType(const std::vector<TypePtr>& types) {
  TypePtr first;
  bool all_numeric = true;
  for (const auto& t : types) {
    if (t->kind == TypeKind::kNull) continue;
    if (!first) first = t;
    if (!t->IsNumeric()) all_numeric = false;
  }
  if (!first) return Type::Null();
  if (all_numeric) {
    bool any_double = false, any_decimal = false, any_bigint = false;
    int int_digits = 0, scale = 0;
    for (const auto& t : types) {
      if (t->kind == TypeKind::kNull) continue;
      any_double |= t->kind == TypeKind::kDouble;
      any_decimal |= t->kind == TypeKind::kDecimal;
      any_bigint |= t->kind == TypeKind::kBigint;
      if (t->kind != TypeKind::kDouble) {
        TypePtr d = AsDecimalType(*t);
        int_digits = std::max(int_digits, d->precision - d->scale);
        scale = std::max(scale, d->scale);
      }
    }
    if (any_double) return Type::Double();
    if (any_decimal) return Type::Decimal(std::min(38, int_digits + scale), scale);
    return any_bigint ? Type::Bigint() : Type::Int();
  }
  for (const auto& t : types) {
    if (t->kind == TypeKind::kNull) continue;
    if (!TypeEquals(*t, *first)) {
      // Collections of numbers widen element-wise (ARRAY[1] vs ARRAY[1.5]).
      if (t->kind == first->kind && t->kind == TypeKind::kArray) {
        TypePtr e = CommonSuperType({first->element, t->element});
        if (!e) return nullptr;
        first = Type::Array(e);
        continue;
      }
      if (t->kind == first->kind && t->kind == TypeKind::kMap) {
        TypePtr k = CommonSuperType({first->key, t->key});
        TypePtr v = CommonSuperType({first->element, t->element});
        if (!k || !v) return nullptr;
        first = Type::Map(k, v);
        continue;
      }
      return nullptr;
    }
  }
  return first;
}

}  // namespace riffle
