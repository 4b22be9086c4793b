#pragma once
// What SET accepts. A name is one of riffle's own properties (they change what riffle does), a
// librdkafka client property with the `kafka.` prefix, or a ksqlDB property riffle accepts so
// that ksqlDB scripts run, although it changes nothing here. Any other name is an error with a
// suggestion: `SET 'auto.offset.rest'` must not succeed and do nothing.

#include <string>
#include <vector>

namespace riffle {

enum class SessionPropertyKind {
  kRiffle,        // auto.offset.reset, fail.on.*, ksql.persistence.*, riffle.changelog
  kKafkaClient,   // kafka.<librdkafka property>
  kKsqlNoEffect,  // a ksqlDB property (ksql.streams.*, ksql.functions.*, ksql.query.pull.*, ...)
  kUnknown,
};

// ksqlDB's spellings of riffle's properties (ksql.streams.auto.offset.reset, ...) mapped to
// riffle's; other names unchanged.
std::string CanonicalSessionProperty(const std::string& name);

// The kind of `name` (after CanonicalSessionProperty). Never throws.
SessionPropertyKind ClassifySessionProperty(const std::string& name);

// For an unknown name: "did you mean 'kafka.sasl.password'?" or the closest known name, or "".
std::string SuggestSessionProperty(const std::string& name);

}  // namespace riffle
