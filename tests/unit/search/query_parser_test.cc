// The query DSL parser: every query kind into the tree the compiler reads, Elasticsearch 7.17's
// parsing_exception messages for malformed queries, Lucene's minimum_should_match arithmetic
// (Queries.calculateMinShouldMatch), and the Lucene query_string syntax into the same tree.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "search/query.h"
#include "search/query_compiler.h"
#include "tests/unit/test_util.h"

namespace wharf::search {
namespace query_parser_test {

namespace json = boost::json;
using ::testing::HasSubstr;
using Strings = std::vector<std::string>;

QueryPtr parse(std::string_view text) { return parse_query(json::parse(text), text); }

using wharf::testing::error_of;

// The message of the parsing_exception that parsing `text` throws.
std::string parse_error(std::string_view text) {
  auto e = error_of([&] { parse(text); });
  EXPECT_EQ(e.code(), "parsing_exception") << e.message();
  EXPECT_EQ(e.http_status(), 400) << e.message();
  return e.message();
}

std::string detail(const core::Error& e, std::string_view name) {
  for (const auto& [k, v] : e.details())
    if (k == name) return v;
  return "<absent>";
}

// -- leaf queries -------------------------------------------------------------------------------

TEST(ParseQuery, MatchAllAndNone) {
  auto q = parse(R"({"match_all": {}})");
  EXPECT_EQ(q->kind, QueryKind::kMatchAll);
  EXPECT_FLOAT_EQ(q->boost, 1.0f);
  q = parse(R"({"match_all": {"boost": 2.5, "_name": "all"}})");
  EXPECT_FLOAT_EQ(q->boost, 2.5f);
  EXPECT_EQ(q->name, "all");
  EXPECT_EQ(parse(R"({"match_none": {}})")->kind, QueryKind::kMatchNone);
  // An empty query object matches everything, as in 7.x.
  EXPECT_EQ(parse("{}")->kind, QueryKind::kMatchAll);
}

TEST(ParseQuery, MatchShortAndLongForms) {
  auto q = parse(R"({"match": {"title": "quick fox"}})");
  EXPECT_EQ(q->kind, QueryKind::kMatch);
  EXPECT_EQ(q->field, "title");
  EXPECT_EQ(q->value, json::value("quick fox"));
  EXPECT_EQ(q->op, "or");
  EXPECT_TRUE(q->minimum_should_match.empty());

  q = parse(R"({"match": {"title": {"query": "quick fox", "operator": "AND",
      "minimum_should_match": "75%", "fuzziness": "AUTO", "analyzer": "english",
      "zero_terms_query": "all", "boost": 2, "lenient": true, "prefix_length": 1,
      "max_expansions": 10}}})");
  EXPECT_EQ(q->field, "title");
  EXPECT_EQ(q->value, json::value("quick fox"));
  EXPECT_EQ(q->op, "and");
  EXPECT_EQ(q->minimum_should_match, "75%");
  EXPECT_EQ(q->fuzziness, "AUTO");
  EXPECT_EQ(q->analyzer, "english");
  EXPECT_EQ(q->zero_terms_query, "all");
  EXPECT_FLOAT_EQ(q->boost, 2.0f);
  EXPECT_TRUE(q->lenient);
  EXPECT_EQ(q->prefix_length, 1);
  EXPECT_EQ(q->max_expansions, 10);

  // Numbers are kept as JSON: their meaning depends on the field.
  q = parse(R"({"match": {"price": 42}})");
  EXPECT_EQ(q->value, json::value(42));
  // A numeric minimum_should_match becomes its text.
  EXPECT_EQ(parse(R"({"match": {"t": {"query": "a b", "minimum_should_match": 2}}})")
                ->minimum_should_match,
            "2");
}

TEST(ParseQuery, PhraseKinds) {
  auto q = parse(R"({"match_phrase": {"title": {"query": "quick fox", "slop": 2}}})");
  EXPECT_EQ(q->kind, QueryKind::kMatchPhrase);
  EXPECT_EQ(q->field, "title");
  EXPECT_EQ(q->slop, 2);
  q = parse(R"({"match_phrase_prefix": {"title": {"query": "quick f", "max_expansions": 5}}})");
  EXPECT_EQ(q->kind, QueryKind::kMatchPhrasePrefix);
  EXPECT_EQ(q->max_expansions, 5);
  EXPECT_EQ(parse(R"({"match_bool_prefix": {"title": "quick f"}})")->kind,
            QueryKind::kMatchBoolPrefix);
}

TEST(ParseQuery, MultiMatch) {
  auto q = parse(R"({"multi_match": {"query": "fox", "fields": ["title^2", "body"],
                                      "type": "most_fields", "tie_breaker": 0.3}})");
  EXPECT_EQ(q->kind, QueryKind::kMultiMatch);
  EXPECT_EQ(q->fields, (Strings{"title^2", "body"}));
  EXPECT_EQ(q->type, "most_fields");
  EXPECT_FLOAT_EQ(q->tie_breaker, 0.3f);
  EXPECT_TRUE(q->tie_breaker_set);
  EXPECT_EQ(q->value, json::value("fox"));
  q = parse(R"({"multi_match": {"query": "fox", "fields": "title"}})");
  EXPECT_EQ(q->type, "best_fields");
  EXPECT_EQ(q->fields, (Strings{"title"}));
  EXPECT_FALSE(q->tie_breaker_set);
}

TEST(ParseQuery, QueryStringQueries) {
  auto q = parse(R"({"query_string": {"query": "a AND b", "default_field": "body",
                                       "default_operator": "AND"}})");
  EXPECT_EQ(q->kind, QueryKind::kQueryString);
  EXPECT_EQ(q->value, json::value("a AND b"));
  EXPECT_EQ(q->fields, (Strings{"body"}));
  EXPECT_EQ(q->op, "and");
  q = parse(R"({"simple_query_string": {"query": "a | b", "fields": ["x", "y"]}})");
  EXPECT_EQ(q->kind, QueryKind::kSimpleQueryString);
  EXPECT_EQ(q->fields, (Strings{"x", "y"}));
  EXPECT_EQ(q->op, "or");
}

TEST(ParseQuery, TermLevelQueries) {
  auto q = parse(R"({"term": {"tag": "x"}})");
  EXPECT_EQ(q->kind, QueryKind::kTerm);
  EXPECT_EQ(q->field, "tag");
  EXPECT_EQ(q->value, json::value("x"));
  EXPECT_FALSE(q->case_insensitive);

  q = parse(R"({"term": {"tag": {"value": "X", "case_insensitive": true, "boost": 1.5}}})");
  EXPECT_EQ(q->value, json::value("X"));
  EXPECT_TRUE(q->case_insensitive);
  EXPECT_FLOAT_EQ(q->boost, 1.5f);

  q = parse(R"({"terms": {"tag": ["a", "b", 3], "boost": 2}})");
  EXPECT_EQ(q->kind, QueryKind::kTerms);
  EXPECT_EQ(q->field, "tag");
  ASSERT_EQ(q->values.size(), 3u);
  EXPECT_EQ(q->values[0], json::value("a"));
  EXPECT_EQ(q->values[2], json::value(3));
  EXPECT_FLOAT_EQ(q->boost, 2.0f);

  q = parse(R"({"exists": {"field": "user"}})");
  EXPECT_EQ(q->kind, QueryKind::kExists);
  EXPECT_EQ(q->field, "user");

  q = parse(R"({"ids": {"values": ["1", "2"]}})");
  EXPECT_EQ(q->kind, QueryKind::kIds);
  ASSERT_EQ(q->values.size(), 2u);
  EXPECT_EQ(q->values[1], json::value("2"));

  q = parse(R"({"prefix": {"user": "ki"}})");
  EXPECT_EQ(q->kind, QueryKind::kPrefix);
  EXPECT_EQ(q->value, json::value("ki"));
  EXPECT_EQ(parse(R"({"prefix": {"user": {"value": "ki"}}})")->value, json::value("ki"));

  q = parse(R"({"wildcard": {"user": {"wildcard": "k*y"}}})");
  EXPECT_EQ(q->kind, QueryKind::kWildcard);
  EXPECT_EQ(q->value, json::value("k*y"));
  EXPECT_EQ(parse(R"({"wildcard": {"user": {"value": "k?y"}}})")->value, json::value("k?y"));

  EXPECT_EQ(parse(R"({"regexp": {"user": "k.*y"}})")->kind, QueryKind::kRegexp);

  q = parse(R"({"fuzzy": {"user": {"value": "ki", "fuzziness": 2, "transpositions": false,
                                    "prefix_length": 1}}})");
  EXPECT_EQ(q->kind, QueryKind::kFuzzy);
  EXPECT_EQ(q->fuzziness, "2");
  EXPECT_FALSE(q->transpositions);
  EXPECT_EQ(q->prefix_length, 1);
}

TEST(ParseQuery, Range) {
  auto q = parse(R"({"range": {"price": {"gte": 10, "lt": 20, "boost": 2}}})");
  EXPECT_EQ(q->kind, QueryKind::kRange);
  EXPECT_EQ(q->field, "price");
  ASSERT_TRUE(q->gte.has_value());
  EXPECT_EQ(*q->gte, json::value(10));
  ASSERT_TRUE(q->lt.has_value());
  EXPECT_EQ(*q->lt, json::value(20));
  EXPECT_FALSE(q->gt.has_value());
  EXPECT_FALSE(q->lte.has_value());
  EXPECT_FLOAT_EQ(q->boost, 2.0f);

  // The 6.x from/to form: include_lower/include_upper choose gt/gte and lt/lte.
  q = parse(R"({"range": {"price": {"from": 1, "to": 5, "include_lower": false}}})");
  ASSERT_TRUE(q->gt.has_value());
  EXPECT_EQ(*q->gt, json::value(1));
  ASSERT_TRUE(q->lte.has_value());
  EXPECT_EQ(*q->lte, json::value(5));
  EXPECT_FALSE(q->gte.has_value());

  q = parse(R"({"range": {"when": {"gte": "now-1d/d", "format": "yyyy-MM-dd"}}})");
  EXPECT_EQ(*q->gte, json::value("now-1d/d"));
  EXPECT_EQ(q->format, "yyyy-MM-dd");
}

// -- compound queries ---------------------------------------------------------------------------

TEST(ParseQuery, Bool) {
  auto q = parse(R"({"bool": {
      "must": {"match": {"title": "fox"}},
      "should": [{"term": {"tag": "a"}}, {"term": {"tag": "b"}}],
      "filter": [{"range": {"price": {"gte": 1}}}],
      "must_not": [{"exists": {"field": "deleted"}}],
      "minimum_should_match": 1,
      "boost": 3,
      "_name": "b"}})");
  EXPECT_EQ(q->kind, QueryKind::kBool);
  ASSERT_EQ(q->must.size(), 1u);  // a single object is one clause
  EXPECT_EQ(q->must[0]->kind, QueryKind::kMatch);
  ASSERT_EQ(q->should.size(), 2u);
  EXPECT_EQ(q->should[1]->value, json::value("b"));
  ASSERT_EQ(q->filter.size(), 1u);
  EXPECT_EQ(q->filter[0]->kind, QueryKind::kRange);
  ASSERT_EQ(q->must_not.size(), 1u);
  EXPECT_EQ(q->must_not[0]->kind, QueryKind::kExists);
  EXPECT_EQ(q->minimum_should_match, "1");
  EXPECT_FLOAT_EQ(q->boost, 3.0f);
  EXPECT_EQ(q->name, "b");
}

TEST(ParseQuery, ConstantScoreDisMaxBoosting) {
  auto q = parse(R"({"constant_score": {"filter": {"term": {"a": "b"}}, "boost": 1.2}})");
  EXPECT_EQ(q->kind, QueryKind::kConstantScore);
  ASSERT_NE(q->inner, nullptr);
  EXPECT_EQ(q->inner->kind, QueryKind::kTerm);
  EXPECT_FLOAT_EQ(q->boost, 1.2f);

  q = parse(R"({"dis_max": {"queries": [{"match": {"a": "x"}}, {"match": {"b": "x"}}],
                             "tie_breaker": 0.7}})");
  EXPECT_EQ(q->kind, QueryKind::kDisMax);
  ASSERT_EQ(q->should.size(), 2u);
  EXPECT_EQ(q->should[1]->field, "b");
  EXPECT_FLOAT_EQ(q->tie_breaker, 0.7f);

  q = parse(R"({"boosting": {"positive": {"match": {"a": "x"}},
                              "negative": {"term": {"b": "y"}}, "negative_boost": 0.5}})");
  EXPECT_EQ(q->kind, QueryKind::kBoosting);
  ASSERT_NE(q->inner, nullptr);
  ASSERT_NE(q->negative, nullptr);
  EXPECT_EQ(q->negative->kind, QueryKind::kTerm);
  EXPECT_FLOAT_EQ(q->negative_boost, 0.5f);
}

TEST(ParseQuery, FunctionScore) {
  auto q = parse(R"({"function_score": {
      "query": {"match": {"title": "fox"}},
      "functions": [
        {"filter": {"term": {"tag": "a"}}, "weight": 2},
        {"field_value_factor": {"field": "likes", "factor": 1.2, "modifier": "log1p", "missing": 1}}
      ],
      "score_mode": "sum", "boost_mode": "replace", "max_boost": 10, "min_score": 0.5}})");
  EXPECT_EQ(q->kind, QueryKind::kFunctionScore);
  ASSERT_NE(q->inner, nullptr);
  EXPECT_EQ(q->inner->kind, QueryKind::kMatch);
  ASSERT_EQ(q->functions.size(), 2u);
  ASSERT_NE(q->functions[0].filter, nullptr);
  EXPECT_EQ(q->functions[0].weight, 2.0);
  ASSERT_TRUE(q->functions[1].field_value_factor.has_value());
  EXPECT_EQ(q->functions[1].field_value_factor->field, "likes");
  EXPECT_NEAR(q->functions[1].field_value_factor->factor, 1.2, 1e-6);
  EXPECT_EQ(q->functions[1].field_value_factor->modifier, "log1p");
  EXPECT_EQ(q->functions[1].field_value_factor->missing, 1.0);
  EXPECT_EQ(q->score_mode, "sum");
  EXPECT_EQ(q->boost_mode, "replace");
  EXPECT_EQ(q->max_boost, 10.0);
  EXPECT_EQ(q->min_score, 0.5);

  // Without a query: match_all.
  q = parse(R"({"function_score": {"weight": 3}})");
  ASSERT_NE(q->inner, nullptr);
  EXPECT_EQ(q->inner->kind, QueryKind::kMatchAll);
  ASSERT_EQ(q->functions.size(), 1u);
  EXPECT_EQ(q->functions[0].weight, 3.0);
}

// -- errors -------------------------------------------------------------------------------------

TEST(ParseQueryErrors, UnknownQuery) {
  auto e = error_of([] { parse(R"({"foo": {}})"); });
  EXPECT_EQ(e.code(), "parsing_exception");
  EXPECT_EQ(e.message(), "unknown query [foo]");
  EXPECT_EQ(detail(e, "caused_by.type"), "named_object_not_found_exception");
  EXPECT_THAT(detail(e, "caused_by.reason"), HasSubstr("unknown field [foo]"));
  EXPECT_EQ(detail(e, "#line"), "1");
}

TEST(ParseQueryErrors, UnknownQueryReportsItsLine) {
  std::string raw = "{\n  \"bool\": {\n    \"must\": {\"nope\": {}}\n  }\n}";
  auto e = error_of([&] { parse_query(json::parse(raw), raw); });
  EXPECT_EQ(e.message(), "unknown query [nope]");
  EXPECT_EQ(detail(e, "#line"), "3");
}

TEST(ParseQueryErrors, TwoQueriesInOneObject) {
  EXPECT_EQ(parse_error(R"({"match": {"a": "x"}, "term": {"b": "y"}})"),
            "[match] malformed query, expected [END_OBJECT] but found [FIELD_NAME]");
}

TEST(ParseQueryErrors, BoolUnknownClause) {
  EXPECT_EQ(parse_error(R"({"bool": {"must": [], "foo": []}})"),
            "[bool] query does not support [foo]");
}

TEST(ParseQueryErrors, TermWithTwoFields) {
  EXPECT_EQ(parse_error(R"({"term": {"a": "x", "b": "y"}})"),
            "[term] query doesn't support multiple fields, found [a] and [b]");
  EXPECT_EQ(parse_error(R"({"match": {"a": "x", "b": "y"}})"),
            "[match] query doesn't support multiple fields, found [a] and [b]");
}

TEST(ParseQueryErrors, RangeProblems) {
  EXPECT_EQ(parse_error(R"({"range": {"price": {"gte": 1, "foo": 2}}})"),
            "[range] query does not support [foo]");
  EXPECT_EQ(parse_error(R"({"range": {"a": {"gte": 1}, "b": {"lte": 2}}})"),
            "[range] query doesn't support multiple fields, found [a] and [b]");
}

TEST(ParseQueryErrors, RangeWithoutFieldIsIllegalArgumentAsInEs) {
  // RangeQueryBuilder.fromXContent ends with new RangeQueryBuilder(null), whose constructor
  // throws IllegalArgumentException("field name is null or empty"); nothing wraps it.
  auto e = error_of([] { parse(R"({"range": {}})"); });
  EXPECT_EQ(e.code(), "illegal_argument_exception");
  EXPECT_EQ(e.message(), "field name is null or empty");
}

TEST(ParseQueryErrors, OtherMalformedQueries) {
  EXPECT_EQ(parse_error(R"({"match": "fox"})"),
            "[match] query malformed, no start_object after query name");
  EXPECT_EQ(parse_error(R"({"match": {"title": {"query": "x", "foo": 1}}})"),
            "[match] query does not support [foo]");
  EXPECT_EQ(parse_error(R"({"constant_score": {"boost": 2}})"),
            "[constant_score] requires a 'filter' element");
  EXPECT_EQ(parse_error(R"({"exists": {}})"), "[exists] must be provided with a [field]");
  EXPECT_EQ(parse_error(R"({"exists": {"field": "a", "foo": 1}})"),
            "[exists] query does not support [foo]");
  // Nested: the innermost problem is reported.
  EXPECT_EQ(parse_error(R"({"bool": {"filter": [{"term": {"a": "x", "b": "y"}}]}})"),
            "[term] query doesn't support multiple fields, found [a] and [b]");
}

// -- minimum_should_match -----------------------------------------------------------------------

TEST(MinimumShouldMatch, IntegersAndPercentages) {
  EXPECT_EQ(minimum_should_match("2", 4), 2);
  EXPECT_EQ(minimum_should_match("-1", 4), 3);
  EXPECT_EQ(minimum_should_match("75%", 4), 3);
  EXPECT_EQ(minimum_should_match("75%", 3), 2);   // 2.25 rounds down
  EXPECT_EQ(minimum_should_match("-25%", 4), 3);  // 4 + (int)(-1)
  EXPECT_EQ(minimum_should_match("-25%", 3), 3);  // 3 + (int)(-0.75)
  EXPECT_EQ(minimum_should_match("100%", 5), 5);
  EXPECT_EQ(minimum_should_match("0", 5), 0);
  EXPECT_EQ(minimum_should_match("", 5), 0);
  // Clamped to [0, optional].
  EXPECT_EQ(minimum_should_match("7", 3), 3);
  EXPECT_EQ(minimum_should_match("-5", 3), 0);
}

TEST(MinimumShouldMatch, Conditional) {
  EXPECT_EQ(minimum_should_match("3<90%", 2), 2);  // up to 3 clauses: all
  EXPECT_EQ(minimum_should_match("3<90%", 3), 3);
  EXPECT_EQ(minimum_should_match("3<90%", 5), 4);  // 4.5 rounds down
  EXPECT_EQ(minimum_should_match("3<90%", 10), 9);
  EXPECT_EQ(minimum_should_match("2<-1", 5), 4);
  EXPECT_EQ(minimum_should_match("3 < 90%", 10), 9);
}

TEST(MinimumShouldMatch, SeveralConditions) {
  // Lucene applies each "n<spec" whose bound the clause count exceeds, in order.
  EXPECT_EQ(minimum_should_match("2<-25% 9<-3", 2), 2);
  EXPECT_EQ(minimum_should_match("2<-25% 9<-3", 5), 4);   // 5 + (int)(-1.25)
  EXPECT_EQ(minimum_should_match("2<-25% 9<-3", 9), 7);   // 9 + (int)(-2.25)
  EXPECT_EQ(minimum_should_match("2<-25% 9<-3", 10), 7);  // 10 - 3
}

// -- query_string syntax ------------------------------------------------------------------------

QueryPtr qs(const std::string& text, const std::string& op = "or",
            const Strings& fields = {"body"}) {
  return parse_query_string(text, fields, op, false);
}

void expect_match(const Query& q, const std::string& field, const std::string& value) {
  EXPECT_EQ(q.kind, QueryKind::kMatch);
  EXPECT_EQ(q.field, field);
  EXPECT_EQ(q.value, json::value(value));
}

TEST(QueryString, SingleTermIsAMatch) {
  auto q = qs("fox");
  expect_match(*q, "body", "fox");
  EXPECT_TRUE(q->lenient);
}

TEST(QueryString, AndOperator) {
  auto q = qs("a AND b");
  ASSERT_EQ(q->kind, QueryKind::kBool);
  ASSERT_EQ(q->must.size(), 2u);
  EXPECT_TRUE(q->should.empty());
  expect_match(*q->must[0], "body", "a");
  expect_match(*q->must[1], "body", "b");
  q = qs("a && b");
  EXPECT_EQ(q->must.size(), 2u);
}

TEST(QueryString, PlusAndMinus) {
  auto q = qs("+a -b");
  ASSERT_EQ(q->kind, QueryKind::kBool);
  ASSERT_EQ(q->must.size(), 1u);
  ASSERT_EQ(q->must_not.size(), 1u);
  EXPECT_TRUE(q->should.empty());
  expect_match(*q->must[0], "body", "a");
  expect_match(*q->must_not[0], "body", "b");
}

TEST(QueryString, PureNegativeMatchesEverythingElse) {
  auto q = qs("NOT a");
  ASSERT_EQ(q->kind, QueryKind::kBool);
  ASSERT_EQ(q->must_not.size(), 1u);
  ASSERT_EQ(q->must.size(), 1u);
  EXPECT_EQ(q->must[0]->kind, QueryKind::kMatchAll);
}

TEST(QueryString, FieldPrefix) {
  expect_match(*qs("title:foo"), "title", "foo");
  auto q = qs("title:(quick fox)");
  ASSERT_EQ(q->kind, QueryKind::kBool);
  ASSERT_EQ(q->should.size(), 2u);
  expect_match(*q->should[0], "title", "quick");
  expect_match(*q->should[1], "title", "fox");
  q = qs("_exists_:title");
  EXPECT_EQ(q->kind, QueryKind::kExists);
  EXPECT_EQ(q->field, "title");
}

TEST(QueryString, PhraseWithSlop) {
  auto q = qs("\"quick fox\"~2");
  EXPECT_EQ(q->kind, QueryKind::kMatchPhrase);
  EXPECT_EQ(q->field, "body");
  EXPECT_EQ(q->value, json::value("quick fox"));
  EXPECT_EQ(q->slop, 2);
  EXPECT_EQ(qs("title:\"quick fox\"")->field, "title");
}

TEST(QueryString, Ranges) {
  auto q = qs("price:[1 TO 5]");
  EXPECT_EQ(q->kind, QueryKind::kRange);
  EXPECT_EQ(q->field, "price");
  ASSERT_TRUE(q->gte.has_value());
  EXPECT_EQ(*q->gte, json::value("1"));
  ASSERT_TRUE(q->lte.has_value());
  EXPECT_EQ(*q->lte, json::value("5"));

  q = qs("price:{1 TO 5]");
  ASSERT_TRUE(q->gt.has_value());
  EXPECT_FALSE(q->gte.has_value());
  EXPECT_TRUE(q->lte.has_value());

  q = qs("price:[* TO 5}");
  EXPECT_FALSE(q->gte.has_value());
  EXPECT_FALSE(q->gt.has_value());
  ASSERT_TRUE(q->lt.has_value());
  EXPECT_EQ(*q->lt, json::value("5"));

  q = qs("count:>10");
  EXPECT_EQ(q->kind, QueryKind::kRange);
  ASSERT_TRUE(q->gt.has_value());
  EXPECT_EQ(*q->gt, json::value("10"));
  q = qs("count:<=10");
  ASSERT_TRUE(q->lte.has_value());
}

TEST(QueryString, WildcardsAndFuzzy) {
  auto q = qs("foo*");
  EXPECT_EQ(q->kind, QueryKind::kPrefix);
  EXPECT_EQ(q->value, json::value("foo"));
  EXPECT_EQ(qs("Foo*")->value, json::value("foo"));  // wildcard terms are lowercased
  q = qs("f?o*");
  EXPECT_EQ(q->kind, QueryKind::kWildcard);
  EXPECT_EQ(q->value, json::value("f?o*"));
  q = qs("quikc~");
  EXPECT_EQ(q->kind, QueryKind::kFuzzy);
  EXPECT_EQ(q->fuzziness, "AUTO");
  EXPECT_EQ(qs("quikc~1")->fuzziness, "1");
}

TEST(QueryString, BoostsAndGroups) {
  EXPECT_FLOAT_EQ(qs("title:foo^2")->boost, 2.0f);
  auto q = qs("(a OR b) AND c");
  ASSERT_EQ(q->kind, QueryKind::kBool);
  ASSERT_EQ(q->must.size(), 2u);
  EXPECT_EQ(q->must[0]->kind, QueryKind::kBool);
  EXPECT_EQ(q->must[0]->should.size(), 2u);
  expect_match(*q->must[1], "body", "c");
}

TEST(QueryString, DefaultOperator) {
  auto q = qs("a b", "or");
  ASSERT_EQ(q->kind, QueryKind::kBool);
  EXPECT_EQ(q->should.size(), 2u);
  EXPECT_TRUE(q->must.empty());

  q = qs("a b", "and");
  ASSERT_EQ(q->kind, QueryKind::kBool);
  EXPECT_EQ(q->must.size(), 2u);
  EXPECT_TRUE(q->should.empty());

  // An explicit OR overrides the default AND on both sides.
  q = qs("a OR b", "and");
  EXPECT_EQ(q->should.size(), 2u);
  EXPECT_TRUE(q->must.empty());
}

TEST(QueryString, SeveralFieldsBecomeMultiMatch) {
  auto q = qs("fox", "or", {"title", "body"});
  EXPECT_EQ(q->kind, QueryKind::kMultiMatch);
  EXPECT_EQ(q->fields, (Strings{"title", "body"}));
  EXPECT_EQ(q->value, json::value("fox"));
  // No fields: every field.
  q = parse_query_string("fox", {}, "or", false);
  EXPECT_EQ(q->kind, QueryKind::kMultiMatch);
  EXPECT_EQ(q->fields, (Strings{"*"}));
}

TEST(QueryString, SyntaxErrors) {
  auto e = error_of([] { qs("a AND (b"); });
  EXPECT_EQ(e.code(), "query_shard_exception");
  EXPECT_EQ(e.message(), "Failed to parse query [a AND (b]");
  EXPECT_EQ(detail(e, "caused_by.type"), "parse_exception");
  EXPECT_THAT(detail(e, "caused_by.reason"), HasSubstr("Cannot parse 'a AND (b'"));
  EXPECT_EQ(error_of([] { qs("\"unclosed"); }).code(), "query_shard_exception");
  // The simple syntax never fails.
  EXPECT_NE(parse_query_string("a AND (b", {"body"}, "or", true), nullptr);
}

}  // namespace query_parser_test
}  // namespace wharf::search
