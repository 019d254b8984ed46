// The one spelling of a UTC timestamp that leaves this layer: "2026-11-21T10:04:05Z", fraction
// kept ("...05.25Z"). PostgreSQL prints timestamptz as "2026-11-21 10:04:05.25+00" in a UTC
// session, and SQLite's CURRENT_TIMESTAMP as "2026-11-21 10:04:05"; both become the ISO form.
#pragma once

#include <string>
#include <string_view>

namespace wharf::sql {

// "YYYY-MM-DD[ T]HH:MM:SS[.fff]" followed by nothing, "Z", "+00", "+00:00" or "+0000" ->
// "YYYY-MM-DDTHH:MM:SS[.fff]Z". Anything else (infinity, BC dates, other offsets) is returned
// unchanged: it is the database's text, not ours to reinterpret.
std::string iso_utc_timestamp(std::string_view text);

}  // namespace wharf::sql
