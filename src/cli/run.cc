#include "cli/run.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/data_dir.h"
#include "core/error.h"
#include "core/json_codec.h"
#include "pipeline/pipeline_spec.h"
#include "pipeline/runner.h"

namespace wharf::cli {
namespace {

std::string human(uint64_t n) {
  if (n >= 10'000'000) return std::to_string(n / 1'000'000) + "M";
  if (n >= 10'000) return std::to_string(n / 1000) + "k";
  return std::to_string(n);
}

// One line, redrawn in place: rows and rows/s per stage.
void draw_progress(const pipeline::RunReport& r, double elapsed) {
  std::string line = "\r\033[K" + r.pipeline + " ";
  for (auto& s : r.stages) {
    line += " | " + s.name + " " + human(s.in);
    if (elapsed > 0) line += " (" + human(static_cast<uint64_t>(static_cast<double>(s.in) / elapsed)) + "/s)";
    if (s.rejected) line += " !" + human(s.rejected);
  }
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

// The Elasticsearch endpoint of the server at `endpoint`: the same host, port 9200.
std::string search_endpoint_of(const std::string& endpoint) {
  auto scheme = endpoint.find("://");
  size_t host = scheme == std::string::npos ? 0 : scheme + 3;
  size_t end = endpoint.find('/', host);
  std::string authority = endpoint.substr(host, end == std::string::npos ? std::string::npos : end - host);
  if (auto colon = authority.rfind(':'); colon != std::string::npos && authority.find(']', colon) == std::string::npos)
    authority.resize(colon);
  return endpoint.substr(0, host) + authority + ":9200";
}

}  // namespace

int run(const core::Config& config, const RunCommand& cmd) {
  // Every file is read and checked before any data moves.
  std::vector<pipeline::PipelineSpec> specs;
  for (auto& f : cmd.files) specs.push_back(pipeline::load_pipeline_file(f));

  std::unique_ptr<DataDir> data;
  pipeline::Services services;
  if (cmd.endpoint) {
    services.aws_endpoint = *cmd.endpoint;
    services.search_endpoint = cmd.search_endpoint ? *cmd.search_endpoint : search_endpoint_of(*cmd.endpoint);
    services.state_dir = cmd.state_dir;
  } else {
    data = std::make_unique<DataDir>(config);
    services.objects = &data->objects;
    services.tables = &data->tables;
    services.search = &data->search;
    services.owner = config.users.empty() ? "wharf" : config.users.front().name;
    services.state_dir = config.data_dir + "/pipelines";
    services.default_sql_url = data->start_relational_store();
  }

  for (auto& spec : specs) pipeline::validate_pipeline(spec, services);

  bool tty = !cmd.quiet && ::isatty(STDERR_FILENO);
  core::List reports;
  bool ok = true;
  for (auto& spec : specs) {
    pipeline::RunOptions options;
    options.workers = cmd.workers;
    auto started = std::chrono::steady_clock::now();
    if (tty)
      options.on_progress = [&](const pipeline::RunReport& r) {
        draw_progress(r, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      };
    auto report = pipeline::run_pipeline(spec, services, options);
    if (tty) std::fputs("\r\033[K", stderr);
    if (!cmd.quiet) std::cout << report.summary_table() << std::flush;
    if (report.status != "succeeded") {
      std::cerr << "wharf: pipeline " << spec.name << " failed: " << report.error << "\n";
      ok = false;
    }
    reports.push_back(core::parse_json(report.to_json()));
    if (!ok) break;  // later pipelines usually read what this one should have written
  }
  if (cmd.json_path) {
    std::string text = core::to_json(core::Value(core::Map{{"runs", std::move(reports)}})) + "\n";
    if (*cmd.json_path == "-") {
      std::cout << text;
    } else {
      std::ofstream out(*cmd.json_path, std::ios::binary);
      out << text;
      if (!out) throw core::Error("PipelineIoError", 500, "cannot write " + *cmd.json_path);
    }
  }
  return ok ? 0 : 1;
}

}  // namespace wharf::cli
