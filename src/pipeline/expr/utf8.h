// UTF-8 as the string functions see it: lengths, positions and substrings count code points, and
// a byte that starts no valid sequence counts as one character (so malformed text never throws or
// loses bytes). Case mapping covers ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic, one
// code point to one code point (ß and other expanding mappings stay as they are).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wharf::pipeline::expr::utf8 {

// Bytes in the character starting at s[i] (1 for an invalid or truncated sequence).
size_t char_length(std::string_view s, size_t i);
// The code point starting at s[i]; an invalid byte decodes as itself (0x80..0xFF).
uint32_t decode(std::string_view s, size_t i, size_t& length);
void append(std::string& out, uint32_t code_point);

size_t count(std::string_view s);
// Byte offset of the character numbered n (from 0); s.size() when s has no more characters.
size_t offset_of(std::string_view s, size_t n);

std::string to_upper(std::string_view s);
std::string to_lower(std::string_view s);

}  // namespace wharf::pipeline::expr::utf8
