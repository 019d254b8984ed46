// The PostgreSQL engine of SqlStore, on libpq. Sessions speak text format (pg_codec.h) in a
// session set to TimeZone=UTC, DateStyle=ISO and bytea_output=hex; COPY goes through
// PQputCopyData; streamed queries read a NO SCROLL cursor with FETCH FORWARD.
//
// Errors: a rejected statement is SqlError "<server's primary message> (SQLSTATE xxxxx)" with the
// details "sqlstate" and, when the server gave them, "detail" and "hint". A server that cannot be
// reached is SqlUnavailable naming host and port; refused credentials are SqlAccessDenied.
#pragma once

#include <chrono>
#include <memory>

#include "sql/connection_pool.h"
#include "sql/session.h"
#include "sql/sql_store.h"
#include "sql/store_url.h"

namespace wharf::sql {

// One connection, outside any pool (the pool's factory; also for one-off admin work).
std::unique_ptr<Session> connect_postgres(const StoreUrl& url,
                                          std::chrono::milliseconds connect_timeout);

std::unique_ptr<SqlStore> open_postgres_store(const StoreUrl& url, const PoolOptions& options);

}  // namespace wharf::sql
