// jsonb: the index key orders exactly as Compare (compareJsonbContainers) for every pair of a
// set of tricky values, equal values hash equally, and normalization is idempotent.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "granary/error.hpp"
#include "types/json.hpp"
#include "types/key_encoding.hpp"
#include "types/value_ops.hpp"

using namespace granary::types;

namespace {

int Sign(int x) { return (x > 0) - (x < 0); }

int CompareBytes(const std::string& left, const std::string& right) {
  const size_t common = std::min(left.size(), right.size());
  const int order = std::memcmp(left.data(), right.data(), common);
  if (order != 0) return Sign(order);
  return Sign(static_cast<int>(left.size() > right.size()) - static_cast<int>(left.size() < right.size()));
}

const std::vector<std::string> kDocuments = {
    "null", "true", "false", "0", "-1", "1.0", "1", "2.5e3", "\"\"", "\"a\"", "\"ab\"", "\"b\"",
    "[]", "[null]", "[1]", "[1.00]", "[2]", "[\"a\"]", "[true]", "[[]]", "[[1]]", "[{}]",
    "[1, 2]", "[1, [2]]", "[[1], 2]", "{}", "{\"a\": 1}", "{\"a\": 1.0}", "{\"b\": 1}",
    "{\"aa\": 1}", "{\"a\": null}", "{\"a\": [1]}", "{\"a\": {\"b\": 1}}", "{\"a\": 1, \"b\": 2}",
    "{\"b\": 2, \"a\": 1}", "{\"a\": 1, \"a\": 3}", "\"a\\u0000b\"x",
};

}  // namespace

TEST_CASE("the jsonb index key orders as Compare does", "[types][json]") {
  std::vector<Value> values;
  for (const std::string& text : kDocuments) {
    try {
      values.push_back(FromText(text, Type{TypeId::kJsonb, -1}));
    } catch (const granary::Error&) {
      // the last document is invalid on purpose
    }
  }
  REQUIRE(values.size() == kDocuments.size() - 1);
  for (const bool descending : {false, true}) {
    const KeyColumn column{Type{TypeId::kJsonb, -1}, descending, false};
    for (const Value& left : values) {
      for (const Value& right : values) {
        std::string left_key;
        std::string right_key;
        AppendKeyColumn(left, column, left_key);
        AppendKeyColumn(right, column, right_key);
        const int expected = Sign(Compare(left, right)) * (descending ? -1 : 1);
        INFO(left.AsString() << " vs " << right.AsString());
        CHECK(CompareBytes(left_key, right_key) == expected);
        if (expected == 0) CHECK(Hash(left) == Hash(right));
      }
    }
  }
}

TEST_CASE("jsonb normalization is idempotent and sorts keys by length", "[types][json]") {
  const Value value = FromText("{\"bb\": {\"z\": 1, \"y\": [1.50]}, \"a\": 2, \"a\": 3}", Type{TypeId::kJsonb, -1});
  CHECK(value.AsString() == "{\"a\": 3, \"bb\": {\"y\": [1.50], \"z\": 1}}");
  CHECK(FromText(value.AsString(), Type{TypeId::kJsonb, -1}).AsString() == value.AsString());
}
