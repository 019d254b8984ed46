// Turns a JSON document into what the Xapian database stores for it: terms with positions for
// text fields, one term per keyword/boolean value, an exists term per field, doc values and field
// lengths in value slots. Applies the mapping, and grows it by Elasticsearch's dynamic rules
// (string -> text with a keyword sub-field, integer -> long, fraction -> float, ISO date -> date).
#pragma once

#include <xapian.h>

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string_view>

#include "search/analysis.h"
#include "search/mapping.h"

namespace wharf::search {

struct IndexedDocument {
  Xapian::Document doc;
  std::map<uint32_t, uint32_t> lengths;  // field id -> length (tokens, or distinct keywords)
};

// Indexes `source` against `mapping`. A field the mapping lacks is added to `grow` (a private
// copy the caller publishes afterwards); with `grow` null the result is nullopt instead, and the
// caller retries holding the index's write lock. Throws mapper_parsing_exception (and
// strict_dynamic_mapping_exception) naming the field.
std::optional<IndexedDocument> index_document(const boost::json::object& source,
                                              std::string_view id, const Mapping& mapping,
                                              const AnalyzerRegistry& analyzers, Mapping* grow);

// A JSON scalar as the text Elasticsearch indexes for keyword and text fields.
std::string scalar_text(const boost::json::value& v);

}  // namespace wharf::search
