// WalWriter: the insert buffer, group commit, segment files and the background flusher
// (after PostgreSQL's xlog.c XLogInsertRecord / XLogFlush / XLogWrite and walwriter.c,
// with one insert lock instead of WAL insertion slots).
#include "storage/wal/wal_writer.hpp"

#include <algorithm>
#include <array>

#include "common/blocking_region.hpp"
#include "common/log.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/wal/xlog_wal.hpp"

namespace granary::storage {
namespace {

constexpr size_t kZeroCheckChunk = size_t{1} << 20;
constexpr size_t kInitialBufferCapacity = size_t{1} << 20;

bool AllZero(std::span<const std::byte> bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](std::byte b) { return b == std::byte{0}; });
}

}  // namespace

WalWriter::WalWriter(Env& env, std::string wal_directory, Lsn end_lsn, Lsn last_record_lsn,
                     Lsn redo_lsn, WalWriterOptions options)
    : env_(env),
      directory_(std::move(wal_directory)),
      options_(options),
      pending_start_(end_lsn),
      insert_lsn_(end_lsn),
      prev_record_lsn_(last_record_lsn),
      redo_lsn_(redo_lsn),
      written_lsn_(end_lsn),
      flushed_lsn_(end_lsn) {
  if (end_lsn < kFirstLsn || end_lsn % kWalAlignment != 0) {
    throw Error(sqlstate::kInternalError, "invalid WAL end position " + FormatLsn(end_lsn));
  }
  pending_.reserve(kInitialBufferCapacity);
  write_buffer_.reserve(kInitialBufferCapacity);
  PrepareTail(end_lsn);
}

WalWriter::~WalWriter() { StopBackgroundFlusher(); }

// Nothing stale may follow the end of the log: a record left there by the previous run (past
// a torn one) could otherwise chain onto new records and be replayed by the next recovery.
void WalWriter::PrepareTail(Lsn end_lsn) {
  env_.CreateDirectory(directory_);
  std::lock_guard creation(creation_mutex_);
  RemoveTemporarySegments(env_, directory_);
  const SegmentNumber tail = SegmentOf(end_lsn);
  for (SegmentNumber segment : ListSegments(env_, directory_)) {
    if (segment > tail) env_.RemoveFile(SegmentPath(directory_, segment));
  }
  const std::string path = SegmentPath(directory_, tail);
  if (!env_.FileExists(path)) return;  // created when first written
  std::unique_ptr<File> file = env_.OpenFile(path, false);
  std::vector<std::byte> chunk(kZeroCheckChunk);
  const std::vector<std::byte> zeroes(kZeroCheckChunk);
  bool changed = false;
  for (uint64_t offset = SegmentOffset(end_lsn); offset < kWalSegmentSize;) {
    const size_t length = static_cast<size_t>(
        std::min<uint64_t>(kZeroCheckChunk - offset % kZeroCheckChunk, kWalSegmentSize - offset));
    const size_t read = file->ReadAt(offset, std::span(chunk.data(), length));
    if (!AllZero(std::span(chunk.data(), read)) || read < length) {
      file->WriteAt(offset, std::span(zeroes.data(), length));
      changed = true;
    }
    offset += length;
  }
  if (changed) file->Sync();
  env_.SyncDirectory(directory_);
}

void WalWriter::CheckUsable() const {
  if (!poisoned_.load()) return;
  throw Error(sqlstate::kIoError, "the write-ahead log cannot be written after an earlier failure",
              Severity::kPanic)
      .WithDetail(poison_reason_)
      .WithHint("Stop the process; the next start recovers from the log.");
}

void WalWriter::Halt(const std::string& reason) {
  std::lock_guard lock(poison_mutex_);
  if (poisoned_.load()) return;
  poison_reason_ = reason;
  poisoned_.store(true);
  Log(LogLevel::kWarning, "write-ahead log stopped, no further changes are possible: " + reason);
}

void WalWriter::Poison(const std::string& reason) {
  Halt(reason);
  throw Error(sqlstate::kIoError, reason, Severity::kPanic);
}

Lsn WalWriter::Insert(const WalRecordInput& record, Lsn* start_lsn) {
  CheckUsable();
  if (record.blocks.size() > kMaxBlocksPerRecord) {
    throw Error(sqlstate::kInternalError, "too many block references in a WAL record");
  }
  std::array<bool, kMaxBlocksPerRecord> images{};
  bool needs_write = false;
  Lsn end;
  {
    std::lock_guard lock(insert_mutex_);
    for (size_t i = 0; i < record.blocks.size(); ++i) {
      const WalBlockRef& block = record.blocks[i];
      const Page page(const_cast<std::byte*>(block.page));
      images[i] = block.force_image || (!block.will_init && page.lsn() <= redo_lsn_);
      if (images[i]) ++insert_stats_.full_page_images;
    }
    const Lsn start = insert_lsn_;
    const size_t length = EncodeWalRecord(record, prev_record_lsn_,
                                          std::span(images.data(), record.blocks.size()), pending_);
    if (length > kMaxWalRecordLength) {
      pending_.resize(pending_.size() - length);
      throw Error(sqlstate::kProgramLimitExceeded,
                  "WAL record of " + std::to_string(length) + " bytes is too long");
    }
    prev_record_lsn_ = start;
    insert_lsn_ = start + length;
    if (start_lsn != nullptr) *start_lsn = start;
    end = insert_lsn_;
    ++insert_stats_.records;
    insert_stats_.bytes += length;
    if (record.xid >= kFirstNormalXid && record.rmgr != ResourceManager::kTransaction) {
      xact_end_[record.xid] = end;
    }
    needs_write = pending_.size() > options_.buffer_limit;
  }
  if (needs_write) WriteOut(end, /*sync=*/false);
  return end;
}

Lsn WalWriter::LogImageIfFirstChange(const WalBlockRef& block) {
  CheckUsable();
  const bool image = true;
  bool needs_write = false;
  Lsn end;
  {
    std::lock_guard lock(insert_mutex_);
    if (Page(const_cast<std::byte*>(block.page)).lsn() > redo_lsn_) return kInvalidLsn;
    const Lsn start = insert_lsn_;
    const size_t length = EncodeWalRecord(
        WalRecordInput{ResourceManager::kXlog, xlog_wal::kPageImage, kInvalidXid, std::span(&block, 1), {}},
        prev_record_lsn_, std::span(&image, 1), pending_);
    prev_record_lsn_ = start;
    insert_lsn_ = start + length;
    end = insert_lsn_;
    ++insert_stats_.records;
    ++insert_stats_.full_page_images;
    insert_stats_.bytes += length;
    needs_write = pending_.size() > options_.buffer_limit;
  }
  if (needs_write) WriteOut(end, /*sync=*/false);
  return end;
}

void WalWriter::Flush(Lsn lsn) { WriteOut(lsn, /*sync=*/true); }

void WalWriter::WriteOut(Lsn target, bool sync) {
  // The caller is about to wait for the disk, as leader or follower (callers come here only
  // when their record is not yet out, as a rule): a worker pool may run another worker
  // meanwhile (common/blocking_region.hpp). Opened before the lock, so that the pool's
  // bookkeeping never runs under flush_mutex_.
  const BlockingRegion blocking;
  std::unique_lock lock(flush_mutex_);
  for (;;) {
    CheckUsable();
    if ((sync ? flushed_lsn_ : written_lsn_) >= target) return;
    if (!io_active_) break;
    flush_done_.wait(lock);
  }
  io_active_ = true;
  const SegmentNumber segment_before = SegmentOf(written_lsn_);
  lock.unlock();

  Lsn written_to = 0;
  try {
    written_to = WritePending();
    if (sync) SyncWritten(written_to);
  } catch (const Error& error) {
    lock.lock();
    io_active_ = false;
    flush_done_.notify_all();
    lock.unlock();
    Poison(error.message());
  }

  lock.lock();
  written_lsn_ = std::max(written_lsn_, written_to);
  if (sync) flushed_lsn_ = std::max(flushed_lsn_, written_to);
  io_active_ = false;
  flush_done_.notify_all();
  const bool switched = SegmentOf(written_to) > segment_before;
  lock.unlock();
  if (switched && segment_switch_callback_) segment_switch_callback_(written_to);
  if (written_to < target) {
    // Nothing was ever inserted that far: a page LSN beyond the log means a damaged page.
    throw Error(sqlstate::kInternalError, "WAL flush request " + FormatLsn(target) +
                                              " is not satisfied: the log ends at " +
                                              FormatLsn(written_to));
  }
}

Lsn WalWriter::WritePending() {
  Lsn start;
  Lsn end;
  {
    std::lock_guard lock(insert_mutex_);
    start = pending_start_;
    end = insert_lsn_;
    std::swap(pending_, write_buffer_);
    pending_.clear();
    pending_start_ = end;
  }
  for (Lsn position = start; position < end;) {
    const SegmentNumber segment = SegmentOf(position);
    const uint64_t offset = SegmentOffset(position);
    const size_t length =
        static_cast<size_t>(std::min<uint64_t>(end - position, kWalSegmentSize - offset));
    SegmentFile(segment).WriteAt(offset, std::span(write_buffer_.data() + (position - start), length));
    writes_.fetch_add(1, std::memory_order_relaxed);
    unsynced_[segment] = true;
    position += length;
  }
  write_buffer_.clear();
  return end;
}

void WalWriter::SyncWritten(Lsn written_to) {
  const SegmentNumber current = SegmentOf(written_to);
  for (auto it = unsynced_.begin(); it != unsynced_.end();) {
    SegmentFile(it->first).Sync();
    syncs_.fetch_add(1, std::memory_order_relaxed);
    if (it->first < current) {
      // A finished segment is closed once durable; it is never written again.
      std::lock_guard lock(segment_mutex_);
      open_segments_.erase(it->first);
    }
    it = unsynced_.erase(it);
  }
}

File& WalWriter::SegmentFile(SegmentNumber segment) {
  {
    std::lock_guard lock(segment_mutex_);
    if (auto it = open_segments_.find(segment); it != open_segments_.end()) return *it->second;
  }
  {
    std::lock_guard creation(creation_mutex_);
    CreateSegment(env_, directory_, segment);
  }
  std::unique_ptr<File> file = env_.OpenFile(SegmentPath(directory_, segment), false);
  std::lock_guard lock(segment_mutex_);
  return *open_segments_.emplace(segment, std::move(file)).first->second;
}

Lsn WalWriter::BeginCheckpoint() {
  std::lock_guard lock(insert_mutex_);
  redo_lsn_ = insert_lsn_;
  return redo_lsn_;
}

Lsn WalWriter::redo_lsn() const {
  std::lock_guard lock(insert_mutex_);
  return redo_lsn_;
}

Lsn WalWriter::insert_lsn() const {
  std::lock_guard lock(insert_mutex_);
  return insert_lsn_;
}

Lsn WalWriter::flushed_lsn() const {
  std::lock_guard lock(flush_mutex_);
  return flushed_lsn_;
}

Lsn WalWriter::TakeTransactionEnd(Xid xid) {
  std::lock_guard lock(insert_mutex_);
  const auto it = xact_end_.find(xid);
  if (it == xact_end_.end()) return kInvalidLsn;
  const Lsn end = it->second;
  xact_end_.erase(it);
  return end;
}

void WalWriter::RemoveSegmentsBefore(Lsn redo_lsn, size_t recycle_limit) {
  const SegmentNumber keep_from = SegmentOf(redo_lsn);
  const SegmentNumber current = SegmentOf(insert_lsn());
  std::lock_guard creation(creation_mutex_);
  std::vector<SegmentNumber> segments = ListSegments(env_, directory_);
  SegmentNumber next_future = std::max(current, segments.empty() ? 0 : segments.back()) + 1;
  size_t future = 0;
  for (SegmentNumber segment : segments) future += segment > current ? 1 : 0;
  bool changed = false;
  for (SegmentNumber segment : segments) {
    if (segment >= keep_from) break;
    {
      std::lock_guard lock(segment_mutex_);
      open_segments_.erase(segment);
    }
    const std::string path = SegmentPath(directory_, segment);
    if (future < recycle_limit) {
      env_.RenameFile(path, SegmentPath(directory_, next_future++));
      ++future;
    } else {
      env_.RemoveFile(path);
    }
    changed = true;
  }
  if (changed) env_.SyncDirectory(directory_);
}

void WalWriter::SetSegmentSwitchCallback(std::function<void(Lsn)> callback) {
  segment_switch_callback_ = std::move(callback);
}

WalWriter::Stats WalWriter::stats() const {
  Stats stats;
  {
    std::lock_guard lock(insert_mutex_);
    stats = insert_stats_;
  }
  stats.writes = writes_.load(std::memory_order_relaxed);
  stats.syncs = syncs_.load(std::memory_order_relaxed);
  return stats;
}

void WalWriter::StartBackgroundFlusher() {
  std::lock_guard lock(background_mutex_);
  if (background_.joinable()) return;
  background_stop_ = false;
  background_ = std::thread([this] { BackgroundLoop(); });
}

void WalWriter::StopBackgroundFlusher() {
  {
    std::lock_guard lock(background_mutex_);
    background_stop_ = true;
  }
  background_wakeup_.notify_all();
  if (background_.joinable()) background_.join();
}

void WalWriter::BackgroundLoop() {
  std::unique_lock lock(background_mutex_);
  while (!background_stop_) {
    background_wakeup_.wait_for(lock, options_.flush_interval);
    if (background_stop_ || poisoned_.load()) continue;
    lock.unlock();
    try {
      const Lsn insert = insert_lsn();
      if (flushed_lsn() < insert) Flush(insert);
      // Have the next segment ready before a committer needs it.
      std::lock_guard creation(creation_mutex_);
      CreateSegment(env_, directory_, SegmentOf(insert) + 1);
    } catch (const Error& error) {
      // A failed flush poisoned the writer and was logged; committers will see it.
      if (!poisoned_.load()) Log(LogLevel::kWarning, error.message());
    }
    lock.lock();
  }
}

}  // namespace granary::storage
