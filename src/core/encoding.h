// Byte encodings used on the wire: hex (lowercase, as SigV4 and ETags use) and base64
// (as Content-MD5 and x-amz-checksum-* use); big-endian integers, as keys that must sort by
// number and binary record headers use.
#pragma once

#include <cstdint>
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

// Big-endian integers appended to `out`, and read back from the front of `s` (of a short `s`,
// the bytes there are).
void append_u16(std::string& out, uint16_t v);
void append_u32(std::string& out, uint32_t v);
void append_u64(std::string& out, uint64_t v);
uint32_t read_u32(std::string_view s);
uint64_t read_u64(std::string_view s);

// LEB128 varints, as the stored records use (items, object records, index values); inline, as
// decoding them is on the read path of every stored item.
inline void append_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}
// Reads a varint from the front of `in` and advances past it; false when `in` ends first or the
// varint runs past 64 bits.
inline bool read_varint(std::string_view& in, uint64_t& v) {
  v = 0;
  for (int shift = 0; !in.empty() && shift < 64; shift += 7) {
    auto b = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    v |= uint64_t(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}
// A varint length, then the bytes.
inline void append_prefixed(std::string& out, std::string_view bytes) {
  append_varint(out, bytes.size());
  out.append(bytes);
}

}  // namespace wharf::core
