// Percent-encoding as the AWS APIs define it, on Boost.URL.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wharf::core {

// Decodes %XX escapes; '+' stays '+' (S3 paths and SigV4 query values treat it literally).
// nullopt when an escape is malformed.
std::optional<std::string> percent_decode(std::string_view s);
// Encodes everything but the RFC 3986 unreserved characters (A-Z a-z 0-9 - _ . ~), with
// uppercase hex, as SigV4 canonical requests require. keep_slash leaves '/' as is (paths).
std::string aws_uri_encode(std::string_view s, bool keep_slash);

// Decoded query parameters in request order (names may repeat).
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Splits a raw query string into decoded name/value pairs, in order. "a&b=1" -> {a,""},{b,"1"}.
// nullopt when an escape is malformed.
std::optional<QueryParams> parse_query(std::string_view raw);
// The first value of parameter `name`, or null.
const std::string* find_param(const QueryParams& params, std::string_view name);

}  // namespace wharf::core
