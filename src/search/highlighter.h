// Highlighting: the query's terms marked in a hit's stored field text, in fragments, as
// Elasticsearch's default (unified) highlighter returns them: fragments of about
// fragment_size characters cut at sentence and word boundaries, in document order.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "search/analysis.h"

namespace wharf::search {

struct HighlightOptions {
  std::string pre_tag = "<em>";
  std::string post_tag = "</em>";
  size_t fragment_size = 100;
  size_t number_of_fragments = 5;  // 0: the whole text, highlighted
};

// Fragments of `text` with the tokens whose terms are in `terms` wrapped in tags; empty when
// nothing matches.
std::vector<std::string> highlight_text(const std::string& text, const Analyzer& analyzer,
                                        const std::set<std::string>& terms,
                                        const HighlightOptions& opts);

}  // namespace wharf::search
