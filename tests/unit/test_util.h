// Helpers shared by the unit tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

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

// A fresh directory for the running test, under the system's temp dir and named after the test
// and the process; removed with everything in it when the object goes. Declare it before the
// members that keep files open in it.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix)
      : path_(std::filesystem::temp_directory_path() /
              (prefix + "-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
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
