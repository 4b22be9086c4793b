#pragma once
// Reads a plain or gzip-compressed file as a byte stream (gzip is detected by its magic bytes,
// whatever the file is called). Offsets count uncompressed bytes.

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "connectors/file/data_file.h"

namespace riffle {

class ByteReader {
 public:
  // Reads the open regular file `fd` (see OpenDataFile), named `path` in errors, from
  // uncompressed byte `offset` (clamped to the end for plain files; skipped by decompressing for
  // gzip). Throws RiffleError(kConnector) naming the path when it cannot seek or start gzip.
  // REQUIRES: fd.valid().
  ByteReader(const std::string& path, FileDescriptor fd, int64_t offset);
  ~ByteReader();
  ByteReader(const ByteReader&) = delete;
  ByteReader& operator=(const ByteReader&) = delete;

  // Reads up to `n` bytes into `out`. Returns the number read; 0 at the current end of the file
  // (a followed file may grow later). Throws RiffleError(kConnector) on a read error or corrupt
  // gzip data.
  size_t Read(char* out, size_t n);

  bool gzip() const { return gz_ != nullptr; }
  int64_t offset() const { return offset_; }
  // Device and inode of the open file, to notice a rotation (the path renamed and recreated).
  dev_t device() const { return device_; }
  ino_t inode() const { return inode_; }
  // Size of the open file in bytes (compressed size for gzip).
  int64_t FileSize() const;

 private:
  std::string path_;
  FileDescriptor fd_;
  void* gz_ = nullptr;  // gzFile
  int64_t offset_ = 0;
  dev_t device_ = 0;
  ino_t inode_ = 0;
};

}  // namespace riffle
