// Dates as Elasticsearch reads and writes them: named formats (strict_date_optional_time,
// epoch_millis, ...) and Java-style patterns ("yyyy-MM-dd HH:mm:ss"), alternatives joined with
// "||", and date math ("now-1d/d", "2024-01-01||+1M/d"). Times are UTC milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wharf::search {

// Milliseconds since the epoch, or nullopt when no format accepts the text.
std::optional<int64_t> parse_date(std::string_view text, const std::vector<std::string>& formats);

// Date math over `now`; round_up picks the last millisecond of a rounded unit (what lte and gt
// use). nullopt when the expression is malformed.
std::optional<int64_t> parse_date_math(std::string_view expr, int64_t now_ms, bool round_up,
                                       const std::vector<std::string>& formats);

// "2024-05-01T10:00:00.000Z" (strict_date_optional_time output).
std::string format_date(int64_t ms);
// In a named format or Java-style pattern (the first of "a||b" alternatives).
std::string format_date(int64_t ms, std::string_view format);

// Calendar helpers shared with date_histogram.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d);

}  // namespace wharf::search
