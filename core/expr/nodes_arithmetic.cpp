// Binary arithmetic: INT/BIGINT wrap like Java, integer division by zero gives NULL (counted),
// DOUBLE follows IEEE, DECIMAL is exact.

#include <cmath>

#include "core/expr/decimal_math.h"
#include "core/expr/nodes.h"

namespace riffle {
namespace {

enum class Mode : uint8_t { kInt32, kInt64, kDouble, kDecimal, kString };

double AsDouble(const Value& v) {
  if (v.is_double()) return v.as_double();
  if (v.is_int()) return static_cast<double>(v.as_int());
  return v.as_decimal().ToDouble();
}

// Java integer arithmetic in 64 bits (wrapping), with division/modulo by zero reported.
bool IntOp(Op op, int64_t a, int64_t b, int64_t* out) {
  uint64_t ua = static_cast<uint64_t>(a), ub = static_cast<uint64_t>(b);
  switch (op) {
    case Op::kAdd:
      *out = static_cast<int64_t>(ua + ub);
      return true;
    case Op::kSub:
      *out = static_cast<int64_t>(ua - ub);
      return true;
    case Op::kMul:
      *out = static_cast<int64_t>(ua * ub);
      return true;
    case Op::kDiv:
      if (b == 0) return false;
      *out = (b == -1) ? static_cast<int64_t>(0 - ua) : a / b;
      return true;
    case Op::kMod:
      if (b == 0) return false;
      *out = (b == -1) ? 0 : a % b;
      return true;
    default:
      return false;
  }
}

class ArithmeticNode final : public CompiledExpr {
 public:
  ArithmeticNode(Op op, TypePtr type, CompiledExprPtr l, CompiledExprPtr r)
      : CompiledExpr(std::move(type)), op_(op), l_(std::move(l)), r_(std::move(r)) {
    switch (this->type()->kind) {
      case TypeKind::kInt:
        mode_ = Mode::kInt32;
        break;
      case TypeKind::kBigint:
        mode_ = Mode::kInt64;
        break;
      case TypeKind::kDouble:
        mode_ = Mode::kDouble;
        break;
      case TypeKind::kDecimal:
        mode_ = Mode::kDecimal;
        break;
      default:
        mode_ = Mode::kString;
        break;
    }
  }

  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    ArgValues a, b;
    a.Fill(*l_, in, ctx);
    b.Fill(*r_, in, ctx);
    const size_t n = in.num_rows();
    out.resize(n);
    switch (mode_) {
      case Mode::kInt32:
      case Mode::kInt64:
        for (size_t i = 0; i < n; ++i) {
          const Value& x = a[i];
          const Value& y = b[i];
          int64_t r;
          if (x.is_null() || y.is_null()) {
            out[i] = Value();
          } else if (!IntOp(op_, x.as_int(), y.as_int(), &r)) {
            out[i] = Value();
            ctx.RecordError("/ by zero");
          } else {
            if (mode_ == Mode::kInt32) r = static_cast<int32_t>(static_cast<uint32_t>(r));
            out[i] = Value::Int(r);
          }
        }
        break;
      case Mode::kDouble:
        for (size_t i = 0; i < n; ++i) {
          const Value& x = a[i];
          const Value& y = b[i];
          if (x.is_null() || y.is_null()) {
            out[i] = Value();
            continue;
          }
          double p = AsDouble(x), q = AsDouble(y), r;
          switch (op_) {
            case Op::kAdd:
              r = p + q;
              break;
            case Op::kSub:
              r = p - q;
              break;
            case Op::kMul:
              r = p * q;
              break;
            case Op::kDiv:
              r = p / q;
              break;
            default:
              r = std::fmod(p, q);
              break;
          }
          out[i] = Value::Double(r);
        }
        break;
      case Mode::kDecimal: {
        const int scale = type()->scale, precision = type()->precision;
        for (size_t i = 0; i < n; ++i) {
          const Value& x = a[i];
          const Value& y = b[i];
          if (x.is_null() || y.is_null()) {
            out[i] = Value();
            continue;
          }
          Decimal r;
          if (!DecimalArith(op_, ToDecimal(x), ToDecimal(y), scale, &r) ||
              DecimalDigitCount(r.unscaled) > precision) {
            out[i] = Value();
            ctx.RecordError(ToDecimal(y).unscaled == 0 && (op_ == Op::kDiv || op_ == Op::kMod)
                                ? "Division by zero"
                                : "DECIMAL overflow");
            continue;
          }
          r.precision = precision;
          out[i] = Value::Dec(r);
        }
        break;
      }
      case Mode::kString:
        for (size_t i = 0; i < n; ++i) {
          const Value& x = a[i];
          const Value& y = b[i];
          if (x.is_null() || y.is_null()) {
            out[i] = Value();
          } else if (ctx.TooLong(x.as_string().size() + y.as_string().size(), "concatenation")) {
            out[i] = Value();
          } else {
            std::string s;
            s.reserve(x.as_string().size() + y.as_string().size());
            s += x.as_string();
            s += y.as_string();
            out[i] = Value::String(std::move(s));
          }
        }
        break;
    }
  }

 private:
  Op op_;
  Mode mode_;
  CompiledExprPtr l_, r_;
};

}  // namespace

CompiledExprPtr MakeArithmetic(Op op, TypePtr result, CompiledExprPtr left, CompiledExprPtr right) {
  return std::make_unique<ArithmeticNode>(op, std::move(result), std::move(left), std::move(right));
}

}  // namespace riffle
