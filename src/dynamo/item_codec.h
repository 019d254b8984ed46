// The stored form of an item: a compact binary encoding of a core::Map (a type tag per value,
// varint lengths, numbers as their exact decimal text). Decoding trusts its input: it is only
// ever handed bytes that encode_item produced (RocksDB checksums every block).
#pragma once

#include <string>
#include <string_view>

#include "core/value.h"

namespace wharf::dynamo {

std::string encode_item(const core::Map& item);
void encode_item_to(const core::Map& item, std::string& out);
core::Map decode_item(std::string_view bytes);

// The item's size as DynamoDB accounts it against the 400 KB limit: attribute names plus
// values (strings and binary by length, numbers by significant digits, containers with their
// per-element overhead).
size_t item_size(const core::Map& item);
size_t value_size(const core::Value& v);

inline constexpr size_t kMaxItemSize = 400 * 1024;

}  // namespace wharf::dynamo
