#include "tests/conformance/runner/rest_responses.h"

#include <regex>

#include "tests/conformance/runner/compare.h"
#include "tests/conformance/runner/record_codec.h"

namespace riffle::conformance {

namespace {

// ksqlDB's REST schemas spell INT as INTEGER.
std::string RestTypeName(const Type& type) {
  static const std::regex kInt("\\bINT\\b");
  return std::regex_replace(type.ToString(), kInt, "INTEGER");
}

JNode ActualQueryJson(const QueryResult& r) {
  std::vector<JNode> items;
  items.push_back(JNode::Object(
      {{"header", JNode::Object({{"schema", JNode::String(HeaderSchema(r.columns))}})}}));
  for (const auto& row : r.rows) {
    std::vector<JNode> columns;
    for (size_t i = 0; i < row.size() && i < r.columns.size(); ++i) {
      columns.push_back(ValueToJson(row[i], *r.columns[i].type));
    }
    items.push_back(
        JNode::Object({{"row", JNode::Object({{"columns", JNode::Array(std::move(columns))}})}}));
  }
  items.push_back(JNode::Object(
      {{"finalMessage", JNode::String(r.summary.empty() ? "Query Completed" : r.summary)}}));
  return JNode::Array(std::move(items));
}

// Whether the expected row `row` ({"columns": [...]}) is the actual row `actual`.
bool RowMatches(const JNode& row, const std::vector<Value>& actual,
                const std::vector<ResultColumn>& columns) {
  const JNode* expected = row.Get("columns");
  if (expected == nullptr || !expected->is_array() || expected->items().size() != actual.size() ||
      actual.size() > columns.size()) {
    return false;
  }
  for (size_t c = 0; c < actual.size(); ++c) {
    const Type& type = *columns[c].type;
    if (!JsonMatches(expected->items()[c], ValueToJson(actual[c], type), &type)) return false;
  }
  return true;
}

// The rows in order, or (verify_order false) as a multiset: each expected row takes the first
// unused actual row it matches.
bool RowsMatch(const std::vector<const JNode*>& expected, const QueryResult& actual,
               bool verify_order) {
  if (expected.size() != actual.rows.size()) return false;
  std::vector<bool> used(actual.rows.size(), false);
  for (size_t i = 0; i < expected.size(); ++i) {
    bool found = false;
    for (size_t j = verify_order ? i : 0; j < (verify_order ? i + 1 : actual.rows.size()); ++j) {
      if (used[j] || !RowMatches(*expected[i], actual.rows[j], actual.columns)) continue;
      used[j] = true;
      found = true;
      break;
    }
    if (!found) return false;
  }
  return true;
}

std::string CompareQuery(const JNode& expected, const QueryResult& actual, bool verify_order) {
  if (!expected.is_array()) return "expected query response is not a list";
  std::vector<const JNode*> rows;
  std::string header, final_message;
  for (const JNode& item : expected.items()) {
    if (const JNode* h = item.Get("header")) header = h->GetString("schema");
    if (const JNode* r = item.Get("row")) rows.push_back(r);
    if (const JNode* f = item.Get("finalMessage"); f != nullptr && f->is_string()) {
      final_message = f->text();
    }
  }
  bool ok = header.empty() || header == HeaderSchema(actual.columns);
  ok = ok && RowsMatch(rows, actual, verify_order);
  std::string actual_final = actual.summary.empty() ? "Query Completed" : actual.summary;
  ok = ok && (final_message.empty() || final_message == actual_final);
  if (ok) return "";
  return std::string("query response differs") + (verify_order ? " (rows in order)" : "") +
         "\n    expected: " + expected.Dump() + "\n    actual:   " + ActualQueryJson(actual).Dump();
}

}  // namespace

std::string HeaderSchema(const std::vector<ResultColumn>& columns) {
  std::string out;
  for (const ResultColumn& c : columns) {
    if (!out.empty()) out += ", ";
    out += "`" + c.name + "` " + RestTypeName(*c.type) + (c.key ? " KEY" : "");
  }
  return out;
}

std::string CompareResponses(const JNode& expected, const std::vector<RestResponse>& actual,
                             bool verify_order) {
  if (!expected.is_array()) return "";
  for (const JNode& e : expected.items()) {
    if (e.Get("queryProto") != nullptr) {
      return "protobuf-encoded query responses (queryProto) are not supported";
    }
  }
  if (expected.items().size() != actual.size()) {
    return "expected " + std::to_string(expected.items().size()) + " response(s), got " +
           std::to_string(actual.size());
  }
  for (size_t i = 0; i < actual.size(); ++i) {
    const JNode& e = expected.items()[i];
    const JNode* query = e.Get("query");
    if ((query != nullptr) != actual[i].is_query) {
      return "response " + std::to_string(i + 1) + ": expected " +
             (query != nullptr ? "a query result" : "a statement status") + ", got " +
             (actual[i].is_query ? "a query result" : "a statement status");
    }
    if (query != nullptr) {
      std::string diff = CompareQuery(*query, actual[i].result, verify_order);
      if (!diff.empty()) return "response " + std::to_string(i + 1) + ": " + diff;
    }
  }
  return "";
}

}  // namespace riffle::conformance
