// Engine::ListNames: the catalog's names for the shell's Tab completion.
#include <exception>

#include "core/engine/engine_impl.h"

namespace riffle {

CatalogNames EngineImpl::ListNames() {
  CatalogNames names;
  try {
    for (const SourceInfo& source : catalog_->ListSources()) {
      CatalogNames::Source s;
      s.name = source.name;
      s.topic = source.topic;
      s.is_table = source.is_table;
      for (const ColumnDef& column : source.schema.columns()) s.columns.push_back(column.name);
      names.sources.push_back(std::move(s));
    }
    for (const JobInfo& job : catalog_->ListJobs()) names.jobs.push_back(job.id);
  } catch (const std::exception&) {
    // Completion is a convenience: an unreadable catalog just completes
    // nothing.
  }
  for (const auto& [name, value] : DefaultProperties()) names.properties.push_back(name);
  return names;
}

}  // namespace riffle
