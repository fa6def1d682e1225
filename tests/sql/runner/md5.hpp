// MD5 (RFC 1321), for sqllogictest's "N values hashing to <md5>" result blocks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace granary::slt {

class Md5 {
 public:
  Md5();
  void Update(std::string_view bytes);
  // Lower-case hex digest; the object must not be updated afterwards.
  std::string HexDigest();

 private:
  void Transform(const unsigned char block[64]);

  uint32_t state_[4];
  uint64_t length_ = 0;  // bytes seen
  unsigned char buffer_[64];
};

}  // namespace granary::slt
