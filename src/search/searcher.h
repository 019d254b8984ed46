// A _search / _count request over one or more indices: the parsed request, its execution on
// Xapian (query, sort, search_after, paging, total hits, aggregations, highlighting, explain) and
// the typed result the api layer renders.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "search/aggregations.h"
#include "search/query.h"
#include "search/search_index.h"
#include "search/source_filter.h"

namespace wharf::search {

struct SortSpec {
  std::string field;  // "_score", "_doc", "_id" or a field path
  bool asc = true;
  std::string missing = "_last";  // "_first", "_last" (or a value, treated as _last)
  std::string mode;               // min, max (default: min for asc, max for desc)
  std::string unmapped_type;
};

struct HighlightSpec {
  std::vector<std::string> fields;
  std::string pre_tag = "<em>", post_tag = "</em>";
  size_t fragment_size = 100;
  size_t number_of_fragments = 5;
  boost::json::object per_field;  // field -> options as given
  bool require_field_match = true;
};

struct SearchRequest {
  QueryPtr query;        // null: match_all
  QueryPtr post_filter;  // hits only
  size_t from = 0, size = 10;
  std::vector<SortSpec> sort;
  std::optional<boost::json::array> search_after;
  SourceFilter source;
  std::vector<std::unique_ptr<AggSpec>> aggs;
  std::optional<HighlightSpec> highlight;
  bool explain = false;
  bool version = false;
  bool seq_no_primary_term = false;
  bool track_scores = false;
  int64_t track_total_hits = 10000;  // -1: don't track; INT64_MAX: exact
  bool track_total_hits_given = false;
  std::optional<double> min_score;
  std::optional<size_t> terminate_after;
  std::vector<std::string> fields;  // "fields" and "docvalue_fields": values per hit
  size_t docvalue_fields = 0;       // how many of them came as docvalue_fields (a limit applies)
  std::map<std::string, std::string> field_formats;  // {"field", "format"} entries: dates and numbers
  // Deprecated options the request used, for Warning headers (what Elasticsearch 7 sends).
  std::vector<std::string> warnings;
  // stored_fields: the `store: true` fields to return in `fields`; given without "_source", the
  // hits have no _source (unless _source was asked for too).
  std::vector<std::string> stored_fields;
  // rescore: wharf does not rescore; the window is checked against index.max_rescore_window
  // first, as Elasticsearch does, then the request is refused.
  std::optional<int64_t> rescore_window;
  // indices_boost: (index, alias or pattern, factor), the first that names an index applies.
  std::vector<std::pair<std::string, double>> indices_boost;
  double boost_of(const IndexMeta& index) const;
  // Filters of the aliases the request named, by index name.
  std::map<std::string, QueryPtr> index_filters;

  // From a body (may be null) and URL parameters (q, from, size, sort, _source, ...).
  static SearchRequest parse(const boost::json::value* body, std::string_view raw_body,
                             const std::vector<std::pair<std::string, std::string>>& params);
};

// Replaces every terms lookup in `q` ({"index", "id", "path"}) by the values at `path` in that
// document's source (none when the document does not exist). `source_of` gives a document's
// source as Elasticsearch's realtime GET would, nullopt when absent; it throws for an index that
// does not exist.
void resolve_terms_lookups(
    Query& q, const std::function<std::optional<std::string>(const std::string& index, const std::string& id)>& source_of);

struct Hit {
  std::string index;
  StoredDoc doc;
  std::optional<double> score;  // nullopt renders as null
  boost::json::array sort;
  boost::json::object highlight;
  boost::json::object fields;
  std::optional<boost::json::value> explanation;
};

struct SearchResult {
  std::vector<Hit> hits;
  uint64_t total = 0;
  bool total_exact = true;
  bool track_total = true;
  std::optional<double> max_score;
  std::optional<boost::json::object> aggregations;
  size_t shards = 0;
};

SearchResult execute_search(const std::vector<std::shared_ptr<SearchIndex>>& indices,
                            const SearchRequest& req);
// The explanation of one document's score, or nullopt when the query does not match it.
std::optional<boost::json::value> explain_one(SearchIndex& index, const std::string& id,
                                             const Query& query);
uint64_t execute_count(const std::vector<std::shared_ptr<SearchIndex>>& indices,
                       const Query* query,
                       const std::map<std::string, QueryPtr>& index_filters = {});

// The query of a URI search (q=, df=, default_operator=), or null without q=.
QueryPtr uri_query(const std::vector<std::pair<std::string, std::string>>& params);

// A score as Elasticsearch prints it: the float, in its shortest decimal form.
boost::json::value score_json(double score);

}  // namespace wharf::search
