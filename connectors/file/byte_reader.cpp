#include "connectors/file/byte_reader.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "core/common/error.h"

namespace riffle {

namespace {

[[noreturn]] void Fail(const std::string& path, const std::string& what) {
  throw RiffleError(ErrorKind::kConnector, "cannot read file '" + path + "': " + what);
}

}  // namespace

ByteReader::ByteReader(const std::string& path, FileDescriptor fd, int64_t offset)
    : path_(path), fd_(std::move(fd)) {
  struct stat st {};
  if (::fstat(fd_.get(), &st) != 0) Fail(path, std::strerror(errno));
  device_ = st.st_dev;
  inode_ = st.st_ino;
  unsigned char magic[2] = {0, 0};
  bool is_gzip = ::pread(fd_.get(), magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  if (is_gzip) {
    // gzdopen takes over its own descriptor; ours stays open for fstat.
    int dup_fd = ::dup(fd_.get());
    gz_ = dup_fd < 0 ? nullptr : gzdopen(dup_fd, "rb");
    if (gz_ == nullptr) {
      if (dup_fd >= 0) ::close(dup_fd);
      Fail(path, "cannot start gzip decompression");
    }
    gzbuffer(static_cast<gzFile>(gz_), 1 << 17);
    char skip[1 << 14];
    while (offset_ < offset) {
      size_t want = static_cast<size_t>(std::min<int64_t>(sizeof(skip), offset - offset_));
      if (Read(skip, want) == 0) break;
    }
  } else if (offset > 0) {
    offset_ = std::min<int64_t>(offset, st.st_size);
    if (::lseek(fd_.get(), offset_, SEEK_SET) < 0) Fail(path, std::strerror(errno));
  }
}

ByteReader::~ByteReader() {
  if (gz_ != nullptr) gzclose(static_cast<gzFile>(gz_));
}

size_t ByteReader::Read(char* out, size_t n) {
  if (gz_ != nullptr) {
    gzFile gz = static_cast<gzFile>(gz_);
    int got = gzread(gz, out, static_cast<unsigned>(std::min<size_t>(n, 1 << 30)));
    if (got < 0) {
      int code = 0;
      const char* msg = gzerror(gz, &code);
      Fail(path_, std::string("corrupt gzip data: ") + (msg ? msg : "unknown error"));
    }
    if (got == 0) {
      // A truncated gzip file ends without error in zlib; say so rather than stop quietly.
      int code = 0;
      gzerror(gz, &code);
      if (code != Z_OK && code != Z_BUF_ERROR) Fail(path_, "corrupt gzip data");
      gzclearerr(gz);
    }
    offset_ += got;
    return static_cast<size_t>(got);
  }
  while (true) {
    ssize_t got = ::read(fd_.get(), out, n);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) Fail(path_, std::strerror(errno));
    offset_ += got;
    return static_cast<size_t>(got);
  }
}

int64_t ByteReader::FileSize() const {
  struct stat st {};
  return ::fstat(fd_.get(), &st) == 0 ? st.st_size : 0;
}

}  // namespace riffle
