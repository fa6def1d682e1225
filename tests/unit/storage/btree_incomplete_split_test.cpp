// A split whose downlink never reached the parent — what an error between the two steps
// leaves behind, and what crash recovery will leave once splits are WAL-logged — must stay
// readable through the right link and be completed by the next writer that passes.
// White-box: the interrupted split is made with the internal page-change functions.
#include <catch2/catch.hpp>

#include <string>

#include "btree_test_support.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/btree/btree_page.hpp"
#include "storage/btree/btree_write.hpp"

using namespace granary::storage;
using namespace granary::storage::testing;
namespace bt = granary::storage::btree_internal;

namespace {

std::string KeyOf(uint64_t n) { return "key" + std::to_string(100000 + n) + std::string(40, '.'); }

// Splits `block` while inserting (key, tid) into it, and stops before the parent is told.
void SplitWithoutParent(BufferPool& pool, BlockNumber block, const std::string& key, TupleId tid) {
  PageGuard left = pool.Fetch(kIndexRel, block, LatchMode::kExclusive);
  const bt::Node node(left.page(), block, "test_index");
  REQUIRE(node.is_leaf());
  const bt::SearchKey search{key, tid, bt::SearchKey::Mode::kExact};
  REQUIRE_FALSE(node.MustMoveRight(search));
  const std::string tuple = bt::MakeLeafTuple(key, tid);
  const bt::SplitPlan plan = bt::ChooseSplit(node, node.LowerBound(search), tuple.size());
  PageGuard right = pool.Extend(kIndexRel, PageKind::kBtree);
  PageGuard old_right;
  if (!node.is_rightmost())
    old_right = pool.Fetch(kIndexRel, node.opaque().right, LatchMode::kExclusive);
  bt::SplitNode(left, right, old_right ? &old_right : nullptr, plan, tuple, nullptr);
}

bool VerifyFails(BTree& tree) {
  try {
    tree.Verify();
  } catch (const granary::Error& error) {
    CHECK(error.sqlstate() == granary::sqlstate::kIndexCorrupted);
    return true;
  }
  return false;
}

}  // namespace

TEST_CASE("an interrupted root split is finished by the next insert", "[storage][btree]") {
  BTreeFixture f(16);
  for (uint64_t n = 0; n < 20; ++n) f.tree->Insert(KeyOf(n), TidOf(n));
  REQUIRE(f.tree->Verify().height == 1);
  SplitWithoutParent(f.pool, 1, KeyOf(100), TidOf(100));  // block 1 is the first root

  CHECK(VerifyFails(*f.tree));
  CHECK(ScanAll(*f.tree).size() == 21);  // readers follow the right link
  CHECK(f.tree->Lookup(KeyOf(19)).size() == 1);

  f.tree->Insert(KeyOf(200), TidOf(200));
  const BTree::Shape shape = f.tree->Verify();
  CHECK(shape.height == 2);
  CHECK(shape.entries == 22);
}

TEST_CASE("an interrupted leaf split is finished by a writer passing through", "[storage][btree]") {
  BTreeFixture f(16);
  for (uint64_t n = 0; n < 2000; ++n) f.tree->Insert(KeyOf(n), TidOf(n));
  const BTree::Shape before = f.tree->Verify();
  REQUIRE(before.height == 2);

  // The leftmost leaf: follow the root's first downlink.
  BlockNumber leftmost;
  {
    const PageGuard meta = f.pool.Fetch(kIndexRel, bt::kMetaBlock, LatchMode::kShared);
    const bt::MetaData data = bt::ReadMeta(meta.page(), "test_index");
    const PageGuard root = f.pool.Fetch(kIndexRel, data.root, LatchMode::kShared);
    const bt::Node node(root.page(), data.root, "test_index");
    leftmost = node.Tuple(node.FirstDataSlot()).child;
  }
  SplitWithoutParent(f.pool, leftmost, "", TidOf(5000));  // "" sorts before every key

  CHECK(VerifyFails(*f.tree));
  CHECK(ScanAll(*f.tree).size() == 2001);
  CHECK(f.tree->Lookup("").size() == 1);

  // A reader does not repair; a writer bound elsewhere does not need to.
  f.tree->Insert(KeyOf(999999), TidOf(6000));
  CHECK(VerifyFails(*f.tree));
  // A writer whose descent passes the flagged page completes the split first.
  f.tree->Insert(KeyOf(0), TidOf(7000));
  const BTree::Shape after = f.tree->Verify();
  CHECK(after.entries == 2003);
  CHECK(after.pages_per_level[0] > before.pages_per_level[0]);
  CHECK(ScanAll(*f.tree).size() == 2003);
}
