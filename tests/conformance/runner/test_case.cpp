#include "tests/conformance/runner/test_case.h"

#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace riffle::conformance {

namespace {

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

// Replaces `from` in every string of a JSON tree (formats appear in topics and post sections).
JNode ReplaceInTree(const JNode& n, const std::string& from, const std::string& to) {
  switch (n.kind()) {
    case JNode::Kind::kString:
      return JNode::String(ReplaceAll(n.text(), from, to));
    case JNode::Kind::kArray: {
      std::vector<JNode> items;
      for (const JNode& item : n.items()) items.push_back(ReplaceInTree(item, from, to));
      return JNode::Array(std::move(items));
    }
    case JNode::Kind::kObject: {
      std::vector<std::pair<std::string, JNode>> members;
      for (const auto& [k, v] : n.members()) members.emplace_back(k, ReplaceInTree(v, from, to));
      return JNode::Object(std::move(members));
    }
    default:
      return n;
  }
}

// A property value as SET takes it: strings as they are, other scalars as JSON text.
std::string ScalarText(const JNode& n) { return n.is_string() ? n.text() : n.Dump(); }

std::vector<TestRecord> ReadRecords(const JNode* list) {
  std::vector<TestRecord> out;
  if (list == nullptr || !list->is_array()) return out;
  for (const JNode& r : list->items()) {
    TestRecord rec;
    rec.topic = r.GetString("topic");
    if (const JNode* k = r.Get("key")) rec.key = *k;
    if (const JNode* v = r.Get("value")) rec.value = *v;
    if (const JNode* t = r.Get("timestamp"); t != nullptr && t->is_number()) {
      rec.timestamp = std::stoll(t->text());
    }
    if (const JNode* w = r.Get("window"); w != nullptr && !w->is_null()) rec.window = *w;
    if (const JNode* h = r.Get("headers"); h != nullptr && !h->is_null()) rec.headers = *h;
    out.push_back(std::move(rec));
  }
  return out;
}

// Builds the case from `test` (already substituted).
TestCase Build(const JNode& test, const std::string& file, const std::string& name, bool rest) {
  TestCase tc;
  tc.file = file;
  tc.name = name;
  tc.rest = rest;
  if (const JNode* e = test.Get("enabled"); e != nullptr && e->is_bool()) tc.enabled = e->as_bool();
  if (const JNode* st = test.Get("statements"); st != nullptr && st->is_array()) {
    for (const JNode& s : st->items()) {
      if (s.is_string()) tc.statements.push_back(s.text());
    }
  }
  if (const JNode* p = test.Get("properties"); p != nullptr && p->is_object()) {
    for (const auto& [k, v] : p->members()) tc.properties[k] = ScalarText(v);
  }
  if (const JNode* t = test.Get("topics"); t != nullptr && t->is_array()) {
    for (const JNode& topic : t->items()) {
      TestTopic tt;
      tt.name = topic.GetString("name");
      if (const JNode* p = topic.Get("partitions"); p != nullptr && p->is_number()) {
        tt.partitions = std::stoi(p->text());
        tt.partitions_given = true;
      }
      for (bool is_key : {true, false}) {
        const JNode* schema = topic.Get(is_key ? "keySchema" : "valueSchema");
        if (schema == nullptr || schema->is_null()) continue;
        TopicSchema ts;
        ts.format = topic.GetString(is_key ? "keyFormat" : "valueFormat");
        if (ts.format.empty()) ts.format = topic.GetString("format");
        for (auto& c : ts.format) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        ts.text = schema->is_string() ? schema->text() : schema->Dump();
        if (ts.format.empty()) {  // ksqlDB's harness defaults to AVRO; a .proto says syntax
          ts.format = ts.text.find("syntax") != std::string::npos ? "PROTOBUF" : "AVRO";
        }
        // An Avro schema may be a bare type name ("int"), which is the JSON string "int".
        if (ts.format == "AVRO" && schema->is_string() &&
            ts.text.find_first_of("{[\"") == std::string::npos) {
          ts.text = schema->Dump();
        }
        if (const JNode* id = topic.Get(is_key ? "keySchemaId" : "valueSchemaId");
            id != nullptr && id->is_number()) {
          ts.id = std::stoi(id->text());
        }
        if (const JNode* refs = topic.Get(is_key ? "keySchemaReferences" : "valueSchemaReferences");
            refs != nullptr && refs->is_array()) {
          for (const JNode& r : refs->items()) {
            const JNode* text = r.Get("schema");
            std::string body = text == nullptr ? "" : text->is_string() ? text->text() : text->Dump();
            ts.references.emplace_back(r.GetString("name"), body);
          }
        }
        (is_key ? tt.key_schema : tt.value_schema) = std::move(ts);
      }
      if (!tt.name.empty()) tc.topics.push_back(tt);
    }
  }
  tc.inputs = ReadRecords(test.Get("inputs"));
  tc.outputs = ReadRecords(test.Get("outputs"));
  tc.has_outputs = test.Get("outputs") != nullptr;
  const JNode* ex = test.Get("expectedException");
  if (ex == nullptr) ex = test.Get("expectedError");  // REST files
  if (ex != nullptr && ex->is_object()) {
    tc.expected_exception = ExpectedException{ex->GetString("type"), ex->GetString("message")};
  }
  if (const JNode* p = test.Get("post")) tc.post = *p;
  if (const JNode* r = test.Get("responses")) tc.responses = *r;
  if (const JNode* c = test.Get("outputConditions")) {
    const JNode* v = c->Get("verifyOrder");
    tc.verify_order = v != nullptr && v->is_bool() && v->as_bool();
  }
  return tc;
}

}  // namespace

std::vector<TestCase> LoadTestFile(const std::string& path, const std::string& relative_name,
                                   bool rest) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  JNode doc = ParseLenientJson(buf.str());
  const JNode* tests = doc.Get("tests");
  if (tests == nullptr || !tests->is_array()) {
    throw std::runtime_error(path + ": no \"tests\" array");
  }
  std::vector<TestCase> out;
  for (const JNode& test : tests->items()) {
    // Names are trimmed: passing.txt holds one per line, and a few names end in a space.
    std::string name = test.GetString("name", "(unnamed)");
    name.erase(name.find_last_not_of(" \t") + 1);
    std::string base = relative_name + " - " + name;
    const JNode* formats = test.Get("format");
    const JNode* configs = test.Get("config");
    if (formats != nullptr && formats->is_array() && !formats->items().empty()) {
      for (const JNode& f : formats->items()) {
        std::string fmt = ScalarText(f);
        out.push_back(
            Build(ReplaceInTree(test, "{FORMAT}", fmt), relative_name, base + " - " + fmt, rest));
      }
    } else if (configs != nullptr && configs->is_array() && !configs->items().empty()) {
      for (const JNode& c : configs->items()) {
        std::string value = ScalarText(c);
        out.push_back(Build(ReplaceInTree(test, "{CONFIG}", value), relative_name,
                            base + " - " + value, rest));
      }
    } else {
      out.push_back(Build(test, relative_name, base, rest));
    }
  }
  return out;
}

}  // namespace riffle::conformance
