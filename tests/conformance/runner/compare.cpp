#include "tests/conformance/runner/compare.h"

#include <strings.h>

#include <cmath>
#include <deque>
#include <map>

#include "core/types/value.h"

namespace riffle::conformance {

namespace {

bool EqualsIgnoreCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && strncasecmp(a.c_str(), b.c_str(), a.size()) == 0;
}

bool NumbersMatch(const std::string& e, const std::string& a, const Type* type) {
  if (e == a) return true;
  TypeKind kind = type != nullptr ? type->kind : TypeKind::kNull;
  if (kind == TypeKind::kDecimal) {
    try {
      Decimal de = Decimal::Parse(e), da = Decimal::Parse(a);
      return de.unscaled == da.unscaled && de.scale == da.scale;
    } catch (const std::exception&) {
      return false;
    }
  }
  bool e_int = e.find_first_of(".eE") == std::string::npos;
  bool a_int = a.find_first_of(".eE") == std::string::npos;
  bool integral = kind == TypeKind::kInt || kind == TypeKind::kBigint || kind == TypeKind::kDate ||
                  kind == TypeKind::kTime || kind == TypeKind::kTimestamp;
  if (integral || (kind == TypeKind::kNull && e_int && a_int)) {
    try {
      return e_int && a_int && std::stoll(e) == std::stoll(a);
    } catch (const std::exception&) {
      return false;
    }
  }
  try {
    double de = std::stod(e), da = std::stod(a);
    return std::fabs(de - da) <= 1e-6 * std::max(1.0, std::fabs(de));
  } catch (const std::exception&) {
    return false;
  }
}

const Type* FieldType(const Type* type, const std::string& name) {
  if (type == nullptr) return nullptr;
  if (type->kind == TypeKind::kStruct) {
    int i = type->FieldIndex(name);
    return i < 0 ? nullptr : type->fields[i].type.get();
  }
  if (type->kind == TypeKind::kMap) return type->element.get();
  return nullptr;
}

std::string HeadersText(const std::optional<JNode>& headers) {
  return headers ? headers->Dump() : "[]";
}

bool HeadersMatch(const std::optional<JNode>& expected, const std::optional<JNode>& actual) {
  JNode e = expected.value_or(JNode::Array());
  JNode a = actual.value_or(JNode::Array());
  return JsonMatches(e, a, nullptr);
}

bool RecordMatches(const TestRecord& e, const TestRecord& a, const TopicTypes& types) {
  if (!JsonMatches(e.key, a.key, types.key)) return false;
  if (!JsonMatches(e.value, a.value, types.value)) return false;
  if (e.timestamp && a.timestamp.value_or(0) != *e.timestamp) return false;
  if (e.window.has_value() != a.window.has_value()) return false;
  if (e.window) {
    for (const char* field : {"start", "end"}) {
      const JNode* ew = e.window->Get(field);
      const JNode* aw = a.window->Get(field);
      if (ew == nullptr || aw == nullptr || !JsonMatches(*ew, *aw, nullptr)) return false;
    }
    std::string et = e.window->GetString("type"), at = a.window->GetString("type");
    if (!EqualsIgnoreCase(et, at)) return false;
  }
  return HeadersMatch(e.headers, a.headers);
}

}  // namespace

bool JsonMatches(const JNode& expected, const JNode& actual, const Type* type) {
  if (expected.is_number() && actual.is_number()) {
    return NumbersMatch(expected.text(), actual.text(), type);
  }
  // A DECIMAL may be written as a string on one side.
  if (type != nullptr && type->kind == TypeKind::kDecimal &&
      (expected.is_number() || expected.is_string()) &&
      (actual.is_number() || actual.is_string())) {
    return NumbersMatch(expected.text(), actual.text(), type);
  }
  if (expected.kind() != actual.kind()) return false;
  switch (expected.kind()) {
    case JNode::Kind::kNull:
      return true;
    case JNode::Kind::kBool:
      return expected.as_bool() == actual.as_bool();
    case JNode::Kind::kString:
      return expected.text() == actual.text();
    case JNode::Kind::kNumber:
      return false;  // handled above
    case JNode::Kind::kArray: {
      if (expected.items().size() != actual.items().size()) return false;
      const Type* element =
          type != nullptr && type->kind == TypeKind::kArray ? type->element.get() : nullptr;
      for (size_t i = 0; i < expected.items().size(); ++i) {
        if (!JsonMatches(expected.items()[i], actual.items()[i], element)) return false;
      }
      return true;
    }
    case JNode::Kind::kObject: {
      if (expected.members().size() != actual.members().size()) return false;
      for (const auto& [name, value] : expected.members()) {
        const JNode* match = actual.Get(name);
        if (match == nullptr) {
          for (const auto& [aname, avalue] : actual.members()) {
            if (EqualsIgnoreCase(aname, name)) match = &avalue;
          }
        }
        // As ksqlDB's comparator: same field count, and a field the actual record lacks reads
        // as null (so {"A": null} matches {"B": null}).
        JNode missing;
        if (match == nullptr) match = &missing;
        if (!JsonMatches(value, *match, FieldType(type, name))) return false;
      }
      return true;
    }
  }
  return false;
}

std::string RecordLine(const TestRecord& r) {
  std::string line = "key=" + r.key.Dump() + " value=" + r.value.Dump();
  if (r.timestamp) line += " timestamp=" + std::to_string(*r.timestamp);
  if (r.window) line += " window=" + r.window->Dump();
  if (r.headers) line += " headers=" + HeadersText(r.headers);
  return line;
}

std::string CompareTopic(const std::string& topic, const std::vector<TestRecord>& expected,
                         const std::vector<ActualRecord>& actual, const TopicTypes& types) {
  // Each partition's records in offset order; an expected record may come from
  // any partition's head, because records of different partitions have no order
  // relative to each other.
  std::map<int, std::deque<const ActualRecord*>> heads;
  for (const ActualRecord& a : actual) heads[a.partition].push_back(&a);
  size_t matched = 0;
  bool ok = true;
  for (const TestRecord& e : expected) {
    bool found = false;
    for (auto& [partition, queue] : heads) {
      if (!queue.empty() && RecordMatches(e, queue.front()->record, types)) {
        queue.pop_front();
        found = true;
        break;
      }
    }
    if (!found) {
      ok = false;
      break;
    }
    ++matched;
  }
  if (ok && matched == actual.size()) return "";

  std::string diff = "topic " + topic + ": expected " + std::to_string(expected.size()) +
                     " record(s), got " + std::to_string(actual.size());
  if (matched < expected.size()) {
    diff += "; first mismatch at expected record " + std::to_string(matched + 1);
  } else {
    diff += "; unexpected extra records";
  }
  diff += "\n    expected:";
  for (size_t i = 0; i < expected.size(); ++i) {
    diff += "\n      " + std::string(i == matched ? "> " : "  ") + RecordLine(expected[i]);
  }
  diff += "\n    actual:";
  for (const ActualRecord& a : actual) {
    diff += "\n        " + RecordLine(a.record);
    if (heads.size() > 1) diff += " (partition " + std::to_string(a.partition) + ")";
  }
  return diff;
}

}  // namespace riffle::conformance
