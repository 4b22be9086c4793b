#pragma once
// Projection pushdown into the decoders: which value columns of a source a query reads. The
// others are marked FieldBinding::unread, so that the JSON and DELIMITED decoders check their
// values (a record that does not convert is still a bad record, as in ksqlDB) without
// materialising them: no string is copied for a URL column that the query never looks at.

#include <string>

#include "core/exec/source_layout.h"
#include "core/sql/ast.h"

namespace riffle {

// Marks unread every value field of `layout` that no part of `query` names: its select items,
// WHERE, GROUP BY, HAVING, PARTITION BY and join conditions. A bare `*` or `alias.*` select item
// reads every column of every source, and the TIMESTAMP column is always read (it gives event
// time). Names match case-insensitively and whatever their qualifier, so that a column is read
// whenever in doubt: an unread column's slot stays NULL, and nothing may look at it.
void MarkUnreadValueColumns(const Query& query, SourceLayout& layout);

// For EXPLAIN's Source line, when some value columns are unread: "decodes A, B; type-checks
// C, D"; empty when every value column is decoded.
std::string DescribeDecodedColumns(const SourceLayout& layout);

}  // namespace riffle
