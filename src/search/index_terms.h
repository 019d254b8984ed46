// How a document's fields are named inside the Xapian database. Every leaf field has a numeric id
// (mapping.h); its terms carry the prefix "F<id>:", its values and lengths live in two value
// slots. The same names are used by the indexer and the query compiler, nowhere else.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/encoding.h"

namespace wharf::search {

inline std::string term_prefix(uint32_t field_id) { return "F" + std::to_string(field_id) + ":"; }
// A field term; values longer than Xapian's term limit keep a prefix plus a hash of the whole.
std::string field_term(uint32_t field_id, std::string_view value);
// The hidden "<field>._index_phrase" field of a text field with index_phrases: its terms are
// the field's shingles, two adjacent words joined by a space as Elasticsearch's are, and it has
// lengths and statistics of its own. Its id is past those of the mapped fields.
inline uint32_t phrase_field_id(uint32_t field_id) { return field_id + (1u << 24); }
inline std::string shingle_term(uint32_t field_id, std::string_view first, std::string_view second) {
  std::string words;
  words.reserve(first.size() + 1 + second.size());
  words.append(first).append(" ").append(second);
  return field_term(phrase_field_id(field_id), words);
}
inline std::string exists_term(uint32_t field_id) { return "E" + std::to_string(field_id); }
inline std::string id_term(std::string_view id) { return "Q" + std::string(id); }
inline Xapian::valueno values_slot(uint32_t field_id) { return field_id * 2; }
inline Xapian::valueno length_slot(uint32_t field_id) { return field_id * 2 + 1; }
// Xapian positions start at 1; token positions at 0.
inline Xapian::termpos xapian_pos(int token_position) { return static_cast<Xapian::termpos>(token_position) + 1; }

// Doc values: numbers (also dates in ms and booleans as 0/1) as packed doubles, keywords as
// length-prefixed strings, sorted like Lucene's sorted(-set) doc values.
std::string pack_numbers(std::vector<double> values);
std::vector<double> unpack_numbers(std::string_view packed);
std::string pack_strings(std::vector<std::string> values);
std::vector<std::string> unpack_strings(std::string_view packed);
// Calls fn(std::string_view) for each packed string, without copying.
template <typename Fn>
void for_each_packed_string(std::string_view in, Fn fn) {
  uint64_t n;
  while (!in.empty() && core::read_varint(in, n) && n <= in.size()) {
    fn(in.substr(0, n));
    in.remove_prefix(n);
  }
}
std::string pack_length(uint32_t n);
uint32_t unpack_length(std::string_view packed);

}  // namespace wharf::search
