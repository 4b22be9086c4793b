// [NOT] LIKE with % (any run), _ (any one character) and an optional ESCAPE character.
// Matching is case-sensitive, as in ksqlDB. Characters are bytes except that '_' consumes one
// whole UTF-8 sequence.

#include "core/expr/nodes.h"

namespace riffle {
namespace {

struct LikeToken {
  enum Kind : uint8_t { kChar, kOne, kAny } kind;
  char c;
};

// Compiles a pattern; returns false when the escape character ends the pattern.
bool CompileLike(const std::string& pattern, int escape, std::vector<LikeToken>* out) {
  out->clear();
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (escape >= 0 && c == static_cast<char>(escape)) {
      if (i + 1 >= pattern.size()) return false;
      out->push_back({LikeToken::kChar, pattern[++i]});
    } else if (c == '%') {
      if (out->empty() || out->back().kind != LikeToken::kAny) out->push_back({LikeToken::kAny, 0});
    } else if (c == '_') {
      out->push_back({LikeToken::kOne, 0});
    } else {
      out->push_back({LikeToken::kChar, c});
    }
  }
  return true;
}

size_t Utf8Len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xe) return 3;
  if ((c >> 3) == 0x1e) return 4;
  return 1;
}

// Greedy matching with backtracking to the last '%': O(n*m) worst case, no allocation.
bool MatchLike(const std::vector<LikeToken>& p, const std::string& s) {
  size_t pi = 0, si = 0;
  size_t star_p = std::string::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi].kind == LikeToken::kChar && p[pi].c == s[si]) {
      ++pi;
      ++si;
    } else if (pi < p.size() && p[pi].kind == LikeToken::kOne) {
      ++pi;
      si += Utf8Len(static_cast<unsigned char>(s[si]));
    } else if (pi < p.size() && p[pi].kind == LikeToken::kAny) {
      star_p = pi++;
      star_s = si;
    } else if (star_p != std::string::npos) {
      pi = star_p + 1;
      si = ++star_s;
    } else {
      return false;
    }
  }
  if (si > s.size()) return false;
  while (pi < p.size() && p[pi].kind == LikeToken::kAny) ++pi;
  return pi == p.size();
}

class LikeNode final : public CompiledExpr {
 public:
  LikeNode(bool negated, CompiledExprPtr v, CompiledExprPtr pattern, CompiledExprPtr escape)
      : CompiledExpr(Type::Boolean()),
        negated_(negated),
        v_(std::move(v)),
        pattern_(std::move(pattern)),
        escape_(std::move(escape)) {
    // Precompile a literal pattern once.
    const Value* p = pattern_->literal_value();
    const Value* e = escape_ ? escape_->literal_value() : nullptr;
    if (p && p->is_string() && (!escape_ || (e && e->is_string() && e->as_string().size() == 1))) {
      int esc = escape_ ? static_cast<unsigned char>(e->as_string()[0]) : -1;
      constant_ok_ = CompileLike(p->as_string(), esc, &constant_);
      has_constant_ = true;
    }
  }

  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    ArgValues v;
    v.Fill(*v_, in, ctx);
    const size_t n = in.num_rows();
    out.resize(n);
    if (has_constant_) {
      for (size_t i = 0; i < n; ++i) {
        if (v[i].is_null() || !constant_ok_) {
          out[i] = Value();
        } else {
          out[i] = Value::Bool(MatchLike(constant_, v[i].as_string()) != negated_);
        }
      }
      return;
    }
    ArgValues p, e;
    p.Fill(*pattern_, in, ctx);
    if (escape_) e.Fill(*escape_, in, ctx);
    std::vector<LikeToken> tokens;
    for (size_t i = 0; i < n; ++i) {
      if (v[i].is_null() || p[i].is_null() || (escape_ && e[i].is_null())) {
        out[i] = Value();
        continue;
      }
      int esc = -1;
      if (escape_) {
        if (e[i].as_string().size() != 1) {
          ctx.RecordError("LIKE escape must be a single character");
          out[i] = Value();
          continue;
        }
        esc = static_cast<unsigned char>(e[i].as_string()[0]);
      }
      if (!CompileLike(p[i].as_string(), esc, &tokens)) {
        ctx.RecordError("LIKE pattern ends with the escape character");
        out[i] = Value();
        continue;
      }
      out[i] = Value::Bool(MatchLike(tokens, v[i].as_string()) != negated_);
    }
  }

 private:
  bool negated_;
  CompiledExprPtr v_, pattern_, escape_;
  bool has_constant_ = false;
  bool constant_ok_ = false;
  std::vector<LikeToken> constant_;
};

}  // namespace

CompiledExprPtr MakeLike(bool negated, CompiledExprPtr value, CompiledExprPtr pattern,
                         CompiledExprPtr escape) {
  return std::make_unique<LikeNode>(negated, std::move(value), std::move(pattern),
                                    std::move(escape));
}

}  // namespace riffle
