// RedoContext: block preparation for redo (PostgreSQL's XLogReadBufferForRedo).
#include "storage/wal/redo_context.hpp"

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::storage {

bool RedoContext::RelationExists(RelFileNumber rel) {
  auto it = exists_.find(rel);
  if (it == exists_.end()) it = exists_.emplace(rel, pool_.storage().Exists(rel)).first;
  return it->second;
}

void RedoContext::EnsureBlockExists(RelFileNumber rel, BlockNumber block) {
  StorageManager& storage = pool_.storage();
  // Extensions are not logged by themselves: the block's first record recreates it.
  for (BlockNumber blocks = storage.NumBlocks(rel); blocks <= block; ++blocks) storage.Extend(rel);
}

PageGuard RedoContext::PrepareBlock(const WalRecord& record, size_t index) {
  if (index >= record.blocks.size()) {
    throw Error(sqlstate::kDataCorrupted, "WAL record at " + FormatLsn(record.lsn) +
                                              " lacks block reference " + std::to_string(index));
  }
  const WalBlock& block = record.blocks[index];
  if (!RelationExists(block.rel)) {
    state_.missing.insert(block.rel);
    return {};
  }
  if (!block.has_image && !block.will_init &&
      block.block >= pool_.storage().NumBlocks(block.rel)) {
    state_.invalid_pages.emplace(block.rel, block.block);
    return {};
  }
  EnsureBlockExists(block.rel, block.block);
  if (block.has_image || block.will_init) {
    // A restored or rebuilt page may have slots a reader saw in use now unused.
    pool_.AdvanceSlotReuseEpoch();
  }
  if (block.has_image) {
    PageGuard guard = pool_.ReadForOverwrite(block.rel, block.block);
    block.RestoreImage(guard.page().data());
    ++state_.full_page_images;
    FinishBlock(guard, record);
    return {};
  }
  if (block.will_init) return pool_.ReadForOverwrite(block.rel, block.block);
  PageGuard guard = pool_.Fetch(block.rel, block.block, LatchMode::kExclusive);
  if (guard.page().IsNew()) {
    state_.invalid_pages.emplace(block.rel, block.block);
    return {};
  }
  if (guard.page().lsn() >= record.end_lsn) return {};  // already has this change
  return guard;
}

void RedoContext::FinishBlock(PageGuard& guard, const WalRecord& record) {
  guard.page().set_lsn(record.end_lsn);
  guard.MarkDirty();
}

void RedoContext::CreateRelation(RelFileNumber rel) {
  pool_.storage().Create(rel);
  exists_[rel] = true;
  state_.missing.erase(rel);
}

void RedoContext::DropRelation(RelFileNumber rel) {
  pool_.DiscardRelation(rel);
  pool_.storage().Unlink(rel);
  exists_[rel] = false;
  state_.missing.erase(rel);
  ForgetInvalidPages(rel, 0);
}

void RedoContext::TruncateRelation(RelFileNumber rel, BlockNumber blocks) {
  ForgetInvalidPages(rel, blocks);
  if (!RelationExists(rel)) return;
  pool_.DiscardRelation(rel, blocks);
  if (pool_.storage().NumBlocks(rel) > blocks) pool_.storage().Truncate(rel, blocks);
}

void RedoContext::ForgetInvalidPages(RelFileNumber rel, BlockNumber from_block) {
  auto& pages = state_.invalid_pages;
  pages.erase(pages.lower_bound({rel, from_block}), pages.lower_bound({rel + 1, 0}));
}

}  // namespace granary::storage
