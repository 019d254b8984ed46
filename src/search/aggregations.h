// Aggregations: a tree of aggregators fed every matching document of every searched index. Each
// bucket aggregator (terms, range, histogram, filter, ...) keeps one set of sub-aggregators per
// bucket. Results render as Elasticsearch's response JSON.
#pragma once

#include <xapian.h>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "search/mapping.h"
#include "search/query.h"
#include "search/search_index.h"
#include "search/value_columns.h"

namespace wharf::search {

// Doc values of the matching documents: one SlotReader per slot (value_columns.h), opened when
// an aggregator first asks for the slot.
class DocValues {
 public:
  DocValues(const Xapian::Database& db, ValueColumns* columns) : db_(db), columns_(columns) {}
  std::string get(Xapian::valueno slot, Xapian::docid did);

 private:
  const Xapian::Database& db_;
  ValueColumns* columns_;
  std::map<Xapian::valueno, SlotReader> readers_;
};

// One matching document as aggregators see it.
struct AggDoc {
  const SearchIndex* index;
  const Mapping* mapping;
  Xapian::docid did;
  const Xapian::Document* doc;
  DocValues* values;
  double score;
  // Whether the document matches a filter/filters aggregation's query (the searcher evaluates
  // each such query once per index).
  std::function<bool(const struct Query* q)> matches;
};

struct AggSpec;

class Aggregator {
 public:
  virtual ~Aggregator() = default;
  virtual void collect(const AggDoc& d) = 0;
  virtual boost::json::value result() const = 0;
  // For terms ordering by a metric sub-aggregation ("stats.avg" / "avg_price").
  virtual double sort_value(const std::string&) const { return 0; }
  // When the search matches every document: fill the result from the index's statistics
  // (e.g. a terms aggregation from its terms' document frequencies) instead of visiting each
  // document. False when this aggregation needs the documents.
  virtual bool count_all_documents(const Xapian::Database& /*db*/, const Mapping& /*mapping*/) {
    return false;
  }
};

struct AggSpec {
  std::string name;
  std::string type;
  boost::json::object body;
  std::vector<std::unique_ptr<AggSpec>> subs;
  QueryPtr filter;                                        // filter agg
  std::vector<std::pair<std::string, QueryPtr>> filters;  // filters agg
  bool filters_keyed = true;
  boost::json::value meta;  // echoed in the result
};

// Parses an "aggs"/"aggregations" object. Throws parsing_exception for unknown types.
std::vector<std::unique_ptr<AggSpec>> parse_aggregations(const boost::json::value& v);

// Whether an aggregation of the tree reads the matches' scores (top_hits does). A search that
// returns no hits and has no such aggregation need not score its matches.
bool aggregations_read_scores(const std::vector<std::unique_ptr<AggSpec>>& specs);

// Creates the aggregators for a list of specs, bound to a mapping (the first index's).
using AggSet = std::vector<std::pair<std::string, std::unique_ptr<Aggregator>>>;
AggSet make_aggregators(const std::vector<std::unique_ptr<AggSpec>>& specs, const Mapping& m,
                        int64_t now_ms);

}  // namespace wharf::search
