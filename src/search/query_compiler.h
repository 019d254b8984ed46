// Query tree -> Xapian query for one index snapshot. Scored leaves are BM25 posting sources
// (bm25.h); filters are plain Xapian term queries with no weight; the combinations are Xapian's
// operators (AND sums, OR sums, MAX for dis_max, FILTER and AND_NOT for bool's filter and
// must_not). What Xapian cannot express (minimum_should_match over compound clauses,
// function_score, boosting) is evaluated by a sub-search and fed back as scored documents.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "search/analysis.h"
#include "search/bm25.h"
#include "search/mapping.h"
#include "search/query.h"
#include "search/search_index.h"

namespace wharf::search {

// A BM25 leaf of a compiled query, kept for explanations: "body:fox" and a fresh copy of its
// posting source.
struct ScoringLeaf {
  std::string label;
  std::shared_ptr<Bm25Source> source;
};

struct CompileContext {
  const Xapian::Database& db;
  const std::map<uint32_t, FieldStats>& stats;
  const Mapping& mapping;
  const AnalyzerRegistry& analyzers;
  int64_t now_ms = 0;
  // Terms the query looks for, by field path (for highlighting). May be null.
  std::map<std::string, std::set<std::string>>* highlight_terms = nullptr;
  std::vector<ScoringLeaf>* leaves = nullptr;  // for explain; may be null
  std::string index_name = {};  // what _index queries compare with
  ValueColumns* columns = nullptr;  // the index's in-memory columns (field lengths); may be null
  // Set when the query compiled a phrase that every match must contain (top level, or in the
  // must clauses of required bools) to Xapian's phrase matcher, whose position reads make it the
  // dearest leaf; may be null.
  bool* phrase_seen = nullptr;
  // The scored query runs only on documents already known to match it (the counting pass listed
  // them): such required phrases are scored without Xapian's phrase matcher, whose position
  // reads would then repeat the counting pass's.
  bool matches_known = false;
  // Where set, every TermScorer compiled, with the query leaf that owns it (held here so the
  // scorer outlives sub-searches that ran and dropped it), for the searcher's stop_at_tie; may
  // be null.
  std::vector<std::pair<TermScorer*, Xapian::Query>>* term_scorers = nullptr;
};

// `scoring` false compiles a filter: same matches, no weight.
Xapian::Query compile_query(const Query& q, CompileContext& ctx, bool scoring = true);

// All (docid, weight) pairs a query matches, in docid order.
std::vector<std::pair<Xapian::docid, double>> run_to_list(const Xapian::Database& db,
                                                          const Xapian::Query& q);

// Parses an Elasticsearch minimum_should_match spec ("2", "-1", "75%", "3<90%") for `optional`
// clauses.
int minimum_should_match(const std::string& spec, int optional);

}  // namespace wharf::search
