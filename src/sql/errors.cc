#include "sql/errors.h"

#include <unordered_map>

namespace wharf::sql {

namespace {

const std::unordered_map<std::string_view, int>& table() {
  static const std::unordered_map<std::string_view, int> t = {
      {"SqlError", 400},
      {"SqlUnavailable", 503},
      {"SqlAccessDenied", 403},
      {"SqlPoolTimeout", 503},
      {"SqlInvalidUrl", 400},
      {"SqlUsageError", 400},
      {"PostgresNotInstalled", 500},
      {"PostgresInitFailed", 500},
      {"PostgresStartFailed", 500},
      {"PostgresStopFailed", 500},
  };
  return t;
}

}  // namespace

core::Error sql_store_error(std::string_view code, std::string message) {
  auto it = table().find(code);
  int status = it == table().end() ? 500 : it->second;
  return core::Error(std::string(code), status, std::move(message));
}

core::Error statement_error(std::string_view sqlstate, std::string message) {
  message += " (SQLSTATE " + std::string(sqlstate) + ")";
  core::Error e = sql_store_error("SqlError", std::move(message));
  e.with("sqlstate", std::string(sqlstate));
  return e;
}

std::string sqlstate_of(const core::Error& e) {
  for (const auto& [name, value] : e.details())
    if (name == "sqlstate") return value;
  return "";
}

core::Error usage_error(std::string message) {
  return sql_store_error("SqlUsageError", std::move(message));
}

}  // namespace wharf::sql
