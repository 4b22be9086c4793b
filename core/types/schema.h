#pragma once
// The logical schema of a stream, table or intermediate result: ordered, named, typed columns,
// some of them key columns. Pseudo-columns (ROWTIME, ROWPARTITION, ROWOFFSET) are not part of a
// schema; every row carries them (see Batch).

#include <optional>
#include <string>
#include <vector>

#include "core/types/type.h"

namespace riffle {

enum class ColumnRole : uint8_t { kValue, kKey, kHeader };

struct ColumnDef {
  std::string name;  // as ksqlDB stores it: unquoted identifiers upper-cased
  TypePtr type;
  ColumnRole role = ColumnRole::kValue;
  std::string header_key;  // for kHeader columns bound to a single header ("HEADER('k')")
};

class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<ColumnDef> columns) : columns_(std::move(columns)) {}

  const std::vector<ColumnDef>& columns() const { return columns_; }
  size_t size() const { return columns_.size(); }
  const ColumnDef& operator[](size_t i) const { return columns_[i]; }
  void Add(ColumnDef c) { columns_.push_back(std::move(c)); }

  // Index of the column named `name` (exact, then case-insensitive), or -1.
  int Find(const std::string& name) const;
  std::vector<int> KeyIndexes() const;
  std::vector<int> ValueIndexes() const;

  // ksqlDB's schema string as used by DESCRIBE and the conformance post-conditions:
  // "ID BIGINT KEY, NAME STRING" (tables: "ID BIGINT PRIMARY KEY, ...").
  std::string ToString(bool is_table) const;

 private:
  std::vector<ColumnDef> columns_;
};

}  // namespace riffle
