#pragma once
// A stand-in for a Confluent Schema Registry, speaking the part of its REST API riffle uses:
//   GET  /schemas/ids/{id}
//   GET  /subjects/{subject}/versions/latest and /versions/{n}
//   POST /subjects/{subject}/versions
// with the registry's JSON bodies and error codes (40401 subject, 40402 version, 40403 schema),
// and optional basic auth (401 otherwise). One request per connection, on 127.0.0.1. For unit
// tests (in process) and end-to-end tests (tests/registry/fake_schema_registry_main.cpp).
//
// Thread safety: every method from any thread; requests are served on the server's own thread.

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace riffle::testing {

class FakeSchemaRegistry {
 public:
  struct Reference {
    std::string name, subject;
    int version = 0;
  };

  // Listens on 127.0.0.1:`port` (0: any free port). `user_info` ("user:password"), when not
  // empty, is required of every request. Throws std::runtime_error when it cannot listen.
  explicit FakeSchemaRegistry(std::string user_info = "", int port = 0);
  ~FakeSchemaRegistry();
  FakeSchemaRegistry(const FakeSchemaRegistry&) = delete;
  FakeSchemaRegistry& operator=(const FakeSchemaRegistry&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Adds `text` as the next version of `subject` under `id` (0: the next free id); returns the
  // id. `type` is AVRO, PROTOBUF or JSON.
  int Add(const std::string& subject, const std::string& text, const std::string& type = "AVRO",
          int id = 0, std::vector<Reference> references = {});
  // How many requests asked for `path` ("/schemas/ids/7"), and in all.
  int Requests(const std::string& path) const;
  int TotalRequests() const;
  // The subject's versions, oldest first, as ids.
  std::vector<int> Versions(const std::string& subject) const;

 private:
  struct Schema {
    std::string text, type;
    std::vector<Reference> references;
  };
  void Serve();
  void Handle(int fd);
  // Status and body for one request.
  std::pair<int, std::string> Answer(const std::string& method, const std::string& path,
                                     const std::string& body);
  std::string SchemaJson(int id, const std::string& subject, int version) const;

  std::string user_info_;
  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};
  int port_ = 0;
  mutable std::mutex mu_;
  std::map<int, Schema> schemas_;                     // guarded by mu_
  std::map<std::string, std::vector<int>> subjects_;  // guarded by mu_
  std::map<std::string, int> requests_;               // guarded by mu_
  int total_requests_ = 0;                            // guarded by mu_
  std::thread thread_;
};

}  // namespace riffle::testing
