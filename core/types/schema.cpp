// Schema lookups and ksqlDB's schema string.

#include "core/types/schema.h"

#include <cctype>

#include "core/common/text.h"

namespace riffle {
namespace {

}  // namespace

int Schema::Find(const std::string& name) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].name == name) return static_cast<int>(i);
  }
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (AsciiIEquals(columns_[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

std::vector<int> Schema::KeyIndexes() const {
  std::vector<int> out;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].role == ColumnRole::kKey) out.push_back(static_cast<int>(i));
  }
  return out;
}

std::vector<int> Schema::ValueIndexes() const {
  std::vector<int> out;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].role != ColumnRole::kKey) out.push_back(static_cast<int>(i));
  }
  return out;
}

std::string Schema::ToString(bool is_table) const {
  std::string s;
  for (size_t i = 0; i < columns_.size(); ++i) {
    const ColumnDef& c = columns_[i];
    if (i) s += ", ";
    s += c.name + " " + (c.type ? c.type->ToSqlString() : "NULL");
    if (c.role == ColumnRole::kKey) s += is_table ? " PRIMARY KEY" : " KEY";
    if (c.role == ColumnRole::kHeader) {
      s += c.header_key.empty() ? " HEADERS" : " HEADER('" + c.header_key + "')";
    }
  }
  return s;
}

}  // namespace riffle
