#include "pipeline/source.h"

#include <filesystem>

#include "pipeline/record_reader.h"

namespace wharf::pipeline {

std::string resolve_path(const Services& s, const std::string& path) {
  if (path.empty() || path[0] == '/' || path[0] == '~') return path;
  return (std::filesystem::path(s.base_dir) / path).lexically_normal().string();
}

std::string resolve_database_url(const Services& s, const SpecNode& node) {
  std::string url = node.as_string();
  if (url == "default") {
    if (s.default_sql_url.empty())
      node.fail("sql: default is the relational store of a data dir; against an --endpoint give a database "
                "URL (postgresql://user:password@host:port/db or sqlite:path)");
    return s.default_sql_url;
  }
  // sqlite:relative.db is relative to the pipeline file, like every other path in it.
  if (url.starts_with("sqlite:") && !url.starts_with("sqlite:/"))
    return "sqlite://" + std::filesystem::absolute(resolve_path(s, url.substr(7))).string();
  return url;
}

InputsSource::InputsSource(size_t count, Opener open, std::string description)
    : count_(count), open_(std::move(open)), description_(std::move(description)) {}

InputsSource::~InputsSource() = default;

bool InputsSource::next(Batch& out, size_t max_rows, Rejects& rejects) {
  for (;;) {
    if (!reader_) {
      if (index_ >= count_) return false;
      reader_ = open_(index_++);
    }
    if (reader_->next(out, max_rows, rejects)) return true;
    reader_.reset();
  }
}

namespace {
enum class Kind { kFile, kObject, kSql, kTable, kSearch, kRedis };
Kind kind_of(const SpecNode& spec) {
  if (!spec.is_map()) spec.fail("a source is a mapping (file:, object:, sql:, table:, search: or redis:)");
  if (spec.has("file")) return Kind::kFile;
  if (spec.has("object")) return Kind::kObject;
  if (spec.has("sql")) return Kind::kSql;
  if (spec.has("table")) return Kind::kTable;
  if (spec.has("search")) return Kind::kSearch;
  if (spec.has("redis")) return Kind::kRedis;
  spec.fail("a source names what to read: file:, object:, sql:, table:, search: or redis:");
}
}  // namespace

std::unique_ptr<Source> SourceFactory::open(const SpecNode& spec, const CursorRange* cursor) const {
  switch (kind_of(spec)) {
    case Kind::kFile:
      return open_file_source(spec, services_);
    case Kind::kObject:
      return open_object_source(spec, services_);
    case Kind::kSql:
      return open_sql_source(spec, services_, cursor);
    case Kind::kTable:
      return open_table_source(spec, services_);
    case Kind::kSearch:
      return open_search_source(spec, services_);
    case Kind::kRedis:
      return open_redis_source(spec, services_);
  }
  return nullptr;
}

void SourceFactory::validate(const SpecNode& spec) const { kind_of(spec); }

}  // namespace wharf::pipeline
