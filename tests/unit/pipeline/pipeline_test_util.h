// Runs pipelines from YAML text in a temporary directory: the fixture of the pipeline tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/random.h"
#include "pipeline/pipeline_spec.h"
#include "pipeline/runner.h"
#include "pipeline/services.h"

namespace wharf::pipeline::testing {

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("wharf-pipeline-" + core::random_hex(6));
    std::filesystem::create_directories(dir_);
    services_.state_dir = (dir_ / "state").string();
    services_.default_sql_url = "sqlite://" + (dir_ / "default.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void write_file(const std::string& name, const std::string& text) const {
    std::filesystem::create_directories(std::filesystem::path(path(name)).parent_path());
    std::ofstream(path(name), std::ios::binary) << text;
  }
  std::string read_file(const std::string& name) const {
    std::ifstream in(path(name), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  bool exists(const std::string& name) const { return std::filesystem::exists(path(name)); }

  // Writes the pipeline to <dir>/<name>.yaml and runs it.
  RunReport run(const std::string& yaml, const std::string& name = "p") {
    write_file(name + ".yaml", yaml);
    auto spec = load_pipeline_file(path(name + ".yaml"));
    RunOptions o;
    o.workers = 2;
    o.now_millis = 1'790'000'000'000;
    return run_pipeline(spec, services_, o);
  }
  // The stage of a report by name.
  static const StageReport& stage(const RunReport& r, const std::string& name) {
    for (auto& s : r.stages)
      if (s.name == name) return s;
    throw std::runtime_error("no stage " + name);
  }

  std::filesystem::path dir_;
  Services services_;
};

}  // namespace wharf::pipeline::testing
