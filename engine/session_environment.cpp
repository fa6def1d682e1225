#include "engine/session_environment.hpp"

#include "engine/cursors.hpp"
#include "engine/database_impl.hpp"
#include "engine/result_impl.hpp"
#include "engine/statement_runner.hpp"
#include "storage/heap/heap_file.hpp"
#include "storage/sequence/sequence_file.hpp"

namespace granary {

std::vector<catalog::SessionActivity> SessionEnvironment::Sessions() const {
  return session_.db.activity.Sessions();
}

std::vector<storage::LockInfo> SessionEnvironment::Locks() const { return session_.db.locks.Locks(); }

std::vector<std::pair<storage::RelFileNumber, storage::TableActivity>> SessionEnvironment::RelationActivity() const {
  return session_.db.statistics->All();
}

storage::DatabaseActivity SessionEnvironment::DatabaseActivity(catalog::Oid database) const {
  return session_.db.statistics->Database(database);
}

catalog::BackgroundWriterActivity SessionEnvironment::BackgroundWriter() const {
  catalog::BackgroundWriterActivity activity;
  if (session_.db.checkpointer != nullptr) {
    const storage::CheckpointActivity checkpoints = session_.db.checkpointer->activity();
    activity.checkpoints_timed = checkpoints.timed;
    activity.checkpoints_requested = checkpoints.requested;
    activity.buffers_checkpoint = checkpoints.buffers_written;
  }
  const storage::BufferPool::Stats pool = session_.db.pool->stats();
  activity.buffers_backend = pool.eviction_writes;
  activity.buffers_alloc = pool.reads;
  return activity;
}

std::optional<catalog::SequenceInfo> SessionEnvironment::ReadSequence(storage::RelFileNumber rel,
                                                                      const std::string& name) const {
  storage::SequenceFile file(*session_.db.pool, rel, name);
  const storage::SequenceOptions options = file.ReadOptions();
  const storage::SequenceState state = file.ReadState();
  catalog::SequenceInfo info;
  info.type_bytes = options.type_bytes;
  info.start = options.start;
  info.min_value = options.min_value;
  info.max_value = options.max_value;
  info.increment = options.increment;
  info.cache = options.cache;
  info.cycle = options.cycle;
  if (state.is_called) info.last_value = state.last_value;
  return info;
}

std::optional<int64_t> SessionEnvironment::CurrentOf(const std::string& cursor_name, catalog::Oid table_oid,
                                                     const std::string& table_name,
                                                     const storage::Snapshot& snapshot) const {
  const Cursor& cursor = session_.cursors->Get(cursor_name);
  const std::optional<int64_t> current = cursor.CurrentOf(table_oid, table_name);
  if (!current) return std::nullopt;
  // PostgreSQL's heap_get_latest_tid: follow the update chain from the cursor's row while
  // each version is the one its predecessor's updater made, keeping the last the snapshot
  // sees (so a second UPDATE ... WHERE CURRENT OF changes the version the first one made).
  storage::HeapFile heap(*session_.db.pool, cursor.updatable_relfile(table_oid));
  storage::TupleId tid{static_cast<storage::BlockNumber>(*current >> 16), static_cast<storage::SlotNumber>(*current & 0xFFFF)};
  storage::TupleId latest = tid;
  storage::Xid prior_xmax = storage::kInvalidXid;
  storage::HeapTuple tuple;
  while (heap.Fetch(tid, tuple)) {
    if (prior_xmax != storage::kInvalidXid && tuple.header.xmin != prior_xmax) break;
    if (session_.db.transactions->IsVisible(tuple.header, snapshot)) latest = tid;
    const storage::TupleId next{tuple.header.ctid_block, tuple.header.ctid_slot};
    if (tuple.header.xmax == storage::kInvalidXid || next.block == storage::kInvalidBlock || next == tid) break;
    prior_xmax = tuple.header.xmax;
    tid = next;
  }
  return (static_cast<int64_t>(latest.block) << 16) | latest.slot;
}

std::vector<std::vector<std::string>> SessionEnvironment::Settings() const {
  return session_.settings.ShowAll();
}

std::vector<catalog::PreparedStatementInfo> SessionEnvironment::PreparedStatements() const {
  std::vector<catalog::PreparedStatementInfo> statements;
  for (const auto& [name, named] : session_.named_statements.entries()) {
    catalog::PreparedStatementInfo info;
    info.name = name;
    info.statement = named.statement->sql;
    info.prepare_time = named.prepare_time;
    info.from_sql = named.from_sql;
    for (const types::Type& type : named.statement->param_types) {
      // Undecided parameters of the protocol's statements are received as text.
      info.parameter_types.push_back(
          types::FormatType(types::Type{type.id == types::TypeId::kUnknown ? types::TypeId::kText : type.id, -1}));
    }
    statements.push_back(std::move(info));
  }
  return statements;
}

std::vector<catalog::CursorInfo> SessionEnvironment::Cursors() const { return session_.cursors->List(); }

std::string SessionEnvironment::CurrentUser() const {
  return session_.settings.Show("session_authorization");
}

std::string SessionEnvironment::CurrentDatabase() const { return session_.database; }

std::string SessionEnvironment::SetConfig(const std::string& name, const std::optional<std::string>& value,
                                          bool is_local) const {
  Result result;
  if (value && session_.settings.DisplayName(name) == "search_path") {
    session_.settings.SetAsText(name, *value, is_local);
  } else if (value) {
    ApplySetting(session_, name, {*value}, is_local, SettingSource::kSetConfig, result);
  } else {
    session_.settings.Reset(name, is_local);
  }
  if (notices_ != nullptr) {
    for (Error& notice : result.impl().notices) notices_->push_back(std::move(notice));
  }
  return session_.settings.Show(name);
}

}  // namespace granary
