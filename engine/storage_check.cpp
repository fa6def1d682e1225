// Database::VerifyStorage: reads every block of every relation file back from disk after a
// checkpoint and checks it (`granary verify`, and the crash tests' final word on torn pages),
// then checks the structure of every B-tree index (BTree::Verify).
//
// Statements are held off (statement_gate) while it runs, so that no page being read is being
// rewritten by an eviction at the same moment.
#include <array>
#include <memory>
#include <string>

#include "engine/database_impl.hpp"
#include "storage/btree/btree.hpp"
#include "storage/env/env.hpp"
#include "storage/heap/heap_file.hpp"

namespace granary {
namespace {

std::optional<storage::RelFileNumber> ParseRelfile(const std::string& name) {
  if (name.empty() || name.size() > 10) return std::nullopt;
  uint64_t value = 0;
  for (char c : name) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (value > UINT32_MAX) return std::nullopt;
  return static_cast<storage::RelFileNumber>(value);
}

// Layout checks beyond the checksum: a page kind the file may hold (commit log pages in the
// commit log, heap pages in a table, a meta page then B-tree pages in an index), and every
// heap tuple's item within the page and long enough for a tuple header.
std::string CheckPage(storage::Page page, storage::RelFileNumber rel, storage::BlockNumber block,
                      bool index) {
  storage::PageKind expected = storage::PageKind::kHeap;
  if (rel == storage::kCommitLogRelFile) {
    expected = storage::PageKind::kClog;
  } else if (index) {
    expected = block == 0 ? storage::PageKind::kMeta : storage::PageKind::kBtree;
  } else if (block == 0 && page.kind() == storage::PageKind::kSequence) {
    expected = storage::PageKind::kSequence;  // a sequence's one page
  }
  if (page.kind() != expected) return "unexpected page kind " + std::to_string(static_cast<int>(page.kind()));
  if (expected != storage::PageKind::kHeap) return "";
  try {
    for (storage::SlotNumber slot = 1; slot <= page.ItemCount(); ++slot) {
      if (page.StateOf(slot) != storage::ItemState::kNormal) continue;
      if (page.Item(slot).size() < sizeof(storage::TupleHeader)) {
        return "tuple " + std::to_string(slot) + " is too short";
      }
    }
  } catch (const Error& error) {
    return error.message();
  }
  return "";
}

}  // namespace

StorageCheck Database::VerifyStorage() {
  Checkpoint();
  std::unique_lock statements(impl_->statement_gate);
  storage::Env& env = storage::DefaultEnv();
  const std::string base = impl_->directory->path() + "/base";
  StorageCheck check;
  for (const std::string& name : env.ListDirectory(base)) {
    const std::optional<storage::RelFileNumber> rel = ParseRelfile(name);
    const std::string path = "base/" + name;
    if (!rel) {
      check.problems.push_back(path + ": not a relation file");
      continue;
    }
    ++check.relation_files;
    const uint64_t size = env.OpenFile(base + "/" + name, false)->Size();
    if (size % storage::kPageSize != 0) {
      check.problems.push_back(path + ": size " + std::to_string(size) + " is not a whole number of pages");
    }
    const storage::BlockNumber blocks = static_cast<storage::BlockNumber>(size / storage::kPageSize);
    alignas(4096) std::array<std::byte, storage::kPageSize> buffer;
    bool index = false;  // block 0 is a meta page: a B-tree
    for (storage::BlockNumber block = 0; block < blocks; ++block) {
      ++check.pages;
      try {
        impl_->storage->ReadBlock(*rel, block, buffer.data());
      } catch (const Error& error) {
        check.problems.push_back(path + " block " + std::to_string(block) + ": " + error.message());
        continue;
      }
      const storage::Page page(buffer.data());
      if (page.IsNew()) continue;
      if (block == 0 && page.kind() == storage::PageKind::kMeta) index = true;
      const std::string problem = CheckPage(page, *rel, block, index);
      if (!problem.empty()) {
        check.problems.push_back(path + " block " + std::to_string(block) + ": " + problem);
      }
    }
    if (!index) continue;
    try {
      storage::BTree(*impl_->pool, *rel, path).Verify();
    } catch (const Error& error) {
      check.problems.push_back(path + ": " + error.message());
    }
  }
  return check;
}

}  // namespace granary
