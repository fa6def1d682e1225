// Line sources for the shell: buffered streams and the terminal (readline when available).
#include "tools/shell/line_source.hpp"

#ifdef GRANARY_HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>

#include <cstdlib>
#endif

namespace granary::tools {
namespace {

std::optional<std::string> ReadStreamLine(std::FILE* stream) {
  std::string line;
  int ch;
  bool any = false;
  while ((ch = std::fgetc(stream)) != EOF) {
    any = true;
    if (ch == '\n') break;
    line += static_cast<char>(ch);
  }
  if (!any) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

StreamLineSource::~StreamLineSource() {
  if (owned_) std::fclose(stream_);
}

std::unique_ptr<StreamLineSource> StreamLineSource::Open(const std::string& path) {
  std::FILE* stream = std::fopen(path.c_str(), "r");
  if (stream == nullptr) return nullptr;
  auto source = std::make_unique<StreamLineSource>(stream);
  source->owned_ = true;
  return source;
}

std::optional<std::string> StreamLineSource::ReadLine(const std::string&) {
  std::optional<std::string> line = ReadStreamLine(stream_);
  if (line) ++line_number_;
  return line;
}

std::optional<std::string> TerminalLineSource::ReadLine(const std::string& prompt) {
#ifdef GRANARY_HAVE_READLINE
  char* raw = readline(prompt.c_str());
  if (raw == nullptr) return std::nullopt;
  std::string line(raw);
  std::free(raw);
  if (!line.empty()) add_history(line.c_str());
  ++line_number_;
  return line;
#else
  std::fputs(prompt.c_str(), stdout);
  std::fflush(stdout);
  std::optional<std::string> line = ReadStreamLine(stdin);
  if (line) ++line_number_;
  return line;
#endif
}

}  // namespace granary::tools
