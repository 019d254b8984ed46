#include "sql/dialect.h"

#include <algorithm>
#include <cctype>

#include "sql/errors.h"

namespace wharf::sql {

namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool contains_name(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

ColumnType sqlite_type_from_declared(std::string_view declared) {
  // The order matters: DECIMAL_TEXT is a decimal, DATETIME a timestamp, and the affinity rules
  // (INT before CHAR/TEXT before BLOB before REAL) decide the rest as SQLite itself does.
  std::string up(declared);
  std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return std::toupper(c); });
  if (contains(up, "BOOL")) return ColumnType::kBoolean;
  if (contains(up, "DECIMAL") || contains(up, "NUMERIC")) return ColumnType::kDecimal;
  if (contains(up, "TIMESTAMP") || contains(up, "DATETIME")) return ColumnType::kTimestamp;
  if (up.starts_with("DATE")) return ColumnType::kDate;
  if (contains(up, "JSON")) return ColumnType::kJson;
  if (contains(up, "INT")) return ColumnType::kInteger;
  if (contains(up, "CHAR") || contains(up, "CLOB") || contains(up, "TEXT"))
    return ColumnType::kText;
  if (contains(up, "BLOB") || contains(up, "BYTEA")) return ColumnType::kBinary;
  if (contains(up, "REAL") || contains(up, "FLOA") || contains(up, "DOUB")) {
    return ColumnType::kDecimal;
  }
  return ColumnType::kText;
}

ColumnType postgres_type_from_typname(std::string_view t) {
  if (t == "int2" || t == "int4" || t == "int8" || t == "oid") return ColumnType::kInteger;
  if (t == "numeric" || t == "float4" || t == "float8") return ColumnType::kDecimal;
  if (t == "bool") return ColumnType::kBoolean;
  if (t == "date") return ColumnType::kDate;
  if (t == "timestamp" || t == "timestamptz") return ColumnType::kTimestamp;
  if (t == "json" || t == "jsonb") return ColumnType::kJson;
  if (t == "bytea") return ColumnType::kBinary;
  return ColumnType::kText;
}

bool is_identifier_char(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}

}  // namespace

const char* dialect_name(Dialect d) { return d == Dialect::kPostgres ? "postgresql" : "sqlite"; }

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string quote_table_name(std::string_view name) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    out += quote_identifier(name.substr(start, dot - start));
    if (dot == std::string_view::npos) return out;
    out += '.';
    start = dot + 1;
  }
}

std::string quote_identifiers(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += quote_identifier(n);
  }
  return out;
}

const char* column_type_name(Dialect d, ColumnType t) {
  bool pg = d == Dialect::kPostgres;
  switch (t) {
    case ColumnType::kText:
      return pg ? "text" : "TEXT";
    case ColumnType::kInteger:
      return pg ? "bigint" : "BIGINT";
    case ColumnType::kDecimal:
      return pg ? "numeric" : "DECIMAL_TEXT";
    case ColumnType::kBoolean:
      return pg ? "boolean" : "BOOLEAN";
    case ColumnType::kDate:
      return pg ? "date" : "DATE";
    case ColumnType::kTimestamp:
      return pg ? "timestamptz" : "TIMESTAMP";
    case ColumnType::kJson:
      return pg ? "jsonb" : "JSON";
    case ColumnType::kBinary:
      return pg ? "bytea" : "BLOB";
  }
  return "text";
}

ColumnType column_type_from_name(Dialect d, std::string_view name) {
  return d == Dialect::kPostgres ? postgres_type_from_typname(name)
                                 : sqlite_type_from_declared(name);
}

std::string create_table_sql(Dialect d, const TableSchema& schema, bool if_not_exists) {
  if (schema.columns.empty()) throw usage_error("table " + schema.name + " has no columns");
  std::string sql = "CREATE TABLE ";
  if (if_not_exists) sql += "IF NOT EXISTS ";
  sql += quote_table_name(schema.name) + " (";
  for (size_t i = 0; i < schema.columns.size(); ++i) {
    const Column& c = schema.columns[i];
    if (i) sql += ", ";
    sql += quote_identifier(c.name) + " " + column_type_name(d, c.type);
    if (!c.nullable || contains_name(schema.primary_key, c.name)) sql += " NOT NULL";
  }
  if (!schema.primary_key.empty()) {
    for (const auto& k : schema.primary_key) {
      bool known = std::any_of(schema.columns.begin(), schema.columns.end(),
                               [&](const Column& c) { return c.name == k; });
      if (!known)
        throw usage_error("primary key column " + k + " is not a column of " + schema.name);
    }
    sql += ", PRIMARY KEY (" + quote_identifiers(schema.primary_key) + ")";
  }
  return sql + ")";
}

std::string upsert_sql(std::string_view staging_table, std::string_view target_table,
                       const std::vector<std::string>& columns,
                       const std::vector<std::string>& key_columns,
                       std::string_view version_column) {
  if (columns.empty() || key_columns.empty()) {
    throw usage_error("an upsert needs columns and key columns");
  }
  for (const auto& k : key_columns)
    if (!contains_name(columns, k)) throw usage_error("key column " + k + " is not being copied");
  if (!version_column.empty() && !contains_name(columns, std::string(version_column))) {
    throw usage_error("version column " + std::string(version_column) + " is not being copied");
  }
  std::string cols = quote_identifiers(columns);
  std::string sql = "INSERT INTO " + quote_table_name(target_table) + " AS t (" + cols +
                    ") SELECT " + cols + " FROM " + quote_table_name(staging_table) +
                    " WHERE true ON CONFLICT (" + quote_identifiers(key_columns) + ") DO ";
  std::string sets;
  for (const auto& c : columns) {
    if (contains_name(key_columns, c)) continue;
    if (!sets.empty()) sets += ", ";
    sets += quote_identifier(c) + " = excluded." + quote_identifier(c);
  }
  if (sets.empty()) return sql + "NOTHING";
  sql += "UPDATE SET " + sets;
  if (!version_column.empty()) {
    std::string v = quote_identifier(version_column);
    sql += " WHERE t." + v + " IS NULL OR t." + v + " < excluded." + v;
  }
  return sql;
}

std::string sqlite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  size_t i = 0;
  auto copy_until = [&](std::string_view end) {
    size_t stop = sql.find(end, i);
    stop = stop == std::string_view::npos ? sql.size() : stop + end.size();
    out.append(sql.substr(i, stop - i));
    i = stop;
  };
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      out += c;
      ++i;
      copy_until(std::string_view(&c, 1));  // a doubled quote re-enters the literal at once
    } else if (c == '[') {
      copy_until("]");
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      copy_until("\n");
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      out += "/*";
      i += 2;
      copy_until("*/");
    } else if (c == '$' && i + 1 < sql.size() &&
               std::isdigit(static_cast<unsigned char>(sql[i + 1])) &&
               (i == 0 || !is_identifier_char(sql[i - 1]))) {
      out += '?';
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

}  // namespace wharf::sql
