#include "core/exec/project.h"

#include <map>

namespace riffle {

ProjectOperator::ProjectOperator(std::vector<CompiledExprPtr> exprs, std::vector<std::string> names)
    : exprs_(std::move(exprs)), names_(std::move(names)) {
  std::map<int, int> uses;
  for (const auto& e : exprs_) {
    if (e->ColumnIndex() >= 0) ++uses[e->ColumnIndex()];
  }
  for (const auto& e : exprs_) movable_.push_back(e->ColumnIndex() >= 0 && uses[e->ColumnIndex()] == 1);
  out_.resize(exprs_.size());
}

void ProjectOperator::Process(Batch& batch, EvalContext& ctx) {
  size_t n = batch.num_rows();
  rows_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  // Computed expressions first: they may read columns that moves below would empty.
  for (size_t i = 0; i < exprs_.size(); ++i) {
    if (!movable_[i]) exprs_[i]->Eval(batch, out_[i], ctx);
  }
  for (size_t i = 0; i < exprs_.size(); ++i) {
    if (movable_[i]) out_[i] = std::move(batch.columns[exprs_[i]->ColumnIndex()]);
  }
  batch.columns.swap(out_);
  out_.resize(exprs_.size());
  rows_out.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
}

std::vector<int> ProjectOperator::ColumnSources() const {
  std::vector<int> sources;
  sources.reserve(exprs_.size());
  for (const auto& e : exprs_) sources.push_back(e->ColumnIndex());
  return sources;
}

std::string ProjectOperator::Describe() const {
  std::string s = "Project (";
  for (size_t i = 0; i < names_.size(); ++i) s += (i ? ", " : "") + names_[i];
  return s + ")";
}

}  // namespace riffle
