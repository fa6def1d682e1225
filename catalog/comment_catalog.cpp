// Comments in pg_description and pg_shdescription (PostgreSQL's commands/comment.c storage).
#include <algorithm>

#include "catalog/catalog.hpp"

namespace granary::catalog {

using types::Value;

namespace {

bool Matches(const CatalogRow& row, Oid object, Oid class_oid, int32_t sub_id) {
  return static_cast<Oid>(row[pg_description::kObject].AsInt()) == object &&
         static_cast<Oid>(row[pg_description::kClass].AsInt()) == class_oid &&
         row[pg_description::kSubId].AsInt() == sub_id;
}

}  // namespace

void Catalog::SetComment(Oid object, Oid class_oid, int32_t sub_id, const std::optional<std::string>& text,
                         const storage::Snapshot& snapshot, storage::CommandId cid) {
  SystemTableAccess descriptions(pool_, transactions_, SystemTable::kDescription);
  for (const auto& [tid, row] : descriptions.Scan(snapshot)) {
    if (Matches(row, object, class_oid, sub_id)) descriptions.Delete(tid, snapshot.own_xid, cid);
  }
  if (!text || text->empty()) return;
  descriptions.Insert({Value::Int8(object), Value::Int8(class_oid), Value::Int4(sub_id), Value::Text(*text)},
                      snapshot.own_xid, cid);
}

std::optional<std::string> Catalog::FindComment(Oid object, Oid class_oid, int32_t sub_id,
                                                const storage::Snapshot& snapshot) {
  for (const auto& [tid, row] : SystemTableAccess(pool_, transactions_, SystemTable::kDescription).Scan(snapshot)) {
    if (Matches(row, object, class_oid, sub_id)) return row[pg_description::kDescription].AsString();
  }
  return std::nullopt;
}

void Catalog::SetSharedComment(Oid object, Oid class_oid, const std::optional<std::string>& text,
                               const storage::Snapshot& snapshot, storage::CommandId cid) {
  SystemTableAccess descriptions(pool_, transactions_, SystemTable::kSharedDescription);
  for (const auto& [tid, row] : descriptions.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_shdescription::kObject].AsInt()) == object &&
        static_cast<Oid>(row[pg_shdescription::kClass].AsInt()) == class_oid) {
      descriptions.Delete(tid, snapshot.own_xid, cid);
    }
  }
  if (!text || text->empty()) return;
  descriptions.Insert({Value::Int8(object), Value::Int8(class_oid), Value::Text(*text)}, snapshot.own_xid, cid);
}

std::optional<std::string> Catalog::FindSharedComment(Oid object, Oid class_oid,
                                                      const storage::Snapshot& snapshot) {
  for (const auto& [tid, row] :
       SystemTableAccess(pool_, transactions_, SystemTable::kSharedDescription).Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_shdescription::kObject].AsInt()) == object &&
        static_cast<Oid>(row[pg_shdescription::kClass].AsInt()) == class_oid) {
      return row[pg_shdescription::kDescription].AsString();
    }
  }
  return std::nullopt;
}

void Catalog::DeleteComments(Oid class_oid, const std::vector<Oid>& objects, const storage::Snapshot& snapshot,
                             storage::CommandId cid) {
  if (objects.empty()) return;
  SystemTableAccess descriptions(pool_, transactions_, SystemTable::kDescription);
  for (const auto& [tid, row] : descriptions.Scan(snapshot)) {
    const auto object = static_cast<Oid>(row[pg_description::kObject].AsInt());
    if (static_cast<Oid>(row[pg_description::kClass].AsInt()) == class_oid &&
        std::find(objects.begin(), objects.end(), object) != objects.end()) {
      descriptions.Delete(tid, snapshot.own_xid, cid);
    }
  }
}

void Catalog::RenumberColumnComments(Oid table, const std::vector<std::string>& old_names,
                                     const std::vector<ColumnSchema>& columns, const storage::Snapshot& snapshot,
                                     storage::CommandId cid) {
  // Column n (1-based) of the old layout is column mapping[n - 1] of the new one, 0 if gone.
  std::vector<int32_t> mapping(old_names.size(), 0);
  if (columns.size() + 1 == old_names.size()) {
    size_t dropped = old_names.size() - 1;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (columns[i].name != old_names[i]) {
        dropped = i;
        break;
      }
    }
    for (size_t i = 0; i < old_names.size(); ++i) {
      if (i != dropped) mapping[i] = static_cast<int32_t>(i < dropped ? i + 1 : i);
    }
  } else {
    for (size_t i = 0; i < old_names.size() && i < columns.size(); ++i) mapping[i] = static_cast<int32_t>(i + 1);
  }
  SystemTableAccess descriptions(pool_, transactions_, SystemTable::kDescription);
  for (const auto& [tid, row] : descriptions.Scan(snapshot)) {
    const int64_t sub_id = row[pg_description::kSubId].AsInt();
    if (static_cast<Oid>(row[pg_description::kObject].AsInt()) != table ||
        static_cast<Oid>(row[pg_description::kClass].AsInt()) != kRelationClassOid || sub_id <= 0) {
      continue;
    }
    const int32_t moved = static_cast<size_t>(sub_id) <= mapping.size() ? mapping[sub_id - 1] : 0;
    if (moved == sub_id) continue;
    descriptions.Delete(tid, snapshot.own_xid, cid);
    if (moved != 0) {
      descriptions.Insert({Value::Int8(table), Value::Int8(kRelationClassOid), Value::Int4(moved),
                           row[pg_description::kDescription]},
                          snapshot.own_xid, cid);
    }
  }
}

}  // namespace granary::catalog
