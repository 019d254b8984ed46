// _source filtering as Elasticsearch 7.17 applies it (XContentMapValues.filter): includes and
// excludes by dotted path, '*' wildcards at any depth, whole objects selected by their name,
// arrays of objects filtered element by element (elements left empty dropped), arrays of scalars
// kept whole or not at all; and values_at, the lookup highlighting and "fields" use.
#include "search/source_filter.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wharf::search {
namespace source_filter_test {

namespace json = boost::json;
using Strings = std::vector<std::string>;

constexpr std::string_view kDoc = R"({
  "title": "Dune",
  "count": 5,
  "user": {"name": "Paul", "age": 15, "address": {"city": "Arrakeen", "zip": "001"}},
  "tags": ["sci-fi", "classic"],
  "comments": [{"author": "Jessica", "text": "good"}, {"author": "Leto", "text": "bad"}],
  "meta": {}
})";

json::value filtered(const SourceFilter& f) { return f.apply(json::parse(kDoc)); }

SourceFilter includes(Strings in, Strings ex = {}) {
  SourceFilter f;
  f.includes = std::move(in);
  f.excludes = std::move(ex);
  return f;
}

// Checks `got` against the JSON text `want`, printing both on mismatch.
void expect_json(const json::value& got, std::string_view want) {
  EXPECT_EQ(got, json::parse(want)) << json::serialize(got);
}

TEST(SourceFilter, TrivialFilterReturnsTheSource) {
  SourceFilter f;
  EXPECT_TRUE(f.trivial());
  EXPECT_EQ(filtered(f), json::parse(kDoc));
}

TEST(SourceFilter, TopLevelIncludes) {
  expect_json(filtered(includes({"title"})), R"({"title": "Dune"})");
  expect_json(filtered(includes({"title", "count"})), R"({"title": "Dune", "count": 5})");
  expect_json(filtered(includes({"missing"})), "{}");
}

TEST(SourceFilter, NestedObjects) {
  expect_json(filtered(includes({"user.name"})), R"({"user": {"name": "Paul"}})");
  expect_json(filtered(includes({"user.address.city"})),
              R"({"user": {"address": {"city": "Arrakeen"}}})");
  // An object named whole keeps everything under it.
  expect_json(filtered(includes({"user"})),
              R"({"user": {"name": "Paul", "age": 15,
                           "address": {"city": "Arrakeen", "zip": "001"}}})");
  // An empty object is kept when selected.
  expect_json(filtered(includes({"meta"})), R"({"meta": {}})");
}

TEST(SourceFilter, Wildcards) {
  expect_json(filtered(includes({"ti*"})), R"({"title": "Dune"})");
  expect_json(filtered(includes({"*.city"})), R"({"user": {"address": {"city": "Arrakeen"}}})");
  expect_json(filtered(includes({"user.*"})),
              R"({"user": {"name": "Paul", "age": 15,
                           "address": {"city": "Arrakeen", "zip": "001"}}})");
  expect_json(filtered(includes({"user.a*"})),
              R"({"user": {"age": 15, "address": {"city": "Arrakeen", "zip": "001"}}})");
  expect_json(filtered(includes({"*.author"})),
              R"({"comments": [{"author": "Jessica"}, {"author": "Leto"}]})");
}

TEST(SourceFilter, ArraysOfObjects) {
  expect_json(filtered(includes({"comments.author"})),
              R"({"comments": [{"author": "Jessica"}, {"author": "Leto"}]})");
  expect_json(filtered(includes({"comments"})),
              R"({"comments": [{"author": "Jessica", "text": "good"},
                               {"author": "Leto", "text": "bad"}]})");
  // Elements left with nothing are dropped, and so is the emptied array.
  expect_json(filtered(includes({"comments.nothing"})), "{}");
}

TEST(SourceFilter, ArraysOfScalars) {
  expect_json(filtered(includes({"tags"})), R"({"tags": ["sci-fi", "classic"]})");
  expect_json(filtered(includes({"tag*"})), R"({"tags": ["sci-fi", "classic"]})");
  // A path below a scalar array selects nothing.
  expect_json(filtered(includes({"tags.x"})), "{}");
}

TEST(SourceFilter, Excludes) {
  expect_json(filtered(includes({}, {"user", "comments", "tags", "meta"})),
              R"({"title": "Dune", "count": 5})");
  expect_json(filtered(includes({"user"}, {"user.age", "user.address.zip"})),
              R"({"user": {"name": "Paul", "address": {"city": "Arrakeen"}}})");
  expect_json(filtered(includes({"comments"}, {"comments.text"})),
              R"({"comments": [{"author": "Jessica"}, {"author": "Leto"}]})");
  expect_json(filtered(includes({"user"}, {"*.age", "user.address"})),
              R"({"user": {"name": "Paul"}})");
  // Excludes win over includes.
  expect_json(filtered(includes({"title"}, {"title"})), "{}");
  expect_json(filtered(includes({}, {"*"})), "{}");
}

TEST(SourceFilter, FromJson) {
  auto f = SourceFilter::from_json(json::value(false));
  EXPECT_FALSE(f.enabled);
  EXPECT_FALSE(f.trivial());
  EXPECT_TRUE(SourceFilter::from_json(json::value(true)).trivial());

  f = SourceFilter::from_json(json::value("title"));
  EXPECT_EQ(f.includes, (Strings{"title"}));
  f = SourceFilter::from_json(json::parse(R"(["title", "user.*"])"));
  EXPECT_EQ(f.includes, (Strings{"title", "user.*"}));
  f = SourceFilter::from_json(json::parse(R"({"includes": ["a", "b"], "excludes": "c"})"));
  EXPECT_EQ(f.includes, (Strings{"a", "b"}));
  EXPECT_EQ(f.excludes, (Strings{"c"}));
  // The singular 6.x names.
  f = SourceFilter::from_json(json::parse(R"({"include": "a", "exclude": ["b"]})"));
  EXPECT_EQ(f.includes, (Strings{"a"}));
  EXPECT_EQ(f.excludes, (Strings{"b"}));
}

TEST(SourceFilter, FromParams) {
  auto f = SourceFilter::from_params(std::string("title,count"), std::nullopt, std::nullopt);
  EXPECT_EQ(f.includes, (Strings{"title", "count"}));
  EXPECT_TRUE(f.enabled);
  f = SourceFilter::from_params(std::string("false"), std::nullopt, std::nullopt);
  EXPECT_FALSE(f.enabled);
  f = SourceFilter::from_params(std::string("true"), std::nullopt, std::nullopt);
  EXPECT_TRUE(f.trivial());
  f = SourceFilter::from_params(std::nullopt, std::string("a,b"), std::string("c"));
  EXPECT_EQ(f.includes, (Strings{"a", "b"}));
  EXPECT_EQ(f.excludes, (Strings{"c"}));
  expect_json(SourceFilter::from_params(std::string("user.name,title"), std::nullopt, std::nullopt)
                  .apply(json::parse(kDoc)),
              R"({"title": "Dune", "user": {"name": "Paul"}})");
}

// -- values_at ----------------------------------------------------------------------------------

std::vector<std::string> texts(const std::vector<const json::value*>& values) {
  std::vector<std::string> out;
  for (const auto* v : values) out.push_back(json::serialize(*v));
  return out;
}

TEST(ValuesAt, DottedPathsThroughObjectsAndArrays) {
  json::value doc = json::parse(kDoc);
  EXPECT_EQ(texts(values_at(doc, "title")), (Strings{"\"Dune\""}));
  EXPECT_EQ(texts(values_at(doc, "user.address.city")), (Strings{"\"Arrakeen\""}));
  EXPECT_EQ(texts(values_at(doc, "tags")), (Strings{"\"sci-fi\"", "\"classic\""}));
  EXPECT_EQ(texts(values_at(doc, "comments.author")), (Strings{"\"Jessica\"", "\"Leto\""}));
  EXPECT_EQ(texts(values_at(doc, "count")), (Strings{"5"}));
  EXPECT_TRUE(values_at(doc, "missing").empty());
  EXPECT_TRUE(values_at(doc, "title.x").empty());
  EXPECT_TRUE(values_at(doc, "user.nope.city").empty());
}

}  // namespace source_filter_test
}  // namespace wharf::search
