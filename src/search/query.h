// The Elasticsearch query DSL as a tree. query_parser.cc builds it from the request JSON (with
// Elasticsearch's parsing_exception messages); query_compiler.cc turns it into a Xapian query for
// one index. Leaf values stay JSON because their meaning depends on the field's mapping, which
// only the compiler knows.
#pragma once

#include <boost/json/value.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wharf::search {

enum class QueryKind {
  kMatchAll, kMatchNone, kMatch, kMatchPhrase, kMatchPhrasePrefix, kMatchBoolPrefix, kMultiMatch,
  kQueryString, kSimpleQueryString, kTerm, kTerms, kRange, kExists, kIds, kPrefix, kWildcard,
  kRegexp, kFuzzy, kBool, kConstantScore, kFunctionScore, kDisMax, kBoosting
};

struct Query;
using QueryPtr = std::unique_ptr<Query>;

struct FieldValueFactor {
  std::string field;
  double factor = 1;
  std::string modifier = "none";
  std::optional<double> missing;
};

struct ScoreFunction {
  QueryPtr filter;  // null: all documents
  std::optional<double> weight;
  std::optional<FieldValueFactor> field_value_factor;
};

struct Query {
  QueryKind kind = QueryKind::kMatchAll;
  float boost = 1.0f;
  std::string name;  // _name

  // Field queries.
  std::string field;
  std::vector<std::string> fields;  // multi_match, query_string (with ^boosts)
  boost::json::value value;         // match text, term value, ...
  std::vector<boost::json::value> values;  // terms, ids
  std::string op = "or";            // match operator / default_operator
  std::string minimum_should_match;
  std::string fuzziness;
  int prefix_length = 0;
  int max_expansions = 50;
  bool transpositions = true;
  int slop = 0;
  std::string type = "best_fields";  // multi_match type
  float tie_breaker = 0;
  bool tie_breaker_set = false;
  std::string analyzer;
  std::string zero_terms_query = "none";
  bool case_insensitive = false;
  bool lenient = false;
  std::string flags;

  // terms lookup: the values are the `path` field of document `id` in `index`, fetched before
  // the query runs (resolve_terms_lookups)
  struct TermsLookup {
    std::string index, id, path;
  };
  std::optional<TermsLookup> lookup;

  // range
  std::optional<boost::json::value> gt, gte, lt, lte;
  std::string format;

  // compound
  std::vector<QueryPtr> must, should, filter, must_not;  // bool; dis_max uses should
  QueryPtr inner;     // constant_score filter, function_score query, boosting positive
  QueryPtr negative;  // boosting
  float negative_boost = 0;
  std::vector<ScoreFunction> functions;  // function_score
  std::string score_mode = "multiply";
  std::string boost_mode = "multiply";
  std::optional<double> max_boost;
  std::optional<double> min_score;
};

// Parses the value of a "query" member. Throws parsing_exception; `raw` is the request text, used
// to report line and column of the offending query name.
QueryPtr parse_query(const boost::json::value& v, std::string_view raw = {});

// A query_string / q= expression (Lucene syntax) into the same tree.
QueryPtr parse_query_string(const std::string& text, const std::vector<std::string>& fields,
                            const std::string& default_operator, bool simple);

}  // namespace wharf::search
