// SqlStore: a relational database wharf reads from and writes to (DESIGN.md "SqlStore (Postgres,
// SQLite)"): a pool of Sessions (session.h) of one engine. Pipelines take a session per unit of
// work, e.g. one transaction holding COPY into a staging table, upsert_from into the target and
// the pipeline's own checkpoint row, committed together.
//
//   auto store = sql::open_store("postgresql://wharf:secret@127.0.0.1:5432/wharf", {});
//   auto s = store->acquire();
//   sql::Transaction tx(*s);
//   s->copy_in("staging", columns, rows);
//   s->upsert_from("staging", "users", columns, {"id"});
//   s->execute("UPDATE checkpoints SET position = $1 WHERE pipeline = $2", {pos, name});
//   tx.commit();
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "sql/connection_pool.h"
#include "sql/dialect.h"
#include "sql/schema.h"
#include "sql/session.h"

namespace wharf::sql {

class SqlStore {
 public:
  SqlStore(Dialect dialect, std::shared_ptr<ConnectionPool> pool);

  Dialect dialect() const { return dialect_; }
  // "postgresql" or "sqlite".
  const char* dialect_name() const { return sql::dialect_name(dialect_); }

  // A session for this thread; throws SqlPoolTimeout when none frees within the timeout
  // (default PoolOptions::acquire_timeout) and SqlUnavailable when a new connection fails.
  SessionLease acquire() { return pool_->acquire(); }
  SessionLease acquire(std::chrono::milliseconds timeout) { return pool_->acquire(timeout); }

  PoolStats pool_stats() const { return pool_->stats(); }
  // The database, fit for logs: the URL without its password.
  const std::string& name() const { return pool_->name(); }

 private:
  Dialect dialect_;
  std::shared_ptr<ConnectionPool> pool_;
};

// Opens the store a URL names (store_url.h): postgresql://user:password@host:port/database,
// postgres://..., sqlite:///abs/path.db or sqlite:relative.db. Opens options.min_connections
// at once, so an unreachable server fails here with SqlUnavailable.
std::unique_ptr<SqlStore> open_store(const std::string& url, const PoolOptions& options = {});

}  // namespace wharf::sql
