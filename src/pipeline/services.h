// What a pipeline's sources and sinks reach: the embedded services of a data dir (in-process,
// no HTTP) or the endpoints of a running server, and where relative paths and run state live.
#pragma once

#include <string>

#include "pipeline/spec_node.h"

namespace wharf::s3 {
class ObjectStore;
}
namespace wharf::dynamo {
class TableStore;
}
namespace wharf::search {
class SearchService;
}

namespace wharf::pipeline {

struct Services {
  s3::ObjectStore* objects = nullptr;
  dynamo::TableStore* tables = nullptr;
  search::SearchService* search = nullptr;
  std::string owner = "wharf";  // the user buckets and objects a pipeline creates belong to
  std::string base_dir = ".";   // relative paths in the pipeline file resolve here
  std::string state_dir;        // <data>/pipelines: cursors, run reports, rejects, staging
  // The relational store `sql: default` names: SQLite in the data dir, or the PostgreSQL that
  // `wharf serve --postgres` supervises.
  std::string default_sql_url;
  // `wharf run --endpoint`: object, table and index sources and sinks without their own
  // `endpoint:` talk to this running server (or any AWS endpoint) instead of the embedded stores.
  std::string aws_endpoint;     // S3 and DynamoDB, e.g. http://127.0.0.1:4566
  std::string search_endpoint;  // Elasticsearch, e.g. http://127.0.0.1:9200
};

// `path` relative to the pipeline file's directory (absolute paths unchanged).
std::string resolve_path(const Services& s, const std::string& path);
// A database URL from a spec: "default", postgresql://..., sqlite:path (relative to the file).
std::string resolve_database_url(const Services& s, const SpecNode& node);

}  // namespace wharf::pipeline
