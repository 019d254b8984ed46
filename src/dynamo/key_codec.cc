#include "dynamo/key_codec.h"

#include "core/error.h"
#include "core/hash.h"

namespace wharf::dynamo {

namespace {

// Bytes with 0x00 escaped as 00 FF and terminated by 00 01: a prefix sorts before its
// extensions and any byte string round-trips.
void append_escaped(std::string& out, std::string_view s) {
  for (char c : s) {
    out.push_back(c);
    if (c == '\0') out.push_back('\xff');
  }
  out.push_back('\0');
  out.push_back('\x01');
}

// Sign byte, then the adjusted exponent and the significant digits, complemented for negative
// numbers so that larger magnitudes sort first. Digits are normalized (no trailing zeros), and
// the terminator sorts below every digit, so 1.2 < 1.23.
void append_number(std::string& out, const core::Decimal& d) {
  int sign = d.sign();
  if (sign == 0) {
    out.push_back('\x02');
    return;
  }
  std::string digits = d.digits();
  int adjusted = d.exponent() + static_cast<int>(digits.size()) - 1;
  uint16_t e = static_cast<uint16_t>(adjusted + 0x8000);
  bool neg = sign < 0;
  auto put = [&](uint8_t b) { out.push_back(static_cast<char>(neg ? 0xff - b : b)); };
  out.push_back(neg ? '\x01' : '\x03');
  put(static_cast<uint8_t>(e >> 8));
  put(static_cast<uint8_t>(e & 0xff));
  for (char c : digits) put(static_cast<uint8_t>(c));
  put(0);
}

}  // namespace

void append_key_component(std::string& out, const core::Value& v) {
  switch (v.type()) {
    case core::Value::Type::kString:
      append_escaped(out, v.as<std::string>());
      return;
    case core::Value::Type::kBinary:
      append_escaped(out, v.as<core::Binary>().bytes);
      return;
    case core::Value::Type::kNumber:
      append_number(out, v.as<core::Decimal>());
      return;
    default:
      core::throw_internal("key attribute of non-scalar type");
  }
}

uint16_t partition_hash(std::string_view encoded_pk) {
  return static_cast<uint16_t>(core::crc32c(0, encoded_pk) >> 16);
}

std::string table_prefix(char kind, uint64_t table_id) {
  std::string out = {'D', kind};
  append_u64(out, table_id);
  return out;
}

std::string index_prefix(uint64_t table_id, uint32_t index_id) {
  std::string out = table_prefix('x', table_id);
  append_u32(out, index_id);
  return out;
}

}  // namespace wharf::dynamo
