#pragma once
// Which WITH properties each statement takes, checked before anything else is done with them:
// an unknown name is an error naming it (with a suggestion), never stored and ignored.
//  - CREATE STREAM/TABLE: ksqlDB's source properties, plus the file and datagen connectors'.
//  - CREATE STREAM/TABLE ... AS SELECT: ksqlDB's CREATE AS properties (no WINDOW_TYPE or
//    WINDOW_SIZE: the query decides those), plus CONNECTOR, PATH and HEADER for a file sink.
//  - INSERT INTO ... SELECT: QUERY_ID.
// None takes librdkafka properties: those are SET 'kafka.<prop>' or --config.

#include "core/sql/ast.h"

namespace riffle {

enum class WithClause { kCreateSource, kCreateAsSelect, kInsertSelect };

// Throws RiffleError(kBind) at the name of the first property `clause` does not take, with a
// suggestion ("did you mean KAFKA_TOPIC?") or the list of properties it takes.
void ValidateWithProperties(const Properties& props, WithClause clause);

}  // namespace riffle
