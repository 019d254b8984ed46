// The stored form of an item: a compact binary encoding of a core::Map (a type tag per value,
// varint lengths, numbers as the exact decimal text DynamoDB answers with). Decoding trusts its
// input: it is only ever handed bytes that encode_item produced (RocksDB checksums every block).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/encoding.h"
#include "core/value.h"

namespace wharf::dynamo {

// Reads the encoding piece by piece: for code that transcodes stored items without building
// Values (the wire writer). Layout: an item is varint(count) then count times (bytes name,
// value); a value is a type byte (core::Value::Type) then: bool byte | bytes (number text,
// string, binary) | varint(count) elements (lists, sets) | an item (maps).
class ItemReader {
 public:
  explicit ItemReader(std::string_view s) : s_(s) {}
  uint64_t varint() {
    std::string_view rest = s_.substr(pos_);
    uint64_t v;
    if (!core::read_varint(rest, v)) corrupt();
    pos_ = s_.size() - rest.size();
    return v;
  }
  char byte() {
    if (pos_ >= s_.size()) corrupt();
    return s_[pos_++];
  }
  std::string_view bytes() {
    uint64_t n = varint();
    if (n > s_.size() - pos_) corrupt();
    std::string_view r = s_.substr(pos_, n);
    pos_ += n;
    return r;
  }
  // An element count, checked against the bytes left (each element takes at least one).
  uint64_t count() {
    uint64_t n = varint();
    if (n > s_.size() - pos_) corrupt();
    return n;
  }
  core::Value value();
  core::Map map();
  [[noreturn]] static void corrupt();

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

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
