// Database::Serve and the Server handle: threads, listener, fast shutdown.
#include <condition_variable>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "common/sqlstate.hpp"
#include "engine/backend_control.hpp"
#include "granary/server.hpp"
#include "server/listener.hpp"
#include "server/worker_pool.hpp"

namespace granary {
namespace {

namespace asio = boost::asio;

int Cores() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); }

// An extra worker (beyond worker_threads) that found no job for this long exits.
constexpr std::chrono::seconds kExtraWorkerIdleTimeout{60};

// Worker stacks: 8 MiB of address space, of which a worker touches ~12 KiB; the deepest
// statement the parser accepts needs up to 2 MiB (server/README.md, Threads).
constexpr size_t kWorkerStackSize = size_t{8} << 20;

// The server's threads form `worker_threads` pools of one core thread each (server/README.md,
// Threads): each pool has its own io_context, so the thread the kernel wakes for a readable
// socket is the one that runs its statement, with no hand-over between threads.
int PoolCount(const ServeOptions& options) {
  return options.worker_threads > 0 ? options.worker_threads : 2 * Cores();
}

server::WorkerPoolOptions WorkerPoolOptionsFor(const ServeOptions& options) {
  const int pools = PoolCount(options);
  server::WorkerPoolOptions pool;
  pool.core_threads = 1;
  // By default a pool may start a thread for every session waiting at once (a pool never
  // has more sessions than max_connections) and still run its core.
  pool.max_threads = options.max_worker_threads > 0 ? std::max(1, options.max_worker_threads / pools)
                                                    : options.max_connections + 1;
  pool.idle_timeout = kExtraWorkerIdleTimeout;
  pool.stack_size = kWorkerStackSize;
  return pool;
}

auth::HbaFile LoadHbaFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    throw Error(sqlstate::kConfigFileError,
                "could not open configuration file \"" + path + "\": No such file or directory")
        .WithHint("Create it (granary init writes one), or name another with hba_file.");
  }
  std::ostringstream text;
  text << file.rdbuf();
  return auth::HbaFile::Parse(text.str(), path);
}

// What pg_cancel_backend, pg_terminate_backend and pg_reload_conf reach while the server runs.
class ServerBackendControl final : public BackendControl {
 public:
  explicit ServerBackendControl(server::ServerContext& context) : context_(context) {}

  bool CancelBackend(int32_t pid) override {
    const std::shared_ptr<server::ConnectionHandle> connection = context_.registry.FindProcess(pid);
    if (connection) connection->CancelStatement();
    return connection != nullptr;
  }
  bool TerminateBackend(int32_t pid) override {
    const std::shared_ptr<server::ConnectionHandle> connection = context_.registry.FindProcess(pid);
    if (connection) connection->Terminate();
    return connection != nullptr;
  }
  bool BackendExists(int32_t pid) override { return context_.registry.FindProcess(pid) != nullptr; }
  bool ReloadConfiguration() override {
    if (context_.options.on_reload_request) {
      context_.options.on_reload_request();
      return true;
    }
    // As after a SIGHUP: a malformed file is logged and changes nothing.
    context_.Log("LOG", "received SIGHUP, reloading configuration files");
    try {
      context_.ReplaceHba(LoadHbaFile(context_.options.hba_file));
    } catch (const Error& error) {
      context_.Log("LOG", error.message());
      context_.Log("LOG", "configuration files contain errors; no changes were applied");
    }
    return true;
  }

 private:
  server::ServerContext& context_;
};

}  // namespace

struct Server::Impl {
  Impl(Database& database, ServeOptions options, auth::HbaFile hba)
      : context(database, std::move(options), std::move(hba)) {
    for (int i = 0; i < PoolCount(context.options); ++i) {
      pools.push_back(std::make_unique<server::WorkerPool>(WorkerPoolOptionsFor(context.options)));
    }
  }

  std::vector<server::WorkerPool*> Pools() const {
    std::vector<server::WorkerPool*> result;
    for (const auto& pool : pools) result.push_back(pool.get());
    return result;
  }

  void Stop();

  server::ServerContext context;
  // Their threads do the socket I/O and run the statements; each connection belongs to one.
  std::vector<std::unique_ptr<server::WorkerPool>> pools;
  std::unique_ptr<server::Listener> listener;

  std::mutex mutex;
  std::condition_variable stopped_changed;
  bool stopping = false;
  bool stopped = false;
};

void Server::Impl::Stop() {
  {
    std::unique_lock lock(mutex);
    if (stopping) {
      stopped_changed.wait(lock, [this] { return stopped; });
      return;
    }
    stopping = true;
  }
  InstallBackendControl(context.database, nullptr);
  if (listener) listener->Close();
  // Fast shutdown: cancel what runs, tell every client, wait for every session to end.
  for (const auto& connection : context.registry.LiveConnections()) connection->Terminate();
  context.registry.WaitUntilEmpty();
  for (const auto& pool : pools) pool->Join();
  {
    std::lock_guard lock(mutex);
    stopped = true;
  }
  stopped_changed.notify_all();
}

void Server::Reload(const ServeOptions& options) {
  if (!impl_) return;
  server::ServerContext& context = impl_->context;
  auth::HbaFile hba = LoadHbaFile(context.options.hba_file);  // throws before anything changes
  context.ReplaceHba(std::move(hba));
  context.ApplyTimeouts(options);
  ServeOptions published = context.options;
  published.idle_session_timeout_ms = options.idle_session_timeout_ms;
  published.idle_in_transaction_session_timeout_ms = options.idle_in_transaction_session_timeout_ms;
  published.authentication_timeout_ms = options.authentication_timeout_ms;
  PublishServeOptions(context.database, published, port());
}

Server Database::Serve(const ServeOptions& options) {
  ServeOptions effective = options;
  if (effective.hba_file.empty()) effective.hba_file = path() + "/hba.conf";
  auth::HbaFile hba = LoadHbaFile(effective.hba_file);

  auto impl = std::make_unique<Server::Impl>(*this, std::move(effective), std::move(hba));
  impl->listener = std::make_unique<server::Listener>(impl->context, impl->Pools());
  impl->listener->Start();
  InstallBackendControl(*this, std::make_shared<ServerBackendControl>(impl->context));
  PublishServeOptions(*this, impl->context.options, impl->listener->port());
  return Server(std::move(impl));
}

Server::Server() = default;
Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::Server(Server&&) noexcept = default;
Server& Server::operator=(Server&& other) noexcept {
  if (this != &other) {
    if (impl_) impl_->Stop();
    impl_ = std::move(other.impl_);
  }
  return *this;
}
Server::~Server() {
  if (impl_) impl_->Stop();
}

int Server::port() const { return impl_ ? impl_->listener->port() : 0; }

void Server::Stop() {
  if (impl_) impl_->Stop();
}

void Server::Wait() {
  if (!impl_) return;
  std::unique_lock lock(impl_->mutex);
  impl_->stopped_changed.wait(lock, [this] { return impl_->stopped; });
}

}  // namespace granary
