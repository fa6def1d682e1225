// Splits SQL input into statements the way psql's lexer (psqlscan.l) does.
//
// Input is fed one line at a time. A statement ends at a ';' outside quotes, comments,
// dollar quotes and parentheses (and outside the BEGIN ... END body of CREATE FUNCTION or
// PROCEDURE); whitespace and "--" comments before a statement are dropped; lines of one
// statement are joined with '\n'. A backslash outside quotes starts a backslash command that
// runs to the end of the line (or to "\\"); "\;" puts a literal ';' into the statement.
//
// Not thread-safe; one scanner per input stream.
#pragma once

#include <string>
#include <string_view>

namespace granary::tools {

class StatementScanner {
 public:
  enum class Stop {
    kStatement,   // TakeStatement() holds a statement ending in ';'
    kBackslash,   // a backslash command starts at the cursor: see BackslashCommandText()
    kEndOfLine,   // the line is used up; feed the next one
  };

  // Starts scanning a new input line (given without its line terminator).
  void FeedLine(std::string_view line);
  // Scans on from the cursor until one of the stops.
  Stop Scan();

  // The statement collected so far, and clears it (the scanner's quote state is kept, so
  // taking an unfinished statement mid-quote is only right at end of input or after \r).
  std::string TakeStatement();
  // Drops the statement collected so far and any quote/comment/parenthesis state (\r).
  void Reset();

  // After Stop::kBackslash: the text after the backslash up to the end of the line or to a
  // "\\" separator. SkipBackslashCommand() moves the cursor past it.
  std::string_view BackslashCommandText() const;
  void SkipBackslashCommand();

  // The statement text collected so far (for \p and \g).
  const std::string& buffer() const { return buffer_; }
  // True while a statement has been started and not yet ended.
  bool InStatement() const;
  // True when the collected text has anything but whitespace, comments and semicolons.
  bool HasContent() const { return has_content_; }
  // psql's %R prompt character for a continuation line: '\'' inside a quoted string, '"'
  // inside a quoted identifier, '$' inside a dollar quote, '*' inside a block comment,
  // '(' inside parentheses, '-' otherwise.
  char ContinuationChar() const;

 private:
  enum class State { kNormal, kBlockComment, kQuote, kEscapeQuote, kIdentifier, kDollarQuote };

  void ScanWord();
  bool StartsDollarQuote(size_t at, size_t* tag_length) const;
  bool PrecededByIdentifierChar() const;
  void Append(std::string_view text);
  void NoteIdentifier(std::string_view word);
  void EndStatementState();

  std::string line_;
  size_t cursor_ = 0;
  size_t backslash_end_ = 0;

  std::string buffer_;
  // Size of buffer_ right after FeedLine() joined a new line with '\n' (npos if it did not):
  // a line holding only a backslash command leaves the buffer unchanged, as in psql.
  size_t joined_at_ = std::string::npos;
  bool has_content_ = false;
  State state_ = State::kNormal;
  int comment_depth_ = 0;
  int paren_depth_ = 0;
  int begin_depth_ = 0;
  std::string dollar_tag_;  // "$tag$" of the open dollar quote
  // First letters of the statement's leading words, to recognise
  // CREATE [OR REPLACE] FUNCTION|PROCEDURE (psql's heuristic for BEGIN ATOMIC bodies).
  std::string leading_words_;
  int word_count_ = 0;
};

}  // namespace granary::tools
