#pragma once
// Where AVRO, PROTOBUF and JSON_SR schemas are registered and found: riffle's catalog (the
// default, Catalog implements this) or a Confluent Schema Registry over HTTP
// (connectors/registry/confluent_registry.h). Subjects are named as Confluent's serializers name
// them ("<topic>-key", "<topic>-value"); ids are what the wire framing carries.
//
// Thread safety: implementations may be called from any thread (jobs look up writer schemas
// while the shell registers new ones).

#include <cstdint>
#include <optional>
#include <string>

#include "catalog/catalog_types.h"

namespace riffle {

class SchemaRegistry {
 public:
  virtual ~SchemaRegistry() = default;

  // Registers `schema` under `subject` (a new version unless the subject's latest already is
  // this schema) and returns its id. Throws RiffleError when the registry refuses it or cannot
  // be reached.
  virtual int32_t RegisterSchema(const std::string& subject, const StoredSchema& schema) = 0;
  // The schema with this id; nullopt when the registry has none. Throws RiffleError
  // (kConnector for a remote registry) when the registry cannot be asked.
  virtual std::optional<StoredSchema> SchemaById(int32_t id) const = 0;
  // The subject's latest version; nullopt when the subject has none. Throws as SchemaById.
  virtual std::optional<StoredSchema> LatestSchema(const std::string& subject) const = 0;

  // True for a registry other clients share (a Schema Registry), false for riffle's own (the
  // catalog, which only knows the schemas riffle registered). With a shared registry, as ksqlDB
  // does with its registry:
  //  - a record whose writer schema id the registry lacks is bad, counted and logged like any
  //    decode failure (riffle's own reads it with the reader's schema instead, as other tools
  //    may have written the topic with ids of their own);
  //  - CREATE with declared columns registers their schema only under a new subject, so that
  //    exploring a topic never adds versions to its producers' subject;
  //  - records are written only with a registered schema, never with id 0.
  virtual bool IsShared() const { return false; }
  // Named in error messages: "the catalog's schema registry", "the Schema Registry at URL".
  virtual std::string Describe() const = 0;
};

}  // namespace riffle
