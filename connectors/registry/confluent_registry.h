#pragma once
// A Confluent Schema Registry over its REST API (riffle --schema-registry URL): the schemas of a
// real cluster's AVRO, PROTOBUF and JSON_SR topics. Used as riffle's SchemaRegistry instead of
// the catalog's when configured:
//   GET  /schemas/ids/{id}                    a writer schema (and its references, resolved)
//   GET  /subjects/{subject}/versions/latest  CREATE without columns
//   GET  /subjects/{subject}/versions/{v}     a protobuf schema's imports
//   POST /subjects/{subject}/versions         the schemas of sinks riffle writes
// Schemas by id never change, so they are kept for the process's life; a subject's latest
// version and an id the registry does not have are remembered for `cache_ttl_ms`. After the
// registry could not be reached, calls fail at once for `retry_after_ms` with the same error,
// so a job whose records name unknown ids does not wait a timeout per record.
//
// Thread safety: any method from any thread; requests run outside the cache's lock.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "catalog/schema_registry.h"

namespace riffle::registry {

struct SchemaRegistryOptions {
  std::string url;        // http(s)://host:port[/path], without user info
  std::string user_info;  // "user:password" for basic auth; empty: none. A secret.
  int timeout_ms = 10000;
  int cache_ttl_ms = 30000;
  int retry_after_ms = 2000;
};

// The options for `url` ("https://user:password@host:8081" moves "user:password", percent-
// decoded, into user_info; `user_info`, when not empty, takes precedence over the URL's).
// Of a comma-separated list, the first URL is used. A trailing '/' is dropped. Throws
// RiffleError(kConnector) for a URL that is not http:// or https:// with a host; the message
// never quotes user info.
SchemaRegistryOptions ParseSchemaRegistryUrl(const std::string& url,
                                             const std::string& user_info = "");

class ConfluentSchemaRegistry : public SchemaRegistry {
 public:
  explicit ConfluentSchemaRegistry(SchemaRegistryOptions options);

  // Throws RiffleError(kConnector) when the registry cannot be reached, refuses the
  // credentials (401, 403), answers something that is not a schema, or refuses the schema
  // (409 incompatible, 422 invalid) with its own message.
  int32_t RegisterSchema(const std::string& subject, const StoredSchema& schema) override;
  std::optional<StoredSchema> SchemaById(int32_t id) const override;
  std::optional<StoredSchema> LatestSchema(const std::string& subject) const override;
  bool IsShared() const override { return true; }
  std::string Describe() const override { return "the Schema Registry at " + options_.url; }

  const SchemaRegistryOptions& options() const { return options_; }

 private:
  using Clock = std::chrono::steady_clock;
  // GET (or POST `body`) `path`; nullopt for a 404. Throws as the public methods do.
  std::optional<std::string> Call(const std::string& path, const std::string* body) const;
  // The schema a registry answer describes (schema, schemaType, references resolved).
  StoredSchema ParseSchema(const std::string& body, const std::string& what, int depth) const;

  SchemaRegistryOptions options_;
  mutable std::mutex mu_;
  mutable std::map<int32_t, StoredSchema> by_id_;               // guarded by mu_
  mutable std::map<int32_t, Clock::time_point> missing_until_;  // guarded by mu_
  struct Latest {
    std::optional<StoredSchema> schema;
    Clock::time_point until;
  };
  mutable std::map<std::string, Latest> latest_;  // guarded by mu_
  mutable std::string unreachable_;               // guarded by mu_
  mutable Clock::time_point unreachable_until_;   // guarded by mu_
};

}  // namespace riffle::registry
