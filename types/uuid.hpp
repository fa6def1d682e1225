// uuid: PostgreSQL's uuid_in (braces optional, a hyphen allowed after any group of four hex
// digits), uuid_out (lower-case 8-4-4-4-12) and gen_random_uuid (RFC 4122 version 4).
// A uuid value's payload is its 16 bytes; they compare with memcmp, as uuid_cmp does.
// Errors: 22P02 `invalid input syntax for type uuid: "..."`.
// Thread-safety: pure functions; the random generator is per thread.
#pragma once

#include <string>
#include <string_view>

namespace granary::types {

// uuid_in: the 16 bytes of `text`.
std::string ParseUuid(std::string_view text);
// uuid_out: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11".
std::string FormatUuid(std::string_view bytes);
// gen_random_uuid(): 16 random bytes with the version (4) and variant (10) bits set.
std::string RandomUuid();

}  // namespace granary::types
