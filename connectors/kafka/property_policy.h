#pragma once
// Which librdkafka properties riffle lets a user set, and on what terms. Every property in
// librdkafka's list (Debian's 2.0.2 and upstream's master, src/rdkafka_conf.c) was read and given
// a risk; the unit test fails when the linked librdkafka knows a property this table does not, so
// an upgrade cannot slip a new one past review. Properties that load code or run a command are
// refused unless riffle was started with --allow-unsafe-kafka-config; properties that name a file
// librdkafka reads (keys, certificates, CRLs, assertions) or writes must point inside riffle's data
// directory or an --allow-path directory, as the file connector's PATH must (connectors/file/
// path_policy.h): a SET or a shared script must not make riffle read ~/.ssh, or send a local file
// to a token endpoint. File properties are confined rather than refused because keys and
// certificates are how one reaches a TLS cluster: refusing them would push every such user to
// --allow-unsafe-kafka-config, which also lets code load. A --config file may also name files
// beside it. The same rules apply to SET 'kafka.<prop>', `--config` files and `riffle run`
// scripts; WITH clauses take no librdkafka properties at all.

#include <string>
#include <string_view>
#include <vector>

#include "connectors/file/path_policy.h"

namespace riffle::kafka {

// What a property can make librdkafka do besides talking to the brokers.
enum class KafkaPropertyRisk {
  kNone,           // tuning, identities, credentials given inline
  kLoadsCode,      // dlopen()s a library named by the value (plugins, OpenSSL engines/providers)
  kRunsCommand,    // sasl.kerberos.kinit.cmd: run by /bin/sh
  kKinitArgument,  // sasl.kerberos.principal: pasted unquoted into the default kinit command
  kKinitFile,      // sasl.kerberos.keytab: a file, pasted in double quotes into that command
  kReadsFile,      // a path librdkafka reads
  kWritesFile,     // offset.store.path: where the legacy file offset store writes
  kOffsetStore,    // offset.store.method: 'file' writes into offset.store.path (default ".")
  kFetchesUrl,     // sasl.oauthbearer.token.endpoint.url: fetched with libcurl, file:// too
  kNotReviewed,    // not in riffle's table (a newer librdkafka): treated as unsafe
};

// The risk of the property `name` (librdkafka's spelling, without riffle's `kafka.` prefix).
KafkaPropertyRisk RiskOf(std::string_view name);

// Every property name riffle's table has reviewed, sorted.
const std::vector<std::string>& ReviewedKafkaPropertyNames();

// Every property name the linked librdkafka accepts (from rd_kafka_conf_properties_show), sorted;
// for suggestions and for the test that keeps the table complete. Computed once; never throws.
const std::vector<std::string>& LinkedKafkaPropertyNames();

struct KafkaPropertyRules {
  bool allow_unsafe = false;  // --allow-unsafe-kafka-config: every property as given
  PathPolicy paths = {};      // where file properties may point; relative paths resolve here
};

// Checks `key` = `value` against the rules (not against librdkafka: see CheckKafkaProperty) and
// returns the value librdkafka should get: a file property's path resolved to an absolute,
// symlink-free path inside `rules.paths`; other values as given. With allow_unsafe, returns
// `value` unchanged. Throws RiffleError(kConnector) naming the property, why it is refused and
// how to allow it; never quotes the value of a secret property (core/common/secrets.h).
std::string ApplyKafkaPropertyRules(const std::string& key, const std::string& value,
                                    const KafkaPropertyRules& rules);

}  // namespace riffle::kafka
