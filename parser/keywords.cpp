// The keyword table: keywords.def expanded into a sorted array searched by binary search.
#include "parser/keywords.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

#include "parser/gram.hpp"

namespace granary::parser {
namespace {

using Token = grammar::Parser::token;

constexpr KeywordCategory UNRESERVED_KEYWORD = KeywordCategory::kUnreserved;
constexpr KeywordCategory COL_NAME_KEYWORD = KeywordCategory::kColumnName;
constexpr KeywordCategory TYPE_FUNC_NAME_KEYWORD = KeywordCategory::kTypeFunctionName;
constexpr KeywordCategory RESERVED_KEYWORD = KeywordCategory::kReserved;
constexpr bool BARE_LABEL = true;
constexpr bool AS_LABEL = false;

constexpr Keyword kKeywords[] = {
#define GRANARY_KEYWORD(text, token, category, label) {text, Token::token, category, label},
#include "parser/keywords.def"
#undef GRANARY_KEYWORD
};

constexpr bool Sorted() {
  for (std::size_t i = 1; i < std::size(kKeywords); ++i) {
    if (!(kKeywords[i - 1].text < kKeywords[i].text)) return false;
  }
  return true;
}
static_assert(Sorted(), "keywords.def must be sorted by keyword text");

constexpr std::size_t MaxLength() {
  std::size_t longest = 0;
  for (const Keyword& keyword : kKeywords) longest = std::max(longest, keyword.text.size());
  return longest;
}
constexpr std::size_t kMaxKeywordLength = MaxLength();

}  // namespace

const Keyword* LookupKeyword(std::string_view word) {
  if (word.size() > kMaxKeywordLength) return nullptr;
  std::array<char, kMaxKeywordLength> folded{};
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    folded[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view key(folded.data(), word.size());
  const auto* end = std::end(kKeywords);
  const auto* it = std::lower_bound(std::begin(kKeywords), end, key,
                                    [](const Keyword& k, std::string_view w) { return k.text < w; });
  if (it == end || it->text != key) return nullptr;
  return it;
}

std::span<const Keyword> AllKeywords() { return kKeywords; }

}  // namespace granary::parser
