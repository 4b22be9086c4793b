// fake-schema-registry: the Schema Registry stand-in (fake_schema_registry.h) as a process, for
// end-to-end tests of the riffle binary.
//   fake-schema-registry --port-file FILE [--auth USER:PASSWORD]
//                        [--schema SUBJECT ID TYPE SCHEMA_FILE]...
// Writes its port to FILE once it listens, then serves until SIGTERM or SIGINT.

#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "tests/registry/fake_schema_registry.h"

int main(int argc, char** argv) {
  std::string port_file, auth;
  struct Seed {
    std::string subject, id, type, file;
  };
  std::vector<Seed> seeds;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--port-file" && i + 1 < argc) {
      port_file = argv[++i];
    } else if (arg == "--auth" && i + 1 < argc) {
      auth = argv[++i];
    } else if (arg == "--schema" && i + 4 < argc) {
      seeds.push_back({argv[i + 1], argv[i + 2], argv[i + 3], argv[i + 4]});
      i += 4;
    } else {
      std::cerr << "usage: fake-schema-registry --port-file FILE [--auth USER:PASSWORD] "
                   "[--schema SUBJECT ID TYPE SCHEMA_FILE]...\n";
      return 2;
    }
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before the server's thread starts
  riffle::testing::FakeSchemaRegistry registry(auth);
  for (const Seed& seed : seeds) {
    std::ifstream in(seed.file);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      std::cerr << "cannot read " << seed.file << "\n";
      return 1;
    }
    registry.Add(seed.subject, text.str(), seed.type, std::stoi(seed.id));
  }
  {
    std::ofstream out(port_file + ".tmp");
    out << registry.port() << "\n";
  }
  std::rename((port_file + ".tmp").c_str(), port_file.c_str());
  int received = 0;
  sigwait(&signals, &received);
  return 0;
}
