// The file source: one file or a glob of files, read in name order, each decoded by its format.
//   source: {file: "raw/users-*.csv", format: csv, encoding: gbk}
#include <glob.h>

#include <filesystem>

#include "pipeline/formats/byte_io.h"
#include "pipeline/record_reader.h"
#include "pipeline/source.h"

namespace wharf::pipeline {
namespace {

std::vector<std::string> expand(const std::string& pattern) {
  glob_t g{};
  int rc = ::glob(pattern.c_str(), GLOB_BRACE | GLOB_TILDE, nullptr, &g);
  std::vector<std::string> out;
  if (rc == 0)
    for (size_t i = 0; i < g.gl_pathc; ++i)
      if (!std::filesystem::is_directory(g.gl_pathv[i])) out.emplace_back(g.gl_pathv[i]);
  globfree(&g);
  return out;  // glob sorts
}

class FileSource : public Source {
 public:
  FileSource(std::vector<std::string> files, const SpecNode& spec)
      : files_(std::move(files)), spec_(spec) {}

  bool next(Batch& out, size_t max_rows, Rejects& rejects) override {
    for (;;) {
      if (!reader_) {
        if (index_ >= files_.size()) return false;
        const auto& path = files_[index_++];
        auto options = FormatOptions::parse(spec_, path);
        reader_ = open_reader(std::make_unique<formats::FileByteSource>(path), options, path);
      }
      if (reader_->next(out, max_rows, rejects)) return true;
      reader_.reset();
    }
  }
  std::string describe() const override { return std::to_string(files_.size()) + " file(s)"; }

 private:
  std::vector<std::string> files_;
  SpecNode spec_;
  size_t index_ = 0;
  std::unique_ptr<RecordReader> reader_;
};

}  // namespace

std::unique_ptr<Source> open_file_source(const SpecNode& spec, const Services& s) {
  auto allowed = FormatOptions::keys();
  allowed.push_back("file");
  spec.allow_keys(allowed);
  std::string pattern = resolve_path(s, spec.string("file"));
  auto files = expand(pattern);
  if (files.empty())
    spec.at("file").fail(pattern.find_first_of("*?[{") == std::string::npos
                             ? "no such file: " + pattern
                             : "no file matches " + pattern);
  for (auto& f : files) FormatOptions::parse(spec, f);  // an unknown format fails before reading
  return std::make_unique<FileSource>(std::move(files), spec);
}

}  // namespace wharf::pipeline
