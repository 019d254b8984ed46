// Helpers shared by the unit tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "core/error.h"

namespace wharf::testing {

// The core::Error `f` throws, or one with code "<no error>" when it throws none.
template <typename F>
core::Error error_of(F f) {
  try {
    f();
  } catch (const core::Error& e) {
    return e;
  }
  return core::Error("<no error>", 0, "");
}

// A fresh directory under the system's temp dir, named after the prefix, the process and a
// count (not the test: PostgreSQL's socket path inside one must stay under 108 bytes); removed
// with everything in it when the object goes. Declare it before the members that keep files
// open in it. World-searchable (0755): a root test run hands a PostgreSQL cluster inside one to
// the `postgres` account.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix) {
    static std::atomic<int> count{0};
    path_ = std::filesystem::temp_directory_path() /
            (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(count++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
    std::filesystem::permissions(path_, std::filesystem::perms(0755));
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace wharf::testing
