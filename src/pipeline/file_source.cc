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
  size_t n = files.size();
  return std::make_unique<InputsSource>(
      n,
      [files = std::move(files), spec](size_t i) {
        return open_reader(std::make_unique<formats::FileByteSource>(files[i]), FormatOptions::parse(spec, files[i]),
                           files[i]);
      },
      std::to_string(n) + " file(s)");
}

}  // namespace wharf::pipeline
