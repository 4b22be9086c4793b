#pragma once
// riffle's one definition of a secret, and the helpers that keep secrets out of what it prints
// and writes. A secret is the value of a property that holds a credential: a password, a private
// key, a token, a JAAS or OAUTHBEARER configuration. Whatever shows or stores statement text or
// property values (SET's notice, SHOW PROPERTIES, DESCRIBE, EXPLAIN, SHOW QUERIES, error messages,
// the shell's echo and history, `riffle run`'s stderr) asks IsSecretProperty, or redacts through
// RedactSql / RedactProperties, so that no two places disagree about what is secret.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace riffle {

// The mask shown instead of a secret value.
inline constexpr std::string_view kRedacted = "********";

// True when a property with this name (any case) holds a secret. The name may carry a prefix
// (`kafka.`, `ksql.streams.`, `ksql.streams.producer.`, ...): `kafka.ssl.key.pem` is a secret.
// Secrets are:
//  - every property librdkafka marks sensitive (_RK_SENSITIVE in src/rdkafka_conf.c):
//    ssl.key.location, ssl.key.password, ssl.key.pem, ssl.ca.pem, ssl.keystore.password,
//    sasl.username, sasl.password, sasl.oauthbearer.config, sasl.oauthbearer.client.secret,
//    sasl.oauthbearer.assertion.private.key.{file,passphrase,pem};
//  - names containing PASSWORD, PASSPHRASE, SECRET, TOKEN (but not a token endpoint's .url),
//    CREDENTIAL, JAAS, PRIVATE.KEY, APIKEY, USER.INFO or USER_INFO, and names ending in ".KEY" or
//    "_KEY": the Java clients' and Schema Registry's secrets (sasl.jaas.config,
//    ssl.truststore.password, basic.auth.user.info, API_KEY, ...);
//  - names containing SCHEMA.REGISTRY.URL, whose value may carry user info
//    (ksql.schema.registry.url='https://user:password@host').
// KEY_FORMAT, KEY_SCHEMA_ID, ssl.keystore.location and the like are not secrets.
bool IsSecretProperty(std::string_view name);

// A copy of `properties` with the value of every secret property replaced by kRedacted.
std::map<std::string, std::string> RedactProperties(
    const std::map<std::string, std::string>& properties);

// A copy of statement text with the string literal given to each secret property replaced by
// '********': `WITH (KAFKA_TOPIC='t', "sasl.password"='p')` keeps 't' and masks 'p', and so does
// `SET 'kafka.ssl.key.pem' = '...'`. The property name may be a bare identifier or quoted with
// ', " or `; between it and the literal there may be spaces, '=' and ':' (so a mistyped
// `SET 'x.password' 'p'` is masked too). Everything else is left as it is, byte for byte.
// When `offset` is given, it is an offset into `sql` on entry and the matching offset into the
// result on return (an offset inside a masked literal moves to the literal's start).
std::string RedactSql(std::string_view sql, size_t* offset = nullptr);

// `text` (an error message about `sql`, say) with every secret value that RedactSql masks in
// `sql` masked, whether quoted or not ("mismatched input ''p4ssw0rd''"), and then RedactSql'd.
std::string MaskSecretsOf(std::string_view sql, std::string_view text);

// True when `text` names a secret property anywhere: as an identifier, or as a quoted name
// without spaces. The shell keeps such statements out of its history altogether.
bool NamesSecretProperty(std::string_view text);

// `text` with every occurrence of `secret` replaced by kRedacted (unchanged when `secret` is
// empty). For messages from libraries that may quote a value they were given.
std::string MaskSecretValue(std::string_view text, std::string_view secret);

// Turns core dumps off for the rest of the process: RLIMIT_CORE 0, and PR_SET_DUMPABLE 0 (which
// also stops other processes of the same user from attaching with ptrace or reading
// /proc/<pid>/mem). Called whenever a secret is accepted (a SET, a --config file); a core file
// would hold every secret in memory. Never turned back on: UNSET does not wipe the freed memory
// that held the value, nor librdkafka's copies. Idempotent, thread-safe, never throws.
void KeepSecretsOutOfCoreDumps();

// True once KeepSecretsOutOfCoreDumps has run in this process.
bool CoreDumpsDisabled();

}  // namespace riffle
