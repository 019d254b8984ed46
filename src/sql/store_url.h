// Store URLs, parsed at the edge into what the engines need:
//   postgresql://user:password@host:port/database?param=value   (postgres:// too; libpq reads
//       the URL itself, so every libpq parameter works; host, port and database are kept here
//       for messages)
//   sqlite:///abs/path.db   sqlite:relative/path.db   sqlite:/abs/path.db
// The SQLite file is created when absent. ":memory:" is refused: every pooled session opens
// its own connection, and in-memory databases are not shared between connections.
#pragma once

#include <string>
#include <string_view>

#include "sql/dialect.h"

namespace wharf::sql {

struct StoreUrl {
  Dialect dialect = Dialect::kPostgres;
  std::string url;       // as given
  std::string host;      // PostgreSQL: the first host ("localhost" when none), or socket dir
  int port = 5432;       // PostgreSQL
  std::string database;  // PostgreSQL: the database (the user's name when none)
  std::string user;      // PostgreSQL
  std::string path;      // SQLite: the database file

  // The URL with the password replaced by "***": for logs and error messages.
  std::string redacted() const;
  // "host:port" (PostgreSQL) or the file path (SQLite), to name the database in messages.
  std::string endpoint() const;
};

// Throws SqlInvalidUrl for anything else.
StoreUrl parse_store_url(std::string_view url);

}  // namespace wharf::sql
