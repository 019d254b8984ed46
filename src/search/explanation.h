// Score explanations in Elasticsearch's shape ("weight(body:fox in 5) [PerFieldSimilarity],
// result of:" down to n, N, freq, k1, b, dl, avgdl), built from the BM25 leaves of a compiled
// query evaluated on one document.
#pragma once

#include <xapian.h>

#include <boost/json/value.hpp>
#include <vector>

#include "search/query_compiler.h"

namespace wharf::search {

// `score` is the document's total as the search computed it.
boost::json::value explain_document(const Xapian::Database& db, Xapian::docid did, double score,
                                    const std::vector<ScoringLeaf>& leaves,
                                    const std::map<uint32_t, FieldStats>& stats);

}  // namespace wharf::search
