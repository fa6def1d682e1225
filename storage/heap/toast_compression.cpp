// zlib compression of TOAST values (see toast_compression.hpp for the policy).
#include "storage/heap/toast_compression.hpp"

#include <zlib.h>

#include <limits>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::storage {
namespace {

constexpr size_t kMinimumInput = 32;         // pglz's min_input_size
constexpr size_t kProbeThreshold = 1 << 20;  // values above this are probed first
constexpr size_t kProbeSize = 64 << 10;
constexpr int kLevel = Z_BEST_SPEED;

// Deflates `raw` into at most `limit` bytes; nullopt if it does not fit.
std::optional<std::string> DeflateWithin(std::string_view raw, size_t limit) {
  z_stream stream{};
  if (deflateInit(&stream, kLevel) != Z_OK) return std::nullopt;
  std::string out(limit, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  size_t in_left = raw.size();
  size_t out_left = limit;
  int status = Z_OK;
  // zlib counts in uInt (32 bits): feed and drain in pieces below 4 GiB.
  constexpr size_t kStep = std::numeric_limits<uInt>::max() / 2;
  while (status == Z_OK) {
    const size_t in_step = std::min(in_left, kStep);
    const size_t out_step = std::min(out_left, kStep);
    stream.avail_in = static_cast<uInt>(in_step);
    stream.avail_out = static_cast<uInt>(out_step);
    status = deflate(&stream, in_step == in_left ? Z_FINISH : Z_NO_FLUSH);
    in_left -= in_step - stream.avail_in;
    out_left -= out_step - stream.avail_out;
    if (status == Z_OK && out_left == 0) break;  // out of room: not worth it
    if (status == Z_BUF_ERROR && out_left > 0 && in_left > 0) status = Z_OK;
  }
  deflateEnd(&stream);
  if (status != Z_STREAM_END) return std::nullopt;
  out.resize(limit - out_left);
  return out;
}

}  // namespace

std::optional<std::string> CompressValue(std::string_view raw) {
  if (raw.size() < kMinimumInput) return std::nullopt;
  if (raw.size() > kProbeThreshold &&
      !DeflateWithin(raw.substr(0, kProbeSize), kProbeSize * 3 / 4)) {
    return std::nullopt;
  }
  return DeflateWithin(raw, raw.size() * 3 / 4);
}

std::string DecompressValue(std::span<const std::byte> compressed, size_t raw_size) {
  std::string out(raw_size, '\0');
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) {
    throw Error(sqlstate::kOutOfMemory, "out of memory while decompressing a value");
  }
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(compressed.data()));
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  size_t in_left = compressed.size();
  size_t out_left = raw_size;
  constexpr size_t kStep = std::numeric_limits<uInt>::max() / 2;
  int status = Z_OK;
  while (status == Z_OK) {
    const size_t in_step = std::min(in_left, kStep);
    const size_t out_step = std::min(out_left, kStep);
    stream.avail_in = static_cast<uInt>(in_step);
    stream.avail_out = static_cast<uInt>(out_step);
    status = inflate(&stream, Z_NO_FLUSH);
    in_left -= in_step - stream.avail_in;
    out_left -= out_step - stream.avail_out;
    if (status == Z_BUF_ERROR && in_left > 0 && out_left > 0) status = Z_OK;
    if (status == Z_OK && in_step == 0 && out_step == 0) break;
  }
  inflateEnd(&stream);
  if (status != Z_STREAM_END || out_left != 0 || in_left != 0) {
    throw Error(sqlstate::kDataCorrupted, "compressed data is corrupted");
  }
  return out;
}

}  // namespace granary::storage
