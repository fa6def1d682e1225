// Where the shell's input lines come from: a file or pipe, or an interactive terminal (with
// line editing and history when Granary is built with GNU readline).
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

namespace granary::tools {

class LineSource {
 public:
  virtual ~LineSource() = default;
  // The next line without its terminator ("\n" or "\r\n"); std::nullopt at end of input.
  // Interactive sources show `prompt` first; others ignore it.
  virtual std::optional<std::string> ReadLine(const std::string& prompt) = 0;
  virtual bool interactive() const = 0;
  // 1-based number of the line last returned.
  int line_number() const { return line_number_; }

 protected:
  int line_number_ = 0;
};

// Reads a stream it does not own (stdin) or a file it opened (Open).
class StreamLineSource : public LineSource {
 public:
  explicit StreamLineSource(std::FILE* stream) : stream_(stream) {}
  ~StreamLineSource() override;
  // Opens `path` for reading; nullptr (and errno set) when it cannot be opened.
  static std::unique_ptr<StreamLineSource> Open(const std::string& path);

  std::optional<std::string> ReadLine(const std::string& prompt) override;
  bool interactive() const override { return false; }

 private:
  std::FILE* stream_;
  bool owned_ = false;
};

// A terminal: prompts on stdout, keeps history of the lines entered.
class TerminalLineSource : public LineSource {
 public:
  std::optional<std::string> ReadLine(const std::string& prompt) override;
  bool interactive() const override { return true; }
};

}  // namespace granary::tools
