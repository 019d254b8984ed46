// The embedded services of one data directory, opened in dependency order: what `wharf serve`
// serves and what `wharf run` and `wharf demo` use in-process. RocksDB locks the directory, so
// one process at a time has it open.
#pragma once

#include <memory>
#include <string>

#include "core/config.h"
#include "dynamo/table_store.h"
#include "s3/object_store.h"
#include "search/search_service.h"
#include "sql/postgres_cluster.h"
#include "storage/blob_store.h"
#include "storage/kv.h"
#include "storage/pack_store.h"

namespace wharf::cli {

class DataDir {
 public:
  // Throws core::Error("DataDirInUse") naming the directory when another process holds it.
  explicit DataDir(const core::Config& config);
  // The relational store, what pipelines call `sql: default`: SQLite in <data>/sql/wharf.db, or
  // with `postgres` in the config the PostgreSQL cluster in <data>/postgres, started here (reused
  // when it already runs) and stopped when the DataDir goes. Returns its URL.
  std::string start_relational_store();

  const core::Config& config;
  storage::Kv kv;
  storage::BlobStore blobs;
  storage::PackStore packs;
  s3::ObjectStore objects;
  dynamo::TableStore tables;
  search::SearchService search;
  std::unique_ptr<sql::PostgresCluster> postgres;
};

}  // namespace wharf::cli
