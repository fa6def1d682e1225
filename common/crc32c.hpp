// CRC32C (Castagnoli), used for page checksums and WAL records.
//
// A table-driven software path and a hardware (SSE4.2) one chosen at run time. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

namespace granary {

// Extends `crc` (start with 0) over `size` bytes at `data`.
uint32_t Crc32c(uint32_t crc, const void* data, size_t size);

}  // namespace granary
