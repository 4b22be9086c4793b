#include "connectors/broker/broker_server.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "core/common/error.h"

namespace riffle::broker {

namespace {

// A connection whose receive buffer has this much room reads into it directly (see Receive).
constexpr size_t kDirectReadBytes = 64 << 10;

int64_t WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

[[noreturn]] void ThrowConnector(const std::string& message) {
  throw RiffleError(ErrorKind::kConnector, message);
}

// The request header (v1, or v2 with tagged fields for flexible versions). The client id stays
// a classic nullable string even in v2, as the protocol guide says.
RequestHeader ParseHeader(Reader& in) {
  RequestHeader h;
  h.api_key = in.Int16();
  h.api_version = in.Int16();
  h.correlation_id = in.Int32();
  bool flexible = in.flexible();
  in.set_flexible(false);
  h.client_id = in.NullableStr();
  in.set_flexible(flexible);
  return h;
}

}  // namespace

// Everything the loop thread owns. Lives on that thread's stack.
class BrokerServer::Loop {
 public:
  explicit Loop(BrokerServer& server) : s_(server) {}

  void Run() {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    Watch(s_.listen_fd_, EPOLLIN);
    Watch(s_.wake_fd_, EPOLLIN);
    next_tick_ = WallClockMs() + s_.options_.tick_interval_ms;
    std::vector<epoll_event> events(256);
    while (!s_.stopping_.load()) {
      int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), WaitMs());
      if (n < 0 && errno != EINTR) break;
      for (int i = 0; i < n; ++i) {
        int fd = events[i].data.fd;
        if (fd == s_.listen_fd_) {
          AcceptAll();
        } else if (fd == s_.wake_fd_) {
          uint64_t v;
          [[maybe_unused]] ssize_t r = read(s_.wake_fd_, &v, sizeof v);
        } else {
          OnEvent(fd, events[i].events);
        }
      }
      int64_t now = WallClockMs();
      if (now >= next_tick_) {
        next_tick_ = now + s_.options_.tick_interval_ms;
        if (s_.options_.on_tick && s_.options_.on_tick(now)) changed_ = true;
      }
      ResumeParked(now);
      FlushClosed();
    }
    for (auto& [fd, conn] : conns_) close(fd);
    conns_.clear();
    close(epoll_);
  }

 private:
  struct Parked {
    RequestHeader header;
    bool flexible = false;
    Pending pending;
  };
  struct Conn {
    int fd = -1;
    std::string peer;
    std::string in;           // Receive buffer: [in_used, in_end) is received, not consumed.
    size_t in_used = 0;
    size_t in_end = 0;
    std::string out;          // Bytes to send,
    std::vector<SplicedSpan> spans;  // with spans of files sent in between (fetched records).
    size_t out_sent = 0;
    size_t next_span = 0;     // The first span not sent completely,
    int64_t span_sent = 0;    // and how much of it has been.
    std::optional<Parked> parked;
    uint32_t watched = 0;     // Current epoll interest.
    bool closing = false;
  };

  void Watch(int fd, uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = fd;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
  }

  // Bytes queued for the connection and not sent yet, spans included.
  static size_t Unsent(const Conn& c) {
    size_t n = c.out.size() - c.out_sent;
    for (size_t i = c.next_span; i < c.spans.size(); ++i) {
      n += static_cast<size_t>(c.spans[i].span.length);
    }
    return n - static_cast<size_t>(c.span_sent);
  }

  void Interest(Conn& c) {
    uint32_t want = EPOLLRDHUP;
    const size_t unsent = Unsent(c);
    bool blocked = c.parked.has_value() || unsent > s_.options_.max_pending_output_bytes;
    if (!blocked) want |= EPOLLIN;
    if (unsent > 0) want |= EPOLLOUT;
    if (want == c.watched) return;
    epoll_event ev{};
    ev.events = want;
    ev.data.fd = c.fd;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
    c.watched = want;
  }

  int WaitMs() const {
    int64_t now = WallClockMs();
    int64_t until = next_tick_;
    for (const auto& [fd, c] : conns_) {
      if (c.parked) until = std::min(until, c.parked->pending.deadline_ms);
    }
    return static_cast<int>(std::clamp<int64_t>(until - now, 0, 1000));
  }

  void AcceptAll() {
    while (true) {
      sockaddr_storage addr{};
      socklen_t len = sizeof addr;
      int fd = accept4(s_.listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;  // EAGAIN, or out of descriptors: try again on the next event.
      if (static_cast<int>(conns_.size()) >= s_.options_.max_connections) {
        Log("refused a connection: " + std::to_string(conns_.size()) + " already open (limit " +
            std::to_string(s_.options_.max_connections) + ")");
        close(fd);
        continue;
      }
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      Conn c;
      c.fd = fd;
      c.peer = PeerName(addr);
      conns_.emplace(fd, std::move(c));
      Watch(fd, EPOLLIN | EPOLLRDHUP);
      conns_[fd].watched = EPOLLIN | EPOLLRDHUP;
      s_.accepted_.fetch_add(1);
    }
  }

  static std::string PeerName(const sockaddr_storage& addr) {
    char buf[INET6_ADDRSTRLEN] = {0};
    if (addr.ss_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(addr).sin_addr, buf, sizeof buf);
    } else if (addr.ss_family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(addr).sin6_addr, buf,
                sizeof buf);
    }
    return std::string("/") + buf;
  }

  void OnEvent(int fd, uint32_t events) {
    auto it = conns_.find(fd);
    if (it == conns_.end()) return;
    Conn& c = it->second;
    if (events & (EPOLLERR | EPOLLHUP)) {
      Close(c, "");
      return;
    }
    // A client that hung up while it is not being read (its request parked, or its output
    // backed up) is gone: without this a Fetch parked for max_wait_ms (up to 24 days) kept the
    // connection's descriptor and its max_connections slot that long. When it is being read,
    // recv() sees the end of stream and closes it the same way.
    if ((events & EPOLLRDHUP) && !(c.watched & EPOLLIN)) {
      Close(c, "");
      return;
    }
    if (events & EPOLLOUT) Send(c);
    if ((events & EPOLLIN) && !c.closing) Receive(c);
    if (!c.closing) {
      Process(c);
      Interest(c);
    }
  }

  void Receive(Conn& c) {
    // Read what is there, but never more than one maximal frame beyond what is consumed, so a
    // client that floods us is throttled by TCP instead of growing our memory. Reads go through
    // one scratch buffer so that a connection holds only the bytes it actually sent: a buffer
    // sized for the read (1 MiB, zero-filled on every call) made each idle connection with a
    // partial frame keep 1 MiB, and cost a 1 MiB memset per small request.
    const size_t cap = static_cast<size_t>(s_.options_.max_frame_bytes) + 4;
    while (c.in_end - c.in_used < cap) {
      if (c.in_used == c.in_end) c.in_used = c.in_end = 0;
      // Straight into the connection's buffer when it already has room (it grew for large
      // frames: a producer's batches); else through the scratch buffer, so that a connection
      // holds only what it was sent. Growing the buffer around each recv would zero-fill, every
      // time, the bytes recv then overwrites.
      const size_t room = c.in.size() - c.in_end;
      const bool direct = room >= kDirectReadBytes;
      const size_t want =
          std::min(cap - (c.in_end - c.in_used), direct ? room : scratch_.size());
      ssize_t r = recv(c.fd, direct ? c.in.data() + c.in_end : scratch_.data(), want, 0);
      if (r > 0) {
        const size_t got = static_cast<size_t>(r);
        if (!direct) {
          // Doubling: a stream of large frames soon reads directly.
          if (c.in.size() < c.in_end + got) c.in.resize(std::max(c.in_end + got, 2 * c.in.size()));
          std::memcpy(c.in.data() + c.in_end, scratch_.data(), got);
        }
        c.in_end += got;
        if (got < want) return;
        continue;
      }
      if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) Close(c, "");
      return;
    }
  }

  // Sends the queued bytes and, where they were spliced in, the file spans (sendfile(2)), in
  // order, until the socket would block.
  void Send(Conn& c) {
    while (true) {
      const bool span_next = c.next_span < c.spans.size();
      const size_t until = span_next ? c.spans[c.next_span].at : c.out.size();
      if (c.out_sent < until) {
        ssize_t w = send(c.fd, c.out.data() + c.out_sent, until - c.out_sent, MSG_NOSIGNAL);
        if (w > 0) {
          c.out_sent += static_cast<size_t>(w);
          continue;
        }
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
        Close(c, "");
        return;
      }
      if (!span_next) break;
      FileSpan& span = c.spans[c.next_span].span;
      off_t offset = span.offset + c.span_sent;
      ssize_t w = sendfile(c.fd, span.fd.get(), &offset,
                           static_cast<size_t>(span.length - c.span_sent));
      if (w > 0) {
        c.span_sent += w;
        if (c.span_sent == span.length) {
          span.fd.Reset();
          ++c.next_span;
          c.span_sent = 0;
        }
        continue;
      }
      if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
      // w == 0: the file ends before the span does, so the response cannot be completed.
      Close(c, w == 0 ? "a log file was shorter than the records being sent" : "");
      return;
    }
    c.out.clear();
    c.out_sent = 0;
    c.spans.clear();
    c.next_span = 0;
    c.span_sent = 0;
  }

  // Handles every complete frame in c.in, one at a time, until one parks or output backs up.
  void Process(Conn& c) {
    while (!c.closing && !c.parked && Unsent(c) <= s_.options_.max_pending_output_bytes) {
      size_t avail = c.in_end - c.in_used;
      if (avail < 4) break;
      int32_t size = LoadBE32(c.in.data() + c.in_used);
      if (size < 8 || size > s_.options_.max_frame_bytes) {
        Reject(c, "frame of " + std::to_string(size) + " bytes (limit " +
                      std::to_string(s_.options_.max_frame_bytes) + ")");
        return;
      }
      // Room for the frame grows with the bytes that arrive, not with what the size prefix
      // promises: 4 bytes must not make the server reserve 100 MiB.
      if (avail < 4 + static_cast<size_t>(size)) break;
      std::string_view frame(c.in.data() + c.in_used + 4, static_cast<size_t>(size));
      c.in_used += 4 + static_cast<size_t>(size);
      HandleFrame(c, frame);
    }
    if (c.in_used == c.in_end) {
      c.in_used = c.in_end = 0;
    } else if (c.in_used > (1 << 20) && c.in_used * 2 > c.in_end) {
      std::memmove(c.in.data(), c.in.data() + c.in_used, c.in_end - c.in_used);
      c.in_end -= c.in_used;
      c.in_used = 0;
    }
    if (!c.closing && Unsent(c) > 0) Send(c);
  }

  Writer Output(Conn& c, bool flexible) { return Writer(&c.out, flexible, &c.spans); }

  void HandleFrame(Conn& c, std::string_view frame) {
    // A failed request leaves no half response behind.
    const Writer::Mark start = Output(c, false).GetMark();
    try {
      // The header's api key and version decide whether it has tagged fields (header v2).
      if (frame.size() < 4) throw ProtocolError("request header ends early");
      int16_t key = LoadBE16(frame.data());
      int16_t version = LoadBE16(frame.data() + 2);
      const ApiSpec* api = FindApi(key);
      bool known = api != nullptr && version >= api->min_version && version <= api->max_version;
      bool flexible = api != nullptr && version >= api->first_flexible;
      Reader in(frame, flexible);
      RequestHeader header = ParseHeader(in);
      in.SkipTaggedFields();
      if (!known) {
        if (key == static_cast<int16_t>(ApiKey::kApiVersions)) {
          AnswerUnsupportedApiVersions(c, header);
          return;
        }
        Reject(c, std::string("request for API ") + std::to_string(key) + " version " +
                      std::to_string(version) + ", which this broker does not serve");
        return;
      }
      BrokerContext ctx = Context(c);
      Writer::Mark at = BeginResponse(c, header, flexible);
      Writer out = Output(c, flexible);
      std::optional<Pending> pending = api->handler(ctx, header, in, out);
      if (ctx.no_response || pending) {
        out.TruncateTo(at);
        if (pending) c.parked = Parked{header, flexible, std::move(*pending)};
        return;
      }
      FinishResponse(c, at);
    } catch (const ProtocolError& e) {
      Output(c, false).TruncateTo(start);
      Reject(c, std::string("malformed request: ") + e.what());
    } catch (const std::exception& e) {
      Output(c, false).TruncateTo(start);
      Reject(c, std::string("request failed: ") + e.what());
    }
  }

  BrokerContext Context(Conn& c) {
    return BrokerContext{s_.log_,  s_.groups_, s_.identity_, WallClockMs(),
                         c.peer,   [this] { changed_ = true; }, false};
  }

  // A response is written in place at the end of c.out: its size and header first, then the
  // handler appends the body (c.out keeps its capacity, so no fresh memory to fault in for
  // each one; a fetch answer's records are spliced in as file spans). Returns where it starts.
  Writer::Mark BeginResponse(Conn& c, const RequestHeader& header, bool flexible) {
    Writer w = Output(c, false);
    Writer::Mark at = w.GetMark();
    w.ReserveInt32();
    w.Int32(header.correlation_id);
    // ApiVersions answers with response header v0 whatever its version, so a client that does
    // not know our versions yet can still read it.
    if (flexible && header.api_key != static_cast<int16_t>(ApiKey::kApiVersions)) {
      w.UnsignedVarInt(0);
    }
    return at;
  }

  void FinishResponse(Conn& c, const Writer::Mark& at) {
    Writer w = Output(c, false);
    w.PatchInt32(at.bytes, static_cast<int32_t>(w.LengthSince(at) - 4));
  }

  void AnswerUnsupportedApiVersions(Conn& c, const RequestHeader& header) {
    Writer::Mark at = BeginResponse(c, header, false);
    Writer body = Output(c, false);
    body.Int16(Code(ErrorCode::kUnsupportedVersion));
    body.ArrayLength(static_cast<int32_t>(SupportedApis().size()));
    for (const ApiSpec& api : SupportedApis()) {
      body.Int16(static_cast<int16_t>(api.key));
      body.Int16(api.min_version);
      body.Int16(api.max_version);
    }
    FinishResponse(c, at);
  }

  // Re-examines parked requests after a change (or at their deadline).
  void ResumeParked(int64_t now) {
    bool changed = changed_;
    changed_ = false;
    for (auto& [fd, c] : conns_) {
      if (!c.parked || c.closing) continue;
      bool expired = now >= c.parked->pending.deadline_ms;
      if (!changed && !expired) continue;
      const Writer::Mark at = Output(c, false).GetMark();
      try {
        BrokerContext ctx = Context(c);
        BeginResponse(c, c.parked->header, c.parked->flexible);
        Writer out = Output(c, c.parked->flexible);
        if (!c.parked->pending.resume(ctx, out, expired)) {
          out.TruncateTo(at);
          continue;
        }
        c.parked.reset();
        FinishResponse(c, at);
      } catch (const std::exception& e) {
        Output(c, false).TruncateTo(at);
        Reject(c, std::string("request failed: ") + e.what());
        continue;
      }
      // Its next requests may already be waiting in the buffer.
      Process(c);
      if (!c.closing) Interest(c);
    }
    if (changed_) {
      // A resumed request changed state again (e.g. a join completing a rebalance): go round
      // once more on the next iteration without waiting.
      next_tick_ = std::min(next_tick_, now);
    }
  }

  void Reject(Conn& c, const std::string& why) {
    s_.rejected_.fetch_add(1);
    Close(c, why);
  }

  void Close(Conn& c, const std::string& why) {
    if (c.closing) return;
    if (!why.empty()) Log("closed the connection from " + c.peer + ": " + why);
    c.closing = true;
    closed_.push_back(c.fd);
  }

  // Connections are erased after the event loop's pass, so no reference into conns_ dangles.
  void FlushClosed() {
    for (int fd : closed_) {
      epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
      close(fd);
      conns_.erase(fd);
    }
    closed_.clear();
  }

  void Log(const std::string& line) {
    if (s_.options_.log) s_.options_.log(line);
  }

  BrokerServer& s_;
  int epoll_ = -1;
  std::map<int, Conn> conns_;
  std::vector<char> scratch_ = std::vector<char>(256 << 10);
  std::vector<int> closed_;
  bool changed_ = false;
  int64_t next_tick_ = 0;
};

BrokerServer::BrokerServer(const BrokerServerOptions& options, LogStore& log,
                           GroupCoordinator& groups, BrokerIdentity identity)
    : options_(options), log_(log), groups_(groups), identity_(std::move(identity)) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(options.port));
  if (inet_pton(AF_INET, options.host.c_str(), &addr.sin_addr) != 1) {
    ThrowConnector("cannot listen on '" + options.host + "': not an IPv4 address");
  }
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) ThrowConnector(std::string("cannot open a socket: ") + strerror(errno));
  int one = 1;
  // A restarted broker must get its port back while old connections sit in TIME_WAIT.
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listen_fd_, 128) != 0) {
    int err = errno;
    close(listen_fd_);
    ThrowConnector("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                   ": " + strerror(err));
  }
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  identity_.port = ntohs(addr.sin_port);
  if (identity_.host.empty()) identity_.host = options.host;
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

BrokerServer::~BrokerServer() {
  Stop();
  if (listen_fd_ >= 0) close(listen_fd_);
  if (wake_fd_ >= 0) close(wake_fd_);
}

void BrokerServer::Start() {
  thread_ = std::thread([this] {
    // sendfile(2) has no MSG_NOSIGNAL: a client gone mid-response must give EPIPE, not kill the
    // process. Blocked on this thread only, so the process's own disposition is left alone.
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    Loop loop(*this);
    loop.Run();
  });
}

void BrokerServer::Stop() {
  stopping_.store(true);
  uint64_t one = 1;
  [[maybe_unused]] ssize_t r = write(wake_fd_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
}

}  // namespace riffle::broker
