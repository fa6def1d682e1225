// A data directory path under /tmp that is removed when the test ends.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace granary::testing {

class TempDataDirectory {
 public:
  TempDataDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "granary-test-XXXXXX").string();
    root_ = mkdtemp(pattern.data());
    path_ = root_ + "/data";
  }
  ~TempDataDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  TempDataDirectory(const TempDataDirectory&) = delete;
  TempDataDirectory& operator=(const TempDataDirectory&) = delete;

  const std::string& path() const { return path_; }
  const std::string& root() const { return root_; }

 private:
  std::string root_;
  std::string path_;
};

}  // namespace granary::testing
