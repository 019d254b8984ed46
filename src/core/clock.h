// Wall-clock time in the formats the wire APIs use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wharf::core {

int64_t now_millis();
// 2024-01-02T03:04:05.000Z (S3 listings, XML timestamps).
std::string iso8601_millis(int64_t millis);
// Tue, 02 Jan 2024 03:04:05 GMT (Last-Modified, Date).
std::string http_date(int64_t millis);
// 20240102T030405Z (SigV4 x-amz-date) -> seconds since the epoch.
std::optional<int64_t> parse_amz_date(std::string_view text);
// RFC 1123 / RFC 850 / asctime dates as HTTP allows them, and ISO 8601 -> seconds.
std::optional<int64_t> parse_http_date(std::string_view text);

}  // namespace wharf::core
