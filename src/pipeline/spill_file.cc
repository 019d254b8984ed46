#include "pipeline/spill_file.h"

#include <filesystem>

#include "core/error.h"
#include "core/json_codec.h"

namespace wharf::pipeline {

SpillFile::SpillFile(std::string path) : path_(std::move(path)) {}

SpillFile::~SpillFile() { remove(); }

void SpillFile::append(char kind, const core::Map& record) {
  if (!out_) {
    std::filesystem::create_directories(std::filesystem::path(path_).parent_path());
    out_ = std::fopen(path_.c_str(), "w+");
    if (!out_) throw core::Error("PipelineIoError", 500, "cannot create the staging file " + path_);
  }
  std::string line(1, kind);
  line += core::to_json(core::Value(record));
  line.push_back('\n');
  if (std::fwrite(line.data(), 1, line.size(), out_) != line.size())
    throw core::Error("PipelineIoError", 500, "cannot write the staging file " + path_ + " (disk full?)");
  ++count_;
}

void SpillFile::for_each(const std::function<void(char kind, core::Map& record)>& f) {
  if (!out_) return;
  std::fflush(out_);
  std::rewind(out_);
  std::string line;
  char buf[65536];
  auto emit = [&] {
    if (line.empty()) return;
    auto v = core::parse_json(std::string_view(line).substr(1));
    f(line[0], v.as<core::Map>());
    line.clear();
  };
  while (size_t n = std::fread(buf, 1, sizeof buf, out_)) {
    for (size_t i = 0; i < n; ++i) {
      if (buf[i] == '\n')
        emit();
      else
        line.push_back(buf[i]);
    }
  }
  emit();
  std::fseek(out_, 0, SEEK_END);
}

void SpillFile::remove() {
  if (out_) {
    std::fclose(out_);
    out_ = nullptr;
    std::remove(path_.c_str());
  }
}

}  // namespace wharf::pipeline
