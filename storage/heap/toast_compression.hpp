// Compression of large values for TOAST, with zlib (deflate).
//
// PostgreSQL compresses with pglz (or lz4); Granary uses zlib, which every platform has and
// which scripts/setup.sh installs, at its fastest level: TOAST compression is about saving
// I/O on values that are mostly text, not about the best ratio. A value is kept compressed
// only when that saves at least 25% (pglz's default min_comp_rate); values over 1 MiB are
// first probed on their first 64 KiB so that incompressible data (images, archives) costs
// little time (pglz's first_success_by has the same purpose).
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace granary::storage {

// The compressed form of `raw`, or nullopt when compressing does not pay.
std::optional<std::string> CompressValue(std::string_view raw);
// Inflates `compressed` into exactly `raw_size` bytes; XX001 `compressed data is corrupted`
// otherwise.
std::string DecompressValue(std::span<const std::byte> compressed, size_t raw_size);

}  // namespace granary::storage
