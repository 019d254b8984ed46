// Rows a sink stages until publish, spilled to a file in the run directory (one JSON object per
// line, exact numbers), so staging costs disk, not memory, whatever the input size.
#pragma once

#include <cstdio>
#include <functional>
#include <string>

#include "core/value.h"

namespace wharf::pipeline {

class SpillFile {
 public:
  explicit SpillFile(std::string path);  // created on the first append
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // kind: a one-character tag kept with the record ('u' upsert, 'd' delete, ...).
  void append(char kind, const core::Map& record);
  uint64_t size() const { return count_; }
  // Calls `f` with every record in append order. May be called more than once.
  void for_each(const std::function<void(char kind, core::Map& record)>& f);
  void remove();

 private:
  std::string path_;
  std::FILE* out_ = nullptr;
  uint64_t count_ = 0;
};

}  // namespace wharf::pipeline
