// Byte encodings used on the wire: hex (lowercase, as SigV4 and ETags use) and base64
// (as Content-MD5 and x-amz-checksum-* use).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wharf::core {

std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);
std::string base64_encode(std::string_view bytes);
// Strict decoding: returns nullopt for malformed input or wrong padding.
std::optional<std::string> base64_decode(std::string_view text);

std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
std::string_view trim(std::string_view s);

}  // namespace wharf::core
