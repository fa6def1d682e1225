// Collations: the built-in pg_collation rows, ICU comparison with the byte tie-break, the
// per-thread input collation, and index keys that memcmp in the collation's order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "types/collation.hpp"
#include "types/key_encoding.hpp"
#include "types/value_ops.hpp"

using namespace granary::types;

namespace {

uint32_t Oid(const char* name) {
  const CollationDefinition* definition = FindBuiltinCollation(name);
  REQUIRE(definition != nullptr);
  return definition->oid;
}

}  // namespace

TEST_CASE("built-in collations are initdb's", "[types][collation]") {
  CHECK(Oid("default") == kDefaultCollationOid);
  CHECK(Oid("C") == kCCollationOid);
  CHECK(Oid("ucs_basic") == 12340);
  CHECK(Oid("und-x-icu") == 12342);
  CHECK(FindBuiltinCollation("zh-Hans-x-icu") != nullptr);
  CHECK(FindBuiltinCollation("nope") == nullptr);
  CHECK(FindCollation(Oid("de-x-icu"))->icu_locale == "de");
  CHECK(CollatorFor(kCCollationOid) == nullptr);
  CHECK(CollatorFor(0) == nullptr);
  CHECK_THROWS(CollatorFor(kIndeterminateCollation));
}

TEST_CASE("ICU comparison orders by the locale, then by bytes", "[types][collation]") {
  const uint32_t zh = Oid("zh-x-icu");
  CHECK(CompareStrings("阿", "北京", zh) < 0);      // a < bei
  CHECK(CompareStrings("中国", "上海", zh) > 0);    // zhong > shang
  CHECK(CompareStrings("阿", "北京", kCCollationOid) > 0);  // bytes: U+963F after U+5317
  const uint32_t und = Oid("und-x-icu");
  CHECK(CompareStrings("a", "B", und) < 0);
  CHECK(CompareStrings("a", "B", kCCollationOid) > 0);
  // Canonically equivalent, so equal to ICU: the bytes decide and they are not equal.
  const std::string composed = "\xC3\xA4";
  const std::string decomposed = "a\xCC\x88";
  CHECK(CompareStrings(composed, decomposed, und) != 0);
  CHECK(CompareStrings(composed, decomposed, und) == -CompareStrings(decomposed, composed, und));
  CHECK(CompareStrings(composed, composed, und) == 0);
}

TEST_CASE("Compare uses the thread's input collation", "[types][collation]") {
  const Value a = Value::Text("a");
  const Value b = Value::Text("B");
  CHECK(Compare(a, b) > 0);
  {
    ScopedCollation scope(Oid("en-x-icu"));
    CHECK(Compare(a, b) < 0);
    {
      ScopedCollation inner(kCCollationOid);
      CHECK(Compare(a, b) > 0);
    }
    CHECK(Compare(a, b) < 0);
  }
  CHECK(Compare(a, b) > 0);
  CHECK(Compare(a, b, Oid("en-x-icu")) < 0);
}

TEST_CASE("collated index keys memcmp in the collation's order and decode", "[types][collation]") {
  const uint32_t de = Oid("de-x-icu");
  std::vector<std::string> words = {"zebra", "\xC3\xA4pfel", "Apfel", "apfel", "b", "", "a\xCC\x88pfel"};
  for (const bool descending : {false, true}) {
    KeyColumn column{Type{TypeId::kText, -1, de}, descending, descending};
    std::vector<std::pair<std::string, std::string>> keys;
    for (const std::string& word : words) {
      std::string key;
      EncodeKey({Value::Text(word)}, {column}, key);
      keys.emplace_back(key, word);
      CHECK(DecodeKey(key, {column})[0].AsString() == word);
    }
    std::sort(keys.begin(), keys.end());
    for (size_t i = 1; i < keys.size(); ++i) {
      const int order = CompareStrings(keys[i - 1].second, keys[i].second, de);
      CHECK((descending ? order > 0 : order < 0));
    }
  }
}
