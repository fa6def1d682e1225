// Temporary files and the rows in them: the row format round-trips every kind of value,
// temp_file_limit stops a statement's files at its limit (53400), files go when their owner
// does, and leftovers are removed at open.
#include "executor/spill/spill_file.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "executor/spill/partition_set.hpp"
#include "executor/spill/temp_file_space.hpp"
#include "granary/error.hpp"
#include "storage/env/env.hpp"
#include "types/array.hpp"
#include "types/record.hpp"
#include "types/value_ops.hpp"
#include "../storage/temp_directory.hpp"

using granary::executor::SpillReader;
using granary::executor::SpillWriter;
using granary::executor::TempFile;
using granary::executor::TempFileSpace;
using granary::types::TypeId;
using granary::types::Value;

namespace {

size_t FilesIn(const std::string& directory) {
  if (!std::filesystem::exists(directory)) return 0;
  return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(directory), {}));
}

std::vector<Value> SampleRow(int64_t i) {
  granary::types::Interval interval;
  interval.time = i * 1000;
  interval.day = 3;
  interval.month = -2;
  return {Value::Int4(i),
          Value::Text("row " + std::to_string(i) + std::string(static_cast<size_t>(i % 50), 'x')),
          Value::Null(TypeId::kInt8),
          Value::OfNumeric(granary::types::Numeric::Parse(std::to_string(i) + ".250")),
          Value::Float8(static_cast<double>(i) / 3),
          Value::Bool(i % 2 == 0),
          Value::OfInterval(interval),
          Value::Varchar("v"),
          granary::types::MakeArray(TypeId::kInt4Array, std::vector<Value>{Value::Int4(i), Value::Null(TypeId::kInt4)}),
          granary::types::MakeRecord({Value::Int4(i), Value::Text("r")})};
}

}  // namespace

TEST_CASE("spilled rows read back as written", "[executor][spill]") {
  granary::storage::testing::TempDirectory directory;
  TempFileSpace space(granary::storage::DefaultEnv(), directory.Sub("pgsql_tmp"), -1);
  std::unique_ptr<TempFile> file = space.Create();
  SpillWriter writer(*file);
  constexpr int64_t kRows = 5000;
  for (int64_t i = 0; i < kRows; ++i) writer.Write(SampleRow(i));
  writer.Flush();
  CHECK(writer.rows() == kRows);
  CHECK(space.used_bytes() == file->size());

  SpillReader reader(*file);
  std::vector<Value> row;
  for (int64_t i = 0; i < kRows; ++i) {
    REQUIRE(reader.Read(row));
    const std::vector<Value> expected = SampleRow(i);
    REQUIRE(row.size() == expected.size());
    for (size_t c = 0; c < row.size(); ++c) {
      CHECK(row[c].type() == expected[c].type());
      CHECK(row[c].is_null() == expected[c].is_null());
      if (!expected[c].is_null()) CHECK(granary::types::Compare(row[c], expected[c]) == 0);
    }
    CHECK(row[3].AsNumeric().ToString() == expected[3].AsNumeric().ToString());
  }
  CHECK_FALSE(reader.Read(row));

  granary::executor::Batch batch;
  SpillReader batches(*file);
  size_t total = 0;
  while (batches.ReadBatch(batch, 10)) total += batch.row_count;
  CHECK(total == kRows);
}

TEST_CASE("temporary files go with their owner and at open", "[executor][spill]") {
  granary::storage::testing::TempDirectory directory;
  const std::string data = directory.path();
  const std::string tmp = granary::executor::TempFileDirectory(data);
  TempFileSpace space(granary::storage::DefaultEnv(), tmp, -1);
  {
    std::unique_ptr<TempFile> first = space.Create();
    std::unique_ptr<TempFile> second = space.Create();
    CHECK(first->path() != second->path());
    CHECK(FilesIn(tmp) == 2);
    granary::executor::PartitionSet partitions(space, 4);
    partitions.Writer(1).Write(SampleRow(1));
    CHECK(FilesIn(tmp) == 3);
    uint64_t disk = 0;
    std::vector<std::unique_ptr<TempFile>> files = partitions.Finish(disk);
    CHECK(disk > 0);
    CHECK(files[0] == nullptr);
    CHECK(files[1] != nullptr);
  }
  CHECK(FilesIn(tmp) == 0);
  CHECK(space.used_bytes() == 0);

  // A file a dead process left behind.
  std::ofstream(tmp + "/pgsql_tmp999.7") << "left over";
  CHECK(FilesIn(tmp) == 1);
  granary::executor::RemoveLeftoverTempFiles(granary::storage::DefaultEnv(), data);
  CHECK(FilesIn(tmp) == 0);
}

TEST_CASE("temp_file_limit caps the files of a statement", "[executor][spill]") {
  granary::storage::testing::TempDirectory directory;
  TempFileSpace space(granary::storage::DefaultEnv(), directory.Sub("pgsql_tmp"), 64);
  std::unique_ptr<TempFile> file = space.Create();
  SpillWriter writer(*file);
  std::string state;
  try {
    for (int64_t i = 0; i < 100000; ++i) writer.Write(SampleRow(i));
    writer.Flush();
  } catch (const granary::Error& error) {
    state = error.sqlstate();
    CHECK(error.message().find("temporary file size exceeds temp_file_limit (64kB)") != std::string::npos);
  }
  CHECK(state == "53400");
  CHECK(file->size() <= 64 * 1024);
}
