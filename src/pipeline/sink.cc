#include "pipeline/sink.h"

#include "pipeline/step.h"

namespace wharf::pipeline {

// The kinds, one file each.
std::unique_ptr<Sink> make_table_sink(SinkCommon c, const SpecNode& spec, const Services& s,
                                      const SinkRun& run);  // table_sink.cc
std::unique_ptr<Sink> make_search_sink(SinkCommon c, const SpecNode& spec, const Services& s,
                                       const SinkRun& run);  // search_sink.cc
std::unique_ptr<Sink> make_file_sink(SinkCommon c, const SpecNode& spec, const Services& s,
                                     const SinkRun& run);  // file_sink.cc
std::unique_ptr<Sink> make_sql_sink(SinkCommon c, const SpecNode& spec, const Services& s,
                                    const SinkRun& run);  // sql_sink.cc
std::unique_ptr<Sink> make_redis_sink(SinkCommon c, const SpecNode& spec, const Services& s,
                                      const SinkRun& run);  // redis_sink.cc

void Sink::remove(const Batch&) {
  throw core::Error("PipelineSpecError", 400,
                    "sink " + name() + " (" + describe() + ") cannot delete rows: delete_when needs a "
                    "table, index or SQL sink in upsert mode");
}

namespace {

SinkCommon common_settings(const std::string& name, const SpecNode& spec) {
  SinkCommon c;
  c.name = name;
  if (auto m = spec.get("mode")) {
    c.mode_given = true;
    auto mode = m->as_string();
    if (mode == "append")
      c.mode = WriteMode::kAppend;
    else if (mode == "upsert")
      c.mode = WriteMode::kUpsert;
    else if (mode == "replace")
      c.mode = WriteMode::kReplace;
    else
      m->fail("mode is append, upsert or replace, got '" + mode + "'");
  }
  c.key = spec.strings_or("key");
  if (auto w = spec.get("when")) c.when = expression_at(*w);
  if (auto d = spec.get("delete_when")) {
    c.delete_when = expression_at(*d);
    if (c.mode != WriteMode::kUpsert) d->fail("delete_when needs mode: upsert");
  }
  return c;
}

}  // namespace

std::unique_ptr<Sink> make_sink(const std::string& name, const SpecNode& spec,
                                const Services& services, const SinkRun& run) {
  if (!spec.is_map()) spec.fail("a sink is a mapping (table:, index:, file:, object:, sql: or redis:)");
  SinkCommon c = common_settings(name, spec);
  if (spec.has("table") && !spec.has("sql")) return make_table_sink(std::move(c), spec, services, run);
  if (spec.has("index")) return make_search_sink(std::move(c), spec, services, run);
  if (spec.has("file") || spec.has("object")) return make_file_sink(std::move(c), spec, services, run);
  if (spec.has("sql")) return make_sql_sink(std::move(c), spec, services, run);
  if (spec.has("redis")) return make_redis_sink(std::move(c), spec, services, run);
  spec.fail("sink " + name + " names no target: give table:, index:, file:, object:, sql: or redis:");
}

}  // namespace wharf::pipeline
