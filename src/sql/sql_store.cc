#include "sql/sql_store.h"

#include "sql/postgres_store.h"
#include "sql/sqlite_store.h"
#include "sql/store_url.h"

namespace wharf::sql {

SqlStore::SqlStore(Dialect dialect, std::shared_ptr<ConnectionPool> pool)
    : dialect_(dialect), pool_(std::move(pool)) {}

std::unique_ptr<SqlStore> open_store(const std::string& url, const PoolOptions& options) {
  StoreUrl parsed = parse_store_url(url);
  if (parsed.dialect == Dialect::kPostgres) return open_postgres_store(parsed, options);
  return open_sqlite_store(parsed.path, options);
}

}  // namespace wharf::sql
