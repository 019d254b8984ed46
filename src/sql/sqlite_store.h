// The SQLite engine of SqlStore: one database file in WAL mode (created, with its directory,
// when absent), synchronous=NORMAL (a commit is atomic and survives a crash of wharf; a power
// loss may lose the last commits, never half of one), foreign keys enforced.
//
// Every pooled session has its own connection, so reads run side by side (WAL readers see the
// last commit and never wait for the writer). Writes are serialized in-process by one write
// gate per database file: begin() takes it (BEGIN IMMEDIATE) until commit()/rollback(), and a
// writing statement outside a transaction takes it for that statement. A writer that cannot get
// the gate within PoolOptions::busy_timeout fails with SqlError 55P03 (SQLITE_BUSY); the same
// timeout is SQLite's busy timeout against other processes.
//
// Temporary tables belong to one session's connection, as in PostgreSQL.
#pragma once

#include <memory>
#include <string>

#include "sql/connection_pool.h"
#include "sql/sql_store.h"

namespace wharf::sql {

std::unique_ptr<SqlStore> open_sqlite_store(const std::string& path, const PoolOptions& options);

}  // namespace wharf::sql
