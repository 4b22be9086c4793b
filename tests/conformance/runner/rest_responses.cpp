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

std::string CompareQuery(const JNode& expected, const QueryResult& actual) {
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
  ok = ok && rows.size() == actual.rows.size();
  for (size_t i = 0; ok && i < rows.size(); ++i) {
    const JNode* columns = rows[i]->Get("columns");
    if (columns == nullptr || !columns->is_array() ||
        columns->items().size() != actual.rows[i].size()) {
      ok = false;
      break;
    }
    for (size_t c = 0; ok && c < columns->items().size(); ++c) {
      const Type& type = *actual.columns[c].type;
      ok = JsonMatches(columns->items()[c], ValueToJson(actual.rows[i][c], type), &type);
    }
  }
  std::string actual_final = actual.summary.empty() ? "Query Completed" : actual.summary;
  ok = ok && (final_message.empty() || final_message == actual_final);
  if (ok) return "";
  return "query response differs\n    expected: " + expected.Dump() +
         "\n    actual:   " + ActualQueryJson(actual).Dump();
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

std::string CompareResponses(const JNode& expected, const std::vector<RestResponse>& actual) {
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
      std::string diff = CompareQuery(*query, actual[i].result);
      if (!diff.empty()) return "response " + std::to_string(i + 1) + ": " + diff;
    }
  }
  return "";
}

}  // namespace riffle::conformance
