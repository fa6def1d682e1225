// Blocking regions: how code about to wait for a long or unbounded time (a WAL flush, a lock)
// tells the thread's owner, so that a worker pool can start another worker meanwhile.
//
//   {
//     BlockingRegion blocking;   // the listener of this thread hears OnBlockingBegin
//     condition.wait(lock);      // the wait itself
//   }                            // ... and OnBlockingEnd
//
// A thread has at most one listener, installed by whoever owns the thread (the server's
// worker pool installs one on each worker). Without a listener — the embedded API called
// from an application's own threads — a region costs a thread-local read and does nothing.
// Regions nest: only the outermost one calls the listener, so a lock wait inside a flush (or
// the reverse) counts once.
//
// What to wrap: waits whose end depends on I/O or on another session (fsync, lock waits,
// waiting for another transaction to end). What not to wrap: short waits for a latch or a
// mutex whose holder is running — a compensating worker would only queue behind the same
// holder.
//
// Thread-safety: everything here acts on the calling thread only. Listener callbacks run on
// the blocking thread, must not throw and must not block.
#pragma once

namespace granary {

class BlockingListener {
 public:
  virtual ~BlockingListener() = default;
  // The thread is about to block / has stopped blocking. Called in pairs, never nested.
  virtual void OnBlockingBegin() noexcept = 0;
  virtual void OnBlockingEnd() noexcept = 0;
};

// Installs `listener` (nullptr: none) for the calling thread and returns the previous one.
// The listener must outlive its installation; it must not be changed inside a region.
BlockingListener* SetBlockingListener(BlockingListener* listener) noexcept;

// The calling thread's listener, or nullptr.
BlockingListener* CurrentBlockingListener() noexcept;

// RAII: the scope of one wait. Not copyable or movable; must end on the thread that began it.
class BlockingRegion {
 public:
  BlockingRegion() noexcept;
  ~BlockingRegion();
  BlockingRegion(const BlockingRegion&) = delete;
  BlockingRegion& operator=(const BlockingRegion&) = delete;

  // Whether the calling thread is inside a region.
  static bool Active() noexcept;
};

}  // namespace granary
