// Rows in temporary files: the byte form of a row, a buffered writer that appends rows to a
// TempFile, a reader that reads them back in order, and the memory estimate that decides
// when an operator spills.
//
// Row format: a 4-byte length, then the column count (4 bytes) and each value as its type
// id (1 byte), payload kind (1 byte) and payload (integers and doubles 8 bytes, strings and
// numerics length-prefixed, intervals 16 bytes, arrays and records their parts recursively).
// Values come back exactly as written, type tag included; the files are private to the
// statement, so the format is not versioned.
//
// Thread-safety: none (one statement's operator).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "executor/batch.hpp"
#include "executor/spill/temp_file_space.hpp"
#include "types/value.hpp"

namespace granary::executor {

// Bytes a value is taken to occupy in memory: the Value itself and what it owns.
size_t EstimateBytes(const types::Value& value);
size_t EstimateRowBytes(std::span<const types::Value> row);

// Appends the row format of `row` to `out` / decodes one row (XX001 on malformed bytes).
void EncodeSpillRow(std::span<const types::Value> row, std::string& out);
void DecodeSpillRow(std::string_view bytes, std::vector<types::Value>& row);

// Appends rows to the end of a TempFile through an 8kB buffer. Rows written are readable
// after Flush (the destructor does not flush: a writer abandoned by an error loses its tail).
class SpillWriter {
 public:
  explicit SpillWriter(TempFile& file) : file_(file), begin_(file.size()) {}
  void Write(std::span<const types::Value> row);
  void WriteBatchRow(const Batch& batch, size_t row);
  void Flush();
  // Where this writer's rows start in the file, and how many it wrote.
  uint64_t begin() const { return begin_; }
  uint64_t rows() const { return rows_; }

 private:
  TempFile& file_;
  uint64_t begin_;
  uint64_t rows_ = 0;
  std::string buffer_;
  std::vector<types::Value> scratch_;
};

// Reads the rows in [begin, end) of a TempFile, in the order they were written.
class SpillReader {
 public:
  SpillReader(TempFile& file, uint64_t begin, uint64_t end) : file_(&file), position_(begin), end_(end) {}
  explicit SpillReader(TempFile& file) : SpillReader(file, 0, file.size()) {}
  // False at the end.
  bool Read(std::vector<types::Value>& row);
  // Up to kBatchSize rows into `out` (reset to `width` columns); false when none were left.
  bool ReadBatch(Batch& out, size_t width);

 private:
  // Makes `count` bytes available from buffer_[offset_]; false at the end.
  bool Fill(size_t count);

  TempFile* file_;
  uint64_t position_;  // file offset of buffer_'s end
  uint64_t end_;
  std::string buffer_;
  size_t offset_ = 0;
  std::vector<types::Value> row_;
};

}  // namespace granary::executor
