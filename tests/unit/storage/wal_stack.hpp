// A storage stack with a write-ahead log, opened the way the engine opens a data directory:
// recovery first, then the log, the transaction manager and a checkpointer. CrashCopy() copies
// the directory as the files are right now, which is what a process killed at this instant
// (SIGKILL) leaves behind: pages still in the buffer pool and WAL still in the insert buffer
// are lost, everything written to files survives.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "storage/buffer/buffer_pool.hpp"
#include "storage/data_directory.hpp"
#include "storage/heap/heap_file.hpp"
#include "storage/txn/transaction_manager.hpp"
#include "storage/wal/checkpointer.hpp"
#include "storage/wal/recovery.hpp"
#include "storage/wal/wal_writer.hpp"
#include "storage/wal/xlog_wal.hpp"

namespace granary::storage::testing {

inline constexpr RelFileNumber kTestTable = 16384;

struct WalStack {
  // Creates the directory (with an empty log and kTestTable) unless it exists, then opens it.
  explicit WalStack(const std::string& path, size_t frames = 64,
                    uint64_t stop_recovery_after = 0, bool keep_running = true)
      : env(DefaultEnv()) {
    if (!env.FileExists(path)) {
      DataDirectory::Create(env, path);
      auto created = DataDirectory::Open(env, path);
      xlog_wal::CheckpointData checkpoint;
      created->control().checkpoint_lsn =
          xlog_wal::WriteInitialCheckpoint(env, created->wal_path(), checkpoint);
      created->control().redo_lsn = kFirstLsn;
      created->WriteControl();
      StorageManager(env, path).Create(kTestTable);
    }
    directory = DataDirectory::Open(env, path);
    storage = std::make_unique<StorageManager>(env, path);
    pool = std::make_unique<BufferPool>(*storage, frames);
    ControlData& control = directory->control();
    RecoveryOptions options;
    options.stop_after_records = stop_recovery_after;
    recovered = RunRecovery(env, directory->wal_path(), *pool, control.checkpoint_lsn,
                            control.redo_lsn, options);
    if (!keep_running) return;
    wal = std::make_unique<WalWriter>(env, directory->wal_path(), recovered.end_lsn,
                                      recovered.last_record_lsn, control.redo_lsn);
    pool->AttachWal(wal.get());
    transactions = std::make_unique<TransactionManager>(
        *pool, std::max(control.next_xid, recovered.state.next_xid));
    transactions->ApplyOutcomes(recovered.state.outcomes);
    checkpointer = std::make_unique<Checkpointer>(*directory, *pool, *wal, *transactions,
                                                  [] { return uint32_t{20000}; },
                                                  CheckpointSettings{});
  }

  // The directory as a crash at this instant leaves it, copied to `target`.
  void CrashCopy(const std::string& target) const {
    std::filesystem::copy(directory->path(), target, std::filesystem::copy_options::recursive);
  }

  Env& env;
  std::unique_ptr<DataDirectory> directory;
  std::unique_ptr<StorageManager> storage;
  std::unique_ptr<WalWriter> wal;
  std::unique_ptr<BufferPool> pool;
  std::unique_ptr<TransactionManager> transactions;
  std::unique_ptr<Checkpointer> checkpointer;
  RecoveryResult recovered;
};

}  // namespace granary::storage::testing
