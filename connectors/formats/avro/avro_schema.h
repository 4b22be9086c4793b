#pragma once
// A parsed Avro schema as a tree of nodes, with the logical types avro-c drops (decimal, date,
// time-millis, timestamp-millis, ...). avro-c validates the text; nlohmann-json gives the tree.
// Codec plans (avro_plan.h) are compiled from these nodes.

#include <memory>
#include <string>
#include <vector>

#include "connectors/formats/format.h"
#include "core/common/nesting.h"
#include "core/types/type.h"

namespace riffle::formats::avro {

// How deep the encoder and decoder follow a schema's nodes. A column type level is at most four
// nodes (a nullable union, an array, a map entry record and its value), and types nest at most
// kMaxNestingDepth levels, so only a recursive schema reaches it.
inline constexpr int kMaxSchemaNodeDepth = 4 * kMaxNestingDepth;

enum class Kind : uint8_t {
  kNull, kBoolean, kInt, kLong, kFloat, kDouble, kBytes, kString,
  kRecord, kEnum, kArray, kMap, kUnion, kFixed,
};
enum class Logical : uint8_t {
  kNone, kDecimal, kDate, kTimeMillis, kTimeMicros, kTimestampMillis, kTimestampMicros,
};

struct Node;
struct NodeField {
  std::string name;
  const Node* type = nullptr;
  bool has_default = false;
  bool default_null = false;  // "default": null
};

struct Node {
  Kind kind = Kind::kNull;
  Logical logical = Logical::kNone;
  int precision = 0;  // decimal
  int scale = 0;      // decimal
  size_t fixed_size = 0;
  std::string full_name;                 // record / enum / fixed
  std::vector<NodeField> fields;         // record
  std::vector<std::string> symbols;      // enum
  const Node* items = nullptr;           // array items, map values
  std::vector<const Node*> branches;     // union
  bool map_entries = false;  // an array of {key: string, value: V} records (Connect's maps)

  // The index of the "null" branch of a union, or -1.
  int NullBranch() const;
  // For ["null", T] (either order) the T node; nullptr for other unions.
  const Node* OptionalOf() const;
};

// Owns the nodes of one schema (named types may be referenced many times, or recursively).
class Schema {
 public:
  // Parses and validates Avro schema JSON. Throws RiffleError(kBind) for invalid text.
  static std::shared_ptr<const Schema> Parse(const std::string& text);
  const Node& root() const { return *root_; }
  // The named record `full_name` (or plain name), or nullptr.
  const Node* FindRecord(const std::string& name) const;

 private:
  friend class Parser;
  std::vector<std::unique_ptr<Node>> nodes_;
  const Node* root_ = nullptr;
};

// The riffle type of an Avro node (["null",T] maps to T's type). Throws RiffleError(kBind)
// naming `context` for what riffle cannot represent.
TypePtr NodeType(const Node& node, const std::string& context);

// Connect's field name for a general union branch of this node.
std::string UnionBranchName(const Node& n);

// Default namespace and name of ksqlDB's derived schemas.
inline constexpr const char* kDefaultFullName = "io.confluent.ksql.avro_schemas.KsqlDataSourceSchema";

}  // namespace riffle::formats::avro
