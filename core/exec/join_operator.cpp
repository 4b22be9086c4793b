#include "core/exec/join_operator.h"

#include "core/exec/join_fk.h"
#include "core/exec/join_kinds.h"

namespace riffle {

int64_t ApproxRowBytes(const std::vector<Value>& row) {
  int64_t bytes = static_cast<int64_t>(sizeof(Value) * row.size() + 32);
  for (const Value& v : row) {
    if (v.is_string()) bytes += static_cast<int64_t>(v.as_string().size());
  }
  return bytes;
}

void JoinOperator::Emit(const std::vector<Value>* left, const std::vector<Value>* right,
                        const Value& key, RowKind kind, int64_t rowtime, int32_t partition,
                        int64_t offset, Batch& out) const {
  size_t c = 0;
  for (size_t i = 0; i < spec_.left_width; ++i) {
    out.columns[c++].push_back(left != nullptr ? (*left)[i] : Value::Null());
  }
  for (size_t i = 0; i < spec_.right_width; ++i) {
    out.columns[c++].push_back(right != nullptr ? (*right)[i] : Value::Null());
  }
  out.columns[c].push_back(key);
  out.AddRowMeta(kind, rowtime, partition, offset);
}

void JoinOperator::Process(Batch& batch, EvalContext& ctx) {
  scratch_.Reset(output_width());
  ProcessSide(0, batch, scratch_, ctx);
  std::swap(batch, scratch_);
}

std::unique_ptr<JoinOperator> MakeJoinOperator(JoinSpec spec) {
  switch (spec.kind) {
    case JoinKind::kStreamTable:
      return std::make_unique<StreamTableJoin>(std::move(spec));
    case JoinKind::kStreamStream:
      return std::make_unique<StreamStreamJoin>(std::move(spec));
    case JoinKind::kForeignKey:
      return std::make_unique<ForeignKeyJoin>(std::move(spec));
    case JoinKind::kTableTable:
      break;
  }
  return std::make_unique<TableTableJoin>(std::move(spec));
}

}  // namespace riffle
