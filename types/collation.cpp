// Collations: pg_collation's built-in rows (PostgreSQL 15's initdb, ICU imported as
// pg_import_system_collations does) and string comparison through ICU collators.
#include "types/collation.hpp"

#include <unicode/ucol.h>
#include <unicode/locid.h>
#include <unicode/uloc.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "granary/error.hpp"
#include "common/sqlstate.hpp"

namespace granary::types {
namespace {

// initdb's oids on a cluster whose only libc locale is C.utf8: ucs_basic and C.utf8 take the
// first two oids after the bootstrap ones, the ICU collations follow in enumeration order.
constexpr uint32_t kUcsBasicOid = 12340;
constexpr uint32_t kCUtf8Oid = 12341;
constexpr uint32_t kFirstIcuOid = 12342;
constexpr int32_t kUtf8Encoding = 6;

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// get_icu_language_tag: uloc_toLanguageTag in strict mode; nullopt when ICU refuses.
std::optional<std::string> LanguageTag(const char* locale) {
  char buffer[ULOC_FULLNAME_CAPACITY];
  UErrorCode status = U_ZERO_ERROR;
  uloc_toLanguageTag(locale, buffer, sizeof(buffer), true, &status);
  if (U_FAILURE(status)) return std::nullopt;
  return std::string(buffer);
}

std::vector<CollationDefinition> MakeBuiltins() {
  std::vector<CollationDefinition> rows;
  rows.push_back({kDefaultCollationOid, "default", 11, 'd', "", "", true, -1});
  rows.push_back({kCCollationOid, "C", 11, 'c', "C", "", true, -1});
  rows.push_back({kPosixCollationOid, "POSIX", 11, 'c', "POSIX", "", true, -1});
  rows.push_back({kUcsBasicOid, "ucs_basic", 11, 'c', "C", "", true, kUtf8Encoding});
  rows.push_back({kCUtf8Oid, "C.utf8", 11, 'c', "C.utf8", "", true, kUtf8Encoding});
  std::unordered_set<std::string> names;
  uint32_t oid = kFirstIcuOid;
  for (int32_t i = -1; i < uloc_countAvailable(); ++i) {
    const char* name = i < 0 ? "" : uloc_getAvailable(i);  // "" is ICU's root locale
    const std::optional<std::string> tag = LanguageTag(name);
    if (!tag || !IsAscii(*tag)) continue;
    std::string collation_name = *tag + "-x-icu";
    if (!names.insert(collation_name).second) continue;  // CollationCreate(if_not_exists)
    rows.push_back({oid++, std::move(collation_name), 11, 'i', "", *tag, true, -1});
  }
  return rows;
}

class IcuCollator final : public Collator {
 public:
  IcuCollator(UCollator* collator, std::string locale) : collator_(collator), locale_(std::move(locale)) {}
  ~IcuCollator() override { ucol_close(collator_); }

  int Compare(std::string_view left, std::string_view right) const override {
    if (left == right) return 0;
    UErrorCode status = U_ZERO_ERROR;
    const UCollationResult result =
        ucol_strcollUTF8(collator_, left.data(), static_cast<int32_t>(left.size()), right.data(),
                         static_cast<int32_t>(right.size()), &status);
    if (U_FAILURE(status)) {
      throw Error(sqlstate::kInternalError,
                  std::string("collation failed: ") + u_errorName(status));
    }
    if (result == UCOL_LESS) return -1;
    if (result == UCOL_GREATER) return 1;
    const int order = left.compare(right);  // deterministic: the bytes break the tie
    return order < 0 ? -1 : (order > 0 ? 1 : 0);
  }

  void AppendSortKey(std::string_view text, std::string& out) const override {
    const icu::UnicodeString utf16 =
        icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    const size_t start = out.size();
    int32_t capacity = std::max<int32_t>(32, utf16.length() * 4 + 16);
    for (;;) {
      out.resize(start + static_cast<size_t>(capacity));
      const int32_t needed =
          ucol_getSortKey(collator_, utf16.getBuffer(), utf16.length(),
                          reinterpret_cast<uint8_t*>(out.data() + start), capacity);
      if (needed <= 0) throw Error(sqlstate::kInternalError, "could not get sort key");
      if (needed <= capacity) {
        out.resize(start + static_cast<size_t>(needed));  // includes the terminating 0x00
        return;
      }
      capacity = needed;
    }
  }

  const std::string& locale() const override { return locale_; }

 private:
  UCollator* collator_;
  std::string locale_;
};

struct Registry {
  std::mutex mutex;
  std::unordered_map<uint32_t, CollationDefinition> registered;      // CREATE COLLATION
  std::unordered_map<std::string, std::unique_ptr<IcuCollator>> by_locale;  // never erased
  std::unordered_map<uint32_t, const Collator*> by_oid;             // never erased
};

Registry& TheRegistry() {
  static Registry registry;
  return registry;
}

// Collators of the built-in ICU collations, by oid - kFirstIcuOid, filled on first use so
// the common lookup is one atomic load.
constexpr size_t kBuiltinSlots = 4096;
std::atomic<const Collator*> builtin_collators[kBuiltinSlots];

const Collator* OpenCollator(Registry& registry, const std::string& locale) {
  auto found = registry.by_locale.find(locale);
  if (found != registry.by_locale.end()) return found->second.get();
  UErrorCode status = U_ZERO_ERROR;
  UCollator* collator = ucol_open(locale.c_str(), &status);
  if (U_FAILURE(status)) {
    throw Error(sqlstate::kInternalError, "could not open collator for locale \"" + locale +
                                              "\": " + u_errorName(status));
  }
  auto made = std::make_unique<IcuCollator>(collator, locale);
  const Collator* result = made.get();
  registry.by_locale.emplace(locale, std::move(made));
  return result;
}

thread_local uint32_t active_collation = 0;

}  // namespace

const std::vector<CollationDefinition>& BuiltinCollations() {
  static const std::vector<CollationDefinition> rows = MakeBuiltins();
  return rows;
}

const CollationDefinition* FindBuiltinCollation(std::string_view name) {
  static const std::unordered_map<std::string_view, const CollationDefinition*> index = [] {
    std::unordered_map<std::string_view, const CollationDefinition*> map;
    for (const CollationDefinition& row : BuiltinCollations()) map.emplace(row.name, &row);
    return map;
  }();
  auto found = index.find(name);
  return found == index.end() ? nullptr : found->second;
}

bool FindBuiltinCollationOid(uint32_t oid) {
  if (oid == kDefaultCollationOid || oid == kCCollationOid || oid == kPosixCollationOid) return true;
  return oid >= kUcsBasicOid && oid - kUcsBasicOid < BuiltinCollations().size() - 3;
}

std::optional<CollationDefinition> FindCollation(uint32_t oid) {
  const auto& builtins = BuiltinCollations();
  if (oid >= kFirstIcuOid && oid - kFirstIcuOid + 5 < builtins.size()) return builtins[oid - kFirstIcuOid + 5];
  for (size_t i = 0; i < 5; ++i) {
    if (builtins[i].oid == oid) return builtins[i];
  }
  Registry& registry = TheRegistry();
  std::lock_guard lock(registry.mutex);
  auto found = registry.registered.find(oid);
  if (found == registry.registered.end()) return std::nullopt;
  return found->second;
}

void RegisterCollation(const CollationDefinition& definition) {
  Registry& registry = TheRegistry();
  std::lock_guard lock(registry.mutex);
  // Another data directory opened in this process may have used the oid for another
  // locale: the latest registration wins and the cached collator is dropped (collators
  // themselves are never freed, so pointers already handed out stay valid).
  auto found = registry.registered.find(definition.oid);
  if (found != registry.registered.end() && found->second.icu_locale != definition.icu_locale) {
    registry.by_oid.erase(definition.oid);
  }
  registry.registered[definition.oid] = definition;
}

bool IsValidIcuLocale(std::string_view locale) {
  UErrorCode status = U_ZERO_ERROR;
  UCollator* collator = ucol_open(std::string(locale).c_str(), &status);
  if (collator != nullptr) ucol_close(collator);
  return !U_FAILURE(status);
}

const Collator* CollatorFor(uint32_t collation) {
  if (collation == kIndeterminateCollation) {
    throw Error(sqlstate::kIndeterminateCollation,
                "could not determine which collation to use for string comparison")
        .WithHint("Use the COLLATE clause to set the collation explicitly.");
  }
  if (collation < kFirstIcuOid) return nullptr;  // default, C, POSIX, ucs_basic, C.utf8
  const auto& builtins = BuiltinCollations();
  const size_t slot = collation - kFirstIcuOid;
  const bool builtin = slot + 5 < builtins.size() && slot < kBuiltinSlots;
  if (builtin) {
    if (const Collator* cached = builtin_collators[slot].load(std::memory_order_acquire)) return cached;
  }
  Registry& registry = TheRegistry();
  std::lock_guard lock(registry.mutex);
  if (builtin) {
    const Collator* made = OpenCollator(registry, builtins[slot + 5].icu_locale);
    builtin_collators[slot].store(made, std::memory_order_release);
    return made;
  }
  if (auto cached = registry.by_oid.find(collation); cached != registry.by_oid.end()) return cached->second;
  auto found = registry.registered.find(collation);
  if (found == registry.registered.end() || found->second.provider != 'i') return nullptr;
  const Collator* made = OpenCollator(registry, found->second.icu_locale);
  registry.by_oid.emplace(collation, made);
  return made;
}

int CompareStrings(std::string_view left, std::string_view right, uint32_t collation) {
  if (const Collator* collator = CollatorFor(collation)) return collator->Compare(left, right);
  const int order = left.compare(right);
  return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

std::optional<std::string> CaseMapForActiveCollation(std::string_view text, bool upper, std::string_view function) {
  const uint32_t collation = active_collation;
  if (collation == 0 || collation == kDefaultCollationOid || collation == kCUtf8Oid) return std::nullopt;
  if (collation == kIndeterminateCollation) {
    throw Error(sqlstate::kIndeterminateCollation,
                "could not determine which collation to use for " + std::string(function) + "() function")
        .WithHint("Use the COLLATE clause to set the collation explicitly.");
  }
  const Collator* collator = CollatorFor(collation);
  if (collator == nullptr) {
    std::string out(text);
    for (char& c : out) {
      if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  icu::UnicodeString utf16 =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  const icu::Locale locale(collator->locale().c_str());
  if (upper) {
    utf16.toUpper(locale);
  } else {
    utf16.toLower(locale);
  }
  std::string out;
  utf16.toUTF8String(out);
  return out;
}

bool IsCollatableType(TypeId id) { return IsString(id) || id == TypeId::kName; }

ScopedCollation::ScopedCollation(uint32_t collation) : previous_(active_collation) {
  active_collation = collation;
}

ScopedCollation::~ScopedCollation() { active_collation = previous_; }

uint32_t ActiveCollation() { return active_collation; }

}  // namespace granary::types
