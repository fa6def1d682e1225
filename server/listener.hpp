// Listener — the listening sockets of a server: accepts connections and starts them.
//
// Thread-safety: the acceptors live on one strand; Close may be called from any thread and
// returns once no further connection can be started.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <memory>
#include <vector>

#include "server/server_context.hpp"
#include "server/worker_pool.hpp"

namespace granary::server {

class Listener {
 public:
  // Binds every address of ServeOptions::listen_addresses on the port (58000 naming the
  // address when one cannot be bound) and logs where it listens. Accepted connections go to
  // `pools` in turn (each pool's io_context serves its own connections); the acceptors run
  // on the first pool.
  Listener(ServerContext& server, std::vector<WorkerPool*> pools);

  void Start();
  // Stops accepting; connections accepted before stay.
  void Close();
  int port() const { return port_; }

 private:
  using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;
  void Accept(size_t index);

  ServerContext& server_;
  std::vector<WorkerPool*> pools_;
  size_t next_pool_ = 0;  // on strand_
  Strand strand_;
  std::vector<std::unique_ptr<boost::asio::ip::tcp::acceptor>> acceptors_;
  std::vector<std::unique_ptr<boost::asio::steady_timer>> retry_timers_;  // one per acceptor
  bool closed_ = false;
  int port_ = 0;
};

}  // namespace granary::server
