// core::Value <-> PostgreSQL's text format, for parameters, COPY rows and results. Text format
// everywhere keeps numbers exact (NUMERIC's text is its exact value) and lets the server infer
// parameter types from the statement, as psql users expect.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/value.h"

namespace wharf::sql {

// The text PostgreSQL reads for `v`: nullopt for null; true/false; a Decimal's plain digits;
// strings as they are; Binary as bytea hex ("\x0a1b"); maps, lists and sets as JSON. A string
// holding a NUL byte throws SqlError 22021, as PostgreSQL would (text cannot hold one).
std::optional<std::string> to_pg_text(const core::Value& v);

// The Value for a result field of type `oid` (pg_type.oid) printed as `text` in a session with
// TimeZone=UTC, DateStyle=ISO and bytea_output=hex (postgres_store.cc sets them):
// bool -> bool; int2/int4/int8/oid/numeric/float4/float8 -> Decimal (NaN and infinities stay
// text); bytea -> Binary; json/jsonb -> parsed JSON; timestamp/timestamptz -> ISO UTC text
// (timestamp_text.h); everything else -> its text.
core::Value from_pg_text(unsigned oid, std::string_view text);

// Appends one field of a COPY ... FROM STDIN text-format row: \N for null, otherwise the text
// with backslash, newline, carriage return and tab escaped.
void append_copy_field(std::string& line, const std::optional<std::string>& field);
// The fields of one COPY ... TO STDOUT text-format row (without its newline): nullopt for \N,
// otherwise the text with the escapes (\\ \n \r \t \b \f \v, octal \ddd, \xHH) undone.
std::vector<std::optional<std::string>> split_copy_row(std::string_view line);

}  // namespace wharf::sql
