#include "sql/sqlite_statement.h"

#include <cstring>
#include <string_view>

#include "core/json_codec.h"
#include "sql/dialect.h"
#include "sql/errors.h"
#include "sql/timestamp_text.h"

namespace wharf::sql {

namespace {

struct CodeInfo {
  int code;
  const char* name;
  const char* sqlstate;
};

// Extended codes first: they are what sqlite3_extended_errcode answers with.
constexpr CodeInfo kCodes[] = {
    {SQLITE_CONSTRAINT_PRIMARYKEY, "SQLITE_CONSTRAINT_PRIMARYKEY", "23505"},
    {SQLITE_CONSTRAINT_UNIQUE, "SQLITE_CONSTRAINT_UNIQUE", "23505"},
    {SQLITE_CONSTRAINT_NOTNULL, "SQLITE_CONSTRAINT_NOTNULL", "23502"},
    {SQLITE_CONSTRAINT_FOREIGNKEY, "SQLITE_CONSTRAINT_FOREIGNKEY", "23503"},
    {SQLITE_CONSTRAINT_CHECK, "SQLITE_CONSTRAINT_CHECK", "23514"},
    {SQLITE_CONSTRAINT, "SQLITE_CONSTRAINT", "23000"},
    {SQLITE_BUSY, "SQLITE_BUSY", "55P03"},
    {SQLITE_LOCKED, "SQLITE_LOCKED", "55P03"},
    {SQLITE_READONLY, "SQLITE_READONLY", "25006"},
    {SQLITE_MISMATCH, "SQLITE_MISMATCH", "42804"},
    {SQLITE_TOOBIG, "SQLITE_TOOBIG", "54000"},
    {SQLITE_FULL, "SQLITE_FULL", "53100"},
    {SQLITE_IOERR, "SQLITE_IOERR", "58030"},
    {SQLITE_CANTOPEN, "SQLITE_CANTOPEN", "58030"},
    {SQLITE_CORRUPT, "SQLITE_CORRUPT", "XX001"},
    {SQLITE_NOMEM, "SQLITE_NOMEM", "53200"},
    {SQLITE_INTERRUPT, "SQLITE_INTERRUPT", "57014"},
    {SQLITE_RANGE, "SQLITE_RANGE", "08P01"},
    {SQLITE_ERROR, "SQLITE_ERROR", "HY000"},
};

// SQLITE_ERROR covers most statement errors; its message says which PostgreSQL would name.
const char* sqlstate_for_message(std::string_view message) {
  struct Rule {
    const char* text;
    const char* sqlstate;
  };
  static constexpr Rule kRules[] = {{"no such table", "42P01"},
                                    {"no such column", "42703"},
                                    {"already exists", "42P07"},
                                    {"syntax error", "42601"},
                                    {"incomplete input", "42601"}};
  for (const auto& r : kRules)
    if (message.find(r.text) != std::string_view::npos) return r.sqlstate;
  return "HY000";
}

core::Value number_or_text(std::string_view text) {
  if (auto d = core::Decimal::parse(text)) return *d;
  return std::string(text);
}

core::Value json_or_text(std::string_view text) {
  try {
    return core::parse_json(text);
  } catch (const core::Error&) {
    return std::string(text);
  }
}

}  // namespace

core::Error sqlite_error(sqlite3* db, int rc) {
  int extended = db ? sqlite3_extended_errcode(db) : rc;
  if ((extended & 0xff) != (rc & 0xff)) extended = rc;  // the connection moved on since
  std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const CodeInfo* info = nullptr;
  for (const auto& c : kCodes) {
    if (c.code == extended) {
      info = &c;
      break;
    }
  }
  if (!info) {
    for (const auto& c : kCodes) {
      if (c.code == (extended & 0xff)) {
        info = &c;
        break;
      }
    }
  }
  std::string name = info ? info->name : "SQLITE_" + std::to_string(extended);
  const char* sqlstate = info ? info->sqlstate : "HY000";
  if ((extended & 0xff) == SQLITE_ERROR) sqlstate = sqlstate_for_message(message);
  core::Error e = statement_error(sqlstate, std::move(message));
  e.with("sqlite_code", std::move(name));
  return e;
}

SqliteStatement::SqliteStatement(sqlite3* db, std::string_view sql, const char** tail) : db_(db) {
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, tail);
  if (rc != SQLITE_OK) throw sqlite_error(db, rc);
  if (!stmt_) return;
  int n = sqlite3_column_count(stmt_);
  for (int i = 0; i < n; ++i) {
    const char* decl = sqlite3_column_decltype(stmt_, i);
    declared_.push_back(decl ? std::optional(column_type_from_name(Dialect::kSqlite, decl))
                             : std::nullopt);
  }
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

bool SqliteStatement::readonly() const { return !stmt_ || sqlite3_stmt_readonly(stmt_); }

void SqliteStatement::bind(const Params& params) {
  int expected = sqlite3_bind_parameter_count(stmt_);
  if (static_cast<size_t>(expected) != params.size()) {
    throw usage_error("the statement takes " + std::to_string(expected) + " parameters, " +
                      std::to_string(params.size()) + " were given");
  }
  for (int i = 0; i < expected; ++i) bind_value(i + 1, params[i]);
}

void SqliteStatement::bind_value(int index, const core::Value& v) {
  int rc = SQLITE_OK;
  switch (v.type()) {
    case core::Value::Type::kNull:
      rc = sqlite3_bind_null(stmt_, index);
      break;
    case core::Value::Type::kBool:
      rc = sqlite3_bind_int64(stmt_, index, v.as<bool>() ? 1 : 0);
      break;
    case core::Value::Type::kNumber: {
      const auto& d = v.as<core::Decimal>();
      auto i = d.is_integer() ? d.to_int64() : std::nullopt;
      if (i) {
        rc = sqlite3_bind_int64(stmt_, index, *i);
      } else {
        // Text keeps every digit; the column's affinity decides what SQLite stores.
        std::string text = d.to_string();
        rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                 SQLITE_UTF8);
      }
      break;
    }
    case core::Value::Type::kString: {
      const auto& s = v.as<std::string>();
      rc = sqlite3_bind_text64(stmt_, index, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      break;
    }
    case core::Value::Type::kBinary: {
      const auto& b = v.as<core::Binary>().bytes;
      // A null pointer would bind NULL: an empty blob needs zeroblob.
      rc = b.empty() ? sqlite3_bind_zeroblob(stmt_, index, 0)
                     : sqlite3_bind_blob64(stmt_, index, b.data(), b.size(), SQLITE_TRANSIENT);
      break;
    }
    default: {
      std::string json = core::to_json(v);
      rc = sqlite3_bind_text64(stmt_, index, json.data(), json.size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8);
    }
  }
  if (rc != SQLITE_OK) throw sqlite_error(db_, rc);
}

bool SqliteStatement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw sqlite_error(db_, rc);
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::vector<std::string> SqliteStatement::column_names() const {
  std::vector<std::string> names;
  for (int i = 0; i < sqlite3_column_count(stmt_); ++i)
    names.emplace_back(sqlite3_column_name(stmt_, i));
  return names;
}

Row SqliteStatement::row() const {
  Row row;
  int n = sqlite3_column_count(stmt_);
  row.reserve(n);
  for (int i = 0; i < n; ++i) row.push_back(column_value(i));
  return row;
}

core::Value SqliteStatement::column_value(int i) const {
  std::optional<ColumnType> type = declared_[i];
  auto text = [&] {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return std::string_view(p ? p : "", sqlite3_column_bytes(stmt_, i));
  };
  switch (sqlite3_column_type(stmt_, i)) {
    case SQLITE_NULL:
      return {};
    case SQLITE_INTEGER: {
      sqlite3_int64 n = sqlite3_column_int64(stmt_, i);
      if (type == ColumnType::kBoolean) return n != 0;
      return core::Decimal(static_cast<long long>(n));
    }
    case SQLITE_FLOAT:
      return number_or_text(text());  // SQLite's own text of the double
    case SQLITE_BLOB: {
      const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, i));
      return core::Binary{std::string(p ? p : "", sqlite3_column_bytes(stmt_, i))};
    }
    default: {
      std::string_view t = text();
      if (type == ColumnType::kDecimal) return number_or_text(t);
      if (type == ColumnType::kJson) return json_or_text(t);
      if (type == ColumnType::kTimestamp) return iso_utc_timestamp(t);
      return std::string(t);
    }
  }
}

}  // namespace wharf::sql
