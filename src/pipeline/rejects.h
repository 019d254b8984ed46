// The reject output of a run: every row that fails a check or cannot be read goes here, one JSON
// line each ({"run", "source", "position", "step", "reason", "raw"}), never nowhere.
// `max_rejects` (a count, or a ratio of the rows read) fails the run before anything is
// published: a count as soon as it is exceeded, a ratio when the input has been read.
#pragma once

#include <atomic>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>

#include "pipeline/batch.h"

namespace wharf::pipeline {

struct RejectLimit {
  std::optional<uint64_t> count;  // fail when more rows than this are rejected
  std::optional<double> ratio;    // fail when rejected / read exceeds this (0..1)
  static RejectLimit parse(const std::string& text);  // "100" or "5%"; throws on other text
  std::string describe() const;
};

class Rejects {
 public:
  // Writes to `path` (created with its directory; empty: count only).
  Rejects(std::string run_id, std::string path, RejectLimit limit);
  ~Rejects();
  Rejects(const Rejects&) = delete;
  Rejects& operator=(const Rejects&) = delete;

  void add(const Batch& batch, const Row& row, const std::string& step, const std::string& reason);
  // A record that could not even be read as a row (malformed CSV line, invalid JSON).
  void add_unreadable(const std::string& origin, uint64_t position, const std::string& step,
                      const std::string& reason, const std::string& raw);
  uint64_t count() const { return count_.load(); }
  uint64_t unreadable() const { return unreadable_.load(); }  // add_unreadable calls
  const std::string& path() const { return path_; }
  // Throws core::Error("TooManyRejects") when the limit is exceeded given `rows_read`.
  void check(uint64_t rows_read, bool input_complete) const;
  void flush();

 private:
  void write(const std::string& origin, uint64_t position, const std::string& step,
             const std::string& reason, const std::string& raw);
  void write_line(const std::string& line);
  std::string run_id_, path_;
  RejectLimit limit_;
  std::atomic<uint64_t> count_{0}, unreadable_{0};
  std::mutex mu_;
  std::FILE* out_ = nullptr;
};

}  // namespace wharf::pipeline
