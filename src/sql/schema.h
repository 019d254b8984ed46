// Table schemas in the portable terms both engines understand. A column type is what the value
// means, not how an engine spells it: dialect.h maps each type to its PostgreSQL and SQLite name.
#pragma once

#include <string>
#include <vector>

namespace wharf::sql {

enum class ColumnType {
  kText,
  kInteger,  // 64-bit signed
  kDecimal,  // exact NUMERIC; never a double on the way in or out
  kBoolean,
  kDate,       // "2026-11-21"
  kTimestamp,  // UTC, "2026-11-21T10:04:05Z" (fractional seconds kept)
  kJson,       // maps and lists; jsonb in PostgreSQL
  kBinary,     // bytea / BLOB
};

struct Column {
  std::string name;
  ColumnType type = ColumnType::kText;
  bool nullable = true;
  bool operator==(const Column&) const = default;
};

struct TableSchema {
  std::string name;
  std::vector<Column> columns;
  std::vector<std::string> primary_key;  // column names in key order; empty: no key
  bool operator==(const TableSchema&) const = default;
};

}  // namespace wharf::sql
