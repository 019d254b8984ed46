// The SQL that differs between PostgreSQL and SQLite, built in one place: identifier quoting,
// type names, CREATE TABLE, the staging-table upsert, and SQLite's placeholder spelling.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sql/schema.h"

namespace wharf::sql {

enum class Dialect { kPostgres, kSqlite };

// "postgresql" or "sqlite", as store URLs and reports name them.
const char* dialect_name(Dialect d);

// "name" with embedded double quotes doubled. Identifiers are taken as given, case included:
// quote_identifier("Users") names a different table than the unquoted Users in PostgreSQL.
std::string quote_identifier(std::string_view name);
// A table name that may carry a schema ("analytics.events" -> "analytics"."events"). Every API
// of this layer that takes a table name reads it this way, so a dot cannot be part of a name.
std::string quote_table_name(std::string_view name);
// "a", "b", "c"
std::string quote_identifiers(const std::vector<std::string>& names);

// PostgreSQL: text bigint numeric boolean date timestamptz jsonb bytea.
// SQLite: TEXT BIGINT DECIMAL_TEXT BOOLEAN DATE TIMESTAMP JSON BLOB. Decimals are declared with
// TEXT affinity because SQLite's NUMERIC affinity would turn 12345678901234567890.123456789 into
// a double; values come back exact, but they compare as text inside SQLite. Integers are BIGINT,
// not INTEGER: an INTEGER PRIMARY KEY is SQLite's rowid and silently numbers a NULL key, where
// PostgreSQL rejects it.
const char* column_type_name(Dialect d, ColumnType t);
// The portable type of a column the engine declares as `name`: PostgreSQL's pg_type.typname
// ("int8", "timestamptz", "varchar"), or SQLite's declared type ("DECIMAL(10,2)", "VARCHAR(20)",
// "" for none). Unknown names are kText (SQLite: kText too, except as SQLite's affinity rules
// say: "...INT..." is kInteger, "BLOB" kBinary, "REAL"/"FLOAT"/"DOUBLE" kDecimal).
ColumnType column_type_from_name(Dialect d, std::string_view name);

// CREATE TABLE [IF NOT EXISTS] t ("c" type [NOT NULL], ..., PRIMARY KEY (...)). Key columns are
// always NOT NULL, so describe() reports them alike on both engines.
std::string create_table_sql(Dialect d, const TableSchema& schema, bool if_not_exists);

// INSERT INTO target AS t (columns) SELECT columns FROM staging WHERE true
//   ON CONFLICT (key_columns) DO UPDATE SET c = excluded.c, ...   (DO NOTHING if all are keys)
// The same text serves both engines: "WHERE true" is what keeps SQLite from reading ON CONFLICT
// as a join constraint. With a version_column, an existing row is only replaced by a row with a
// higher version (or when its own version is NULL), so replaying an older batch never regresses
// data. The staging table must hold at most one row per key: PostgreSQL rejects a second update
// of the same row in one statement (SQLSTATE 21000). Throws SqlUsageError when a key or the
// version column is not among `columns`.
std::string upsert_sql(std::string_view staging_table, std::string_view target_table,
                       const std::vector<std::string>& columns,
                       const std::vector<std::string>& key_columns,
                       std::string_view version_column = {});

// SQLite accepts ?, ?NNN, :name, @name and $name; a PostgreSQL-style $1 would be taken as a
// *named* parameter numbered by first appearance, so "$2 ... $1" would bind wrongly. This
// rewrites every $n outside string literals, quoted identifiers and comments to ?n, which binds
// by position exactly like PostgreSQL's $n.
std::string sqlite_placeholders(std::string_view sql);

}  // namespace wharf::sql
