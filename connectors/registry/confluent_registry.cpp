#include "connectors/registry/confluent_registry.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "connectors/registry/http_client.h"
#include "core/common/error.h"
#include "core/common/text.h"

namespace riffle::registry {

namespace {

constexpr const char* kMediaType = "application/vnd.schemaregistry.v1+json";
// How deep protobuf imports may nest before riffle stops following them (a cycle, say).
constexpr int kMaxReferenceDepth = 16;

[[noreturn]] void Fail(std::string message) {
  throw RiffleError(ErrorKind::kConnector, std::move(message));
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexDigit(text[i + 1]) >= 0 &&
        HexDigit(text[i + 2]) >= 0) {
      out += static_cast<char>(HexDigit(text[i + 1]) * 16 + HexDigit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The registry's own explanation in an error answer ({"error_code": 40401, "message": "..."}),
// or the start of the body when it is not one.
std::string RegistryMessage(const std::string& body, int* error_code = nullptr) {
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_object() && json.contains("message") && json["message"].is_string()) {
    if (error_code != nullptr && json.contains("error_code") &&
        json["error_code"].is_number_integer()) {
      *error_code = json["error_code"].get<int>();
    }
    return json["message"].get<std::string>();
  }
  return body.substr(0, 200);
}

}  // namespace

SchemaRegistryOptions ParseSchemaRegistryUrl(const std::string& urls,
                                             const std::string& user_info) {
  SchemaRegistryOptions options;
  // Confluent's clients take a comma-separated list and fail over; riffle uses the first.
  std::string url = urls.substr(0, urls.find(','));
  while (!url.empty() && url.back() == ' ') url.pop_back();
  while (!url.empty() && url.front() == ' ') url.erase(0, 1);
  size_t scheme_end = url.find("://");
  std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
  AsciiLowerInPlace(scheme);
  if (scheme != "http" && scheme != "https") {
    Fail(
        "the Schema Registry URL must start with http:// or https:// (e.g. "
        "http://localhost:8081)");
  }
  std::string rest = url.substr(scheme_end + 3);
  size_t authority_end = rest.find_first_of("/?#");
  std::string authority = rest.substr(0, authority_end);
  std::string path = authority_end == std::string::npos ? "" : rest.substr(authority_end);
  if (size_t at = authority.rfind('@'); at != std::string::npos) {
    options.user_info = PercentDecode(authority.substr(0, at));
    authority = authority.substr(at + 1);
  }
  if (authority.empty()) Fail("the Schema Registry URL names no host");
  if (path.find_first_of("?#") != std::string::npos) {
    Fail("the Schema Registry URL must not have a query or fragment");
  }
  while (!path.empty() && path.back() == '/') path.pop_back();
  options.url = scheme + "://" + authority + path;
  if (!user_info.empty()) options.user_info = user_info;
  return options;
}

ConfluentSchemaRegistry::ConfluentSchemaRegistry(SchemaRegistryOptions options)
    : options_(std::move(options)) {}

std::optional<std::string> ConfluentSchemaRegistry::Call(const std::string& path,
                                                         const std::string* body) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!unreachable_.empty() && Clock::now() < unreachable_until_) Fail(unreachable_);
  }
  HttpRequest request;
  request.url = options_.url + path;
  request.accept = kMediaType;
  request.user_info = options_.user_info;
  request.timeout_ms = options_.timeout_ms;
  if (body != nullptr) {
    request.method = "POST";
    request.body = *body;
    request.content_type = kMediaType;
  }
  HttpResponse response;
  try {
    response = HttpCall(request);
  } catch (const RiffleError& e) {
    std::lock_guard<std::mutex> lock(mu_);
    unreachable_ =
        Describe() + " is unreachable (" + request.method + " " + path + "): " + e.message();
    unreachable_until_ = Clock::now() + std::chrono::milliseconds(options_.retry_after_ms);
    Fail(unreachable_);
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    unreachable_.clear();
  }
  const std::string what = request.method + " " + path;
  if (response.status == 200) return std::move(response.body);
  int error_code = 0;
  std::string message = RegistryMessage(response.body, &error_code);
  if (response.status == 404 && error_code / 100 == 404) return std::nullopt;
  if (response.status == 401) {
    Fail(Describe() + " refused the credentials (401 Unauthorized)" +
         (options_.user_info.empty() ? ": it needs a user and password (--schema-registry-user, or "
                                       "basic.auth.user.info in the --config file)"
                                     : ": check the user and password"));
  }
  if (response.status == 403) Fail(Describe() + " denied " + what + " (403 Forbidden)");
  if (response.status == 404) {
    Fail(Describe() + " answered 404 to " + what + " (is the URL a Schema Registry's?)");
  }
  Fail(Describe() + " answered " + std::to_string(response.status) + " to " + what + ": " +
       message);
}

StoredSchema ConfluentSchemaRegistry::ParseSchema(const std::string& body, const std::string& what,
                                                  int depth) const {
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("schema") || !json["schema"].is_string()) {
    Fail(Describe() + " answered " + what + " with something that is not a schema");
  }
  StoredSchema schema;
  schema.text = json["schema"].get<std::string>();
  schema.format = "AVRO";  // the registry leaves schemaType out for Avro
  if (json.contains("schemaType") && json["schemaType"].is_string()) {
    schema.format = json["schemaType"].get<std::string>();
  }
  if (json.contains("id") && json["id"].is_number_integer()) schema.id = json["id"].get<int32_t>();
  if (!json.contains("references") || !json["references"].is_array()) return schema;
  for (const auto& ref : json["references"]) {
    if (!ref.is_object() || !ref.contains("name") || !ref.contains("subject") ||
        !ref.contains("version") || !ref["name"].is_string() || !ref["subject"].is_string() ||
        !ref["version"].is_number_integer()) {
      Fail(Describe() + " answered " + what + " with a malformed schema reference");
    }
    if (depth >= kMaxReferenceDepth) {
      Fail(Describe() + ": schema references nest deeper than " +
           std::to_string(kMaxReferenceDepth) + " levels at " + what);
    }
    std::string ref_path = "/subjects/" + UrlEncodePathSegment(ref["subject"]) + "/versions/" +
                           std::to_string(ref["version"].get<int>());
    std::optional<std::string> ref_body = Call(ref_path, nullptr);
    if (!ref_body) {
      Fail(Describe() + " has no " + ref_path + ", which schema reference '" +
           ref["name"].get<std::string>() + "' names");
    }
    StoredSchema imported = ParseSchema(*ref_body, "GET " + ref_path, depth + 1);
    // Imports first, each name once: what the protobuf importer needs to find them.
    for (auto& nested : imported.references) {
      bool known = false;
      for (const auto& have : schema.references) known = known || have.first == nested.first;
      if (!known) schema.references.push_back(std::move(nested));
    }
    bool known = false;
    for (const auto& have : schema.references) known = known || have.first == ref["name"];
    if (!known) schema.references.emplace_back(ref["name"].get<std::string>(), imported.text);
  }
  return schema;
}

std::optional<StoredSchema> ConfluentSchemaRegistry::SchemaById(int32_t id) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = by_id_.find(id); it != by_id_.end()) return it->second;
    if (auto it = missing_until_.find(id); it != missing_until_.end()) {
      if (Clock::now() < it->second) return std::nullopt;
      missing_until_.erase(it);
    }
  }
  std::string path = "/schemas/ids/" + std::to_string(id);
  std::optional<std::string> body = Call(path, nullptr);
  if (!body) {
    std::lock_guard<std::mutex> lock(mu_);
    missing_until_[id] = Clock::now() + std::chrono::milliseconds(options_.cache_ttl_ms);
    return std::nullopt;
  }
  StoredSchema schema = ParseSchema(*body, "GET " + path, 0);
  schema.id = id;
  std::lock_guard<std::mutex> lock(mu_);
  by_id_[id] = schema;
  return schema;
}

std::optional<StoredSchema> ConfluentSchemaRegistry::LatestSchema(
    const std::string& subject) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = latest_.find(subject); it != latest_.end() && Clock::now() < it->second.until) {
      return it->second.schema;
    }
  }
  std::string path = "/subjects/" + UrlEncodePathSegment(subject) + "/versions/latest";
  std::optional<std::string> body = Call(path, nullptr);
  std::optional<StoredSchema> schema;
  if (body) {
    schema = ParseSchema(*body, "GET " + path, 0);
    if (schema->id <= 0) Fail(Describe() + " answered GET " + path + " without a schema id");
  }
  std::lock_guard<std::mutex> lock(mu_);
  latest_[subject] = {schema, Clock::now() + std::chrono::milliseconds(options_.cache_ttl_ms)};
  if (schema) by_id_.emplace(schema->id, *schema);
  return schema;
}

int32_t ConfluentSchemaRegistry::RegisterSchema(const std::string& subject,
                                                const StoredSchema& schema) {
  if (!schema.references.empty()) {
    // The registry names references by subject and version, which riffle's schemas lack.
    Fail("riffle cannot register a schema with imports in " + Describe() + " (subject '" + subject +
         "')");
  }
  nlohmann::json request = {{"schema", schema.text}};
  if (!schema.format.empty() && schema.format != "AVRO") request["schemaType"] = schema.format;
  std::string body = request.dump();
  std::string path = "/subjects/" + UrlEncodePathSegment(subject) + "/versions";
  std::optional<std::string> answer = Call(path, &body);
  if (!answer) Fail(Describe() + " answered 404 to POST " + path);
  auto json = nlohmann::json::parse(*answer, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("id") || !json["id"].is_number_integer()) {
    Fail(Describe() + " answered POST " + path + " without a schema id");
  }
  StoredSchema registered = schema;
  registered.id = json["id"].get<int32_t>();
  std::lock_guard<std::mutex> lock(mu_);
  by_id_[registered.id] = registered;
  missing_until_.erase(registered.id);
  latest_.erase(subject);
  return registered.id;
}

}  // namespace riffle::registry
