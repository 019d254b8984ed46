// Plain JSON <-> Value. Numbers keep their exact decimal text both ways (Boost.JSON's parser
// hands us the raw number text; doubles are never involved). Binary and sets, which plain JSON
// lacks, are written as base64 strings and arrays.
#pragma once

#include <string>
#include <string_view>

#include "core/value.h"

namespace wharf::core {

// Throws core::Error("SerializationException"-neutral code "InvalidJson", 400) on malformed input.
Value parse_json(std::string_view text);
std::string to_json(const Value& v);

}  // namespace wharf::core
