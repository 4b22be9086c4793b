// ALTER STREAM/TABLE ... ADD COLUMN: appends value columns to a source's stored schema.
//
// ksqlDB's rules (DdlCommandExec.executeAlterSource): the source must exist and be of the kind
// named, must not be a read-only CREATE SOURCE object nor the sink of a CREATE ... AS SELECT,
// and no new column may take an existing name. The stored statement becomes the CREATE text
// followed by the ALTER text, as ksqlDB keeps it. Running jobs keep the schema they were
// planned with; queries planned afterwards see the new columns, which read NULL from records
// that lack them.
#include <set>

#include "core/common/text.h"
#include "core/engine/engine_impl.h"
#include "core/exec/source_layout.h"
#include "core/expr/scope.h"

namespace riffle {

void EngineImpl::AlterSource(const AlterSourceStmt& s, const Statement& stmt, ResultSink& sink) {
  auto existing = catalog_->GetSource(s.name);
  if (!existing) {
    std::vector<std::string> names;
    for (const auto& src : catalog_->ListSources()) names.push_back(src.name);
    std::string hint = ClosestMatch(s.name, names);
    ThrowBind(s.name_pos, "Source " + s.name + " does not exist.",
              hint.empty() ? "" : "did you mean " + hint + "?");
  }
  const char* written = s.is_table ? "TABLE" : "STREAM";
  const char* actual = existing->is_table ? "TABLE" : "STREAM";
  if (existing->is_table != s.is_table) {
    ThrowBind(s.name_pos,
              std::string("Incompatible data source type is ") + actual +
                  ", but statement was ALTER " + written,
              std::string("use ALTER ") + actual + " " + existing->name);
  }
  const char* noun = existing->is_table ? "table" : "stream";
  if (existing->is_source) {
    ThrowBind(s.name_pos, std::string("Cannot alter ") + noun + " '" + existing->name +
                              "': ALTER operations are not supported on source " + noun + "s.");
  }
  if (!existing->created_by_job.empty()) {
    ThrowBind(s.name_pos, "ALTER command is not supported for CREATE ... AS statements.");
  }

  SourceInfo altered = *existing;
  std::set<std::string> names;
  for (const ColumnDef& c : altered.schema.columns()) names.insert(AsciiUpper(c.name));
  for (const ColumnSpec& c : s.columns) {
    if (IsSystemColumnName(c.name)) {
      ThrowBind(c.pos, "'" + c.name + "' is a reserved column name. You cannot use it as a name "
                       "for a column.");
    }
    if (!names.insert(AsciiUpper(c.name)).second) {
      ThrowBind(c.pos, "Cannot add column `" + c.name +
                           "` to schema. A column with the same name already exists.");
    }
    altered.schema.Add(ColumnDef{c.name, c.type, ColumnRole::kValue, ""});
  }
  // The formats must still be able to carry the columns (e.g. KAFKA holds one value column);
  // this throws with ksqlDB's messages, as CREATE does. File and datagen sources have no
  // topic layout of their own.
  auto connector = altered.properties.find("CONNECTOR");
  bool external = connector != altered.properties.end() &&
                  AsciiUpper(connector->second) != "KAFKA";
  if (!external) MakeSourceLayout(altered);
  // Statements are stored without their ';': the history reads as a script.
  altered.sql = existing->sql + ";\n" + stmt.text;
  catalog_->CreateSource(altered, /*or_replace=*/true);
  sink.Notice(std::string(existing->is_table ? "Table " : "Stream ") + existing->name +
              " altered.");
}

}  // namespace riffle
