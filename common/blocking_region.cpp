// Blocking regions: the per-thread listener and the nesting depth.
#include "common/blocking_region.hpp"

namespace granary {
namespace {

thread_local BlockingListener* listener_of_thread = nullptr;
thread_local int region_depth = 0;

}  // namespace

BlockingListener* SetBlockingListener(BlockingListener* listener) noexcept {
  BlockingListener* previous = listener_of_thread;
  listener_of_thread = listener;
  return previous;
}

BlockingListener* CurrentBlockingListener() noexcept { return listener_of_thread; }

BlockingRegion::BlockingRegion() noexcept {
  if (region_depth++ == 0 && listener_of_thread != nullptr) listener_of_thread->OnBlockingBegin();
}

BlockingRegion::~BlockingRegion() {
  if (--region_depth == 0 && listener_of_thread != nullptr) listener_of_thread->OnBlockingEnd();
}

bool BlockingRegion::Active() noexcept { return region_depth > 0; }

}  // namespace granary
