#include "shell/fd_line_reader.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace riffle::shell {

ReadResult FdLineReader::Read(const std::string&) {
  ReadResult result;
  for (;;) {
    size_t nl = buffer_.find('\n', scan_from_);
    if (nl != std::string::npos) {
      size_t end = nl > 0 && buffer_[nl - 1] == '\r' ? nl - 1 : nl;
      result.status = ReadResult::Status::kLine;
      result.line = buffer_.substr(0, end);
      buffer_.erase(0, nl + 1);
      scan_from_ = 0;
      return result;
    }
    scan_from_ = buffer_.size();
    if (eof_) {
      if (buffer_.empty()) return result;  // kEof
      result.status = ReadResult::Status::kLine;
      result.line.swap(buffer_);
      if (!result.line.empty() && result.line.back() == '\r') result.line.pop_back();
      scan_from_ = 0;
      return result;
    }
    pollfd fds[2] = {{fd_, POLLIN, 0}, {interrupt_fd_, POLLIN, 0}};
    int rc = poll(fds, interrupt_fd_ >= 0 ? 2 : 1, -1);
    if (rc < 0) {
      if (errno == EINTR) continue;
      eof_ = true;
      continue;
    }
    if (interrupt_fd_ >= 0 && (fds[1].revents & POLLIN) != 0) {
      result.status = ReadResult::Status::kInterrupted;
      return result;
    }
    char chunk[65536];
    ssize_t n = read(fd_, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      eof_ = true;
    } else if (n == 0) {
      eof_ = true;
    } else {
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }
}

}  // namespace riffle::shell
