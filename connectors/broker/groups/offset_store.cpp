#include "connectors/broker/groups/offset_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "core/common/error.h"

namespace riffle::broker {
namespace {

constexpr const char* kFileName = "offsets.log";
constexpr size_t kFrameHeaderBytes = 8;
// A payload is a few strings of at most 64 KiB each: anything larger is garbage, not a record.
constexpr uint32_t kMaxPayloadBytes = 1u << 20;
// Rewrite at Open when the file holds this many times more records than live entries (and is
// not tiny), so a long-lived group that commits every second does not grow the file forever.
constexpr int64_t kCompactRatio = 4;
constexpr int64_t kCompactMinRecords = 1000;

enum RecordType : uint8_t { kCommit = 1, kDeleteOffset = 2, kDeleteGroup = 3, kGroupType = 4 };

uint32_t Crc32(std::string_view data) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (char ch : data) crc = table[(crc ^ static_cast<uint8_t>(ch)) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

void PutU16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v));
}
void PutU32(std::string* out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out->push_back(static_cast<char>(v >> s));
}
void PutU64(std::string* out, uint64_t v) {
  for (int s = 56; s >= 0; s -= 8) out->push_back(static_cast<char>(v >> s));
}
void PutStr(std::string* out, std::string_view s) {
  // Kafka strings are at most 32767 bytes, so the u16 length always fits.
  PutU16(out, static_cast<uint16_t>(s.size()));
  out->append(s);
}

// Bounds-checked cursor over one payload.
class Cursor {
 public:
  explicit Cursor(std::string_view d) : d_(d) {}
  bool ok() const { return ok_; }
  bool done() const { return pos_ == d_.size(); }
  uint64_t Uint(int bytes) {
    if (!ok_ || d_.size() - pos_ < static_cast<size_t>(bytes)) {
      ok_ = false;
      return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<uint8_t>(d_[pos_++]);
    return v;
  }
  std::string Str(size_t n) {
    if (!ok_ || d_.size() - pos_ < n) {
      ok_ = false;
      return {};
    }
    std::string s(d_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::string Str() { return Str(static_cast<size_t>(Uint(2))); }

 private:
  std::string_view d_;
  size_t pos_ = 0;
  bool ok_ = true;
};

std::string Frame(const std::string& payload) {
  std::string out;
  out.reserve(payload.size() + kFrameHeaderBytes);
  PutU32(&out, static_cast<uint32_t>(payload.size()));
  PutU32(&out, Crc32(payload));
  out += payload;
  return out;
}

std::string CommitPayload(const std::string& group, const TopicPartitionKey& key,
                          const CommittedOffset& c) {
  std::string p;
  p.push_back(static_cast<char>(kCommit));
  PutStr(&p, group);
  PutStr(&p, key.first);
  PutU32(&p, static_cast<uint32_t>(key.second));
  PutU64(&p, static_cast<uint64_t>(c.offset));
  PutU32(&p, static_cast<uint32_t>(c.leader_epoch));
  if (c.metadata) {
    p.push_back(1);
    PutU32(&p, static_cast<uint32_t>(c.metadata->size()));
    p += *c.metadata;
  } else {
    p.push_back(0);
  }
  PutU64(&p, static_cast<uint64_t>(c.commit_time_ms));
  return p;
}

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool ReadFile(int fd, std::string* out) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) return true;
    out->append(buf, static_cast<size_t>(n));
  }
}

void FsyncDir(const std::string& dir) {
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

[[noreturn]] void Fail(const std::string& msg) {
  throw RiffleError(ErrorKind::kConnector, "group offsets: " + msg);
}

}  // namespace

std::unique_ptr<OffsetStore> OffsetStore::Open(const std::string& dir, RecoveryNotes* notes) {
  RecoveryNotes local;
  if (notes == nullptr) notes = &local;
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) Fail(Errno("cannot create " + dir));
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) Fail(dir + " is not a directory");

  const std::string path = dir + "/" + kFileName;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) Fail(Errno("cannot open " + path));
  auto store = std::make_unique<OffsetStore>(Key(), dir, fd);

  std::string data;
  if (!ReadFile(fd, &data)) Fail(Errno("cannot read " + path));

  size_t pos = 0;
  while (data.size() - pos >= kFrameHeaderBytes) {
    Cursor header(std::string_view(data).substr(pos, kFrameHeaderBytes));
    uint32_t len = static_cast<uint32_t>(header.Uint(4));
    uint32_t crc = static_cast<uint32_t>(header.Uint(4));
    if (len > kMaxPayloadBytes || data.size() - pos - kFrameHeaderBytes < len) break;
    std::string_view payload = std::string_view(data).substr(pos + kFrameHeaderBytes, len);
    if (Crc32(payload) != crc || !store->Apply(payload)) break;
    pos += kFrameHeaderBytes + len;
    ++notes->records;
  }
  if (pos < data.size()) {
    notes->truncated_bytes = static_cast<int64_t>(data.size() - pos);
    notes->notes.push_back(path + ": cut " + std::to_string(data.size() - pos) +
                           " bytes of torn or corrupt tail at byte " + std::to_string(pos));
    if (::ftruncate(fd, static_cast<off_t>(pos)) != 0) Fail(Errno("cannot truncate " + path));
    ::fsync(fd);
  }

  int64_t live = store->LiveEntries();
  if (notes->records >= kCompactMinRecords && notes->records > kCompactRatio * live) {
    // Rewrite with only the live set; the old file stays whole until the rename.
    std::string out;
    for (const auto& [group, g] : store->groups_) {
      if (!g.protocol_type.empty()) {
        std::string p;
        p.push_back(static_cast<char>(kGroupType));
        PutStr(&p, group);
        PutStr(&p, g.protocol_type);
        out += Frame(p);
      }
      for (const auto& [key, c] : g.offsets) out += Frame(CommitPayload(group, key, c));
    }
    const std::string tmp = path + ".tmp";
    int tfd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (tfd < 0) Fail(Errno("cannot create " + tmp));
    bool ok = WriteAll(tfd, out) && ::fsync(tfd) == 0;
    ::close(tfd);
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
      ::unlink(tmp.c_str());
      Fail(Errno("cannot rewrite " + path));
    }
    FsyncDir(dir);
    ::close(store->fd_);
    store->fd_ = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC, 0600);
    if (store->fd_ < 0) Fail(Errno("cannot reopen " + path));
    notes->compacted = true;
    notes->notes.push_back(path + ": rewrote " + std::to_string(notes->records) + " records as " +
                           std::to_string(live));
  }
  notes->groups = static_cast<int64_t>(store->groups_.size());
  notes->offsets = live;
  return store;
}

OffsetStore::~OffsetStore() { Close(); }

int64_t OffsetStore::LiveEntries() const {
  int64_t n = 0;
  for (const auto& [_, g] : groups_) n += static_cast<int64_t>(g.offsets.size());
  return n;
}

bool OffsetStore::Apply(std::string_view payload) {
  Cursor c(payload);
  auto type = static_cast<uint8_t>(c.Uint(1));
  std::string group = c.Str();
  switch (type) {
    case kCommit: {
      std::string topic = c.Str();
      auto partition = static_cast<int32_t>(c.Uint(4));
      CommittedOffset co;
      co.offset = static_cast<int64_t>(c.Uint(8));
      co.leader_epoch = static_cast<int32_t>(c.Uint(4));
      if (c.Uint(1) != 0) co.metadata = c.Str(static_cast<size_t>(c.Uint(4)));
      co.commit_time_ms = static_cast<int64_t>(c.Uint(8));
      if (!c.ok() || !c.done()) return false;
      groups_[group].offsets[{topic, partition}] = std::move(co);
      return true;
    }
    case kDeleteOffset: {
      std::string topic = c.Str();
      auto partition = static_cast<int32_t>(c.Uint(4));
      if (!c.ok() || !c.done()) return false;
      auto it = groups_.find(group);
      if (it != groups_.end()) {
        it->second.offsets.erase({topic, partition});
        if (it->second.offsets.empty() && it->second.protocol_type.empty()) groups_.erase(it);
      }
      return true;
    }
    case kDeleteGroup:
      if (!c.ok() || !c.done()) return false;
      groups_.erase(group);
      return true;
    case kGroupType: {
      std::string type_name = c.Str();
      if (!c.ok() || !c.done()) return false;
      groups_[group].protocol_type = std::move(type_name);
      return true;
    }
    default:
      return false;
  }
}

bool OffsetStore::AppendPayloads(const std::vector<std::string>& payloads, std::string* error) {
  if (fd_ < 0) {
    *error = "offset store is closed";
    return false;
  }
  std::string bytes;
  for (const auto& p : payloads) bytes += Frame(p);
  off_t before = ::lseek(fd_, 0, SEEK_END);
  if (before < 0 || !WriteAll(fd_, bytes)) {
    *error = Errno("cannot write " + dir_ + "/" + kFileName);
    // Cut a partial record off so a later append does not follow garbage (recovery would stop
    // at the garbage and lose what came after it).
    if (before >= 0 && ::ftruncate(fd_, before) != 0) {
      *error += "; cannot truncate the partial write";
    }
    return false;
  }
  dirty_ = true;
  for (const auto& p : payloads) Apply(p);
  return true;
}

bool OffsetStore::AppendCommits(
    const std::string& group,
    const std::vector<std::pair<TopicPartitionKey, CommittedOffset>>& commits, std::string* error) {
  std::vector<std::string> payloads;
  payloads.reserve(commits.size());
  for (const auto& [key, c] : commits) payloads.push_back(CommitPayload(group, key, c));
  return AppendPayloads(payloads, error);
}

bool OffsetStore::AppendDeleteOffsets(const std::string& group,
                                      const std::vector<TopicPartitionKey>& keys,
                                      std::string* error) {
  std::vector<std::string> payloads;
  for (const auto& key : keys) {
    std::string p;
    p.push_back(static_cast<char>(kDeleteOffset));
    PutStr(&p, group);
    PutStr(&p, key.first);
    PutU32(&p, static_cast<uint32_t>(key.second));
    payloads.push_back(std::move(p));
  }
  return AppendPayloads(payloads, error);
}

bool OffsetStore::AppendDeleteGroup(const std::string& group, std::string* error) {
  std::string p;
  p.push_back(static_cast<char>(kDeleteGroup));
  PutStr(&p, group);
  return AppendPayloads({p}, error);
}

bool OffsetStore::AppendGroupType(const std::string& group, const std::string& protocol_type,
                                  std::string* error) {
  std::string p;
  p.push_back(static_cast<char>(kGroupType));
  PutStr(&p, group);
  PutStr(&p, protocol_type);
  return AppendPayloads({p}, error);
}

const StoredGroup* OffsetStore::Find(const std::string& group) const {
  auto it = groups_.find(group);
  return it == groups_.end() ? nullptr : &it->second;
}

void OffsetStore::Flush() {
  if (fd_ >= 0 && dirty_) {
    ::fdatasync(fd_);
    dirty_ = false;
  }
}

void OffsetStore::Close() {
  if (fd_ < 0) return;
  Flush();
  ::close(fd_);
  fd_ = -1;
}

}  // namespace riffle::broker
