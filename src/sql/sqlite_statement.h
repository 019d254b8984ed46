// One prepared SQLite statement: binding core::Values, stepping, reading rows back, and SQLite's
// result codes turned into SqlErrors. The value mapping both ways is the one session.h promises;
// what a stored value means is read from the column's declared type (dialect.h
// column_type_from_name), since SQLite itself keeps only five storage classes.
#pragma once

#include <sqlite3.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "sql/schema.h"
#include "sql/session.h"

namespace wharf::sql {

// SqlError for SQLite result code `rc` on `db`: SQLite's message, a SQLSTATE as PostgreSQL would
// give for the same failure (23505 for UNIQUE/PRIMARY KEY, 23502 NOT NULL, 23503 FOREIGN KEY,
// 23514 CHECK, 42P01 no such table, 42703 no such column, 42P07 already exists, 42601 syntax,
// 55P03 busy/locked, else HY000) and the detail "sqlite_code" (e.g. SQLITE_CONSTRAINT_UNIQUE).
core::Error sqlite_error(sqlite3* db, int rc);

class SqliteStatement {
 public:
  // Prepares the first statement of `sql`; *tail (if given) is set past it. empty() when `sql`
  // holds only blanks or comments.
  SqliteStatement(sqlite3* db, std::string_view sql, const char** tail = nullptr);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  bool empty() const { return stmt_ == nullptr; }
  // Whether the statement leaves the database unchanged (sqlite3_stmt_readonly).
  bool readonly() const;
  // Binds params[i] to ?i+1. The count must match the statement's parameters exactly.
  void bind(const Params& params);
  // Runs to the next row: true when there is one, false when done.
  bool step();
  // Ready to run again with new bindings.
  void reset();

  std::vector<std::string> column_names() const;
  Row row() const;

 private:
  void bind_value(int index, const core::Value& v);
  core::Value column_value(int i) const;

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::vector<std::optional<ColumnType>> declared_;  // per result column; none for expressions
};

}  // namespace wharf::sql
