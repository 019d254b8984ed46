// Helpers shared by the file-format tests.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "core/byte_source.h"
#include "pipeline/formats/byte_io.h"

namespace wharf::pipeline::formats::testing {

// Hands out 1, 2, 3, 1, 2, 3 ... bytes per read, so that every buffer boundary a reader has
// (multibyte characters, CRLF, quotes, JSON tokens) gets split somewhere.
class TrickleSource : public core::ByteSource {
 public:
  explicit TrickleSource(std::string data) : data_(std::move(data)) {}
  size_t read(char* buf, size_t n) override {
    size_t k = std::min({n, data_.size() - pos_, size_t{1} + (calls_++ % 3)});
    std::copy_n(data_.data() + pos_, k, buf);
    pos_ += k;
    return k;
  }

 private:
  std::string data_;
  size_t pos_ = 0, calls_ = 0;
};

inline std::unique_ptr<core::ByteSource> string_source(std::string s) {
  return std::make_unique<StringByteSource>(std::move(s));
}
inline std::unique_ptr<core::ByteSource> trickle_source(std::string s) {
  return std::make_unique<TrickleSource>(std::move(s));
}

// Everything a source yields, read with reads of `chunk` bytes.
inline std::string drain(core::ByteSource& src, size_t chunk = 4096) {
  std::string out, buf(chunk, '\0');
  while (size_t n = src.read(buf.data(), chunk)) out.append(buf.data(), n);
  return out;
}

// A fresh directory, removed with its contents at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "wharf-formats-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

// Deterministic text that compresses somewhat but not trivially.
inline std::string sample_text(size_t bytes) {
  std::string s;
  uint64_t x = 88172645463325252ull;
  while (s.size() < bytes) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    s += "row " + std::to_string(x % 100000) + ",name_" + std::to_string(x % 97) + ",中文\n";
  }
  s.resize(bytes);
  return s;
}

}  // namespace wharf::pipeline::formats::testing
