// The registry of enum types and labels, and enum_in / enum_out / enum_cmp over it
// (PostgreSQL 15's utils/adt/enum.c, with the registry in place of the pg_enum syscache).
#include "types/enum.hpp"

#include <algorithm>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::types {
namespace {

struct Registry {
  std::shared_mutex mutex;
  int users = 0;  // open databases (EnumRegistryUse)
  std::unordered_map<uint32_t, EnumTypeDefinition> types;
  std::unordered_map<uint32_t, uint32_t> array_to_type;
  std::unordered_map<uint32_t, EnumLabel> labels;
  std::unordered_map<uint32_t, std::vector<uint32_t>> labels_of_type;  // label oids
};

Registry& TheRegistry() {
  static Registry registry;
  return registry;
}

[[noreturn]] void ThrowInvalidInternal(int64_t label_oid) {
  throw Error(sqlstate::kInvalidBinaryRepresentation,
              "invalid internal value for enum: " + std::to_string(label_oid));
}

}  // namespace

EnumRegistryUse::EnumRegistryUse() {
  Registry& registry = TheRegistry();
  std::unique_lock lock(registry.mutex);
  if (registry.users++ == 0) {
    registry.types.clear();
    registry.array_to_type.clear();
    registry.labels.clear();
    registry.labels_of_type.clear();
  }
}

EnumRegistryUse::~EnumRegistryUse() {
  Registry& registry = TheRegistry();
  std::unique_lock lock(registry.mutex);
  --registry.users;
}

void RegisterEnumType(const EnumTypeDefinition& definition) {
  Registry& registry = TheRegistry();
  std::unique_lock lock(registry.mutex);
  registry.types[definition.oid] = definition;
  registry.array_to_type[definition.array_oid] = definition.oid;
}

void RegisterEnumLabel(const EnumLabel& label) {
  Registry& registry = TheRegistry();
  std::unique_lock lock(registry.mutex);
  const auto [it, inserted] = registry.labels.insert_or_assign(label.oid, label);
  if (inserted) registry.labels_of_type[label.type_oid].push_back(label.oid);
}

std::optional<EnumTypeDefinition> FindEnumType(uint32_t oid) {
  Registry& registry = TheRegistry();
  std::shared_lock lock(registry.mutex);
  const auto it = registry.types.find(oid);
  if (it == registry.types.end()) return std::nullopt;
  return it->second;
}

std::optional<EnumTypeDefinition> FindEnumTypeByArray(uint32_t array_oid) {
  Registry& registry = TheRegistry();
  std::shared_lock lock(registry.mutex);
  const auto it = registry.array_to_type.find(array_oid);
  if (it == registry.array_to_type.end()) return std::nullopt;
  return registry.types.at(it->second);
}

std::optional<EnumLabel> FindEnumLabel(uint32_t label_oid) {
  Registry& registry = TheRegistry();
  std::shared_lock lock(registry.mutex);
  const auto it = registry.labels.find(label_oid);
  if (it == registry.labels.end()) return std::nullopt;
  return it->second;
}

std::vector<EnumLabel> EnumLabelsOf(uint32_t type_oid) {
  Registry& registry = TheRegistry();
  std::vector<EnumLabel> labels;
  {
    std::shared_lock lock(registry.mutex);
    const auto it = registry.labels_of_type.find(type_oid);
    if (it == registry.labels_of_type.end()) return labels;
    for (uint32_t oid : it->second) labels.push_back(registry.labels.at(oid));
  }
  std::sort(labels.begin(), labels.end(),
            [](const EnumLabel& a, const EnumLabel& b) { return a.sort_order < b.sort_order; });
  return labels;
}

void UndoEnumChange(const EnumChange& change) {
  Registry& registry = TheRegistry();
  std::unique_lock lock(registry.mutex);
  const auto it = registry.labels.find(change.label_oid);
  if (it == registry.labels.end()) return;
  if (change.old_label) {
    it->second.label = *change.old_label;
    return;
  }
  std::vector<uint32_t>& of_type = registry.labels_of_type[it->second.type_oid];
  of_type.erase(std::remove(of_type.begin(), of_type.end(), change.label_oid), of_type.end());
  registry.labels.erase(it);
}

Value EnumFromText(std::string_view label, uint32_t type_oid) {
  {
    Registry& registry = TheRegistry();
    std::shared_lock lock(registry.mutex);
    const auto it = registry.labels_of_type.find(type_oid);
    if (it != registry.labels_of_type.end()) {
      for (uint32_t oid : it->second) {
        if (registry.labels.at(oid).label == label) return Value::OfInt(TypeId::kEnum, oid);
      }
    }
  }
  throw Error(sqlstate::kInvalidTextRepresentation,
              "invalid input value for enum " + FormatType(Type{TypeId::kEnum, static_cast<int32_t>(type_oid)}) +
                  ": \"" + std::string(label) + "\"");
}

std::string EnumToText(int64_t label_oid) {
  Registry& registry = TheRegistry();
  std::shared_lock lock(registry.mutex);
  const auto it = registry.labels.find(static_cast<uint32_t>(label_oid));
  if (it == registry.labels.end()) ThrowInvalidInternal(label_oid);
  return it->second.label;
}

double EnumSortOrder(int64_t label_oid) {
  Registry& registry = TheRegistry();
  std::shared_lock lock(registry.mutex);
  const auto it = registry.labels.find(static_cast<uint32_t>(label_oid));
  if (it == registry.labels.end()) ThrowInvalidInternal(label_oid);
  return it->second.sort_order;
}

int CompareEnum(int64_t left_oid, int64_t right_oid) {
  if (left_oid == right_oid) return 0;
  const double left = EnumSortOrder(left_oid);
  const double right = EnumSortOrder(right_oid);
  return left < right ? -1 : (left > right ? 1 : 0);
}

}  // namespace granary::types
