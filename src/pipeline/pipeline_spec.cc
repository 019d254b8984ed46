#include "pipeline/pipeline_spec.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace wharf::pipeline {

PipelineSpec load_pipeline_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw core::Error("PipelineSpecError", 400, path + ": cannot read the pipeline file");
  std::stringstream text;
  text << in.rdbuf();
  return parse_pipeline(text.str(), path);
}

std::string expand_environment(const std::string& text, const std::string& file_name) {
  std::string out;
  int line = 1;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '\n') ++line;
    if (text.compare(i, 2, "${") != 0) {
      out.push_back(text[i++]);
      continue;
    }
    size_t end = text.find('}', i);
    if (end == std::string::npos) {
      out.push_back(text[i++]);
      continue;
    }
    std::string inner = text.substr(i + 2, end - i - 2);
    std::optional<std::string> fallback;
    if (size_t d = inner.find(":-"); d != std::string::npos) {
      fallback = inner.substr(d + 2);
      inner.resize(d);
    }
    const char* value = std::getenv(inner.c_str());
    if (value && *value)
      out += value;
    else if (fallback)
      out += *fallback;
    else
      throw core::Error("PipelineSpecError", 400,
                        file_name + ":" + std::to_string(line) + ": environment variable " + inner +
                            " is not set (write ${" + inner + ":-default} for a default)");
    i = end + 1;
  }
  return out;
}

PipelineSpec parse_pipeline(const std::string& raw_text, const std::string& file_name) {
  auto file = std::make_shared<const std::string>(file_name);
  std::string yaml_text = expand_environment(raw_text, file_name);
  YAML::Node doc;
  try {
    doc = YAML::Load(yaml_text);
  } catch (const YAML::ParserException& e) {
    throw spec_error(file_name, e.mark, e.msg);
  }
  SpecNode root(doc, file);
  if (!doc.IsMap()) root.fail("a pipeline file is a mapping (pipeline:, source:, steps:, sinks:)");
  root.allow_keys({"pipeline", "description", "source", "sources", "incremental", "steps", "sink",
                   "sinks", "rejects", "batch_size", "workers"});
  PipelineSpec p;
  p.file = file_name;
  p.dir = std::filesystem::path(file_name).parent_path().string();
  if (p.dir.empty()) p.dir = ".";
  auto name = root.at("pipeline");
  p.name = name.as_string();
  static const std::regex kName("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  if (!std::regex_match(p.name, kName))
    name.fail("a pipeline name is letters, digits, '_', '.' and '-' (it names the state directory)");

  if (root.has("source") == root.has("sources")) root.fail("give either `source:` or `sources:`");
  if (auto s = root.get("source")) p.sources.push_back(*s);
  if (auto s = root.get("sources")) p.sources = s->items();
  if (p.sources.empty()) root.at("sources").fail("at least one source is needed");

  if (auto inc = root.get("incremental")) {
    inc->allow_keys({"cursor"});
    p.cursor = inc->at("cursor").as_strings();
  }
  if (auto steps = root.get("steps")) p.steps = steps->items();

  if (root.has("sink") == root.has("sinks")) root.fail("give either `sink:` or `sinks:`");
  if (auto s = root.get("sink")) p.sinks.emplace_back("sink", *s);
  if (auto s = root.get("sinks")) p.sinks = s->entries();
  if (p.sinks.empty()) root.at("sinks").fail("at least one sink is needed");

  if (auto r = root.get("rejects")) {
    r->allow_keys({"path", "max"});
    p.rejects_path = r->string_or("path", "");
    if (!p.rejects_path.empty() && std::filesystem::path(p.rejects_path).is_relative())
      p.rejects_path = (std::filesystem::path(p.dir) / p.rejects_path).string();
    if (auto m = r->get("max")) {
      try {
        p.max_rejects = RejectLimit::parse(m->as_string());
      } catch (const core::Error& e) {
        m->fail(e.what());
      }
    }
  }
  p.batch_rows = static_cast<size_t>(root.int_or("batch_size", 2048, 1, 1000000));
  if (auto w = root.get("workers"); w && w->as_string() != "auto")
    p.workers = static_cast<int>(w->as_int(1, 256));
  return p;
}

}  // namespace wharf::pipeline
