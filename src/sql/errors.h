// The error table of the relational store layer. Every error src/sql raises is built here, so the
// codes, their HTTP statuses and the shape of their messages live in one place.
//
//   SqlError             400  the database rejected a statement; message ends with
//                              "(SQLSTATE 23505)" and the detail "sqlstate" carries the code
//   SqlUnavailable       503  the server cannot be reached or the connection was lost
//   SqlAccessDenied      403  the server refused the credentials
//   SqlPoolTimeout       503  no connection became free within the acquire timeout
//   SqlInvalidUrl        400  a store URL that is not postgresql://, postgres:// or sqlite:
//   SqlUsageError        400  the caller broke the Session contract (commit without begin, ...)
//   PostgresNotInstalled 500  no initdb/pg_ctl on this machine
//   PostgresInitFailed   500  initdb failed
//   PostgresStartFailed  500  pg_ctl start failed (the message quotes the server log)
//   PostgresStopFailed   500  pg_ctl stop failed
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace wharf::sql {

// An error by code with its table status.
core::Error sql_store_error(std::string_view code, std::string message);

// SqlError: `message` is the database's own primary message; the SQLSTATE is appended to it and
// kept as the detail "sqlstate" so that callers can branch on it for both engines (SQLite
// constraint failures are given their PostgreSQL SQLSTATE: 23505, 23502, 23503, 23514).
core::Error statement_error(std::string_view sqlstate, std::string message);

// The SQLSTATE of an SqlError ("" for other errors).
std::string sqlstate_of(const core::Error& e);

core::Error usage_error(std::string message);

}  // namespace wharf::sql
