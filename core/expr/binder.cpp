// Expression binding: names, types, implicit conversions, constant folding.

#include "core/expr/binder.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "core/common/text.h"
#include "core/expr/cast.h"
#include "core/expr/coercion.h"
#include "core/expr/decimal_math.h"
#include "core/expr/function_hints.h"
#include "core/expr/function_registry.h"
#include "core/expr/nodes.h"
#include "core/expr/timestamp_literal.h"

namespace riffle {
namespace {

bool IsLambdaFunctionName(const std::string& name) {
  const std::string n = AsciiUpper(name);
  return n == "TRANSFORM" || n == "FILTER" || n == "REDUCE";
}

bool IsNullType(const TypePtr& t) { return t->kind == TypeKind::kNull; }

bool IsComparison(Op op) {
  return op == Op::kEq || op == Op::kNe || op == Op::kLt || op == Op::kLe || op == Op::kGt ||
         op == Op::kGe;
}
bool IsArithmetic(Op op) {
  return op == Op::kAdd || op == Op::kSub || op == Op::kMul || op == Op::kDiv || op == Op::kMod;
}

std::string TypeName(const TypePtr& t) { return IsNullType(t) ? "NULL" : t->ToString(); }

// ksqlDB's result type of arithmetic, or nullptr when the operands do not support `op`.
TypePtr ArithmeticType(Op op, const TypePtr& l, const TypePtr& r) {
  if (IsNullType(l) && IsNullType(r)) return nullptr;
  if (IsNullType(l) || IsNullType(r)) {
    const TypePtr& other = IsNullType(l) ? r : l;
    if (other->IsNumeric()) return other;
    if (other->kind == TypeKind::kString && op == Op::kAdd) return other;
    return nullptr;
  }
  if (l->IsNumeric() && r->IsNumeric()) {
    if (l->kind == TypeKind::kDouble || r->kind == TypeKind::kDouble) return Type::Double();
    if (l->kind == TypeKind::kDecimal || r->kind == TypeKind::kDecimal) {
      return DecimalResultType(op, *l, *r);
    }
    if (l->kind == TypeKind::kBigint || r->kind == TypeKind::kBigint) return Type::Bigint();
    return Type::Int();
  }
  if (op == Op::kAdd && l->kind == TypeKind::kString && r->kind == TypeKind::kString) {
    return Type::String();
  }
  return nullptr;
}

size_t CountNodes(const Expr& e) {
  size_t n = 1;
  for (const ExprPtr& arg : e.args) n += CountNodes(*arg);
  return n;
}

// REDUCE binds its lambda again when the state's type widens (0 + BIGINT values accumulate as
// BIGINT), and a REDUCE nested in that lambda is bound again each time: nested REDUCEs whose
// states all widen cost 2^depth bindings. Binding stops, with an error, once it has bound this
// many nodes for each node of the expression (other expressions bind each node once).
constexpr size_t kBindsPerNode = 16;
constexpr size_t kMinBindBudget = 10000;

class Binder {
 public:
  Binder(const Scope& scope, size_t* budget) : scope_(scope), budget_(budget) {}

  CompiledExprPtr Bind(const Expr& e) {
    if (*budget_ == 0) {
      ThrowBind(e.pos,
                "expression too complex to type: nested REDUCE lambdas whose states widen at "
                "every level",
                "CAST each REDUCE's initial state to the type it accumulates");
    }
    --*budget_;
    foldable_.push_back(true);
    CompiledExprPtr node = BindInner(e);
    bool children_constant = foldable_.back();
    foldable_.pop_back();
    bool is_leaf = e.kind == ExprKind::kLiteral || e.kind == ExprKind::kColumnRef ||
                   node->ColumnIndex() >= 0 || node->literal_value() != nullptr;
    if (!is_leaf && children_constant && node->IsDeterministic()) node = Fold(std::move(node));
    if (!foldable_.empty() && node->literal_value() == nullptr) foldable_.back() = false;
    return node;
  }

 private:
  // Evaluates a constant subtree once. Subtrees that fail at run time (1 / 0) stay unfolded so
  // every row's failure is counted where it happens.
  CompiledExprPtr Fold(CompiledExprPtr node) {
    Batch one;
    one.AddRowMeta(RowKind::kInsert, 0, 0, 0);
    EvalContext ctx;
    std::vector<Value> out;
    node->Eval(one, out, ctx);
    if (ctx.errors != 0 || out.size() != 1) return node;
    return MakeLiteral(std::move(out[0]), node->type());
  }

  // Converts `e` to type `to` when it is not already of that type.
  CompiledExprPtr Coerce(CompiledExprPtr e, const TypePtr& to) {
    if (TypeEquals(*e->type(), *to)) return e;
    if (IsNullType(e->type())) return MakeLiteral(Value(), to);
    bool constant = e->literal_value() != nullptr;
    CompiledExprPtr cast = MakeCast(std::move(e), to);
    return constant ? Fold(std::move(cast)) : std::move(cast);
  }

  CompiledExprPtr BindInner(const Expr& e) {
    if (scope_.has_expression_columns() && e.kind != ExprKind::kLiteral) {
      if (const ScopeColumn* c = scope_.FindExpression(e.ToString())) {
        used_.push_back(c->index);
        return MakeColumn(c->index, c->type);
      }
    }
    switch (e.kind) {
      case ExprKind::kLiteral:
        return MakeLiteral(e.literal, e.literal_type ? e.literal_type : Type::Null());
      case ExprKind::kColumnRef:
        return BindColumn(e);
      case ExprKind::kStar:
        ThrowBind(e.pos, "'*' is not allowed here");
      case ExprKind::kDereference:
        return BindDereference(e);
      case ExprKind::kSubscript:
        return BindSubscript(e);
      case ExprKind::kUnary:
        return BindUnary(e);
      case ExprKind::kBinary:
        return BindBinary(e);
      case ExprKind::kIsNull:
        return MakeIsNull(Bind(*e.args.at(0)), e.negated);
      case ExprKind::kLike:
        return BindLike(e);
      case ExprKind::kIn:
        return BindIn(e);
      case ExprKind::kBetween:
        return BindBetween(e);
      case ExprKind::kCase:
        return BindCase(e);
      case ExprKind::kCast:
        return BindCast(e);
      case ExprKind::kFunction:
        return BindFunction(e);
      case ExprKind::kArray:
        return BindArray(e);
      case ExprKind::kMap:
        return BindMap(e);
      case ExprKind::kStruct:
        return BindStruct(e);
      case ExprKind::kLambda:
        ThrowBind(e.pos,
                  "Lambda expressions are only allowed as arguments of lambda functions "
                  "(TRANSFORM, FILTER, REDUCE)");
    }
    ThrowBind(e.pos, "Unsupported expression " + e.ToString());
  }

  CompiledExprPtr BindColumn(const Expr& e) {
    const ScopeColumn* c = scope_.Resolve(e.qualifier, e.name, e.pos, e.double_quoted);
    if (c != nullptr) {
      used_.push_back(c->index);
      return MakeColumn(c->index, c->type);
    }
    uses_pseudo_ = true;
    return MakePseudoColumn(scope_.ResolvePseudo(e.qualifier, e.name));
  }

  CompiledExprPtr BindDereference(const Expr& e) {
    CompiledExprPtr base = Bind(*e.args.at(0));
    const Type& t = *base->type();
    if (t.kind != TypeKind::kStruct) {
      ThrowType(e.pos, "Can't dereference '" + e.name + "' of " + e.args[0]->ToString() +
                           ": expected a STRUCT but it is " + TypeName(base->type()));
    }
    int idx = t.FieldIndex(e.name);
    if (idx < 0) {
      std::vector<std::string> names;
      for (const auto& f : t.fields) names.push_back(f.name);
      std::string hint = ClosestMatch(e.name, names);
      ThrowBind(e.pos, "Could not find field '" + e.name + "' in '" + e.args[0]->ToString() + "'.",
                hint.empty() ? "" : "did you mean " + hint + "?");
    }
    TypePtr ft = t.fields[idx].type;
    return MakeDereference(std::move(base), idx, ft);
  }

  CompiledExprPtr BindSubscript(const Expr& e) {
    CompiledExprPtr base = Bind(*e.args.at(0));
    CompiledExprPtr index = Bind(*e.args.at(1));
    const TypePtr bt = base->type();
    if (bt->kind == TypeKind::kArray) {
      if (!ArgIsIntegral(index->type())) {
        ThrowType(e.args[1]->pos, "Array index must be INTEGER or BIGINT, but " +
                                      e.args[1]->ToString() + " is " + TypeName(index->type()));
      }
      return MakeSubscript(std::move(base), std::move(index), bt->element);
    }
    if (bt->kind == TypeKind::kMap) {
      if (!IsNullType(index->type()) && !Comparator::Comparable(*bt->key, *index->type())) {
        ThrowType(e.args[1]->pos, "Map key must be " + TypeName(bt->key) + ", but " +
                                      e.args[1]->ToString() + " is " + TypeName(index->type()));
      }
      if (bt->key->IsNumeric()) index = Coerce(std::move(index), bt->key);
      return MakeSubscript(std::move(base), std::move(index), bt->element);
    }
    ThrowType(e.pos, "Cannot subscript " + e.args[0]->ToString() + " of type " + TypeName(bt) +
                         ": only ARRAY and MAP values support [ ]");
  }

  // Binding recurses through Bind, BindInner and one Bind<Kind> per level of the tree, so those
  // frames stay small: the checks, with their error messages, run in separate functions once
  // the operands are bound (an unoptimised build gives every temporary string its own slot).
  CompiledExprPtr BindUnary(const Expr& e) { return TypeUnary(e, Bind(*e.args.at(0))); }

  __attribute__((noinline)) CompiledExprPtr TypeUnary(const Expr& e, CompiledExprPtr arg) {
    const TypePtr t = arg->type();
    switch (e.op) {
      case Op::kNot:
        if (t->kind != TypeKind::kBoolean && !IsNullType(t)) {
          ThrowType(e.pos, "NOT requires a BOOLEAN operand, but " + e.args[0]->ToString() + " is " +
                               TypeName(t));
        }
        if (IsNullType(t)) return MakeLiteral(Value(), Type::Boolean());
        return MakeNot(std::move(arg));
      case Op::kNeg:
      case Op::kPlus:
        if (!t->IsNumeric() && !IsNullType(t)) {
          ThrowType(e.pos, std::string("Unary ") + (e.op == Op::kNeg ? "minus" : "plus") +
                               " requires a numeric operand, but " + e.args[0]->ToString() +
                               " is " + TypeName(t));
        }
        if (e.op == Op::kPlus || IsNullType(t)) return arg;
        return MakeNegate(std::move(arg));
      default:
        ThrowBind(e.pos, std::string("Unsupported unary operator ") + OpSymbol(e.op));
    }
  }

  CompiledExprPtr BindBinary(const Expr& e) {
    CompiledExprPtr l = Bind(*e.args.at(0));
    return TypeBinary(e, std::move(l), Bind(*e.args.at(1)));
  }

  __attribute__((noinline)) CompiledExprPtr TypeBinary(const Expr& e, CompiledExprPtr l,
                                                       CompiledExprPtr r) {
    const TypePtr lt = l->type(), rt = r->type();
    if (e.op == Op::kAnd || e.op == Op::kOr) {
      for (const auto* side : {&lt, &rt}) {
        if ((*side)->kind != TypeKind::kBoolean && !IsNullType(*side)) {
          const Expr& operand = side == &lt ? *e.args[0] : *e.args[1];
          ThrowType(operand.pos, std::string(OpSymbol(e.op)) + " requires BOOLEAN operands, but " +
                                     operand.ToString() + " is " + TypeName(*side));
        }
      }
      if (IsNullType(lt)) l = MakeLiteral(Value(), Type::Boolean());
      if (IsNullType(rt)) r = MakeLiteral(Value(), Type::Boolean());
      if (in_lambda_) return MakeShortCircuitAndOr(e.op == Op::kAnd, std::move(l), std::move(r));
      return MakeAndOr(e.op == Op::kAnd, std::move(l), std::move(r));
    }
    if (e.op == Op::kIsDistinct || e.op == Op::kIsNotDistinct) {
      const bool negated = e.op == Op::kIsNotDistinct;
      if (IsNullType(lt) && IsNullType(rt)) {
        return MakeLiteral(Value::Bool(negated), Type::Boolean());
      }
      // Against a NULL literal it is IS [NOT] NULL of the other side.
      if (IsNullType(lt)) return MakeIsNull(std::move(r), !negated);
      if (IsNullType(rt)) return MakeIsNull(std::move(l), !negated);
      Comparator cmp =
          Comparator::Make(*lt, *rt, Op::kEq, e.args[0]->ToString(), e.args[1]->ToString(), e.pos);
      return MakeIsDistinct(negated, cmp, std::move(l), std::move(r));
    }
    if (IsComparison(e.op)) {
      MagicTimestamp(*e.args[0], l, r);
      MagicTimestamp(*e.args[1], r, l);
      if (IsNullType(lt) || IsNullType(rt)) {
        // ksqlDB's ComparisonUtil names the types of both sides.
        auto type_name = [](const TypePtr& t) {
          return IsNullType(t) ? std::string("NULL") : std::string(BaseTypeName(t->kind));
        };
        ThrowType(e.pos,
                  "Comparison with NULL not supported: " + type_name(lt) + " " +
                      OpSymbol(e.op) + " " + type_name(rt) +
                      "\nUse 'IS NULL' or 'IS NOT NULL' instead.");
      }
      Comparator cmp = Comparator::Make(*l->type(), *r->type(), e.op, e.args[0]->ToString(),
                                        e.args[1]->ToString(), e.pos);
      return MakeComparison(e.op, cmp, std::move(l), std::move(r));
    }
    if (e.op == Op::kConcat) {
      for (auto* side : {&l, &r}) {
        const TypePtr t = (*side)->type();
        if (t->kind == TypeKind::kString) continue;
        if (IsNullType(t) || (t->IsPrimitive() && t->kind != TypeKind::kBytes)) {
          *side = Coerce(std::move(*side), Type::String());
        } else {
          ThrowType(e.pos, "Operator || requires STRING operands, but got " + TypeName(lt) +
                               " and " + TypeName(rt));
        }
      }
      return MakeArithmetic(Op::kAdd, Type::String(), std::move(l), std::move(r));
    }
    if (IsArithmetic(e.op)) {
      if (IsNullType(lt) || IsNullType(rt)) {
        // ksqlDB refuses arithmetic on an untyped NULL (CAST it to give it a type).
        auto shown = [](const TypePtr& t) { return IsNullType(t) ? "null" : t->ToString(); };
        ThrowType(e.pos, "Error processing expression: " + e.ToString() + ". Arithmetic on types " +
                             shown(lt) + " and " + shown(rt) + " are not supported.",
                  "CAST the NULL to a type, e.g. CAST(NULL AS INT)");
      }
      TypePtr result = ArithmeticType(e.op, lt, rt);
      if (!result) {
        ThrowType(e.pos, "Error processing expression: " + e.ToString() +
                             ". Unsupported arithmetic types. " + BaseTypeName(lt->kind) + " " +
                             BaseTypeName(rt->kind));
      }
      if (IsNullType(lt) || IsNullType(rt)) return MakeLiteral(Value(), result);
      if (in_lambda_) {
        l = MakeNullIsError(std::move(l));
        r = MakeNullIsError(std::move(r));
      }
      return MakeArithmetic(e.op, result, std::move(l), std::move(r));
    }
    ThrowBind(e.pos, std::string("Unsupported operator ") + OpSymbol(e.op));
  }

  // ksqlDB compares ROWTIME / WINDOWSTART / WINDOWEND with a timestamp string literal by
  // converting the string ('2020-01-01T00:00:00.000+0100', '2018', ...) to epoch millis.
  void MagicTimestamp(const Expr& column, const CompiledExprPtr& column_node,
                      CompiledExprPtr& other) {
    if (column.kind != ExprKind::kColumnRef || !IsMagicTimestampColumn(column.name) ||
        column_node->type()->kind != TypeKind::kBigint) {
      return;
    }
    const Value* lit = other->literal_value();
    if (lit == nullptr || !lit->is_string()) return;
    int64_t ms;
    if (ParseTimestampLiteral(lit->as_string(), &ms)) {
      other = MakeLiteral(Value::Int(ms), Type::Bigint());
    }
  }

  void RequireStringOperand(const Expr& operand, const TypePtr& t, const char* what) {
    if (t->kind != TypeKind::kString && !IsNullType(t)) {
      ThrowType(operand.pos, std::string(what) + " requires STRING operands, but " +
                                 operand.ToString() + " is " + TypeName(t));
    }
  }

  CompiledExprPtr BindLike(const Expr& e) {
    std::vector<CompiledExprPtr> args;
    for (size_t i = 0; i < e.args.size() && i < 3; ++i) {
      args.push_back(Bind(*e.args[i]));
      RequireStringOperand(*e.args[i], args.back()->type(), "LIKE");
    }
    if (args.size() < 2) ThrowBind(e.pos, "LIKE needs a pattern");
    for (auto& a : args) {
      if (IsNullType(a->type())) return MakeLiteral(Value(), Type::Boolean());
    }
    CompiledExprPtr escape = args.size() > 2 ? std::move(args[2]) : nullptr;
    if (escape && escape->literal_value() && escape->literal_value()->is_string() &&
        escape->literal_value()->as_string().size() != 1) {
      ThrowType(e.args[2]->pos, "ESCAPE must be a single character");
    }
    return MakeLike(e.negated, std::move(args[0]), std::move(args[1]), std::move(escape));
  }

  // ksqlDB's IN: NULL items never match and are dropped; the value and the other items take
  // their common type as an expression list (core/expr/coercion.h), literals converted.
  CompiledExprPtr BindIn(const Expr& e) {
    std::vector<CompiledExprPtr> items;
    std::vector<const Expr*> exprs;
    for (size_t i = 0; i < e.args.size(); ++i) {
      CompiledExprPtr item = Bind(*e.args[i]);
      if (i > 0 && IsNullLiteral(*e.args[i])) continue;
      items.push_back(std::move(item));
      exprs.push_back(e.args[i].get());
    }
    TypePtr common = CoerceList(items, exprs, e.pos);
    CompiledExprPtr value = std::move(items[0]);
    if (IsNullType(value->type())) return MakeLiteral(Value::Bool(e.negated), Type::Boolean());
    std::vector<Comparator> cmps;
    std::vector<CompiledExprPtr> list;
    for (size_t i = 1; i < items.size(); ++i) {
      cmps.push_back(Comparator::Make(*value->type(), *items[i]->type(), Op::kEq,
                                      e.args[0]->ToString(), exprs[i]->ToString(), exprs[i]->pos));
      list.push_back(std::move(items[i]));
    }
    return MakeIn(e.negated, std::move(value), std::move(cmps), std::move(list));
  }

  static bool IsNullLiteral(const Expr& x) {
    return x.kind == ExprKind::kLiteral && x.literal.is_null() &&
           (!x.literal_type || x.literal_type->kind == TypeKind::kNull);
  }

  // A literal as ksqlDB's parser makes one: a constant, or a signed number.
  static bool IsLiteralExpr(const Expr& x) {
    if (x.kind == ExprKind::kLiteral) return true;
    return x.kind == ExprKind::kUnary && (x.op == Op::kNeg || x.op == Op::kPlus) &&
           x.args.size() == 1 && x.args[0]->kind == ExprKind::kLiteral &&
           x.args[0]->literal_type && x.args[0]->literal_type->IsNumeric();
  }

  // Converts every item of an expression list to the list's common type (ListCommonType):
  // literals become literals of that type, other expressions are CAST. Returns the common type
  // (Type::Null() when every item is NULL).
  TypePtr CoerceList(std::vector<CompiledExprPtr>& items, const std::vector<const Expr*>& exprs,
                     SourcePos pos) {
    std::vector<ListItem> list;
    for (size_t k = 0; k < items.size(); ++k) {
      const bool literal = IsLiteralExpr(*exprs[k]) && items[k]->literal_value() != nullptr;
      list.push_back({items[k]->type(), literal ? items[k]->literal_value() : nullptr,
                      exprs[k]->ToString()});
    }
    TypePtr common = ListCommonType(list, pos);
    if (IsNullType(common)) return common;
    for (size_t k = 0; k < items.size(); ++k) {
      const TypePtr t = items[k]->type();
      if (TypeEquals(*t, *common)) continue;
      if (IsNullType(t)) {
        items[k] = MakeLiteral(Value(), common);
      } else if (list[k].literal != nullptr) {
        std::optional<Value> v = CoerceLiteral(*list[k].literal, *t, *common);
        if (!v) {
          ThrowType(exprs[k]->pos, "invalid input syntax for type " + common->ToString() + ": \"" +
                                       JavaToString(*list[k].literal, *t) + "\".");
        }
        items[k] = MakeLiteral(std::move(*v), common);
      } else {
        items[k] = Coerce(std::move(items[k]), common);
      }
    }
    return common;
  }

  CompiledExprPtr BindBetween(const Expr& e) {
    CompiledExprPtr v = Bind(*e.args.at(0));
    CompiledExprPtr lo = Bind(*e.args.at(1));
    CompiledExprPtr hi = Bind(*e.args.at(2));
    MagicTimestamp(*e.args[0], v, lo);
    MagicTimestamp(*e.args[0], v, hi);
    if (IsNullType(v->type()) || IsNullType(lo->type()) || IsNullType(hi->type())) {
      return MakeLiteral(Value::Bool(e.negated), Type::Boolean());
    }
    Comparator lc = Comparator::Make(*v->type(), *lo->type(), Op::kGe, e.args[0]->ToString(),
                                     e.args[1]->ToString(), e.args[1]->pos);
    Comparator hc = Comparator::Make(*v->type(), *hi->type(), Op::kLe, e.args[0]->ToString(),
                                     e.args[2]->ToString(), e.args[2]->pos);
    return MakeBetween(e.negated, lc, hc, std::move(v), std::move(lo), std::move(hi));
  }

  CompiledExprPtr BindCase(const Expr& e) {
    size_t i = 0;
    CompiledExprPtr operand;
    if (e.has_operand) operand = Bind(*e.args.at(i++));
    size_t end = e.args.size() - (e.has_else ? 1 : 0);
    std::vector<Comparator> cmps;
    std::vector<CompiledExprPtr> conds, results;
    for (; i < end; i += 2) {
      const Expr& when = *e.args[i];
      conds.push_back(Bind(when));
      CheckWhen(e, when, operand.get(), *conds.back(), cmps);
      if (i + 1 >= end) ThrowBind(when.pos, "WHEN without THEN");
      results.push_back(Bind(*e.args[i + 1]));
    }
    CompiledExprPtr else_result;
    if (e.has_else) else_result = Bind(*e.args.back());
    return TypeCase(e, std::move(operand), std::move(cmps), std::move(conds), std::move(results),
                    std::move(else_result));
  }

  // A WHEN of a simple CASE must compare with the operand; of a searched CASE, be BOOLEAN.
  __attribute__((noinline)) void CheckWhen(const Expr& e, const Expr& when,
                                           const CompiledExpr* operand, const CompiledExpr& c,
                                           std::vector<Comparator>& cmps) {
    if (operand) {
      cmps.push_back(Comparator::Make(*operand->type(), *c.type(), Op::kEq,
                                      e.args[0]->ToString(), when.ToString(), when.pos));
    } else if (c.type()->kind != TypeKind::kBoolean && !IsNullType(c.type())) {
      ThrowType(when.pos, "WHEN operand type should be boolean.\nType for '" + when.ToString() +
                              "' is " + TypeName(c.type()));
    }
  }

  __attribute__((noinline)) CompiledExprPtr TypeCase(const Expr& e, CompiledExprPtr operand,
                                                     std::vector<Comparator> cmps,
                                                     std::vector<CompiledExprPtr> conds,
                                                     std::vector<CompiledExprPtr> results,
                                                     CompiledExprPtr else_result) {
    std::vector<const Expr*> result_exprs;
    for (size_t i = e.has_operand ? 2 : 1; i < e.args.size() - (e.has_else ? 1 : 0); i += 2) {
      result_exprs.push_back(e.args[i].get());
    }
    if (else_result) result_exprs.push_back(e.args.back().get());
    // ksqlDB converts no branch: every THEN, and the ELSE, has one type (NULLs aside).
    TypePtr type;
    size_t k = 0;
    size_t i = e.has_operand ? 1 : 0;
    for (const auto& r : results) {
      const Expr& when = *e.args[i];
      i += 2;
      const TypePtr t = r->type();
      ++k;
      if (IsNullType(t)) continue;
      if (!type) {
        type = t;
      } else if (!TypeEquals(*t, *type)) {
        ThrowType(result_exprs[k - 1]->pos,
                  "Invalid Case expression. Type for all 'THEN' clauses should be the same.\n"
                  "THEN expression 'WHEN " + when.ToString() + " THEN " +
                      result_exprs[k - 1]->ToString() + "' has type: " + TypeName(t) +
                      ".\nPrevious THEN expression(s) type: " + TypeName(type) + ".");
      }
    }
    if (else_result && !IsNullType(else_result->type())) {
      if (type && !TypeEquals(*else_result->type(), *type)) {
        ThrowType(e.args.back()->pos,
                  "Invalid Case expression. Type for the default clause should be the same as "
                  "for 'THEN' clauses.\nTHEN type: " + TypeName(type) + ".\nDEFAULT type: " +
                      TypeName(else_result->type()) + ".");
      }
      if (!type) type = else_result->type();
    }
    if (!type) ThrowType(e.pos, "Invalid Case expression. All case branches have NULL type");
    for (auto& r : results) r = Coerce(std::move(r), type);
    if (else_result) else_result = Coerce(std::move(else_result), type);
    return MakeCase(type, std::move(operand), std::move(cmps), std::move(conds), std::move(results),
                    std::move(else_result));
  }

  CompiledExprPtr BindCast(const Expr& e) {
    CompiledExprPtr arg = Bind(*e.args.at(0));
    const TypePtr& to = e.cast_type;
    if (!to) ThrowBind(e.pos, "CAST without a target type");
    if (!CanCast(*arg->type(), *to)) {
      // ksqlDB names the clause of an unsupported cast in a projection: "Invalid Select: ...".
      std::string where = scope_.clause() == "SELECT" ? "Invalid Select: " : "";
      ThrowType(e.pos, where + "Cast of " + TypeName(arg->type()) + " to " + to->ToString() +
                           " is not supported");
    }
    if (IsNullType(arg->type())) return MakeLiteral(Value(), to);
    if (TypeEquals(*arg->type(), *to)) return arg;
    return MakeCast(std::move(arg), to);
  }

  CompiledExprPtr BindFunction(const Expr& e) {
    if (IsAggregateFunctionName(e.name)) {
      ThrowBind(e.pos, "Aggregate function " + e.name + " is not allowed here",
                "aggregates belong in the SELECT list or HAVING of a GROUP BY query");
    }
    if (IsLambdaFunctionName(e.name)) return BindLambdaCall(e);
    const FunctionRegistry& registry = FunctionRegistry::Get();
    const ScalarFunction* fn = registry.Find(e.name);
    if (fn == nullptr) {
      ThrowBind(e.pos, "Can't find any functions with the name '" + e.name + "'",
                UnknownFunctionHint(e.name));
    }
    // The planner computes table function calls of the SELECT list into columns first.
    if (fn->table_eval != nullptr) {
      ThrowBind(e.pos, "Table function " + fn->name + " is not allowed here",
                "table functions belong in the SELECT list of a query over a stream");
    }
    std::vector<CompiledExprPtr> args;
    std::vector<TypePtr> types;
    const bool unit_first = IsTimeUnitFunction(fn->name);
    for (const auto& a : e.args) {
      if (unit_first && &a == &e.args.front() && a->kind == ExprKind::kColumnRef &&
          a->qualifier.empty() && IsTimeUnitName(a->name)) {
        args.push_back(MakeLiteral(Value::String(AsciiUpper(a->name)), Type::String()));
        types.push_back(Type::String());
        continue;
      }
      if (a->kind == ExprKind::kStar) ThrowBind(a->pos, "'*' is only allowed in COUNT(*)");
      if (a->kind == ExprKind::kLambda) {
        ThrowBind(a->pos, "Function '" + e.name + "' does not accept a lambda argument");
      }
      args.push_back(Bind(*a));
      types.push_back(args.back()->type());
    }
    // The unit parameter takes only a unit name, never a STRING value.
    if (unit_first && !e.args.empty() &&
        !(e.args[0]->kind == ExprKind::kColumnRef && e.args[0]->qualifier.empty() &&
          IsTimeUnitName(e.args[0]->name))) {
      ThrowNoSignature(fn->name, types, e.pos);
    }
    TypePtr result = fn->resolve(fn->name, types, e.pos);
    for (size_t k = 0; k < args.size(); ++k) {
      if (!TypeEquals(*args[k]->type(), *types[k]) && !IsNullType(types[k])) {
        args[k] = Coerce(std::move(args[k]), types[k]);
      }
    }
    return MakeCall(fn, std::move(args), std::move(types), std::move(result), e.pos);
  }

  // Coerces every element to the elements' common type (an expression list, as IN's).
  TypePtr UnifyTypes(std::vector<CompiledExprPtr>& items, const std::vector<const Expr*>& exprs,
                     const char*, SourcePos pos) {
    return CoerceList(items, exprs, pos);
  }

  CompiledExprPtr BindArray(const Expr& e) {
    std::vector<CompiledExprPtr> items;
    std::vector<const Expr*> exprs;
    for (const auto& a : e.args) {
      items.push_back(Bind(*a));
      exprs.push_back(a.get());
    }
    if (items.empty()) {
      ThrowType(e.pos,
                "Array constructor cannot be empty. Please supply at least one element "
                "(see https://github.com/confluentinc/ksql/issues/4239).");
    }
    TypePtr element = UnifyTypes(items, exprs, "ARRAY", e.pos);
    if (IsNullType(element)) {
      ThrowType(e.pos,
                "Cannot construct an array with all NULL elements "
                "(see https://github.com/confluentinc/ksql/issues/4239). As a "
                "workaround, you may cast a NULL value to the desired type.");
    }
    return MakeArrayConstructor(Type::Array(element), std::move(items));
  }

  CompiledExprPtr BindMap(const Expr& e) {
    std::vector<CompiledExprPtr> keys, values;
    std::vector<const Expr*> kexprs, vexprs;
    for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
      keys.push_back(Bind(*e.args[i]));
      kexprs.push_back(e.args[i].get());
      values.push_back(Bind(*e.args[i + 1]));
      vexprs.push_back(e.args[i + 1].get());
    }
    if (keys.empty()) {
      ThrowType(e.pos,
                "Map constructor cannot be empty. Please supply at least one key value "
                "pair (see https://github.com/confluentinc/ksql/issues/4239).");
    }
    TypePtr kt = UnifyTypes(keys, kexprs, "MAP key", e.pos);
    TypePtr vt = UnifyTypes(values, vexprs, "MAP value", e.pos);
    if (IsNullType(kt) || IsNullType(vt)) {
      ThrowType(e.pos,
                std::string("Cannot construct a map with all NULL ") +
                    (IsNullType(kt) ? "keys" : "values") +
                    " (see https://github.com/confluentinc/ksql/issues/4239). As a workaround, "
                    "you may cast a NULL " + (IsNullType(kt) ? "key" : "value") +
                    " to the desired type.");
    }
    return MakeMapConstructor(Type::Map(kt, vt), std::move(keys), std::move(values));
  }

  CompiledExprPtr BindStruct(const Expr& e) {
    std::vector<StructField> fields;
    std::vector<CompiledExprPtr> values;
    for (size_t i = 0; i < e.args.size(); ++i) {
      std::string name = i < e.field_names.size() ? e.field_names[i] : StrCat("F", std::to_string(i));
      for (const auto& f : fields) {
        if (f.name == name)
          ThrowType(e.args[i]->pos, "Duplicate field names found in STRUCT: '" + name + "'");
      }
      values.push_back(Bind(*e.args[i]));
      if (IsNullType(values.back()->type())) {
        ThrowType(e.args[i]->pos, "Can't infer a type of null for STRUCT field " + name +
                                      ". Please explicitly cast it to a required type, e.g. "
                                      "CAST(null AS VARCHAR).");
      }
      fields.push_back({name, values.back()->type()});
    }
    return MakeStructConstructor(Type::Struct(std::move(fields)), std::move(values));
  }

  // A lambda's body, bound in a scope where its parameters (typed `param_types`) follow every
  // column of the enclosing scope. Records the outer columns the body reads.
  CompiledExprPtr BindLambdaBody(const Expr& lambda, const std::vector<TypePtr>& param_types,
                                 const std::string& fn_name, int first_param,
                                 std::vector<int>& outer_columns) {
    CheckLambda(lambda, param_types.size(), fn_name);
    Scope inner = scope_;
    for (size_t i = 0; i < param_types.size(); ++i) {
      inner.AddLambdaVariable(lambda.lambda_params[i], param_types[i],
                              first_param + static_cast<int>(i));
    }
    Binder body_binder(inner, budget_);
    body_binder.in_lambda_ = true;
    CompiledExprPtr body = body_binder.Bind(*lambda.args.at(0));
    for (int idx : body_binder.used_) {
      if (idx < first_param) {
        outer_columns.push_back(idx);
        used_.push_back(idx);
      }
    }
    uses_pseudo_ = uses_pseudo_ || body_binder.uses_pseudo_;
    return body;
  }

  // The checks of lambda calls run out of line, as in BindUnary.
  __attribute__((noinline)) static void CheckLambda(const Expr& lambda, size_t params,
                                                    const std::string& fn_name) {
    if (lambda.kind != ExprKind::kLambda) {
      ThrowType(lambda.pos, "Function '" + fn_name + "' expects a lambda function here, but got " +
                                lambda.ToString());
    }
    if (lambda.lambda_params.size() != params) {
      ThrowType(lambda.pos, "Function '" + fn_name + "' expects a lambda with " +
                                std::to_string(params) + " argument(s), but " +
                                lambda.ToString() + " has " +
                                std::to_string(lambda.lambda_params.size()));
    }
  }

  __attribute__((noinline)) static void CheckLambdaCall(const Expr& e, const std::string& name,
                                                        const TypePtr& ct, size_t want) {
    if (ct->kind != TypeKind::kMap && ct->kind != TypeKind::kArray) {
      ThrowType(e.args[0]->pos, "Function '" + name + "' expects an ARRAY or MAP as its first " +
                                    "argument, but " + e.args[0]->ToString() + " is " +
                                    TypeName(ct));
    }
    if (e.args.size() != want) {
      ThrowType(e.pos, "Function '" + name + "' over " +
                           (ct->kind == TypeKind::kMap ? "a MAP" : "an ARRAY") + " takes " +
                           std::to_string(want) + " arguments, but " +
                           std::to_string(e.args.size()) + " were given");
    }
  }

  // The type of lambda `e.args[i]`'s body, `body`, is one `name` can use.
  __attribute__((noinline)) static void CheckLambdaResult(const Expr& e, size_t i,
                                                          const std::string& name,
                                                          const TypePtr& body) {
    if (name == "TRANSFORM" && IsNullType(body)) {
      ThrowType(e.args[i]->pos,
                "Can't infer the type of lambda " + e.args[i]->ToString() + ": cast NULL to a type");
    }
    if (name == "FILTER" && body->kind != TypeKind::kBoolean && !IsNullType(body)) {
      ThrowType(e.args[i]->pos, "Function 'FILTER' needs a lambda returning BOOLEAN, but " +
                                    e.args[i]->ToString() + " returns " + TypeName(body));
    }
  }

  __attribute__((noinline)) static void CheckReduceState(const Expr& e, const TypePtr& state,
                                                         const TypePtr& body,
                                                         const TypePtr& common) {
    if (e.args[1]->kind == ExprKind::kLambda || IsNullType(state)) {
      ThrowType(e.args[1]->pos, "Function 'REDUCE' needs a typed initial state as its second "
                                "argument; cast NULL to a type");
    }
    if (body && !common) {
      ThrowType(e.args[2]->pos, "Function 'REDUCE': the lambda " + e.args[2]->ToString() +
                                    " returns " + TypeName(body) + " but the initial state is " +
                                    TypeName(state));
    }
  }

  // TRANSFORM(collection, lambda[, lambda]), FILTER(collection, lambda),
  // REDUCE(collection, initial, lambda), with ksqlDB's typing.
  CompiledExprPtr BindLambdaCall(const Expr& e) {
    const std::string name = AsciiUpper(e.name);
    if (e.args.empty() || e.args[0]->kind == ExprKind::kLambda) {
      ThrowType(e.pos, "Function '" + name + "' expects an ARRAY or MAP as its first argument");
    }
    CompiledExprPtr coll = Bind(*e.args[0]);
    const TypePtr ct = coll->type();
    const bool is_map = ct->kind == TypeKind::kMap;
    CheckLambdaCall(e, name, ct, name == "REDUCE" || (name == "TRANSFORM" && is_map) ? 3 : 2);
    const int first_param = scope_.EndIndex();
    std::vector<int> outer;
    std::vector<TypePtr> params;
    if (is_map) {
      params = {ct->key, ct->element};
    } else {
      params = {ct->element};
    }
    std::vector<CompiledExprPtr> bodies;
    CompiledExprPtr initial;
    TypePtr result;
    LambdaFn fn;
    if (name == "TRANSFORM" || name == "FILTER") {
      for (size_t i = 1; i < e.args.size(); ++i) {
        bodies.push_back(BindLambdaBody(*e.args[i], params, name, first_param, outer));
        CheckLambdaResult(e, i, name, bodies.back()->type());
      }
      if (name == "FILTER") {
        fn = is_map ? LambdaFn::kFilterMap : LambdaFn::kFilterArray;
        result = ct;
      } else {
        fn = is_map ? LambdaFn::kTransformMap : LambdaFn::kTransformArray;
        result = is_map ? Type::Map(bodies[0]->type(), bodies[1]->type())
                        : Type::Array(bodies[0]->type());
      }
    } else {
      initial = Bind(*e.args[1]);
      TypePtr state = initial->type();
      CheckReduceState(e, state, nullptr, nullptr);
      // The state takes the wider of the initial value's and the body's type (0 + BIGINT
      // values accumulates as BIGINT).
      for (int attempt = 0; attempt < 3; ++attempt) {
        std::vector<TypePtr> with_state = params;
        with_state.insert(with_state.begin(), state);
        std::vector<int> body_outer;
        CompiledExprPtr body =
            BindLambdaBody(*e.args[2], with_state, name, first_param, body_outer);
        TypePtr bt = body->type();
        TypePtr common = IsNullType(bt) ? state : CommonSuperType({state, bt});
        CheckReduceState(e, state, bt, common);
        if (TypeEquals(*common, *state) || attempt == 2) {
          bodies.push_back(Coerce(std::move(body), state));
          outer.insert(outer.end(), body_outer.begin(), body_outer.end());
          break;
        }
        state = common;
      }
      initial = Coerce(std::move(initial), state);
      fn = is_map ? LambdaFn::kReduceMap : LambdaFn::kReduceArray;
      result = state;
    }
    std::sort(outer.begin(), outer.end());
    outer.erase(std::unique(outer.begin(), outer.end()), outer.end());
    if (!outer.empty() || uses_pseudo_) foldable_.back() = false;
    return MakeLambdaCall(fn, result, std::move(coll), std::move(initial), std::move(bodies),
                          std::move(outer), first_param);
  }

  const Scope& scope_;
  size_t* budget_;  // nodes left to bind, shared by the binders of lambda bodies
  std::vector<bool> foldable_;
  std::vector<int> used_;     // batch columns read (for lambdas: which outer columns to copy)
  bool uses_pseudo_ = false;  // reads ROWTIME/ROWPARTITION/ROWOFFSET
  bool in_lambda_ = false;    // binding a lambda body: NULL arithmetic operands are errors
};

}  // namespace

CompiledExprPtr BindExpression(const Expr& expr, const Scope& scope) {
  size_t budget = std::max(kMinBindBudget, kBindsPerNode * CountNodes(expr));
  return Binder(scope, &budget).Bind(expr);
}

CompiledExprPtr BindPredicate(const Expr& expr, const Scope& scope, const std::string& clause) {
  CompiledExprPtr e = BindExpression(expr, scope);
  if (IsNullType(e->type())) return MakeLiteral(Value(), Type::Boolean());
  if (e->type()->kind != TypeKind::kBoolean) {
    ThrowType(expr.pos, "Type error in " + clause + " expression: should evaluate to boolean but " +
                            "is " + expr.ToString() + " (" + e->type()->ToString() + ") instead.");
  }
  return e;
}

Value EvaluateConstant(const Expr& expr, EvalContext& ctx, TypePtr* type) {
  Scope empty;
  empty.set_allow_pseudo_columns(false);
  CompiledExprPtr e = BindExpression(expr, empty);
  if (type) *type = e->type();
  return EvalRow(*e, {}, ctx);
}

Value EvalRow(const CompiledExpr& expr, const std::vector<Value>& row, EvalContext& ctx,
              int64_t rowtime) {
  Batch b;
  b.columns.reserve(row.size());
  for (const auto& v : row) b.columns.push_back({v});
  b.AddRowMeta(RowKind::kInsert, rowtime, 0, 0);
  std::vector<Value> out;
  expr.Eval(b, out, ctx);
  return out.empty() ? Value() : std::move(out[0]);
}

}  // namespace riffle
