#include "tests/registry/fake_schema_registry.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace riffle::testing {

namespace {

std::string Base64(const std::string& in) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int s : {18, 12, 6, 0}) out += kAlphabet[(n >> s) & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t n = uint8_t(in[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    for (int s : {18, 12, 6}) out += kAlphabet[(n >> s) & 63];
    out += '=';
  }
  return out;
}

std::string PercentDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string Error(int code, const std::string& message) {
  return nlohmann::json{{"error_code", code}, {"message", message}}.dump();
}

bool SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

FakeSchemaRegistry::FakeSchemaRegistry(std::string user_info, int port)
    : user_info_(std::move(user_info)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket failed");
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
      ::pipe(wake_) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error(std::string("cannot listen: ") + std::strerror(errno));
  }
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

FakeSchemaRegistry::~FakeSchemaRegistry() {
  char byte = 0;
  (void)!::write(wake_[1], &byte, 1);
  thread_.join();
  ::close(listen_fd_);
  ::close(wake_[0]);
  ::close(wake_[1]);
}

int FakeSchemaRegistry::Add(const std::string& subject, const std::string& text,
                            const std::string& type, int id, std::vector<Reference> references) {
  std::lock_guard<std::mutex> lock(mu_);
  if (id == 0) id = schemas_.empty() ? 1 : schemas_.rbegin()->first + 1;
  schemas_[id] = {text, type, std::move(references)};
  subjects_[subject].push_back(id);
  return id;
}

int FakeSchemaRegistry::Requests(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = requests_.find(path);
  return it == requests_.end() ? 0 : it->second;
}

int FakeSchemaRegistry::TotalRequests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return total_requests_;
}

std::vector<int> FakeSchemaRegistry::Versions(const std::string& subject) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = subjects_.find(subject);
  return it == subjects_.end() ? std::vector<int>{} : it->second;
}

void FakeSchemaRegistry::Serve() {
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents != 0) return;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    Handle(fd);
    ::close(fd);
  }
}

void FakeSchemaRegistry::Handle(int fd) {
  std::string data;
  size_t header_end = std::string::npos;
  size_t content_length = 0;
  char buffer[4096];
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return;
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return;
    data.append(buffer, static_cast<size_t>(n));
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end == std::string::npos) continue;
      std::string lower = data.substr(0, header_end);
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (size_t at = lower.find("content-length:"); at != std::string::npos) {
        content_length = std::stoul(lower.substr(at + 15));
      }
    }
    if (data.size() >= header_end + 4 + content_length) break;
  }
  std::string headers = data.substr(0, header_end);
  std::string body = data.substr(header_end + 4, content_length);
  size_t sp1 = headers.find(' ');
  size_t sp2 = headers.find(' ', sp1 + 1);
  std::string method = headers.substr(0, sp1);
  std::string path = headers.substr(sp1 + 1, sp2 - sp1 - 1);
  int status = 0;
  std::string answer;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++requests_[path];
    ++total_requests_;
  }
  std::string authorization;
  for (size_t at = headers.find("\r\n"); at != std::string::npos;) {
    size_t end = headers.find("\r\n", at + 2);
    std::string line = headers.substr(at + 2, end == std::string::npos ? end : end - at - 2);
    std::string name = line.substr(0, line.find(':'));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "authorization" && line.size() > name.size() + 2) {
      authorization = line.substr(name.size() + 2);
    }
    at = end;
  }
  if (!user_info_.empty() && authorization != "Basic " + Base64(user_info_)) {
    status = 401;
    answer = Error(40101, "Unauthorized");
  } else {
    std::tie(status, answer) = Answer(method, path, body);
  }
  std::string reason = status == 200 ? "OK" : status == 401 ? "Unauthorized" : "Error";
  SendAll(fd, "HTTP/1.1 " + std::to_string(status) + " " + reason +
                  "\r\nContent-Type: application/vnd.schemaregistry.v1+json\r\nContent-Length: " +
                  std::to_string(answer.size()) + "\r\nConnection: close\r\n\r\n" + answer);
}

std::string FakeSchemaRegistry::SchemaJson(int id, const std::string& subject, int version) const {
  const Schema& s = schemas_.at(id);
  nlohmann::json out = {{"schema", s.text}};
  if (!subject.empty()) {
    out["subject"] = subject;
    out["version"] = version;
    out["id"] = id;
  }
  if (s.type != "AVRO") out["schemaType"] = s.type;
  if (!s.references.empty()) {
    out["references"] = nlohmann::json::array();
    for (const auto& r : s.references) {
      out["references"].push_back(
          {{"name", r.name}, {"subject", r.subject}, {"version", r.version}});
    }
  }
  return out.dump();
}

std::pair<int, std::string> FakeSchemaRegistry::Answer(const std::string& method,
                                                       const std::string& path,
                                                       const std::string& body) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string ids = "/schemas/ids/";
  if (method == "GET" && path.rfind(ids, 0) == 0) {
    int id = std::atoi(path.c_str() + ids.size());
    if (!schemas_.count(id)) {
      return {404, Error(40403, "Schema " + std::to_string(id) + " not found")};
    }
    return {200, SchemaJson(id, "", 0)};
  }
  const std::string subjects = "/subjects/";
  size_t versions = path.find("/versions");
  if (path.rfind(subjects, 0) != 0 || versions == std::string::npos) {
    return {404, Error(404, "HTTP 404 Not Found")};
  }
  std::string subject = PercentDecode(path.substr(subjects.size(), versions - subjects.size()));
  std::string rest = path.substr(versions + 9);
  if (method == "POST" && rest.empty()) {
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (!json.is_object() || !json.contains("schema") || !json["schema"].is_string()) {
      return {422, Error(42201, "Invalid schema")};
    }
    std::string type = json.value("schemaType", "AVRO");
    std::string text = json["schema"].get<std::string>();
    int found = 0;
    for (const auto& [id, s] : schemas_) {
      if (s.text == text && s.type == type) found = id;
    }
    if (found == 0) {
      found = schemas_.empty() ? 1 : schemas_.rbegin()->first + 1;
      schemas_[found] = {text, type, {}};
    }
    auto& list = subjects_[subject];
    if (list.empty() || list.back() != found) list.push_back(found);
    return {200, nlohmann::json{{"id", found}}.dump()};
  }
  auto it = subjects_.find(subject);
  if (method != "GET" || it == subjects_.end()) {
    return {404, Error(40401, "Subject '" + subject + "' not found.")};
  }
  int version = rest == "/latest" ? static_cast<int>(it->second.size())
                                  : (rest.size() > 1 ? std::atoi(rest.c_str() + 1) : 0);
  if (version < 1 || version > static_cast<int>(it->second.size())) {
    return {404, Error(40402, "Version not found.")};
  }
  return {200, SchemaJson(it->second[version - 1], subject, version)};
}

}  // namespace riffle::testing
