// Checkpoints (see checkpointer.hpp).
#include "storage/wal/checkpointer.hpp"

#include <algorithm>

#include "common/crash_point.hpp"
#include "common/log.hpp"
#include "granary/error.hpp"
#include "storage/wal/xlog_wal.hpp"

namespace granary::storage {
namespace {

uint64_t UnixSeconds() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace

Checkpointer::Checkpointer(DataDirectory& directory, BufferPool& pool, WalWriter& wal,
                           TransactionManager& transactions, std::function<uint32_t()> next_oid,
                           CheckpointSettings settings)
    : directory_(directory),
      pool_(pool),
      wal_(wal),
      transactions_(transactions),
      next_oid_(std::move(next_oid)),
      settings_(settings) {
  const ControlData control = directory_.ControlSnapshot();
  last_redo_ = control.redo_lsn;
}

Checkpointer::~Checkpointer() { Stop(); }

void Checkpointer::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void Checkpointer::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
}

uint64_t Checkpointer::checkpoints_done() const {
  std::lock_guard lock(mutex_);
  return checkpoints_done_;
}

void Checkpointer::NoteWalProgress(Lsn insert_lsn) {
  std::lock_guard lock(mutex_);
  if (insert_lsn - std::min(insert_lsn, last_redo_) < settings_.max_wal_size / 2) return;
  volume_requested_ = true;
  wakeup_.notify_all();
}

Lsn Checkpointer::Run(CheckpointReason reason) {
  std::lock_guard run(run_mutex_);
  const bool shutdown = reason == CheckpointReason::kShutdown;
  CrashPoint("checkpoint-start");
  const Lsn redo = wal_.BeginCheckpoint();
  transactions_.WaitForLoggedCommits();
  const size_t written = pool_.FlushAll();
  CrashPoint("checkpoint-after-flush");
  pool_.storage().SyncAll();

  xlog_wal::CheckpointData data;
  data.redo = redo;
  data.next_xid = transactions_.next_xid();
  data.next_oid = next_oid_();
  data.time = UnixSeconds();
  // Taken after the redo point: a creation logged before it was registered before it.
  data.pending_creates = transactions_.CreatedFilesOfRunning();
  const std::vector<std::byte> payload = xlog_wal::CheckpointPayload(data);
  Lsn start = kInvalidLsn;
  const Lsn end = wal_.Insert(
      WalRecordInput{ResourceManager::kXlog,
                     shutdown ? xlog_wal::kCheckpointShutdown : xlog_wal::kCheckpointOnline,
                     kInvalidXid, {}, payload},
      &start);
  wal_.Flush(end);
  CrashPoint("checkpoint-before-control");

  directory_.UpdateControl([&](ControlData& control) {
    control.checkpoint_lsn = start;
    control.redo_lsn = redo;
    control.checkpoint_time = data.time;
    control.next_oid = std::max(control.next_oid, data.next_oid);
    control.state = shutdown ? DatabaseState::kShutDown : DatabaseState::kInProduction;
    if (shutdown) control.next_xid = data.next_xid;  // nothing runs any more
  });
  CrashPoint("checkpoint-after-control");
  const size_t recycle = static_cast<size_t>(std::max<uint64_t>(1, settings_.max_wal_size / 2 / kWalSegmentSize));
  wal_.RemoveSegmentsBefore(redo, recycle);

  std::lock_guard lock(mutex_);
  last_redo_ = redo;
  last_checkpoint_end_ = end;
  ++checkpoints_done_;
  ++(reason == CheckpointReason::kTime ? activity_.timed : activity_.requested);
  activity_.buffers_written += written;
  return redo;
}

CheckpointActivity Checkpointer::activity() const {
  std::lock_guard lock(mutex_);
  return activity_;
}

void Checkpointer::Loop() {
  std::unique_lock lock(mutex_);
  auto last = std::chrono::steady_clock::now();
  while (!stop_) {
    wakeup_.wait_until(lock, last + settings_.timeout, [&] { return stop_ || volume_requested_; });
    if (stop_) break;
    const bool by_volume = volume_requested_;
    volume_requested_ = false;
    const bool idle = !by_volume && wal_.insert_lsn() == last_checkpoint_end_;
    lock.unlock();
    if (!idle) {
      try {
        Run(by_volume ? CheckpointReason::kWalVolume : CheckpointReason::kTime);
      } catch (const Error& error) {
        Log(LogLevel::kWarning, "checkpoint failed: " + error.message());
      }
    }
    lock.lock();
    last = std::chrono::steady_clock::now();
  }
}

}  // namespace granary::storage
