#pragma once
// ksqlDB's rules for the TIMESTAMP and TIMESTAMP_FORMAT WITH properties
// (TimestampExtractionPolicyFactory): which column may give a row its event time. The same rules
// apply to a source declared with CREATE STREAM/TABLE and to the sink of a CSAS/CTAS, whose
// TIMESTAMP names a column of the query's result.

#include <optional>
#include <string>

#include "core/common/error.h"
#include "core/types/schema.h"

namespace riffle {

// Checks that `column` (as written in WITH, any case) may be the TIMESTAMP column of `schema`
// with `format` (TIMESTAMP_FORMAT, nullopt when not given): a BIGINT or TIMESTAMP column without
// a format, or a STRING column with a format that compiles as a java.time pattern; key columns
// count. Returns the column's index, or throws RiffleError(kBind) with ksqlDB's message for a
// refused one, pointing at `pos`.
int ResolveTimestampColumn(const Schema& schema, const std::string& column,
                           const std::optional<std::string>& format, SourcePos pos);

}  // namespace riffle
