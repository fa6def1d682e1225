#include <catch2/catch.hpp>

#include <thread>

#include "common/blocking_region.hpp"

namespace {

struct CountingListener final : granary::BlockingListener {
  void OnBlockingBegin() noexcept override { ++begins; }
  void OnBlockingEnd() noexcept override { ++ends; }
  int begins = 0;
  int ends = 0;
};

}  // namespace

TEST_CASE("a blocking region without a listener does nothing", "[common][blocking]") {
  REQUIRE(granary::CurrentBlockingListener() == nullptr);
  granary::BlockingRegion region;
  CHECK(granary::BlockingRegion::Active());
}

TEST_CASE("the listener hears the outermost region only", "[common][blocking]") {
  CountingListener listener;
  REQUIRE(granary::SetBlockingListener(&listener) == nullptr);
  {
    granary::BlockingRegion outer;
    CHECK(listener.begins == 1);
    {
      granary::BlockingRegion inner;
      CHECK(listener.begins == 1);
    }
    CHECK(listener.ends == 0);
    CHECK(granary::BlockingRegion::Active());
  }
  CHECK(listener.begins == 1);
  CHECK(listener.ends == 1);
  CHECK_FALSE(granary::BlockingRegion::Active());
  { granary::BlockingRegion again; }
  CHECK(listener.begins == 2);
  CHECK(listener.ends == 2);
  REQUIRE(granary::SetBlockingListener(nullptr) == &listener);
}

TEST_CASE("listeners belong to one thread", "[common][blocking]") {
  CountingListener listener;
  granary::SetBlockingListener(&listener);
  std::thread other([] {
    CHECK(granary::CurrentBlockingListener() == nullptr);
    granary::BlockingRegion region;
  });
  other.join();
  CHECK(listener.begins == 0);
  granary::SetBlockingListener(nullptr);
}
