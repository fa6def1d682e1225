// Reply — where a connection's protocol handlers write backend messages.
//
// Messages accumulate in bytes(); the connection sends them when the handler returns. A
// handler producing a large reply (a big result) calls FlushIfLarge() between messages so the
// connection can start sending while the handler continues, which bounds what one reply
// holds in memory beyond the result itself.
#pragma once

#include <string>

namespace granary::server {

class ReplySink {
 public:
  virtual ~ReplySink() = default;
  // Takes `bytes` (leaving it empty) and queues them for sending.
  virtual void Send(std::string& bytes) = 0;
};

class Reply {
 public:
  static constexpr size_t kFlushThreshold = 64 * 1024;

  explicit Reply(ReplySink* sink = nullptr) : sink_(sink) {}
  std::string& bytes() { return bytes_; }
  void FlushIfLarge() {
    if (sink_ != nullptr && bytes_.size() >= kFlushThreshold) sink_->Send(bytes_);
  }

 private:
  ReplySink* sink_;
  std::string bytes_;
};

}  // namespace granary::server
