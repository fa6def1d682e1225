// Listening sockets and the accept loop.
#include "server/listener.hpp"

#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <future>

#include "common/sqlstate.hpp"
#include "server/connection.hpp"

namespace granary::server {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);

std::vector<asio::ip::address> ListenAddresses(const std::string& list) {
  std::vector<asio::ip::address> addresses;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    std::string item = list.substr(start, end - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    start = end + 1;
    if (item.empty()) continue;
    if (item == "*") {
      addresses.push_back(asio::ip::address_v4::any());
      addresses.push_back(asio::ip::address_v6::any());
      continue;
    }
    if (item == "localhost") item = "127.0.0.1";
    error_code error;
    const asio::ip::address address = asio::ip::make_address(item, error);
    if (error) {
      throw Error(sqlstate::kConfigFileError,
                  "invalid value for parameter \"listen_addresses\": \"" + list + "\"")
          .WithDetail("\"" + item + "\" is not a numeric IP address.");
    }
    addresses.push_back(address);
  }
  return addresses;
}

}  // namespace

Listener::Listener(ServerContext& server, std::vector<WorkerPool*> pools)
    : server_(server), pools_(std::move(pools)), strand_(asio::make_strand(pools_.front()->io())) {
  int port = server_.options.port;
  for (const asio::ip::address& address : ListenAddresses(server_.options.listen_addresses)) {
    auto acceptor = std::make_unique<tcp::acceptor>(strand_);
    const tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
    const std::string family = address.is_v4() ? "IPv4" : "IPv6";
    error_code error;
    acceptor->open(endpoint.protocol(), error);
    if (!error) acceptor->set_option(tcp::acceptor::reuse_address(true), error);
    if (!error && address.is_v6()) acceptor->set_option(asio::ip::v6_only(true), error);
    if (!error) acceptor->bind(endpoint, error);
    if (!error) acceptor->listen(asio::socket_base::max_listen_connections, error);
    if (error) {
      throw Error(sqlstate::kSystemError, "could not bind " + family + " address \"" +
                                              address.to_string() + "\": " + error.message());
    }
    // With port 0 the first socket picks a port; the others use the same one.
    port = acceptor->local_endpoint().port();
    server_.Log("LOG", "listening on " + family + " address \"" + address.to_string() +
                           "\", port " + std::to_string(port));
    acceptors_.push_back(std::move(acceptor));
    retry_timers_.push_back(std::make_unique<asio::steady_timer>(strand_));
  }
  if (acceptors_.empty()) {
    throw Error(sqlstate::kConfigFileError, "no socket created for listening")
        .WithHint("Set listen_addresses to at least one IP address.");
  }
  port_ = port;
}

void Listener::Start() {
  asio::post(strand_, [this] {
    for (size_t i = 0; i < acceptors_.size(); ++i) Accept(i);
  });
}

void Listener::Accept(size_t index) {
  if (closed_) return;
  WorkerPool& pool = *pools_[next_pool_];
  next_pool_ = (next_pool_ + 1) % pools_.size();
  acceptors_[index]->async_accept(
      asio::make_strand(pool.io()), [this, index, &pool](const error_code& error, tcp::socket socket) {
        if (closed_) return;
        if (error) {
          // Out of file descriptors and the like: try again shortly instead of spinning.
          server_.Log("LOG", "could not accept new connection: " + error.message());
          retry_timers_[index]->expires_after(kAcceptRetryDelay);
          retry_timers_[index]->async_wait([this, index](const error_code& timer_error) {
            if (!timer_error) Accept(index);
          });
          return;
        }
        std::make_shared<Connection>(server_, std::move(socket), pool)->Start();
        Accept(index);
      });
}

void Listener::Close() {
  std::promise<void> done;
  asio::post(strand_, [this, &done] {
    closed_ = true;
    for (auto& timer : retry_timers_) timer->cancel();
    for (auto& acceptor : acceptors_) {
      error_code ignored;
      acceptor->close(ignored);
    }
    done.set_value();
  });
  done.get_future().wait();
}

}  // namespace granary::server
