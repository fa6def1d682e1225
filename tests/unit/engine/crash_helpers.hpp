// Crashing the engine in a child process, for the tests that reopen a database after a crash
// (crash recovery, sequences, SQL functions, temporary tables): the child works on the data
// directory and ends with Crash(), so that no destructor runs and the buffer pool and the log
// buffer die with it; the parent then opens the directory and checks what recovery restored.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <functional>

namespace granary::testing {

// Ends the child process on the spot, as a crash would. Call it where the database and its
// sessions are still in scope.
[[noreturn]] inline void Crash() { _exit(0); }

// Runs `body`, which must end in Crash(), in a child process. True when the child reached the
// crash; false when it threw before it (exit status 1) or returned, which would have closed
// the database cleanly through its destructors (exit status 2).
inline bool CrashAfter(const std::function<void()>& body) {
  const pid_t child = fork();
  if (child == 0) {
    try {
      body();
    } catch (...) {
      _exit(1);
    }
    _exit(2);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace granary::testing
