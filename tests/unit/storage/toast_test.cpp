// Out-of-line values (storage/heap/toast.hpp): chunking and reassembly, the toasting policy,
// deletion with the row's transaction, damaged or missing chunks (XX001) and crash recovery.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/heap/row_codec.hpp"
#include "storage/heap/toast.hpp"
#include "storage/heap/toast_compression.hpp"
#include "temp_directory.hpp"
#include "wal_stack.hpp"

using namespace granary::storage;
using granary::Error;
using granary::storage::testing::TempDirectory;
using granary::storage::testing::WalStack;
using granary::types::Type;
using granary::types::TypeId;
using granary::types::Value;

namespace {

constexpr RelFileNumber kTable = 16384;
constexpr RelFileNumber kToast = 16385;

struct Fixture {
  explicit Fixture(size_t frames = 64) : pool(storage, frames), transactions(pool, kFirstNormalXid) {
    storage.Create(kTable);
    storage.Create(kToast);
  }
  TempDirectory dir;
  StorageManager storage{DefaultEnv(), dir.path()};
  BufferPool pool;
  TransactionManager transactions;
  HeapFile heap{pool, kTable, kToast};
};

std::string RandomBytes(size_t size, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
  return bytes;
}

std::span<const std::byte> Bytes(const std::string& text) { return std::as_bytes(std::span(text)); }

// Every visible row of the toast relation.
size_t VisibleChunks(Fixture& f, const Snapshot& snapshot) {
  HeapFile toast(f.pool, kToast);
  HeapFile::Scan scan(toast, f.transactions, snapshot);
  std::vector<HeapTuple> tuples;
  while (scan.NextBatch(tuples, 100)) {
  }
  return tuples.size();
}

Error ExpectError(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error;
  }
  FAIL("no error raised");
  return Error(granary::sqlstate::kInternalError, "unreachable");
}

std::vector<Value> Decode(Fixture& f, TupleId tid, const std::vector<Type>& types) {
  HeapTuple tuple;
  REQUIRE(f.heap.Fetch(tid, tuple));
  std::vector<Value> row;
  DecodeRow(Bytes(tuple.data), types, row, tuple.header.attribute_count, &f.pool);
  return row;
}

TupleId Store(Fixture& f, const std::vector<Value>& row, Xid xid, uint16_t* flags = nullptr) {
  const StoredRow stored = EncodeRowForStorage(row, f.pool, kToast, xid, 0);
  if (flags) *flags = stored.flags;
  return f.heap.Insert(Bytes(stored.bytes), static_cast<uint16_t>(row.size()), xid, 0, stored.flags);
}

}  // namespace

TEST_CASE("values are cut into chunks and reassembled exactly", "[storage][toast]") {
  Fixture f;
  const Xid xid = f.transactions.Begin();
  size_t expected_chunks = 0;
  for (const size_t size : {size_t{0}, size_t{1}, kToastChunkSize - 1, kToastChunkSize,
                            kToastChunkSize + 1, size_t{3} * kToastChunkSize, size_t{250000}}) {
    const std::string value = RandomBytes(size, size);
    const ToastPointer pointer =
        StoreExternalValue(f.pool, kToast, value, false, static_cast<uint32_t>(size), xid, 0);
    CHECK(pointer.ChunkCount() == (size + kToastChunkSize - 1) / kToastChunkSize);
    expected_chunks += pointer.ChunkCount();
    const std::string serialized = pointer.Serialize();
    REQUIRE(serialized.size() == kToastPointerSize);
    const ToastPointer parsed = ToastPointer::Parse(Bytes(serialized));
    CHECK(parsed.value_id == pointer.value_id);
    CHECK(parsed.first_chunk == pointer.first_chunk);
    CHECK(FetchExternalValue(f.pool, Bytes(serialized)) == value);
  }
  // Each chunk is one row of the toast relation, four to a page.
  f.transactions.Commit(xid);
  const size_t chunks = VisibleChunks(f, f.transactions.TakeSnapshot(kInvalidXid, 0));
  CHECK(chunks == expected_chunks);
  CHECK(chunks == 0 + 1 + 1 + 1 + 2 + 3 + 128);
  CHECK(f.storage.NumBlocks(kToast) == (chunks + 3) / 4);
}

TEST_CASE("small rows are stored as they are, large ones compressed or moved out of line",
          "[storage][toast]") {
  Fixture f;
  const Xid xid = f.transactions.Begin();
  const std::vector<Type> types = {{TypeId::kInt4, -1}, {TypeId::kText, -1}, {TypeId::kBytea, -1},
                                   {TypeId::kVarchar, -1}};
  SECTION("a small row is exactly EncodeRow's bytes") {
    const std::vector<Value> row = {Value::Int4(1), Value::Text("abc"), Value::Bytea("\x01"),
                                    Value::Null(TypeId::kVarchar)};
    const StoredRow stored = EncodeRowForStorage(row, f.pool, kToast, xid, 0);
    std::string plain;
    EncodeRow(row, plain);
    CHECK(stored.bytes == plain);
    CHECK(stored.flags == 0);
    CHECK(f.storage.NumBlocks(kToast) == 0);
  }
  SECTION("compressible text is compressed in line") {
    const std::vector<Value> row = {Value::Int4(2), Value::Text(std::string(20000, 'a')),
                                    Value::Null(TypeId::kBytea), Value::Varchar("v")};
    uint16_t flags = 0;
    const TupleId tid = Store(f, row, xid, &flags);
    CHECK(flags == 0);
    CHECK(f.storage.NumBlocks(kToast) == 0);
    const std::vector<Value> back = Decode(f, tid, types);
    CHECK(back[1].AsString() == row[1].AsString());
    CHECK(back[3].AsString() == "v");
  }
  SECTION("several large values: random bytes go out of line as they are") {
    const std::vector<Value> row = {Value::Int4(3), Value::Text(RandomBytes(50000, 1)),
                                    Value::Bytea(RandomBytes(3000, 2)),
                                    Value::Varchar(std::string(300000, 'x') + "y")};
    uint16_t flags = 0;
    const TupleId tid = Store(f, row, xid, &flags);
    CHECK(flags == kTupleHasExternal);
    HeapTuple tuple;
    REQUIRE(f.heap.Fetch(tid, tuple));
    CHECK(tuple.data.size() <= kToastTupleThreshold);
    CHECK(ExternalPointers(Bytes(tuple.data), types, 4).size() >= 2);
    const std::vector<Value> back = Decode(f, tid, types);
    for (size_t i = 1; i < 4; ++i) CHECK(back[i].AsString() == row[i].AsString());
    // Without a buffer pool an out-of-line value cannot be read.
    std::vector<Value> out;
    CHECK(ExpectError([&] { DecodeRow(Bytes(tuple.data), types, out, 4); }).sqlstate() ==
          granary::sqlstate::kInternalError);
  }
  SECTION("a table without a toast relation keeps values in line") {
    const std::vector<Value> row = {Value::Int4(4), Value::Text(RandomBytes(9000, 3)),
                                    Value::Null(TypeId::kBytea), Value::Null(TypeId::kVarchar)};
    const StoredRow stored = EncodeRowForStorage(row, f.pool, 0, xid, 0);
    CHECK(stored.flags == 0);
    CHECK(ExpectError([&] { f.heap.Insert(Bytes(stored.bytes), 4, xid, 0); }).sqlstate() ==
          granary::sqlstate::kProgramLimitExceeded);
  }
}

TEST_CASE("chunks are deleted with their row and revived by rollback", "[storage][toast]") {
  Fixture f;
  const std::vector<Type> types = {{TypeId::kBytea, -1}};
  const Xid loader = f.transactions.Begin();
  const TupleId tid = Store(f, {Value::Bytea(RandomBytes(20000, 4))}, loader);
  f.transactions.Commit(loader);
  const size_t chunks = VisibleChunks(f, f.transactions.TakeSnapshot(kInvalidXid, 0));
  CHECK(chunks == 11);

  const Xid aborted = f.transactions.Begin();
  DeleteExternalValues(f.heap, tid, f.heap.MarkDeleted(tid, aborted, 0), types, aborted, 0);
  CHECK(VisibleChunks(f, f.transactions.TakeSnapshot(aborted, 1)) == 0);
  f.transactions.Abort(aborted);
  CHECK(VisibleChunks(f, f.transactions.TakeSnapshot(kInvalidXid, 0)) == chunks);
  CHECK(Decode(f, tid, types)[0].AsString() == RandomBytes(20000, 4));

  const Xid deleter = f.transactions.Begin();
  DeleteExternalValues(f.heap, tid, f.heap.MarkDeleted(tid, deleter, 0), types, deleter, 0);
  f.transactions.Commit(deleter);
  CHECK(VisibleChunks(f, f.transactions.TakeSnapshot(kInvalidXid, 0)) == 0);
}

TEST_CASE("missing, foreign and damaged chunks raise XX001", "[storage][toast]") {
  Fixture f;
  const Xid xid = f.transactions.Begin();
  const std::string value = RandomBytes(3 * kToastChunkSize + 10, 5);
  const ToastPointer pointer =
      StoreExternalValue(f.pool, kToast, value, false, static_cast<uint32_t>(value.size()), xid, 0);
  auto fetch = [&](const ToastPointer& changed) {
    return ExpectError([&] { FetchExternalValue(f.pool, Bytes(changed.Serialize())); });
  };
  auto check = [](const Error& error, const std::string& start) {
    CHECK(error.sqlstate() == granary::sqlstate::kDataCorrupted);
    CHECK_THAT(error.message(), Catch::StartsWith(start));
  };

  ToastPointer missing = pointer;
  missing.first_chunk.slot = 200;
  check(fetch(missing), "missing chunk number 0 for toast value " + std::to_string(pointer.value_id));

  ToastPointer foreign = pointer;
  foreign.value_id += 1;
  check(fetch(foreign), "missing chunk number 0 for toast value");

  // Starting at the second chunk: its sequence number is 1, not 0.
  HeapFile toast(f.pool, kToast);
  HeapTuple first;
  REQUIRE(toast.Fetch(pointer.first_chunk, first));
  std::vector<Value> chunk;
  DecodeRow(Bytes(first.data), {{TypeId::kInt8, -1}, {TypeId::kInt4, -1}, {TypeId::kTid, -1},
                                {TypeId::kBytea, -1}},
            chunk);
  ToastPointer shifted = pointer;
  const auto next = static_cast<uint64_t>(chunk[2].AsInt());
  shifted.first_chunk = TupleId{static_cast<BlockNumber>(next >> 16), static_cast<SlotNumber>(next & 0xFFFF)};
  check(fetch(shifted), "unexpected chunk number 1 (expected 0)");

  ToastPointer shorter = pointer;
  shorter.stored_size = shorter.raw_size = static_cast<uint32_t>(value.size() - 5);
  check(fetch(shorter), "unexpected chunk size");

  ToastPointer longer = pointer;
  longer.stored_size = longer.raw_size = static_cast<uint32_t>(value.size() + kToastChunkSize);
  check(fetch(longer), "unexpected chunk size 10 (expected 1960) in chunk 3 of 5");

  // A byte of a chunk row's length word damaged on the page.
  {
    PageGuard guard = f.pool.Fetch(kToast, pointer.first_chunk.block, LatchMode::kExclusive);
    std::span<std::byte> item = guard.page().Item(pointer.first_chunk.slot);
    // header, null bitmap, chunk_id, chunk_seq, chunk_next, then chunk_data's length word
    item[sizeof(TupleHeader) + 1 + 8 + 4 + 8 + 2] = std::byte{0x7F};
    guard.MarkDirty();
  }
  const Error damaged = fetch(pointer);
  CHECK(damaged.sqlstate() == granary::sqlstate::kDataCorrupted);

  // A pointer that is not one, and compressed data that does not inflate.
  const std::string garbage(kToastPointerSize - 1, '\0');
  CHECK(ExpectError([&] { FetchExternalValue(f.pool, Bytes(garbage)); }).sqlstate() ==
        granary::sqlstate::kDataCorrupted);
  const std::string not_zlib = "\x10\x00\x00\x00 not a zlib stream";
  check(ExpectError([&] { DecompressInlineValue(Bytes(not_zlib)); }), "compressed data is corrupted");
}

TEST_CASE("compression pays or is skipped", "[storage][toast]") {
  const std::string text(100000, 'z');
  const auto compressed = CompressValue(text);
  REQUIRE(compressed);
  CHECK(compressed->size() < text.size() / 10);
  CHECK(DecompressValue(Bytes(*compressed), text.size()) == text);
  CHECK_FALSE(CompressValue(RandomBytes(100000, 6)));
  CHECK_FALSE(CompressValue(RandomBytes(3 << 20, 7)));  // probed, skipped
  CHECK_FALSE(CompressValue("short"));
  CHECK(ExpectError([&] { DecompressValue(Bytes(*compressed), text.size() + 1); }).sqlstate() ==
        granary::sqlstate::kDataCorrupted);
}

TEST_CASE("toasted rows come back after a crash through redo", "[storage][toast][recovery]") {
  TempDirectory temp;
  const std::vector<Type> types = {{TypeId::kInt4, -1}, {TypeId::kBytea, -1}};
  const std::string committed = RandomBytes(40000, 8);
  TupleId tid;
  {
    WalStack stack(temp.Sub("data"));
    stack.storage->Create(kToast);
    HeapFile heap(*stack.pool, testing::kTestTable, kToast);
    const Xid xid = stack.transactions->Begin();
    const std::vector<Value> row = {Value::Int4(1), Value::Bytea(committed)};
    const StoredRow stored = EncodeRowForStorage(row, *stack.pool, kToast, xid, 0);
    REQUIRE(stored.flags == kTupleHasExternal);
    tid = heap.Insert(Bytes(stored.bytes), 2, xid, 0, stored.flags);
    stack.transactions->Commit(xid);
    // An uncommitted toasted row: its chunks and row are in the log but never visible.
    const Xid open = stack.transactions->Begin();
    const std::vector<Value> other = {Value::Int4(2), Value::Bytea(RandomBytes(30000, 9))};
    const StoredRow pending = EncodeRowForStorage(other, *stack.pool, kToast, open, 0);
    heap.Insert(Bytes(pending.bytes), 2, open, 0, pending.flags);
    stack.wal->Flush(stack.wal->insert_lsn());
    stack.CrashCopy(temp.Sub("crashed"));  // no page of either relation was written
  }
  WalStack recovered(temp.Sub("crashed"));
  CHECK(recovered.recovered.replayed_changes);
  HeapFile heap(*recovered.pool, testing::kTestTable, kToast);
  HeapFile::Scan scan(heap, *recovered.transactions, recovered.transactions->TakeSnapshot(kInvalidXid, 0));
  std::vector<HeapTuple> tuples;
  while (scan.NextBatch(tuples, 100)) {
  }
  REQUIRE(tuples.size() == 1);
  CHECK(tuples[0].id == tid);
  std::vector<Value> row;
  DecodeRow(Bytes(tuples[0].data), types, row, 2, recovered.pool.get());
  CHECK(row[1].AsString() == committed);
}
