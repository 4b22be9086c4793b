#pragma once
// Secrets (passwords, keys, tokens) given in WITH properties are stored in the catalog but must
// never appear in SHOW/DESCRIBE/EXPLAIN output, logs or history. These helpers mask them.

#include <map>
#include <string>
#include <string_view>

namespace riffle {

// The mask shown instead of a secret value.
inline constexpr std::string_view kRedacted = "********";

// True when a property with this name (any case) holds a secret: names containing PASSWORD,
// SECRET, TOKEN, CREDENTIAL, JAAS or USER.INFO/USER_INFO, and names ending in ".KEY" or "_KEY"
// (e.g. ssl.key.password, sasl.jaas.config, basic.auth.user.info, API_KEY). KEY_FORMAT and the
// like are not secrets.
bool IsSecretProperty(std::string_view name);

// A copy of `properties` with the value of every secret property replaced by kRedacted.
std::map<std::string, std::string> RedactProperties(
    const std::map<std::string, std::string>& properties);

// A copy of statement text with the string literal assigned to each secret property replaced by
// '********': `WITH (KAFKA_TOPIC='t', "sasl.password"='p')` keeps 't' and masks 'p'. The property
// name may be a bare identifier or quoted with ', " or `. Text that is not such an assignment is
// left as it is, byte for byte.
std::string RedactSql(std::string_view sql);

}  // namespace riffle
