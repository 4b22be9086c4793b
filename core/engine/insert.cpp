// INSERT INTO ... VALUES: evaluate, coerce to the column types, encode as the source's formats
// and produce one record.
#include <algorithm>
#include <chrono>

#include "core/common/text.h"
#include "core/engine/engine_impl.h"
#include "core/exec/registry_schemas.h"
#include "core/exec/source_layout.h"
#include "core/exec/timestamp_extractor.h"
#include "core/expr/binder.h"
#include "core/expr/cast.h"
#include "core/expr/scope.h"
#include "core/plan/query_plan.h"
#include "core/runtime/run_operators.h"
#include "core/types/datetime.h"

namespace riffle {

namespace {

// ksqlDB coerces a value for INSERT only when no information can be lost: numeric widening and
// strings into temporal columns.
bool Coercible(const Type& from, const Type& to) {
  if (from.kind == TypeKind::kNull || TypeEquals(from, to)) return true;
  auto rank = [](TypeKind k) {
    switch (k) {
      case TypeKind::kInt: return 1;
      case TypeKind::kBigint: return 2;
      case TypeKind::kDecimal: return 3;
      case TypeKind::kDouble: return 4;
      default: return 0;
    }
  };
  if (rank(from.kind) > 0 && rank(to.kind) > 0) return rank(from.kind) <= rank(to.kind);
  if (from.kind == TypeKind::kString &&
      (to.kind == TypeKind::kTimestamp || to.kind == TypeKind::kDate ||
       to.kind == TypeKind::kTime)) {
    return true;
  }
  if (from.kind == to.kind && !from.IsPrimitive()) return CanCast(from, to);
  return false;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void EngineImpl::InsertValues(const InsertValuesStmt& s, ResultSink& sink) {
  SourceInfo source = RequireSource(*catalog_, s.target, s.target_pos);
  if (source.name != s.target) {
    // Writes name their target exactly (reads fall back to a case-insensitive match).
    bool quoted = s.target != AsciiUpper(s.target);
    ThrowBind(s.target_pos,
              "Cannot insert values into an unknown stream/table: `" + s.target + "`\nDid you mean " +
                  (quoted ? source.name : "\"" + source.name + "\"") + "? Hint: " +
                  (quoted ? "try removing double quotes from the source name."
                          : "wrap the source name in double quotes to make it case-sensitive."));
  }
  if (source.is_source) {
    ThrowBind(s.target_pos, std::string("Cannot insert values into read-only ") +
                                (source.is_table ? "table" : "stream") + ": " + source.name);
  }
  SourceLayout layout = MakeSourceLayout(source, &Schemas());
  // As ksqlDB: a windowed key needs its window, which VALUES cannot give, and a record without
  // one would be unreadable by the source's own queries.
  if (layout.window != SourceLayout::Window::kNone) {
    ThrowBind(s.target_pos, "Cannot insert values into windowed stream/table!");
  }
  RequireRegisteredWriteSchemas(layout, Schemas(), source.name);
  const Schema& schema = layout.schema;

  // ksqlDB's InsertValuesExecutor.validateInsert: headers are read from records, never written
  // by VALUES; without a column list VALUES would name them too.
  std::string headers;
  for (size_t i = 0; i < schema.size(); ++i) {
    if (schema[i].role != ColumnRole::kHeader) continue;
    bool named = s.columns.empty();
    for (const std::string& name : s.columns) {
      named = named || schema.Find(name) == static_cast<int>(i);
    }
    if (named) headers += (headers.empty() ? "" : ", ") + schema[i].name;
  }
  if (!headers.empty()) ThrowBind(s.target_pos, "Cannot insert into HEADER columns: " + headers);

  // Target slots: the named columns, or every key and value column in schema order.
  std::vector<int> slots;  // schema index, or -1 for ROWTIME
  if (s.columns.empty()) {
    for (size_t i = 0; i < schema.size(); ++i) {
      if (schema[i].role != ColumnRole::kHeader) slots.push_back(static_cast<int>(i));
    }
  } else {
    for (const std::string& name : s.columns) {
      if (name == "ROWTIME") {
        slots.push_back(-1);
        continue;
      }
      // ksqlDB's SystemColumns.isDisallowedForInsertValues: a record's partition and offset are
      // the broker's to give.
      const PseudoColumn pseudo = PseudoColumnFromName(name);
      if ((pseudo == PseudoColumn::kRowpartition || pseudo == PseudoColumn::kRowoffset) &&
          schema.Find(name) < 0) {
        ThrowBind(s.target_pos, "Inserting into column `" + name + "` is not allowed.");
      }
      int idx = schema.Find(name);
      if (idx < 0) {
        std::vector<std::string> names;
        for (const auto& c : schema.columns()) names.push_back(c.name);
        std::string hint = ClosestMatch(name, names);
        ThrowBind(s.target_pos, "Column name " + name + " does not exist in " + source.name + ".",
                  hint.empty() ? "" : "did you mean " + hint + "?");
      }
      slots.push_back(idx);
    }
  }
  if (!s.columns.empty() && slots.size() != s.values.size()) {
    // ksqlDB's InsertValues: a column list and a value list of different lengths.
    ThrowBind(s.values.empty() ? s.target_pos : s.values[0]->pos,
              "Expected number columns and values to match: " + std::to_string(slots.size()) +
                  ", " + std::to_string(s.values.size()));
  }
  if (slots.size() != s.values.size()) {
    ThrowBind(s.values.empty() ? s.target_pos : s.values[0]->pos,
              "Expected a value for each column. Expected Columns: " +
                  std::to_string(slots.size()) + ". Got " + std::to_string(s.values.size()) + ".");
  }

  std::vector<Value> row(schema.size());
  int64_t rowtime = NowMs();
  Scope empty_scope;
  empty_scope.set_allow_pseudo_columns(false);
  EvalContext ctx;
  for (size_t i = 0; i < slots.size(); ++i) {
    const Expr& e = *s.values[i];
    CompiledExprPtr compiled = BindExpression(e, empty_scope);
    Value v = EvalRow(*compiled, {}, ctx);
    if (ctx.errors > 0) ThrowType(e.pos, "Failed to evaluate " + e.ToString() + ": " + ctx.first_error);
    TypePtr target = slots[i] < 0 ? Type::Bigint() : schema[slots[i]].type;
    if (!Coercible(*compiled->type(), *target)) {
      ThrowType(e.pos, "Expected type " + target->ToSqlString() + " for column " +
                           (slots[i] < 0 ? std::string("ROWTIME") : schema[slots[i]].name) +
                           " but got " + compiled->type()->ToSqlString() + " (" + e.ToString() +
                           ").");
    }
    bool ok = true;
    std::string error;
    if (!v.is_null() && !TypeEquals(*compiled->type(), *target)) {
      v = CastValue(v, *compiled->type(), *target, &ok, &error);
    }
    if (!ok) ThrowType(e.pos, "Cannot coerce " + e.ToString() + " to " + target->ToSqlString() + ": " + error);
    if (slots[i] < 0) {
      if (v.is_null()) ThrowType(e.pos, "ROWTIME cannot be NULL.");
      rowtime = v.as_int();
    } else {
      row[slots[i]] = std::move(v);
    }
  }
  // Readers take a record's event time from the TIMESTAMP column, so the record is written with
  // it too. One that gives none (NULL, unparsable, negative) is written as ksqlDB writes it, but
  // every query reading the source will drop it and log it: say so now.
  bool has_event_time = true;
  if (layout.timestamp_column >= 0) {
    TimestampExtractor extractor(schema[layout.timestamp_column].name, layout.timestamp_format);
    std::string why;
    int64_t time = 0;
    has_event_time = extractor.Extract(row[layout.timestamp_column], &time, &why);
    if (has_event_time) {
      rowtime = time;
    } else {
      sink.Warning("This record has no event time: " + why + ". Queries reading " +
                   source.name + " will drop it and log it to the processing log (TIMESTAMP).");
    }
  }

  auto key_encoder = formats::MakeEncoder(layout.key_format, layout.key_fields);
  auto value_encoder = formats::MakeEncoder(layout.value_format, layout.value_fields);
  std::string key_bytes, value_bytes, error;
  bool key_null = true, value_null = false;
  if (!layout.key_fields.empty() && !key_encoder->Encode(row, key_bytes, key_null, error)) {
    ThrowRuntime("Failed to insert values into '" + source.name + "': key: " + error);
  }
  if (!value_encoder->Encode(row, value_bytes, value_null, error)) {
    ThrowRuntime("Failed to insert values into '" + source.name + "': value: " + error);
  }
  // Judged before producing: a job reading the source may take the record (and its time) at once.
  std::string jump = has_event_time ? StreamTimeJumpWarning(source, rowtime) : "";
  kafka::KafkaProducer& producer = Producer();
  // librdkafka replaces timestamp 0 with the current time: write an explicit ROWTIME of 0 as
  // -1 (Kafka's "no timestamp"), which SourceScan reads back as 0.
  producer.Produce(source.topic, -1,
                   key_null ? std::nullopt : std::optional<std::string_view>(key_bytes),
                   value_null ? std::nullopt : std::optional<std::string_view>(value_bytes),
                   rowtime == 0 ? -1 : rowtime);
  if (!producer.Flush(10000)) {
    ThrowRuntime("Failed to insert values into '" + source.name + "': " + producer.last_error());
  }
  int64_t& inserted = inserted_stream_time_.try_emplace(source.topic, INT64_MIN).first->second;
  if (has_event_time) inserted = std::max(inserted, rowtime);
  if (!jump.empty()) sink.Warning(jump);
}

std::string EngineImpl::StreamTimeJumpWarning(const SourceInfo& source, int64_t rowtime) const {
  // The stream time this record joins: the latest this session inserted into the topic, and
  // the watermark of each job reading it.
  auto it = inserted_stream_time_.find(source.topic);
  int64_t before = it == inserted_stream_time_.end() ? INT64_MIN : it->second;
  std::string of = "the records inserted into " + source.name + " before";
  for (const std::string& id : ReadersOf(source.name)) {
    std::optional<JobInfo> info = catalog_->GetJob(id);
    if (!info) continue;
    std::optional<int64_t> watermark = StatusOf(*info).watermark_ms;
    if (watermark && *watermark > before) {
      before = *watermark;
      of = "query " + id + "'s watermark";
    }
  }
  if (before == INT64_MIN || rowtime - before <= kStreamTimeJumpMs) return "";
  return "This record moves stream time far ahead of " + of + ": " +
         DescribeStreamTimeJump(rowtime, before) +
         ". Give ROWTIME (or the TIMESTAMP column) to keep it with the others.";
}

}  // namespace riffle
