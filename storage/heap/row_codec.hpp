// The byte format of a row inside a heap tuple.
//
// Layout: a null bitmap of ceil(n/8) bytes (bit set = NULL), then each non-NULL value in
// column order: bool 1 byte, int2 2, int4 4, int8 8, float8 8, float4 4, date 4, timestamp 8,
// tid 8 (little endian, unaligned), text/varchar/bytea/unknown as a 4-byte length word +
// bytes, numeric as a 4-byte length word + Numeric::AppendSerialized. A row with fewer
// stored values than the table has columns (after ADD COLUMN) decodes the missing trailing
// ones as NULL.
//
// Length words: bits 0-29 are the number of bytes that follow; bit 30 marks a value
// compressed in line, bit 31 a pointer to a value stored out of line in the table's toast
// relation (toast.hpp has both payload formats). Only text, varchar and bytea values are
// ever flagged; EncodeRow never flags a value, the toaster (toast.hpp) does.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "types/value.hpp"

namespace granary::storage {

class BufferPool;

inline constexpr uint32_t kLengthMask = 0x3FFFFFFF;
inline constexpr uint32_t kCompressedInlineFlag = 0x40000000;
inline constexpr uint32_t kExternalFlag = 0x80000000;

// Appends the encoding of `values` (already coerced to the column types) to `out`. A text,
// varchar or bytea value over 1 GiB - 5 bytes raises 54000 (types/varlena_limits.hpp).
void EncodeRow(const std::vector<types::Value>& values, std::string& out);
// As above, but column i is written as `stored_forms[i]` verbatim (a flagged length word and
// its payload, built by the toaster) when that string is not empty.
void EncodeRow(const std::vector<types::Value>& values, std::span<const std::string> stored_forms,
               std::string& out);
// Decodes a row for columns of `column_types` into `out` (replacing its contents); raises
// XX001 on malformed bytes. The row bytes do not record how many values they hold, so this
// form assumes one per column; rows that may predate an ADD COLUMN must be decoded with the
// form below, passing the tuple header's attribute_count.
void DecodeRow(std::span<const std::byte> bytes, const std::vector<types::Type>& column_types,
               std::vector<types::Value>& out);
// Decodes a row that stores `stored_count` values (<= column_types.size(); more raises XX001);
// the columns after them decode as NULL. Compressed values are decompressed; values stored
// out of line are read back from their toast relation through `toast_pool` (eager
// detoasting, see toast.hpp) — a row holding such a value decoded without a pool raises
// XX000. Missing or damaged chunks raise XX001.
void DecodeRow(std::span<const std::byte> bytes, const std::vector<types::Type>& column_types,
               std::vector<types::Value>& out, size_t stored_count,
               BufferPool* toast_pool = nullptr);
// The columns of such a row whose flag in `wanted` is set (wanted and out have one entry per
// column): each wanted value is decoded into out[i] (a stored NULL or a column after the
// stored ones as NULL); the others are stepped over, an out-of-line one without fetching it,
// and their entries of `out` are left as they are. Reading stops after the last wanted
// column, so the left-over bytes check of DecodeRow is made only when the last column is
// wanted. Raises as DecodeRow.
void DecodeColumns(std::span<const std::byte> bytes, const std::vector<types::Type>& column_types,
                   const std::vector<bool>& wanted, std::span<types::Value> out, size_t stored_count,
                   BufferPool* toast_pool = nullptr);
// As DecodeColumns, but each wanted value is appended to columns[i] (columns has at least one
// entry per column; the others are not touched), so that a scan decodes straight into its
// batch's column vectors. On an error some columns may have been appended to.
void AppendColumns(std::span<const std::byte> bytes, const std::vector<types::Type>& column_types,
                   const std::vector<bool>& wanted, std::span<std::vector<types::Value>> columns,
                   size_t stored_count, BufferPool* toast_pool = nullptr);
// A precomputed walk over rows for one choice of wanted columns, for scans that decode many
// rows the same way: runs of unwanted fixed-width columns become one step, unwanted
// length-prefixed ones a step that reads the length word alone. It is used for rows that
// store every column up to the last wanted one and have no NULL among them (the common
// case); other rows take the column-by-column path. Immutable once built; the column types
// are copied.
class ColumnSelection {
 public:
  ColumnSelection() = default;
  ColumnSelection(const std::vector<types::Type>& column_types, const std::vector<bool>& wanted);

  const std::vector<types::Type>& column_types() const { return column_types_; }
  const std::vector<bool>& wanted() const { return wanted_; }

 private:
  friend void AppendColumns(std::span<const std::byte>, const ColumnSelection&,
                            std::span<std::vector<types::Value>>, size_t, BufferPool*);
  enum class StepKind : uint8_t {
    kSkipFixed,        // `bytes` bytes (one or more columns)
    kSkipLengthWord,   // a 4-byte length word and that many bytes
    kSkipVarlena,      // a flagged 4-byte length word and its payload (not fetched)
    kSkipOther,        // column by column, as DecodeColumns does (raises for unknown types)
    kDecode,           // decode column `column`
  };
  struct Step {
    StepKind kind;
    uint32_t column;
    uint32_t bytes;
  };
  std::vector<types::Type> column_types_;
  std::vector<bool> wanted_;
  std::vector<Step> steps_;
  size_t last_wanted_ = 0;  // one past the last wanted column
};

// As AppendColumns above with selection.column_types() and selection.wanted(), and the same
// results and errors, using the selection's precomputed steps where the row allows.
void AppendColumns(std::span<const std::byte> bytes, const ColumnSelection& selection,
                   std::span<std::vector<types::Value>> columns, size_t stored_count,
                   BufferPool* toast_pool = nullptr);
// One integer-like column (int2, int4, int8, date, timestamp, timestamptz) read straight from
// a row's bytes, without decoding the row: a scan's pre-filter tests it before deciding to
// decode anything (executor/operators/scan_decoder.hpp). Only for a column whose preceding
// columns all have a fixed width, so that its offset is known whenever they are stored and
// not NULL. Immutable once built.
class FixedColumnProbe {
 public:
  // nullopt unless column `column` of `column_types` is such a column.
  static std::optional<FixedColumnProbe> Make(const std::vector<types::Type>& column_types, size_t column);

  enum class Read : uint8_t {
    kValue,    // the stored value (as Value::AsInt gives it after decoding)
    kNull,     // a stored NULL, or a column the row does not store (added later): NULL
    kUnknown,  // a column before it is NULL (its offset is not known) or the bytes are short
  };
  // Reads the column from a row of `stored_count` values. Raises nothing: on kUnknown the
  // caller decodes the row as usual, which raises for malformed bytes. Inline: a scan's
  // pre-filter calls it for every row it reads.
  Read Probe(std::span<const std::byte> bytes, size_t stored_count, int64_t& value) const {
    if (column_ >= stored_count) return Read::kNull;  // added after the row was stored
    const size_t bitmap_size = (stored_count + 7) / 8;
    if (bytes.size() < bitmap_size + offset_ + width_) return Read::kUnknown;
    // The NULL bits of the column and of those before it (whose NULLs would move its
    // offset): whole bytes, then the column's own byte up to its bit.
    const size_t last_byte = column_ / 8;
    for (size_t byte = 0; byte < last_byte; ++byte) {
      if (bytes[byte] != std::byte{0}) return Read::kUnknown;
    }
    const unsigned bit = 1u << (column_ % 8);
    const unsigned nulls = std::to_integer<unsigned>(bytes[last_byte]) & ((bit << 1) - 1u);
    if (nulls != 0) return nulls == bit ? Read::kNull : Read::kUnknown;
    value = LoadLittleEndian(bytes.data() + bitmap_size + offset_, width_);
    return Read::kValue;
  }

 private:
  // The signed little-endian integer of `width` (2, 4 or 8) bytes at `at`.
  static int64_t LoadLittleEndian(const std::byte* at, size_t width) {
    auto load = [at](auto width_tag) {
      using Stored = decltype(width_tag);
      if constexpr (std::endian::native == std::endian::little) {
        Stored stored;  // one load where the host's order is the format's
        std::memcpy(&stored, at, sizeof(stored));
        return stored;
      } else {
        uint64_t raw = 0;
        for (size_t i = 0; i < sizeof(Stored); ++i) raw |= std::to_integer<uint64_t>(at[i]) << (8 * i);
        return static_cast<Stored>(raw);
      }
    };
    switch (width) {
      case sizeof(int16_t): return load(int16_t{});
      case sizeof(int32_t): return load(int32_t{});
      default: return load(int64_t{});
    }
  }

  size_t column_ = 0;
  size_t offset_ = 0;  // after the null bitmap: the widths of the columns before it
  size_t width_ = 0;
};

// The payloads of the out-of-line pointers in a row (for deleting their chunks with it).
std::vector<std::span<const std::byte>> ExternalPointers(
    std::span<const std::byte> bytes, const std::vector<types::Type>& column_types,
    size_t stored_count);

}  // namespace granary::storage
