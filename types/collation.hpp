// Collations: the rows of pg_collation and the comparison of strings under one of them.
//
// This is the only place that talks to ICU's collation service (ucol_*). A collation is
// known by its pg_collation oid:
//   - byte order: "default" (100; the database default, which is "C"-like here), "C" (950),
//     "POSIX" (951), "ucs_basic" and the libc "C.utf8"; oid 0 (a type that has no collation
//     recorded) means the default. Strings compare as memcmp, then the shorter first.
//   - ICU: the collations PostgreSQL 15's initdb imports from ICU's available locales
//     (`und-x-icu`, `zh-x-icu`, `de-x-icu`, ... with the oids initdb gives them on a cluster
//     whose only libc locale is C.utf8), and the ones CREATE COLLATION registers. They are
//     deterministic, as PostgreSQL's: ucol_strcollUTF8 orders, and strings it finds equal are
//     then ordered by their bytes (varstr_cmp's tie-break), so two strings are equal only
//     when their bytes are. Equality, hashing, GROUP BY and DISTINCT therefore never need a
//     collator.
//   - kIndeterminateCollation: the derivation of an expression's collation met two different
//     implicit collations (parse_collate.c's COLLATE_CONFLICT); comparing under it raises
//     42P22 `could not determine which collation to use for string comparison`.
//
// Thread-safety: the built-in table is built once (thread-safe static); registrations and
// collator creation are guarded by one mutex, and a Collator, once made, is immutable and
// never freed, so the pointers CollatorFor returns stay valid for the process. ICU's
// collators are thread-safe for const use (ucol_strcoll, ucol_getSortKey) since ICU 53.
// The active collation of ScopedCollation is per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "types/type.hpp"

namespace granary::types {

inline constexpr uint32_t kDefaultCollationOid = 100;
inline constexpr uint32_t kCCollationOid = 950;
inline constexpr uint32_t kPosixCollationOid = 951;
// Not an oid: two implicit collations conflicted (see above).
inline constexpr uint32_t kIndeterminateCollation = 0xFFFFFFFFu;

// One pg_collation row.
struct CollationDefinition {
  uint32_t oid = 0;
  std::string name;
  uint32_t namespace_oid = 11;  // pg_catalog
  char provider = 'c';          // 'd' default, 'c' libc, 'i' icu
  std::string collate;          // collcollate / collctype (libc); empty otherwise
  std::string icu_locale;       // colliculocale (icu)
  bool deterministic = true;
  int32_t encoding = -1;        // collencoding: -1 any, 6 UTF8
};

// Every built-in row, in oid order: default, C, POSIX, ucs_basic, C.utf8, then one per ICU
// locale as pg_import_system_collations creates them (the root locale first as "und").
const std::vector<CollationDefinition>& BuiltinCollations();
// A built-in collation by exact name (pg_catalog); nullopt if none.
const CollationDefinition* FindBuiltinCollation(std::string_view name);
// True if `oid` is one of the built-in rows.
bool FindBuiltinCollationOid(uint32_t oid);
// Built-in or registered; nullopt for an unknown oid.
std::optional<CollationDefinition> FindCollation(uint32_t oid);
// Makes a collation created by CREATE COLLATION known to the comparison functions (the
// catalog calls this when it creates one, reads pg_collation, or loads a column that uses
// one). Oids are never reused within a data directory, so a dropped collation's
// registration is harmless. The registry is per process: when two data directories open
// in one process define the same oid differently, the latest registration wins.
void RegisterCollation(const CollationDefinition& definition);
// True if `locale` names a locale ICU can open (ucol_open without falling back to root
// for an unknown language is not detectable; this checks the syntax and U_FAILURE only).
bool IsValidIcuLocale(std::string_view locale);

// An ICU collator of one locale. Immutable and shared; safe to use from many threads.
class Collator {
 public:
  virtual ~Collator() = default;
  // varstr_cmp: the collator's order, then the bytes for strings it finds equal.
  virtual int Compare(std::string_view left, std::string_view right) const = 0;
  // Appends ucol_getSortKey's key of `text` including its terminating 0x00 (ICU sort keys
  // hold no other zero byte): memcmp of two keys orders as the collator does.
  virtual void AppendSortKey(std::string_view text, std::string& out) const = 0;
  // The ICU locale the collator was opened with ("zh", "de-DE").
  virtual const std::string& locale() const = 0;
};

// The collator of `collation`, or nullptr when it is a byte-order collation (or unknown:
// the binder resolves names, so an unknown oid only comes from a dropped collation and
// compares bytewise). Raises 42P22 for kIndeterminateCollation.
const Collator* CollatorFor(uint32_t collation);

// Three-way comparison of two strings under `collation`.
int CompareStrings(std::string_view left, std::string_view right, uint32_t collation);

// While alive, types::Compare(Value, Value) compares text, varchar and unknown values under
// `collation` on this thread (the input collation of the function being called, as
// PostgreSQL passes fcinfo->fncollation). Nests; restores the previous one.
class ScopedCollation {
 public:
  explicit ScopedCollation(uint32_t collation);
  ~ScopedCollation();
  ScopedCollation(const ScopedCollation&) = delete;
  ScopedCollation& operator=(const ScopedCollation&) = delete;

 private:
  uint32_t previous_;
};
// The collation set by the innermost ScopedCollation of this thread (0 when none).
uint32_t ActiveCollation();

// lower()/upper() (`function` names it for the error) under the thread's active collation:
// nullopt for the default (the caller maps code points itself, as PostgreSQL does under a
// libc UTF-8 locale); ASCII letters only under "C", "POSIX" and ucs_basic
// (pg_ascii_toupper); ICU's case mapping of the locale (u_strToUpper) under an ICU
// collation. 42P22 `could not determine which collation to use for upper() function` when
// indeterminate.
std::optional<std::string> CaseMapForActiveCollation(std::string_view text, bool upper, std::string_view function);

// Types that have a collation: text, varchar, unknown literals and name (PostgreSQL 15's
// name is collatable, "C" by default). Only the string types compare under an ICU collation.
bool IsCollatableType(TypeId id);

// The pg_collation oid reported for a value of a collatable type whose collation is
// `collation` (0 becomes the default, 100).
inline uint32_t ReportedCollation(uint32_t collation) {
  return collation == 0 ? kDefaultCollationOid : collation;
}

}  // namespace granary::types
