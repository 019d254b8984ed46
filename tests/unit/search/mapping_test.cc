// Mappings as Elasticsearch 7.17 parses and shows them: the GET _mapping form round-trips
// (multi-fields, objects written without "type", dynamic), unknown types and root parameters are
// mapper_parsing_exceptions, a merge may add fields but not change a type (with Elasticsearch's
// message), persistence keeps every field's id, and field patterns match leaf fields only.
#include "search/mapping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "tests/unit/test_util.h"

namespace wharf::search {
namespace mapping_test {

namespace json = boost::json;
using ::testing::HasSubstr;

constexpr std::string_view kMappings = R"({
  "dynamic": "strict",
  "properties": {
    "title": {
      "type": "text",
      "analyzer": "english",
      "fields": {"raw": {"type": "keyword", "ignore_above": 256}}
    },
    "user": {
      "properties": {
        "name": {"type": "keyword"},
        "age": {"type": "integer"}
      }
    },
    "published": {"type": "date", "format": "yyyy-MM-dd||epoch_millis"},
    "price": {"type": "scaled_float", "scaling_factor": 100},
    "tags": {"type": "keyword", "doc_values": false}
  }
})";

Mapping parsed(std::string_view text) { return Mapping::parse(json::parse(text)); }

using wharf::testing::error_of;

std::vector<std::string> paths(const std::vector<const FieldMapping*>& fields) {
  std::vector<std::string> out;
  for (const auto* f : fields) out.push_back(f->path);
  std::sort(out.begin(), out.end());
  return out;
}

using Strings = std::vector<std::string>;

TEST(FieldTypes, NamesAndClasses) {
  EXPECT_EQ(field_type_from_name("keyword"), FieldType::kKeyword);
  EXPECT_EQ(field_type_from_name("half_float"), FieldType::kHalfFloat);
  EXPECT_EQ(field_type_from_name("strng"), std::nullopt);
  EXPECT_EQ(field_type_name(FieldType::kScaledFloat), "scaled_float");
  EXPECT_EQ(field_type_name(FieldType::kDate), "date");
  EXPECT_TRUE(is_numeric(FieldType::kScaledFloat));
  EXPECT_TRUE(is_integral(FieldType::kShort));
  EXPECT_FALSE(is_integral(FieldType::kDouble));
  EXPECT_FALSE(is_numeric(FieldType::kDate));
  EXPECT_FALSE(is_numeric(FieldType::kKeyword));
}

TEST(MappingParse, FieldsAndParameters) {
  Mapping m = parsed(kMappings);
  EXPECT_EQ(m.dynamic, "strict");

  const FieldMapping* title = m.field("title");
  ASSERT_NE(title, nullptr);
  EXPECT_EQ(title->type, FieldType::kText);
  EXPECT_EQ(title->analyzer, "english");
  EXPECT_EQ(title->query_analyzer(), "english");
  EXPECT_TRUE(title->has_norms);
  EXPECT_FALSE(title->doc_values);
  EXPECT_TRUE(title->leaf());

  const FieldMapping* raw = m.field("title.raw");
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(raw->type, FieldType::kKeyword);
  EXPECT_EQ(raw->parent_multi, "title");
  EXPECT_EQ(raw->ignore_above, 256);
  EXPECT_FALSE(raw->has_norms);
  EXPECT_TRUE(raw->doc_values);

  const FieldMapping* user = m.field("user");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->type, FieldType::kObject);
  EXPECT_FALSE(user->leaf());
  EXPECT_EQ(user->id, 0u);
  ASSERT_NE(m.field("user.name"), nullptr);
  EXPECT_EQ(m.field("user.name")->type, FieldType::kKeyword);
  EXPECT_EQ(m.field("user.age")->type, FieldType::kInteger);

  const FieldMapping* published = m.field("published");
  ASSERT_NE(published, nullptr);
  EXPECT_EQ(published->formats, (Strings{"yyyy-MM-dd", "epoch_millis"}));
  EXPECT_FALSE(m.field("tags")->doc_values);
  EXPECT_EQ(m.field("nope"), nullptr);

  // Leaf fields have distinct non-zero ids.
  std::set<uint32_t> ids;
  for (const auto& f : m.fields())
    if (f->leaf()) {
      EXPECT_NE(f->id, 0u) << f->path;
      EXPECT_TRUE(ids.insert(f->id).second) << f->path;
    }
  EXPECT_EQ(ids.size(), 7u);
  EXPECT_EQ(paths(m.multi_fields_of("title")), (Strings{"title.raw"}));
  EXPECT_TRUE(m.multi_fields_of("user.name").empty());
}

TEST(MappingParse, DateDefaultsAndSearchAnalyzer) {
  Mapping m = parsed(R"({"properties": {
      "when": {"type": "date"},
      "body": {"type": "text", "analyzer": "standard", "search_analyzer": "simple"}}})");
  EXPECT_EQ(m.field("when")->formats, (Strings{"strict_date_optional_time", "epoch_millis"}));
  EXPECT_EQ(m.field("body")->analyzer, "standard");
  EXPECT_EQ(m.field("body")->query_analyzer(), "simple");
}

TEST(MappingJson, RoundTripsTheGetMappingForm) {
  json::value in = json::parse(kMappings);
  Mapping m = Mapping::parse(in);
  EXPECT_EQ(json::value(m.to_json()), in) << json::serialize(m.to_json());
}

TEST(MappingJson, DocWrapperIsRefusedAsIn7x) {
  // Without include_type_name, Elasticsearch 7 refuses mappings nested under the type.
  json::value wrapped = json::parse(R"({"_doc": {"properties": {"a": {"type": "long"}}}})");
  auto e = error_of([&] { Mapping::parse(wrapped); });
  EXPECT_EQ(e.code(), "illegal_argument_exception");
  EXPECT_EQ(e.message(),
            "The mapping definition cannot be nested under a type [_doc] unless include_type_name "
            "is set to true.");
}

TEST(MappingJson, EmptyFieldNameIsRefused) {
  auto e = error_of([] { parsed(R"({"properties": {"": {"type": "keyword"}}})"); });
  EXPECT_EQ(e.code(), "illegal_argument_exception");
  EXPECT_EQ(e.message(), "name cannot be empty string");
}

TEST(MappingJson, EmptyAndNull) {
  EXPECT_TRUE(Mapping::parse(json::value(nullptr)).fields().empty());
  Mapping m = parsed("{}");
  EXPECT_TRUE(m.fields().empty());
  EXPECT_EQ(m.dynamic, "true");
  EXPECT_EQ(json::value(m.to_json()), json::parse("{}"));
}

TEST(MappingJson, DynamicFalseIsShownAsAString) {
  // Elasticsearch's ObjectMapper writes builder.field("dynamic", dynamic.name().toLowerCase()).
  Mapping m = parsed(R"({"dynamic": false, "properties": {"a": {"type": "keyword"}}})");
  EXPECT_EQ(m.dynamic, "false");
  EXPECT_EQ(json::value(m.to_json()),
            json::parse(R"({"dynamic": "false", "properties": {"a": {"type": "keyword"}}})"));
}

TEST(MappingErrors, UnknownType) {
  auto e = error_of([] { parsed(R"({"properties": {"title": {"type": "strng"}}})"); });
  EXPECT_EQ(e.code(), "mapper_parsing_exception");
  EXPECT_EQ(e.http_status(), 400);
  EXPECT_THAT(e.message(), HasSubstr("No handler for type [strng] declared on field [title]"));
}

TEST(MappingErrors, UnsupportedRootParameter) {
  // DocumentMapperParser.checkNoRemainingFields prints each entry as " [key : value]".
  auto e = error_of([] { parsed(R"({"foo": "bar"})"); });
  EXPECT_EQ(e.code(), "mapper_parsing_exception");
  EXPECT_EQ(e.message(), "Root mapping definition has unsupported parameters:  [foo : bar]");
}

TEST(MappingMerge, AddsFieldsAndKeepsIds) {
  Mapping m = parsed(kMappings);
  uint32_t title_id = m.field("title")->id;
  uint32_t max_id = 0;
  for (const auto& f : m.fields()) max_id = std::max(max_id, f->id);
  // Restating a field with its parameters is allowed (a changed analyzer would not be).
  m.merge(parsed(R"({"properties": {"count": {"type": "long"},
                                    "title": {"type": "text", "analyzer": "english"},
                                    "user": {"properties": {"email": {"type": "keyword"}}}}})"));
  EXPECT_EQ(m.field("title")->id, title_id);
  ASSERT_NE(m.field("count"), nullptr);
  EXPECT_GT(m.field("count")->id, max_id);
  ASSERT_NE(m.field("user.email"), nullptr);
  EXPECT_NE(m.field("user.email")->id, m.field("count")->id);
  auto shown = m.to_json();
  EXPECT_EQ(shown.at("properties").at("count"), json::parse(R"({"type": "long"})"));
  EXPECT_EQ(shown.at("properties").at("user").at("properties").at("email"),
            json::parse(R"({"type": "keyword"})"));
  // The multi-field survives a merge that restates its parent without it.
  EXPECT_NE(m.field("title.raw"), nullptr);
}

TEST(MappingMerge, TypeChangeIsRejected) {
  Mapping m = parsed(kMappings);
  auto e = error_of([&] { m.merge(parsed(R"({"properties": {"title": {"type": "keyword"}}})")); });
  EXPECT_EQ(e.code(), "illegal_argument_exception");
  EXPECT_EQ(e.http_status(), 400);
  EXPECT_EQ(e.message(), "mapper [title] cannot be changed from type [text] to [keyword]");
  EXPECT_EQ(m.field("title")->type, FieldType::kText);

  auto e2 = error_of([&] {
    m.merge(parsed(R"({"properties": {"user": {"properties": {"age": {"type": "long"}}}}})"));
  });
  EXPECT_EQ(e2.message(), "mapper [user.age] cannot be changed from type [integer] to [long]");
}

// index_phrases: text fields only, never on an unindexed field, and fixed once set (documents
// indexed so far have, or lack, its shingles).
TEST(MappingIndexPhrases, ParsedKeptAndFixed) {
  Mapping m = parsed(R"({"properties": {"body": {"type": "text", "index_phrases": true},
                                        "plain": {"type": "text"}}})");
  EXPECT_TRUE(m.field("body")->index_phrases);
  EXPECT_FALSE(m.field("plain")->index_phrases);
  EXPECT_EQ(m.to_json().at("properties").at("body"),
            json::parse(R"({"type": "text", "index_phrases": true})"));
  EXPECT_TRUE(Mapping::load(m.save()).field("body")->index_phrases);

  auto unindexed = error_of([] {
    parsed(R"({"properties": {"t": {"type": "text", "index": false, "index_phrases": true}}})");
  });
  EXPECT_EQ(unindexed.code(), "mapper_parsing_exception");
  EXPECT_EQ(unindexed.message(),
            "Failed to parse mapping [_doc]: Cannot set index_phrases on unindexed field [t]");

  struct Change {
    const char* update;
    std::string field, from, to;
  };
  for (const Change& c :
       {Change{R"({"properties": {"plain": {"type": "text", "index_phrases": true}}})", "plain",
               "false", "true"},
        Change{R"({"properties": {"body": {"type": "text"}}})", "body", "true", "false"}}) {
    auto e = error_of([&] { m.merge(parsed(c.update)); });
    EXPECT_EQ(e.code(), "illegal_argument_exception");
    EXPECT_EQ(e.message(), "Mapper for [" + c.field +
                               "] conflicts with existing mapper:\n\tCannot update parameter "
                               "[index_phrases] from [" + c.from + "] to [" + c.to + "]");
  }
  EXPECT_TRUE(m.field("body")->index_phrases);
  EXPECT_FALSE(m.field("plain")->index_phrases);
  m.merge(parsed(R"({"properties": {"body": {"type": "text", "index_phrases": true}}})"));
}

TEST(MappingMerge, DynamicSettingIsReplacedOnlyWhenGiven) {
  Mapping m = parsed(kMappings);
  m.merge(parsed(R"({"properties": {"x": {"type": "long"}}})"));
  EXPECT_EQ(m.dynamic, "strict");
  m.merge(parsed(R"({"dynamic": "true"})"));
  EXPECT_EQ(m.dynamic, "true");
}

TEST(MappingPersistence, SaveLoadKeepsIdsAndShape) {
  Mapping m = parsed(kMappings);
  FieldMapping extra;
  extra.path = "late";
  extra.type = FieldType::kLong;
  extra.id = 40;  // a gap in the ids, as after fields added and a restart
  m.add(std::move(extra));

  Mapping loaded = Mapping::load(json::parse(json::serialize(m.save())));
  ASSERT_EQ(loaded.fields().size(), m.fields().size());
  for (const auto& f : m.fields()) {
    const FieldMapping* g = loaded.field(f->path);
    ASSERT_NE(g, nullptr) << f->path;
    EXPECT_EQ(g->id, f->id) << f->path;
    EXPECT_EQ(g->type, f->type) << f->path;
    EXPECT_EQ(g->parent_multi, f->parent_multi) << f->path;
    EXPECT_EQ(g->formats, f->formats) << f->path;
    EXPECT_EQ(g->analyzer, f->analyzer) << f->path;
    EXPECT_EQ(g->ignore_above, f->ignore_above) << f->path;
    EXPECT_EQ(g->doc_values, f->doc_values) << f->path;
  }
  EXPECT_EQ(loaded.field("late")->id, 40u);
  EXPECT_EQ(loaded.dynamic, "strict");
  EXPECT_EQ(json::value(loaded.to_json()), json::value(m.to_json()));

  // New fields continue after the highest id.
  FieldMapping next;
  next.path = "later";
  next.type = FieldType::kKeyword;
  EXPECT_EQ(loaded.add(std::move(next)).id, 41u);
}

TEST(MappingPattern, MatchesLeafFieldsOnly) {
  Mapping m = parsed(kMappings);
  EXPECT_EQ(paths(m.match("title*")), (Strings{"title", "title.raw"}));
  EXPECT_EQ(paths(m.match("*.name")), (Strings{"user.name"}));
  EXPECT_EQ(paths(m.match("user.*")), (Strings{"user.age", "user.name"}));
  EXPECT_EQ(paths(m.match("user*")), (Strings{"user.age", "user.name"}));  // not the object
  EXPECT_EQ(paths(m.match("title")), (Strings{"title"}));
  EXPECT_EQ(paths(m.match("*r*")), (Strings{"price", "title.raw", "user.age", "user.name"}));
  EXPECT_TRUE(m.match("nomatch*").empty());
  EXPECT_TRUE(m.match("user").empty());
  EXPECT_EQ(m.match("*").size(), 7u);
}

}  // namespace mapping_test
}  // namespace wharf::search
