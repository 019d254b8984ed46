// Writes DynamoDB JSON text directly, without building a JSON tree: the read paths (GetItem,
// Query, Scan, BatchGetItem) answer with many items, and building then serializing
// boost::json objects for each cost more than the reads themselves. Stored items are
// transcoded from their encoding (item_codec.h) without decoding them into Values.
#pragma once

#include <string>
#include <string_view>

#include "core/value.h"

namespace wharf::dynamo {

void append_json_string(std::string& out, std::string_view s);
void append_wire_value(std::string& out, const core::Value& v);
void append_wire_item(std::string& out, const core::Map& item);
// An item in its stored encoding, as {"name":{"S":"..."},...}.
void append_wire_encoded(std::string& out, std::string_view encoded_item);

}  // namespace wharf::dynamo
