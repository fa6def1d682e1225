// Crash points: named places where a test can make the process die as abruptly as a power cut
// would stop it (PostgreSQL's injection points, reduced to one action).
//
// When the environment variable GRANARY_CRASH_POINT is `name` or `name:N`, the N-th (default
// first) call of CrashPoint(name) in the process sends SIGKILL to the process itself: no
// destructor, no flush, no atexit handler runs. Unset, a crash point costs one branch.
// tests/crash/ uses them to kill the engine inside a checkpoint and inside recovery.
// Thread-safety: may be called from any thread.
#pragma once

#include <string_view>

namespace granary {

void CrashPoint(std::string_view name);

}  // namespace granary
