// Reading the log back: every record in order across segment files, and a clean stop at the
// first torn, zero, damaged or stale record.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "storage/wal/wal_reader.hpp"
#include "storage/wal/wal_writer.hpp"
#include "temp_directory.hpp"

using namespace granary::storage;
using granary::storage::testing::TempDirectory;

namespace {

std::vector<std::byte> Payload(size_t size, int seed) {
  std::vector<std::byte> out(size);
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<std::byte>((i * 7 + seed) & 0xFF);
  return out;
}

struct Written {
  std::vector<Lsn> starts;
  std::vector<Lsn> ends;
};

Written WriteRecords(const std::string& directory, int count, size_t size) {
  WalWriter wal(DefaultEnv(), directory, kFirstLsn, kInvalidLsn, kFirstLsn);
  Written written;
  for (int i = 0; i < count; ++i) {
    const std::vector<std::byte> main = Payload(size, i);
    Lsn start;
    written.ends.push_back(wal.Insert(
        WalRecordInput{ResourceManager::kTransaction, 0, static_cast<Xid>(100 + i), {}, main}, &start));
    written.starts.push_back(start);
  }
  wal.FlushAll();
  return written;
}

std::vector<WalRecord> ReadAll(WalReader& reader) {
  std::vector<WalRecord> records;
  while (std::optional<WalRecord> record = reader.Next()) records.push_back(std::move(*record));
  return records;
}

// Overwrites `length` bytes at `lsn` in the segment file that holds it.
void Scribble(const std::string& directory, Lsn lsn, const std::vector<char>& bytes) {
  std::fstream file(SegmentPath(directory, SegmentOf(lsn)), std::ios::in | std::ios::out | std::ios::binary);
  REQUIRE(file.good());
  file.seekp(static_cast<std::streamoff>(SegmentOffset(lsn)));
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST_CASE("records are read back in order and the end is found", "[storage][wal]") {
  TempDirectory dir;
  const Written written = WriteRecords(dir.path(), 50, 100);
  WalReader reader(DefaultEnv(), dir.path(), kFirstLsn);
  const std::vector<WalRecord> records = ReadAll(reader);
  REQUIRE(records.size() == 50);
  for (size_t i = 0; i < records.size(); ++i) {
    CHECK(records[i].lsn == written.starts[i]);
    CHECK(records[i].end_lsn == written.ends[i]);
    CHECK(records[i].xid == 100 + i);
    CHECK(records[i].main.size() == 100);
    if (i > 0) CHECK(records[i].prev_lsn == written.starts[i - 1]);
  }
  CHECK(reader.end_lsn() == written.ends.back());
  CHECK(reader.last_record_lsn() == written.starts.back());
  CHECK(reader.clean_end());
  CHECK(reader.end_reason() == "no record at " + FormatLsn(written.ends.back()));
}

TEST_CASE("records spanning segment files are read whole", "[storage][wal]") {
  TempDirectory dir;
  // 40 records of 1 MiB: the log crosses into the third segment, records straddle files.
  const Written written = WriteRecords(dir.path(), 40, size_t{1} << 20);
  REQUIRE(SegmentOf(written.ends.back()) >= 3);
  WalReader reader(DefaultEnv(), dir.path(), kFirstLsn);
  const std::vector<WalRecord> records = ReadAll(reader);
  REQUIRE(records.size() == 40);
  CHECK(records[17].main[12345] == Payload(size_t{1} << 20, 17)[12345]);
  CHECK(reader.end_lsn() == written.ends.back());
}

TEST_CASE("a torn last record ends the log at the record before it", "[storage][wal]") {
  TempDirectory dir;
  const Written written = WriteRecords(dir.path(), 10, 3000);
  SECTION("the second half of the record never reached disk") {
    Scribble(dir.path(), written.starts[9] + 1500, std::vector<char>(1500, 0));
  }
  SECTION("a sector of the record holds garbage") {
    Scribble(dir.path(), written.starts[9] + 512, std::vector<char>(512, '\x5A'));
  }
  SECTION("the record's header is cut short by the end of the file") {
    const std::string path = SegmentPath(dir.path(), SegmentOf(written.starts[9]));
    REQUIRE(std::filesystem::exists(path));
    std::filesystem::resize_file(path, SegmentOffset(written.starts[9]) + 10);
  }
  WalReader reader(DefaultEnv(), dir.path(), kFirstLsn);
  const std::vector<WalRecord> records = ReadAll(reader);
  CHECK(records.size() == 9);
  CHECK(reader.end_lsn() == written.starts[9]);
  CHECK(reader.last_record_lsn() == written.starts[8]);
  CHECK_FALSE(reader.clean_end());
  CHECK(reader.end_reason().find(FormatLsn(written.starts[9])) != std::string::npos);
}

TEST_CASE("an impossible length after the last record ends the log", "[storage][wal]") {
  TempDirectory dir;
  const Written written = WriteRecords(dir.path(), 5, 64);
  Scribble(dir.path(), written.ends.back(), {'\xFF', '\xFF', '\xFF', '\x7F'});
  WalReader reader(DefaultEnv(), dir.path(), kFirstLsn);
  CHECK(ReadAll(reader).size() == 5);
  CHECK(reader.end_reason() == "invalid record length 2147483647 at " + FormatLsn(written.ends.back()));
}

TEST_CASE("a stale record whose link does not chain is not read", "[storage][wal]") {
  TempDirectory dir;
  const Written written = WriteRecords(dir.path(), 5, 64);
  // A well-formed record, as a recycled segment may still hold, pointing elsewhere.
  std::vector<std::byte> stale;
  EncodeWalRecord(WalRecordInput{ResourceManager::kTransaction, 0, 999, {}, {}}, 0x42, {}, stale);
  Scribble(dir.path(), written.ends.back(),
           std::vector<char>(reinterpret_cast<const char*>(stale.data()),
                             reinterpret_cast<const char*>(stale.data()) + stale.size()));
  WalReader reader(DefaultEnv(), dir.path(), kFirstLsn);
  CHECK(ReadAll(reader).size() == 5);
  CHECK(reader.end_reason().find("wrong previous-record link") != std::string::npos);
}

TEST_CASE("reopening the log for writing wipes whatever follows its end", "[storage][wal]") {
  TempDirectory dir;
  const Written written = WriteRecords(dir.path(), 20, 200);
  // As after a recovery that stopped at record 12 (say, record 12 was torn): the writer
  // continues there, and records 12.. of the previous run must never be read again.
  {
    WalWriter wal(DefaultEnv(), dir.path(), written.starts[12], written.starts[11], kFirstLsn);
    const std::vector<std::byte> main = Payload(200, 12);  // the same length as before
    wal.Insert(WalRecordInput{ResourceManager::kTransaction, 0, 5000, {}, main});
    wal.FlushAll();
  }
  WalReader reader(DefaultEnv(), dir.path(), kFirstLsn);
  const std::vector<WalRecord> records = ReadAll(reader);
  REQUIRE(records.size() == 13);
  CHECK(records.back().xid == 5000);
  CHECK(reader.clean_end());
}
