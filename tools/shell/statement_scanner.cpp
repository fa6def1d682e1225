// psql-compatible statement splitting (see statement_scanner.hpp). The rules mirror the
// parts of psqlscan.l that decide where a statement ends; everything else is copied through.
#include "tools/shell/statement_scanner.hpp"

#include <cctype>

namespace granary::tools {
namespace {

constexpr size_t kTrackedWords = 4;  // CREATE OR REPLACE FUNCTION

bool IsIdentifierStart(unsigned char ch) {
  return std::isalpha(ch) || ch == '_' || ch >= 0x80;
}

bool IsIdentifierChar(unsigned char ch) {
  return IsIdentifierStart(ch) || std::isdigit(ch) || ch == '$';
}

bool IsSpace(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v' || ch == '\n';
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

void StatementScanner::FeedLine(std::string_view line) {
  joined_at_ = std::string::npos;
  if (!buffer_.empty()) {
    buffer_ += '\n';
    joined_at_ = buffer_.size();
  }
  line_.assign(line);
  cursor_ = 0;
}

bool StatementScanner::InStatement() const {
  return !buffer_.empty() || state_ != State::kNormal;
}

char StatementScanner::ContinuationChar() const {
  switch (state_) {
    case State::kBlockComment: return '*';
    case State::kQuote:
    case State::kEscapeQuote: return '\'';
    case State::kIdentifier: return '"';
    case State::kDollarQuote: return '$';
    case State::kNormal: break;
  }
  return paren_depth_ > 0 ? '(' : '-';
}

std::string StatementScanner::TakeStatement() {
  std::string statement = std::move(buffer_);
  buffer_.clear();
  has_content_ = false;
  EndStatementState();
  return statement;
}

void StatementScanner::Reset() {
  buffer_.clear();
  has_content_ = false;
  state_ = State::kNormal;
  comment_depth_ = 0;
  paren_depth_ = 0;
  begin_depth_ = 0;
  dollar_tag_.clear();
  EndStatementState();
}

void StatementScanner::EndStatementState() {
  leading_words_.clear();
  word_count_ = 0;
}

std::string_view StatementScanner::BackslashCommandText() const {
  const size_t begin = cursor_ + 1;
  const size_t separator = line_.find("\\\\", begin);
  const size_t end = separator == std::string::npos ? line_.size() : separator;
  return std::string_view(line_).substr(begin, end - begin);
}

void StatementScanner::SkipBackslashCommand() {
  const size_t separator = line_.find("\\\\", cursor_ + 1);
  cursor_ = separator == std::string::npos ? line_.size() : separator + 2;
}

void StatementScanner::Append(std::string_view text) { buffer_ += text; }

bool StatementScanner::PrecededByIdentifierChar() const {
  return !buffer_.empty() && cursor_ > 0 &&
         IsIdentifierChar(static_cast<unsigned char>(buffer_.back()));
}

bool StatementScanner::StartsDollarQuote(size_t at, size_t* tag_length) const {
  // $tag$ where tag is empty or [A-Za-z\200-\377_][A-Za-z\200-\377_0-9]*
  size_t i = at + 1;
  if (i < line_.size() && IsIdentifierStart(static_cast<unsigned char>(line_[i]))) {
    ++i;
    while (i < line_.size() && (IsIdentifierStart(static_cast<unsigned char>(line_[i])) ||
                                std::isdigit(static_cast<unsigned char>(line_[i])))) {
      ++i;
    }
  }
  if (i < line_.size() && line_[i] == '$') {
    *tag_length = i + 1 - at;
    return true;
  }
  return false;
}

void StatementScanner::NoteIdentifier(std::string_view word) {
  if (word_count_ == 0) leading_words_.assign(kTrackedWords, '\0');
  for (std::string_view tracked : {"create", "function", "procedure", "or", "replace"}) {
    if (EqualsIgnoreCase(word, tracked) && static_cast<size_t>(word_count_) < kTrackedWords) {
      leading_words_[word_count_] = tracked[0];
    }
  }
  ++word_count_;
  const std::string& w = leading_words_;
  const bool defines_routine =
      w[0] == 'c' && (w[1] == 'f' || w[1] == 'p' ||
                      (w[1] == 'o' && w[2] == 'r' && (w[3] == 'f' || w[3] == 'p')));
  if (!defines_routine || paren_depth_ != 0) return;
  if (EqualsIgnoreCase(word, "begin")) {
    ++begin_depth_;
  } else if (EqualsIgnoreCase(word, "case")) {
    if (begin_depth_ >= 1) ++begin_depth_;  // CASE ... END inside a body
  } else if (EqualsIgnoreCase(word, "end")) {
    if (begin_depth_ > 0) --begin_depth_;
  }
}

void StatementScanner::ScanWord() {
  const size_t begin = cursor_;
  while (cursor_ < line_.size() && IsIdentifierChar(static_cast<unsigned char>(line_[cursor_]))) {
    ++cursor_;
  }
  const std::string_view word = std::string_view(line_).substr(begin, cursor_ - begin);
  Append(word);
  has_content_ = true;
  if (IsIdentifierStart(static_cast<unsigned char>(word[0]))) NoteIdentifier(word);
}

StatementScanner::Stop StatementScanner::Scan() {
  while (cursor_ < line_.size()) {
    const char ch = line_[cursor_];
    const char next = cursor_ + 1 < line_.size() ? line_[cursor_ + 1] : '\0';
    switch (state_) {
      case State::kBlockComment:
        if (ch == '*' && next == '/') {
          Append("*/");
          cursor_ += 2;
          if (--comment_depth_ == 0) state_ = State::kNormal;
        } else if (ch == '/' && next == '*') {
          Append("/*");
          cursor_ += 2;
          ++comment_depth_;
        } else {
          Append(std::string_view(&ch, 1));
          ++cursor_;
        }
        continue;
      case State::kQuote:
      case State::kIdentifier: {
        const char quote = state_ == State::kQuote ? '\'' : '"';
        Append(std::string_view(&ch, 1));
        ++cursor_;
        if (ch == quote) {
          if (next == quote) {
            Append(std::string_view(&next, 1));
            ++cursor_;
          } else {
            state_ = State::kNormal;
          }
        }
        continue;
      }
      case State::kEscapeQuote:
        Append(std::string_view(&ch, 1));
        ++cursor_;
        if (ch == '\\' && cursor_ < line_.size()) {
          Append(std::string_view(&line_[cursor_], 1));
          ++cursor_;
        } else if (ch == '\'') {
          if (next == '\'') {
            Append("'");
            ++cursor_;
          } else {
            state_ = State::kNormal;
          }
        }
        continue;
      case State::kDollarQuote: {
        const size_t end = line_.find(dollar_tag_, cursor_);
        if (end == std::string::npos) {
          Append(std::string_view(line_).substr(cursor_));
          cursor_ = line_.size();
        } else {
          Append(std::string_view(line_).substr(cursor_, end + dollar_tag_.size() - cursor_));
          cursor_ = end + dollar_tag_.size();
          state_ = State::kNormal;
        }
        continue;
      }
      case State::kNormal:
        break;
    }

    if (IsSpace(ch)) {
      if (!buffer_.empty()) Append(std::string_view(&ch, 1));
      ++cursor_;
    } else if (ch == '-' && next == '-') {
      if (!buffer_.empty()) Append(std::string_view(line_).substr(cursor_));
      cursor_ = line_.size();
    } else if (ch == '/' && next == '*') {
      Append("/*");
      cursor_ += 2;
      state_ = State::kBlockComment;
      comment_depth_ = 1;
    } else if (ch == '\'') {
      // E'...' (backslash escapes) when an 'E' token stands right before the quote.
      const bool escape =
          !buffer_.empty() && (buffer_.back() == 'E' || buffer_.back() == 'e') &&
          (buffer_.size() == 1 ||
           !IsIdentifierChar(static_cast<unsigned char>(buffer_[buffer_.size() - 2])));
      state_ = escape ? State::kEscapeQuote : State::kQuote;
      Append("'");
      ++cursor_;
      has_content_ = true;
    } else if (ch == '"') {
      state_ = State::kIdentifier;
      Append("\"");
      ++cursor_;
      has_content_ = true;
    } else if (ch == '$') {
      size_t tag_length = 0;
      if (!PrecededByIdentifierChar() && StartsDollarQuote(cursor_, &tag_length)) {
        dollar_tag_ = line_.substr(cursor_, tag_length);
        Append(dollar_tag_);
        cursor_ += tag_length;
        state_ = State::kDollarQuote;
      } else {
        Append("$");
        ++cursor_;
      }
      has_content_ = true;
    } else if (ch == '(' || ch == ')') {
      if (ch == '(') {
        ++paren_depth_;
      } else if (paren_depth_ > 0) {
        --paren_depth_;
      }
      Append(std::string_view(&ch, 1));
      ++cursor_;
      has_content_ = true;
    } else if (ch == ';') {
      Append(";");
      ++cursor_;
      if (paren_depth_ == 0 && begin_depth_ == 0) return Stop::kStatement;
    } else if (ch == '\\') {
      if (next == ';' || next == ':') {
        Append(std::string_view(&next, 1));
        cursor_ += 2;
        if (next == ';') EndStatementState();
        continue;
      }
      if (buffer_.size() == joined_at_) {
        buffer_.pop_back();
        joined_at_ = std::string::npos;
      }
      return Stop::kBackslash;
    } else if (IsIdentifierChar(static_cast<unsigned char>(ch))) {
      ScanWord();
    } else {
      Append(std::string_view(&ch, 1));
      ++cursor_;
      has_content_ = true;
    }
  }
  return Stop::kEndOfLine;
}

}  // namespace granary::tools
