// SearchService and SearchIndex on disk, in a fresh directory: index creation and its errors,
// near-real-time visibility (searchable after refresh, realtime GET before), versions and seq_no
// as Elasticsearch 7.17 assigns them (conflicts consume nothing, deletes leave a tombstone
// version), dynamic and strict mappings, a rejected document leaving index and mapping unchanged,
// searches whose hits and scores are Lucene's BM25 on a tiny corpus, sorting, counting,
// aggregations, highlighting, the translog replay after a crash (simulated by copying the index
// directory while writes are unrefreshed), and reopening after a clean shutdown.
#include "search/search_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/error.h"
#include "search/bm25.h"
#include "search/mapping.h"
#include "search/query.h"
#include "search/search_service.h"
#include "search/searcher.h"
#include "tests/unit/test_util.h"

namespace wharf::search {
namespace search_index_test {

namespace fs = std::filesystem;
namespace json = boost::json;
using ::testing::HasSubstr;
using Strings = std::vector<std::string>;

std::string random_suffix() {
  std::random_device rd;
  std::ostringstream s;
  s << std::hex << rd() << rd();
  return s.str();
}

using wharf::testing::error_of;

std::string detail(const core::Error& e, std::string_view name) {
  for (const auto& [k, v] : e.details())
    if (k == name) return v;
  return "<absent>";
}

// Lucene 8 BM25 with Elasticsearch 7's (1 + k1) factor, in float as Lucene computes it.
float lucene_bm25(float boost, uint64_t df, uint64_t n, float freq, uint32_t dl, float avgdl) {
  float idf = static_cast<float>(
      std::log(1.0 + (static_cast<double>(n - df) + 0.5) / (static_cast<double>(df) + 0.5)));
  float weight = boost * (1 + 1.2f) * idf;
  float len = static_cast<float>(byte4_to_int(int_to_byte4(dl)));
  float norm_inverse = 1 / (1.2f * ((1 - 0.75f) + 0.75f * len / avgdl));
  return weight - weight / (1 + freq * norm_inverse);
}

Strings ids(const SearchResult& r) {
  Strings out;
  for (const auto& h : r.hits) out.push_back(h.doc.id);
  return out;
}

std::vector<double> scores(const SearchResult& r) {
  std::vector<double> out;
  for (const auto& h : r.hits) out.push_back(h.score ? *h.score : NAN);
  return out;
}

WriteResult put(SearchIndex& idx, const std::string& id, std::string_view source,
                const WriteOptions& opts = {}) {
  json::value v = json::parse(source);
  return idx.index(id, std::string(source), v.as_object(), opts);
}

SearchResult search(const std::shared_ptr<SearchIndex>& idx, std::string_view body) {
  json::value b = json::parse(body);
  SearchRequest req = SearchRequest::parse(&b, body, {});
  return execute_search({idx}, req);
}

class SearchIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("wharf-search-test-" + random_suffix());
    open_service();
  }
  void TearDown() override {
    service_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void open_service() { service_ = std::make_unique<SearchService>((dir_ / "search").string()); }

  std::shared_ptr<SearchIndex> create(const std::string& name, std::string_view mappings = "{}") {
    IndexMeta meta;
    meta.name = name;
    meta.refresh_interval_ms = -1;  // only explicit refreshes
    return service_->create(meta, Mapping::parse(json::parse(mappings)));
  }

  fs::path dir_;
  std::unique_ptr<SearchService> service_;
};

// -- creation -----------------------------------------------------------------------------------

TEST_F(SearchIndexTest, CreateAndNameErrors) {
  auto idx = create("docs");
  ASSERT_NE(idx, nullptr);
  EXPECT_EQ(idx->name(), "docs");
  EXPECT_EQ(service_->get("docs"), idx);
  EXPECT_EQ(service_->find("nope"), nullptr);
  EXPECT_FALSE(idx->meta().uuid.empty());

  auto dup = error_of([&] { create("docs"); });
  EXPECT_EQ(dup.code(), "resource_already_exists_exception");
  EXPECT_EQ(dup.message(), "index [docs/" + idx->meta().uuid + "] already exists");

  auto upper = error_of([&] { create("Docs"); });
  EXPECT_EQ(upper.code(), "invalid_index_name_exception");
  EXPECT_EQ(upper.message(), "Invalid index name [Docs], must be lowercase");
  EXPECT_EQ(error_of([&] { create("_docs"); }).message(),
            "Invalid index name [_docs], must not start with '_', '-', or '+'");

  auto missing = error_of([&] { service_->get("nope"); });
  EXPECT_EQ(missing.code(), "index_not_found_exception");
  EXPECT_EQ(missing.http_status(), 404);
  EXPECT_EQ(missing.message(), "no such index [nope]");
}

TEST_F(SearchIndexTest, UnknownAnalyzerIsRejectedAndLeavesNothing) {
  auto e = error_of(
      [&] { create("bad", R"({"properties": {"body": {"type": "text", "analyzer": "nope"}}})"); });
  EXPECT_EQ(e.code(), "mapper_parsing_exception");
  EXPECT_THAT(e.message(), HasSubstr("analyzer [nope] has not been configured in mappings"));
  EXPECT_EQ(service_->find("bad"), nullptr);
  size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "search")) {
    (void)entry;
    ++entries;
  }
  EXPECT_EQ(entries, 0u);
}

// -- near-real-time -----------------------------------------------------------------------------

TEST_F(SearchIndexTest, WritesBecomeSearchableAtRefresh) {
  auto idx = create("docs");
  put(*idx, "1", R"({"body": "hello world"})");
  EXPECT_TRUE(idx->has_pending());
  EXPECT_EQ(search(idx, R"({"query": {"match_all": {}}})").total, 0u);
  EXPECT_EQ(idx->doc_count(), 0u);
  // GET is realtime; searches see the last refresh.
  ASSERT_TRUE(idx->get("1").has_value());
  EXPECT_EQ(idx->get("1")->source, R"({"body": "hello world"})");
  EXPECT_FALSE(idx->get_refreshed("1").has_value());

  idx->refresh();
  EXPECT_FALSE(idx->has_pending());
  auto r = search(idx, R"({"query": {"match_all": {}}})");
  EXPECT_EQ(r.total, 1u);
  EXPECT_EQ(ids(r), (Strings{"1"}));
  ASSERT_TRUE(r.hits[0].score.has_value());
  EXPECT_DOUBLE_EQ(*r.hits[0].score, 1.0);
  EXPECT_EQ(idx->doc_count(), 1u);
  EXPECT_TRUE(idx->get_refreshed("1").has_value());
}

// -- versions and sequence numbers --------------------------------------------------------------

TEST_F(SearchIndexTest, VersionsAndSeqNos) {
  auto idx = create("docs");
  auto r = put(*idx, "1", R"({"a": 1})");
  EXPECT_EQ(r.result, "created");
  EXPECT_EQ(r.id, "1");
  EXPECT_EQ(r.meta.version, 1);
  EXPECT_EQ(r.meta.seq_no, 0);
  EXPECT_EQ(r.meta.primary_term, 1);

  r = put(*idx, "1", R"({"a": 2})");
  EXPECT_EQ(r.result, "updated");
  EXPECT_EQ(r.meta.version, 2);
  EXPECT_EQ(r.meta.seq_no, 1);

  r = put(*idx, "2", R"({"a": 3})");
  EXPECT_EQ(r.result, "created");
  EXPECT_EQ(r.meta.version, 1);
  EXPECT_EQ(r.meta.seq_no, 2);

  auto stored = idx->get("1");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->meta.version, 2);
  EXPECT_EQ(stored->meta.seq_no, 1);
  EXPECT_EQ(stored->source, R"({"a": 2})");

  // A generated id is 20 URL-safe characters.
  r = put(*idx, "", R"({"a": 4})");
  EXPECT_EQ(r.id.size(), 20u);
  EXPECT_EQ(r.meta.seq_no, 3);
}

TEST_F(SearchIndexTest, DeleteThenReindexContinuesTheVersion) {
  auto idx = create("docs");
  put(*idx, "1", R"({"a": 1})");
  put(*idx, "1", R"({"a": 2})");
  auto d = idx->remove("1", {});
  EXPECT_EQ(d.result, "deleted");
  EXPECT_EQ(d.meta.version, 3);
  EXPECT_EQ(d.meta.seq_no, 2);
  EXPECT_FALSE(idx->get("1").has_value());

  auto r = put(*idx, "1", R"({"a": 3})");
  EXPECT_EQ(r.result, "created");
  EXPECT_EQ(r.meta.version, 4);
  EXPECT_EQ(r.meta.seq_no, 3);

  // Deleting a missing document: not_found, version 1, and a sequence number all the same.
  auto missing = idx->remove("nope", {});
  EXPECT_EQ(missing.result, "not_found");
  EXPECT_EQ(missing.meta.version, 1);
  EXPECT_EQ(missing.meta.seq_no, 4);
}

TEST_F(SearchIndexTest, CreateOfAnExistingDocumentConflicts) {
  auto idx = create("docs");
  put(*idx, "1", R"({"a": 1})");
  WriteOptions create_only;
  create_only.create = true;
  auto e = error_of([&] { put(*idx, "1", R"({"a": 2})", create_only); });
  EXPECT_EQ(e.code(), "version_conflict_engine_exception");
  EXPECT_EQ(e.http_status(), 409);
  EXPECT_EQ(e.message(), "[1]: version conflict, document already exists (current version [1])");
  EXPECT_EQ(detail(e, "index"), "docs");
  EXPECT_EQ(detail(e, "index_uuid"), idx->meta().uuid);

  auto stored = idx->get("1");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->meta.version, 1);
  EXPECT_EQ(stored->source, R"({"a": 1})");

  // The conflict took no sequence number; a create of a new id works.
  auto r = put(*idx, "2", R"({"a": 3})", create_only);
  EXPECT_EQ(r.result, "created");
  EXPECT_EQ(r.meta.seq_no, 1);
}

TEST_F(SearchIndexTest, IfSeqNoMustMatch) {
  auto idx = create("docs");
  put(*idx, "1", R"({"a": 1})");
  put(*idx, "1", R"({"a": 2})");  // seq_no 1
  WriteOptions stale;
  stale.if_seq_no = 0;
  stale.if_primary_term = 1;
  auto e = error_of([&] { put(*idx, "1", R"({"a": 3})", stale); });
  EXPECT_EQ(e.code(), "version_conflict_engine_exception");
  EXPECT_EQ(e.message(),
            "[1]: version conflict, required seqNo [0], primary term [1]. current document has "
            "seqNo [1] and primary term [1]");
  EXPECT_EQ(idx->get("1")->meta.version, 2);

  auto missing = error_of([&] { put(*idx, "9", R"({"a": 3})", stale); });
  EXPECT_EQ(missing.message(),
            "[9]: version conflict, required seqNo [0], primary term [1]. but no document was "
            "found");

  auto del = error_of([&] { idx->remove("1", stale); });
  EXPECT_EQ(del.code(), "version_conflict_engine_exception");
  EXPECT_TRUE(idx->get("1").has_value());

  WriteOptions current;
  current.if_seq_no = 1;
  current.if_primary_term = 1;
  auto r = put(*idx, "1", R"({"a": 4})", current);
  EXPECT_EQ(r.meta.version, 3);
  EXPECT_EQ(r.meta.seq_no, 2);  // the failures consumed none
}

TEST_F(SearchIndexTest, ExternalVersioning) {
  auto idx = create("docs");
  WriteOptions ext;
  ext.external = true;
  ext.version = 5;
  EXPECT_EQ(put(*idx, "1", R"({"a": 1})", ext).meta.version, 5);
  auto e = error_of([&] { put(*idx, "1", R"({"a": 2})", ext); });
  EXPECT_EQ(e.message(),
            "[1]: version conflict, current version [5] is higher or equal to the one provided "
            "[5]");
  ext.external_gte = true;
  EXPECT_EQ(put(*idx, "1", R"({"a": 2})", ext).meta.version, 5);
  ext.version = 7;
  ext.external_gte = false;
  EXPECT_EQ(put(*idx, "1", R"({"a": 3})", ext).meta.version, 7);
}

// -- mappings -----------------------------------------------------------------------------------

TEST_F(SearchIndexTest, DynamicMappingAddsTextWithKeywordAndOtherTypes) {
  auto idx = create("docs");
  put(*idx, "1", R"({"title": "Hello", "count": 5, "ratio": 1.5, "when": "2024-01-01",
                     "flag": true, "user": {"name": "x"}})");
  auto m = idx->mapping();
  ASSERT_NE(m->field("title"), nullptr);
  EXPECT_EQ(m->field("title")->type, FieldType::kText);
  ASSERT_NE(m->field("title.keyword"), nullptr);
  EXPECT_EQ(m->field("title.keyword")->type, FieldType::kKeyword);
  EXPECT_EQ(m->field("title.keyword")->ignore_above, 256);
  EXPECT_EQ(json::value(m->to_json()), json::parse(R"({"properties": {
      "title": {"type": "text", "fields": {"keyword": {"type": "keyword", "ignore_above": 256}}},
      "count": {"type": "long"},
      "ratio": {"type": "float"},
      "when": {"type": "date"},
      "flag": {"type": "boolean"},
      "user": {"properties": {"name": {"type": "text",
                 "fields": {"keyword": {"type": "keyword", "ignore_above": 256}}}}}}})"))
      << json::serialize(m->to_json());

  // The new fields are searchable after the refresh, the keyword sub-field too.
  idx->refresh();
  EXPECT_EQ(ids(search(idx, R"({"query": {"term": {"title.keyword": "Hello"}}})")), (Strings{"1"}));
  EXPECT_EQ(ids(search(idx, R"({"query": {"match": {"title": "HELLO"}}})")), (Strings{"1"}));
  EXPECT_EQ(ids(search(idx, R"({"query": {"range": {"when": {"gte": "2023-12-31"}}}})")),
            (Strings{"1"}));
}

TEST_F(SearchIndexTest, StrictMappingRejectsNewFields) {
  auto idx = create("docs", R"({"dynamic": "strict", "properties": {"a": {"type": "keyword"}}})");
  auto e = error_of([&] { put(*idx, "1", R"({"a": "x", "b": 1})"); });
  EXPECT_EQ(e.code(), "strict_dynamic_mapping_exception");
  EXPECT_EQ(e.message(),
            "mapping set to strict, dynamic introduction of [b] within [_doc] is not allowed");
  EXPECT_FALSE(idx->get("1").has_value());
  EXPECT_EQ(idx->mapping()->field("b"), nullptr);
}

TEST_F(SearchIndexTest, UnparsableValueLeavesTheIndexUnchanged) {
  auto idx = create("docs", R"({"properties": {"count": {"type": "long"}}})");
  put(*idx, "1", R"({"count": 5})");
  uint64_t mapping_version = idx->mapping()->version;

  auto e = error_of([&] { put(*idx, "1", R"({"extra": "x", "count": "abc"})"); });
  EXPECT_EQ(e.code(), "mapper_parsing_exception");
  EXPECT_EQ(e.http_status(), 400);
  EXPECT_EQ(e.message(),
            "failed to parse field [count] of type [long] in document with id '1'. Preview of "
            "field's value: 'abc'");

  auto stored = idx->get("1");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->meta.version, 1);
  EXPECT_EQ(stored->source, R"({"count": 5})");
  EXPECT_EQ(idx->mapping()->field("extra"), nullptr);  // the dynamic update was not published
  EXPECT_EQ(idx->mapping()->version, mapping_version);

  // A numeric string is coerced; the failure took no sequence number.
  auto r = put(*idx, "2", R"({"count": "12"})");
  EXPECT_EQ(r.meta.seq_no, 1);
  idx->refresh();
  EXPECT_EQ(ids(search(idx, R"({"query": {"term": {"count": 12}}})")), (Strings{"2"}));
  EXPECT_EQ(ids(search(idx, R"({"query": {"term": {"count": 5}}})")), (Strings{"1"}));
}

TEST_F(SearchIndexTest, PutMappingIsAllOrNothing) {
  auto idx = create("docs", R"({"properties": {"body": {"type": "text"}}})");
  auto e = error_of([&] {
    idx->put_mapping(Mapping::parse(
        json::parse(R"({"properties": {"newf": {"type": "long"}, "body": {"type": "keyword"}}})")));
  });
  EXPECT_EQ(e.code(), "illegal_argument_exception");
  EXPECT_EQ(e.message(), "mapper [body] cannot be changed from type [text] to [keyword]");
  EXPECT_EQ(idx->mapping()->field("newf"), nullptr);
  EXPECT_EQ(idx->mapping()->field("body")->type, FieldType::kText);

  idx->put_mapping(Mapping::parse(json::parse(R"({"properties": {"newf": {"type": "long"}}})")));
  ASSERT_NE(idx->mapping()->field("newf"), nullptr);
  EXPECT_EQ(idx->mapping()->field("newf")->type, FieldType::kLong);
}

// -- searching and scoring ----------------------------------------------------------------------

class CorpusTest : public SearchIndexTest {
 protected:
  void SetUp() override {
    SearchIndexTest::SetUp();
    idx_ = create("corpus", R"({"properties": {
        "body": {"type": "text"}, "tag": {"type": "keyword"}, "price": {"type": "long"}}})");
    put(*idx_, "1", R"({"body": "the quick brown fox", "tag": "animal", "price": 10})");
    put(*idx_, "2", R"({"body": "the lazy dog", "tag": "animal", "price": 20})");
    put(*idx_, "3", R"({"body": "quick fox fox jumps over", "tag": "action", "price": 30})");
    idx_->refresh();
  }
  std::shared_ptr<SearchIndex> idx_;
  // body: 3 documents, 12 tokens.
  static constexpr float kAvgdl = 4.0f;
};

TEST_F(CorpusTest, MatchScoresAreLuceneBm25) {
  auto r = search(idx_, R"({"query": {"match": {"body": "fox"}}})");
  EXPECT_EQ(ids(r), (Strings{"3", "1"}));
  EXPECT_EQ(r.total, 2u);
  ASSERT_EQ(r.hits.size(), 2u);
  // fox: df 2 of 3; doc 3 has it twice in 5 tokens, doc 1 once in 4 (the average length).
  EXPECT_NEAR(scores(r)[0], lucene_bm25(1, 2, 3, 2, 5, kAvgdl), 1e-6);
  EXPECT_NEAR(scores(r)[1], lucene_bm25(1, 2, 3, 1, 4, kAvgdl), 1e-6);
  EXPECT_NEAR(scores(r)[0], 0.6038003, 1e-6);
  EXPECT_NEAR(scores(r)[1], 0.4700036, 1e-6);  // ln(1.6): average length, one occurrence
  ASSERT_TRUE(r.max_score.has_value());
  EXPECT_NEAR(*r.max_score, 0.6038003, 1e-6);
}

TEST_F(CorpusTest, MatchSumsTermScores) {
  auto r = search(idx_, R"({"query": {"match": {"body": "quick fox"}}})");
  EXPECT_EQ(ids(r), (Strings{"3", "1"}));
  ASSERT_EQ(r.hits.size(), 2u);
  float quick = lucene_bm25(1, 2, 3, 1, 5, kAvgdl), fox = lucene_bm25(1, 2, 3, 2, 5, kAvgdl);
  EXPECT_NEAR(scores(r)[0], quick + fox, 1e-5);
  EXPECT_NEAR(scores(r)[0], 1.0301953, 1e-5);
  EXPECT_NEAR(scores(r)[1], 2 * lucene_bm25(1, 2, 3, 1, 4, kAvgdl), 1e-5);

  EXPECT_EQ(ids(search(idx_, R"({"query": {"match": {"body": {"query": "lazy fox"}}}})")).size(),
            3u);
  EXPECT_TRUE(
      search(idx_, R"({"query": {"match": {"body": {"query": "lazy fox", "operator": "and"}}}})")
          .hits.empty());
  EXPECT_EQ(ids(search(idx_, R"({"query": {"match": {"body": {"query": "the fox",
                                                               "operator": "and"}}}})")),
            (Strings{"1"}));
  // Boost multiplies the score.
  auto boosted = search(idx_, R"({"query": {"match": {"body": {"query": "fox", "boost": 2}}}})");
  EXPECT_NEAR(scores(boosted)[0], 2 * 0.6038003, 2e-6);
}

TEST_F(CorpusTest, PhraseMatch) {
  EXPECT_EQ(ids(search(idx_, R"({"query": {"match_phrase": {"body": "quick brown"}}})")),
            (Strings{"1"}));
  EXPECT_EQ(ids(search(idx_, R"({"query": {"match_phrase": {"body": "quick fox"}}})")),
            (Strings{"3"}));
  EXPECT_EQ(ids(search(idx_, R"({"query": {"match_phrase": {"body": {"query": "quick fox",
                                                                      "slop": 1}}}})")),
            (Strings{"3", "1"}));
}

// A phrase query's counting pass lists its matches, and the scored pass then reads positions
// only for documents that can still rank instead of running Xapian's phrase matcher again. Its
// answer must be the plain path's (no counting pass: track_total_hits false), its total the
// number of documents that contain the phrase.
TEST_F(SearchIndexTest, PhraseScoredFromCountedMatchesAsWithoutCounting) {
  auto idx = create("docs", R"({"properties": {"body": {"type": "text"}}})");
  std::mt19937 rng(7);
  const Strings words = {"red", "fox", "runs", "far", "the", "dog"};
  std::uniform_int_distribution<size_t> length(1, 30), word(0, words.size() - 1);
  std::vector<Strings> texts;
  for (int i = 0; i < 400; ++i) {
    Strings t(length(rng));
    std::string body;
    for (auto& w : t) {
      w = words[word(rng)];
      body += (body.empty() ? "" : " ") + w;
    }
    texts.push_back(t);
    put(*idx, std::to_string(i), json::serialize(json::object{{"body", body}}));
  }
  idx->refresh();
  auto containing = [&](const Strings& phrase) {
    uint64_t n = 0;
    for (const auto& t : texts)
      n += std::search(t.begin(), t.end(), phrase.begin(), phrase.end()) != t.end();
    return n;
  };
  for (const Strings& phrase : {Strings{"red", "fox"}, Strings{"the", "dog", "runs"},
                                Strings{"fox", "fox"}}) {
    std::string text = phrase[0];
    for (size_t i = 1; i < phrase.size(); ++i) text += " " + phrase[i];
    std::string query = R"({"match_phrase": {"body": ")" + text + R"("}})";
    auto counted = search(idx, R"({"size": 7, "query": )" + query + "}");
    auto plain = search(idx, R"({"size": 7, "track_total_hits": false, "query": )" + query + "}");
    SCOPED_TRACE(text);
    EXPECT_EQ(counted.total, containing(phrase));
    ASSERT_EQ(counted.hits.size(), 7u);
    EXPECT_EQ(ids(counted), ids(plain));
    EXPECT_EQ(scores(counted), scores(plain));
  }
  // Phrases every match contains (in must) take the listed path; phrases in should, must_not or
  // dis_max keep Xapian's phrase matcher. Either way the answer is the plain path's.
  for (std::string query : {
           R"({"match_phrase": {"body": {"query": "red runs", "slop": 2}}})",
           R"({"match_phrase_prefix": {"body": "the f"}})",
           R"({"bool": {"must": [{"match_phrase": {"body": "red fox"}}],
                        "should": [{"match": {"body": "dog"}}]}})",
           R"({"bool": {"must": [{"match_phrase": {"body": "the dog"}}, {"match": {"body": "far"}}],
                        "must_not": [{"match_phrase": {"body": "fox runs"}}]}})",
           R"({"bool": {"must": [{"bool": {"must": [{"match_phrase": {"body": "runs far"}}]}}],
                        "filter": [{"match_phrase": {"body": "the red"}}]}})",
           R"({"bool": {"should": [{"match_phrase": {"body": "red fox"}},
                                   {"match_phrase": {"body": "dog runs"}}]}})",
           R"({"dis_max": {"queries": [{"match_phrase": {"body": "red fox"}},
                                       {"match": {"body": "far"}}], "tie_breaker": 0.3}})"}) {
    auto counted = search(idx, R"({"size": 7, "query": )" + query + "}");
    auto plain = search(idx, R"({"size": 7, "track_total_hits": false, "query": )" + query + "}");
    SCOPED_TRACE(query);
    EXPECT_GT(counted.total, 7u);
    EXPECT_EQ(ids(counted), ids(plain));
    EXPECT_EQ(scores(counted), scores(plain));
  }
}

// index_phrases: an exact phrase is a phrase of shingles in the hidden phrase field, scored with
// that field's statistics as Elasticsearch scores it (a shingle per word with a word after it in
// the same value; idf the sum of the shingles' idfs over the documents that have shingles). The
// expected scores are computed here from the texts; the matches are the plain field's.
TEST_F(SearchIndexTest, IndexPhrasesScoresShinglesAsElasticsearch) {
  auto shingled = create("shingled", R"({"properties": {"body": {"type": "text",
                                                                  "index_phrases": true}}})");
  auto plain = create("plain", R"({"properties": {"body": {"type": "text"}}})");
  std::mt19937 rng(11);
  const Strings words = {"red", "fox", "runs", "far", "the", "dog"};
  std::uniform_int_distribution<size_t> length(0, 12), word(0, words.size() - 1), values(1, 3);
  std::vector<std::vector<Strings>> docs;  // each document's values, as words
  for (int i = 0; i < 300; ++i) {
    std::vector<Strings> doc(values(rng));
    json::array body;
    for (auto& value : doc) {
      value.resize(length(rng));
      std::string text;
      for (auto& w : value) text += (text.empty() ? "" : " ") + (w = words[word(rng)]);
      body.push_back(json::value(text));
    }
    docs.push_back(doc);
    std::string source = json::serialize(json::object{{"body", body}});
    put(*shingled, std::to_string(i), source);
    put(*plain, std::to_string(i), source);
  }
  shingled->refresh();
  plain->refresh();

  auto shingle_count = [](const std::vector<Strings>& doc, const std::string& a,
                          const std::string& b) {
    float n = 0;
    for (const auto& v : doc)
      for (size_t i = 0; i + 1 < v.size(); ++i) n += v[i] == a && v[i + 1] == b;
    return n;
  };
  // The phrase field's statistics: documents with a shingle, and the mean number of shingles.
  uint64_t with_shingles = 0;
  float avgdl = 0;
  auto phrase_field_stats = [&] {
    uint64_t total = 0;
    with_shingles = 0;
    for (const auto& doc : docs) {
      uint32_t len = 0;
      for (const auto& v : doc) len += v.size() > 1 ? static_cast<uint32_t>(v.size() - 1) : 0;
      with_shingles += len > 0;
      total += len;
    }
    avgdl = static_cast<float>(static_cast<double>(total) / static_cast<double>(with_shingles));
  };
  phrase_field_stats();
  auto expected = [&](const std::vector<Strings>& doc, const Strings& phrase) {
    float idf = 0;
    for (size_t i = 0; i + 1 < phrase.size(); ++i) {
      uint64_t df = 0;
      for (const auto& d : docs) df += shingle_count(d, phrase[i], phrase[i + 1]) > 0;
      idf += bm25_idf(df, with_shingles);
    }
    float freq = 0;
    uint32_t dl = 0;
    for (const auto& v : doc) {
      dl += v.size() > 1 ? static_cast<uint32_t>(v.size() - 1) : 0;
      for (size_t i = 0; i + phrase.size() <= v.size(); ++i)
        freq += std::equal(phrase.begin(), phrase.end(), v.begin() + static_cast<long>(i));
    }
    float weight = (1 + 1.2f) * idf;
    float len = static_cast<float>(byte4_to_int(int_to_byte4(dl)));
    return weight - weight / (1 + freq / (1.2f * ((1 - 0.75f) + 0.75f * len / avgdl)));
  };
  auto sorted_ids = [](const SearchResult& r) {
    Strings out = ids(r);
    std::sort(out.begin(), out.end());
    return out;
  };
  for (const Strings& phrase : {Strings{"red", "fox"}, Strings{"fox", "fox"},
                                Strings{"the", "dog", "runs"}, Strings{"dog", "runs", "far", "red"}}) {
    std::string text = phrase[0];
    for (size_t i = 1; i < phrase.size(); ++i) text += " " + phrase[i];
    SCOPED_TRACE(text);
    std::string query = R"({"size": 300, "query": {"match_phrase": {"body": ")" + text + R"("}}})";
    auto got = search(shingled, query);
    auto want = search(plain, query);
    ASSERT_GT(got.hits.size(), 0u);
    EXPECT_EQ(got.total, want.total);
    EXPECT_EQ(sorted_ids(got), sorted_ids(want));
    for (const auto& h : got.hits)
      EXPECT_NEAR(*h.score, expected(docs[std::stoul(h.doc.id)], phrase), 1e-5) << h.doc.id;
    // The same through query_string's quotes, and the total counted apart from the top hits.
    auto top = search(shingled, R"({"size": 3, "query": {"query_string": {"query": "\")" + text +
                                    R"(\"", "default_field": "body"}}})");
    EXPECT_EQ(top.total, got.total);
    Strings all = ids(got);
    all.resize(std::min<size_t>(all.size(), 3));
    EXPECT_EQ(ids(top), all);
  }
  // A sloppy phrase, a phrase prefix and a single word do not use shingles: the plain field's
  // answers and scores.
  for (std::string query : {R"({"match_phrase": {"body": {"query": "red runs", "slop": 1}}})",
                            R"({"match_phrase_prefix": {"body": "the do"}})",
                            R"({"match_phrase": {"body": "fox"}})"}) {
    SCOPED_TRACE(query);
    auto got = search(shingled, R"({"size": 300, "query": )" + query + "}");
    auto want = search(plain, R"({"size": 300, "query": )" + query + "}");
    ASSERT_GT(got.hits.size(), 0u);
    EXPECT_EQ(ids(got), ids(want));
    EXPECT_EQ(scores(got), scores(want));
  }
  // Deleting a document takes its shingles out of the statistics.
  auto before = search(shingled, R"({"query": {"match_phrase": {"body": "red fox"}}})");
  ASSERT_GT(before.hits.size(), 0u);
  std::string gone = before.hits[0].doc.id;
  shingled->remove(gone, {});
  shingled->refresh();
  docs[std::stoul(gone)].clear();
  phrase_field_stats();
  auto after = search(shingled, R"({"size": 300, "query": {"match_phrase": {"body": "red fox"}}})");
  EXPECT_EQ(after.total, before.total - 1);
  for (const auto& h : after.hits)
    EXPECT_NEAR(*h.score, expected(docs[std::stoul(h.doc.id)], {"red", "fox"}), 1e-5) << h.doc.id;
}

TEST_F(CorpusTest, TermOnKeywordScoresIdf) {
  auto r = search(idx_, R"({"query": {"term": {"tag": "animal"}}})");
  EXPECT_EQ(ids(r), (Strings{"1", "2"}));  // equal scores: index order
  ASSERT_EQ(r.hits.size(), 2u);
  EXPECT_NEAR(scores(r)[0], 0.4700036, 1e-6);
  EXPECT_NEAR(scores(r)[1], 0.4700036, 1e-6);
  EXPECT_TRUE(search(idx_, R"({"query": {"term": {"tag": "Animal"}}})").hits.empty());
  EXPECT_EQ(ids(search(idx_, R"({"query": {"terms": {"tag": ["action", "nope"]}}})")),
            (Strings{"3"}));
}

TEST_F(CorpusTest, RangeIsConstantScore) {
  auto r = search(idx_, R"({"query": {"range": {"price": {"gte": 15, "lte": 30}}}})");
  EXPECT_EQ(ids(r), (Strings{"2", "3"}));
  EXPECT_EQ(scores(r), (std::vector<double>{1.0, 1.0}));
  EXPECT_EQ(ids(search(idx_, R"({"query": {"range": {"price": {"gt": 10, "lt": 30}}}})")),
            (Strings{"2"}));
  EXPECT_EQ(ids(search(idx_, R"({"query": {"range": {"price": {"lte": "10"}}}})")), (Strings{"1"}));
}

TEST_F(CorpusTest, BoolCombinations) {
  auto r = search(idx_, R"({"query": {"bool": {"must": {"match": {"body": "fox"}},
                                                "filter": {"range": {"price": {"gte": 20}}}}}})");
  EXPECT_EQ(ids(r), (Strings{"3"}));
  EXPECT_NEAR(scores(r)[0], 0.6038003, 1e-6);  // the filter adds nothing

  r = search(idx_, R"({"query": {"bool": {"should": [{"term": {"tag": "animal"}},
                                                      {"match": {"body": "fox"}}]}}})");
  EXPECT_EQ(ids(r), (Strings{"1", "3", "2"}));
  EXPECT_NEAR(scores(r)[0], 0.4700036 + 0.4700036, 1e-5);
  EXPECT_NEAR(scores(r)[1], 0.6038003, 1e-6);
  EXPECT_NEAR(scores(r)[2], 0.4700036, 1e-6);

  r = search(idx_, R"({"query": {"bool": {"must_not": {"term": {"tag": "animal"}}}}})");
  EXPECT_EQ(ids(r), (Strings{"3"}));

  r = search(idx_, R"({"query": {"bool": {"filter": {"term": {"tag": "animal"}}}}})");
  EXPECT_EQ(ids(r), (Strings{"1", "2"}));
  EXPECT_EQ(scores(r), (std::vector<double>{0.0, 0.0}));

  r = search(idx_, R"({"query": {"bool": {"should": [{"match": {"body": "quick"}},
                                                      {"match": {"body": "fox"}},
                                                      {"match": {"body": "dog"}}],
                                          "minimum_should_match": 2}}})");
  EXPECT_EQ(ids(r), (Strings{"3", "1"}));
}

TEST_F(CorpusTest, SortPagingAndWindow) {
  auto r = search(idx_, R"({"sort": [{"price": "desc"}]})");
  EXPECT_EQ(ids(r), (Strings{"3", "2", "1"}));
  ASSERT_EQ(r.hits.size(), 3u);
  EXPECT_FALSE(r.hits[0].score.has_value());  // sorted by a field: no scores
  EXPECT_EQ(json::value(r.hits[0].sort), json::parse("[30]"));

  r = search(idx_, R"({"sort": [{"price": "asc"}], "from": 1, "size": 1})");
  EXPECT_EQ(ids(r), (Strings{"2"}));
  EXPECT_EQ(r.total, 3u);

  auto e = error_of([&] { search(idx_, R"({"from": 10000, "size": 1})"); });
  EXPECT_EQ(e.code(), "illegal_argument_exception");
  EXPECT_THAT(e.message(), HasSubstr("Result window is too large, from + size must be less than "
                                     "or equal to: [10000] but was [10001]."));

  auto text_sort = error_of([&] { search(idx_, R"({"sort": ["body"]})"); });
  EXPECT_EQ(text_sort.code(), "illegal_argument_exception");
  EXPECT_THAT(text_sort.message(), HasSubstr("Text fields are not optimised"));
}

TEST_F(CorpusTest, Count) {
  auto q = parse_query(json::parse(R"({"term": {"tag": "animal"}})"));
  EXPECT_EQ(execute_count({idx_}, q.get()), 2u);
  EXPECT_EQ(execute_count({idx_}, nullptr), 3u);
}

TEST_F(CorpusTest, Highlighting) {
  auto r = search(idx_, R"({"query": {"match": {"body": "fox"}},
                            "highlight": {"fields": {"body": {}}}})");
  ASSERT_EQ(ids(r), (Strings{"3", "1"}));
  EXPECT_EQ(json::value(r.hits[0].highlight),
            json::parse(R"({"body": ["quick <em>fox</em> <em>fox</em> jumps over"]})"));
  EXPECT_EQ(json::value(r.hits[1].highlight),
            json::parse(R"({"body": ["the quick brown <em>fox</em>"]})"));
}

// -- aggregations -------------------------------------------------------------------------------

class AggregationTest : public SearchIndexTest {
 protected:
  void SetUp() override {
    SearchIndexTest::SetUp();
    idx_ = create("sales", R"({"properties": {
        "tag": {"type": "keyword"}, "price": {"type": "long"}, "when": {"type": "date"}}})");
    put(*idx_, "1", R"({"tag": "a", "price": 10, "when": "2024-01-15"})");
    put(*idx_, "2", R"({"tag": "b", "price": 20, "when": "2024-01-20"})");
    put(*idx_, "3", R"({"tag": "a", "price": 30, "when": "2024-03-05"})");
    put(*idx_, "4", R"({"tag": "a", "price": 40, "when": "2024-03-31T23:59:59Z"})");
    idx_->refresh();
  }
  json::value agg(std::string_view body, const char* name) {
    auto r = search(idx_, body);
    EXPECT_TRUE(r.aggregations.has_value());
    if (!r.aggregations || !r.aggregations->contains(name)) return nullptr;
    return r.aggregations->at(name);
  }
  std::shared_ptr<SearchIndex> idx_;
};

TEST_F(AggregationTest, Terms) {
  EXPECT_EQ(agg(R"({"size": 0, "aggs": {"t": {"terms": {"field": "tag"}}}})", "t"),
            json::parse(R"({"doc_count_error_upper_bound": 0, "sum_other_doc_count": 0,
                            "buckets": [{"key": "a", "doc_count": 3},
                                        {"key": "b", "doc_count": 1}]})"));
  EXPECT_EQ(agg(R"({"size": 0, "aggs": {"t": {"terms": {"field": "tag", "size": 1}}}})", "t"),
            json::parse(R"({"doc_count_error_upper_bound": 0, "sum_other_doc_count": 1,
                            "buckets": [{"key": "a", "doc_count": 3}]})"));
}

TEST_F(AggregationTest, AvgAndStats) {
  EXPECT_EQ(agg(R"({"size": 0, "aggs": {"p": {"avg": {"field": "price"}}}})", "p"),
            json::parse(R"({"value": 25.0})"));
  // Over the query's matches only.
  auto filtered = agg(R"({"size": 0, "query": {"term": {"tag": "a"}},
                          "aggs": {"p": {"avg": {"field": "price"}}}})",
                      "p");
  ASSERT_TRUE(filtered.is_object());
  EXPECT_DOUBLE_EQ(filtered.at("value").to_number<double>(), 80.0 / 3);
  EXPECT_EQ(agg(R"({"size": 0, "aggs": {"s": {"stats": {"field": "price"}}}})", "s"),
            json::parse(R"({"count": 4, "min": 10.0, "max": 40.0, "avg": 25.0, "sum": 100.0})"));
}

TEST_F(AggregationTest, DateHistogramFillsEmptyMonths) {
  EXPECT_EQ(agg(R"({"size": 0, "aggs": {"m": {"date_histogram": {"field": "when",
                                                             "calendar_interval": "month"}}}})",
                "m"),
            json::parse(R"({"buckets": [
        {"key_as_string": "2024-01-01T00:00:00.000Z", "key": 1704067200000, "doc_count": 2},
        {"key_as_string": "2024-02-01T00:00:00.000Z", "key": 1706745600000, "doc_count": 0},
        {"key_as_string": "2024-03-01T00:00:00.000Z", "key": 1709251200000, "doc_count": 2}]})"));
}

TEST_F(AggregationTest, SubAggregationsAndHitsTotal) {
  auto r = search(idx_, R"({"size": 0, "aggs": {"t": {"terms": {"field": "tag"},
                                                       "aggs": {"p": {"sum": {"field": "price"}}}}}})");
  EXPECT_EQ(r.total, 4u);
  EXPECT_TRUE(r.hits.empty());
  ASSERT_TRUE(r.aggregations.has_value());
  EXPECT_EQ(r.aggregations->at("t").at("buckets"),
            json::parse(R"([{"key": "a", "doc_count": 3, "p": {"value": 80.0}},
                            {"key": "b", "doc_count": 1, "p": {"value": 20.0}}])"));
}

// -- CJK ----------------------------------------------------------------------------------------

TEST_F(SearchIndexTest, ChineseNamesMatchCharacterByCharacter) {
  auto idx = create("people", R"({"properties": {"name": {"type": "text"}}})");
  put(*idx, "1", R"({"name": "张三"})");
  put(*idx, "2", R"({"name": "李四"})");
  put(*idx, "3", R"({"name": "张伟"})");
  idx->refresh();
  EXPECT_EQ(ids(search(idx, R"({"query": {"match": {"name": "张三"}}})")), (Strings{"1", "3"}));
  EXPECT_EQ(ids(search(idx, R"({"query": {"match_phrase": {"name": "张三"}}})")), (Strings{"1"}));
}

// -- durability ---------------------------------------------------------------------------------

// A query of one term takes its total from the term's document count instead of counting its
// matches: the same totals, after deletions and updates too, and the same track_total_hits cap.
TEST_F(SearchIndexTest, OneTermTotalsAreTheTermsDocumentCount) {
  auto idx = create("docs", R"({"properties": {"tag": {"type": "keyword"}, "body": {"type": "text"}}})");
  for (int i = 0; i < 15; ++i)
    put(*idx, std::to_string(i), R"({"tag": "a", "body": "word )" + std::to_string(i) + R"("})");
  put(*idx, "b", R"({"tag": "b", "body": "word"})");
  idx->refresh();
  for (const char* id : {"0", "1", "2"}) idx->remove(id, {});
  put(*idx, "3", R"({"tag": "b", "body": "other"})");  // leaves tag a and the word
  put(*idx, "4", R"({"tag": "a", "body": "word again"})");
  idx->refresh();
  auto term = search(idx, R"({"size": 2, "query": {"term": {"tag": "a"}}})");
  EXPECT_EQ(term.total, 11u);
  EXPECT_TRUE(term.total_exact);
  EXPECT_EQ(term.hits.size(), 2u);
  auto match = search(idx, R"({"size": 1, "query": {"match": {"body": "word"}}})");
  EXPECT_EQ(match.total, 12u);
  auto capped = search(idx, R"({"size": 1, "track_total_hits": 5, "query": {"term": {"tag": "a"}}})");
  EXPECT_EQ(capped.total, 5u);
  EXPECT_FALSE(capped.total_exact);
  auto filtered = search(idx, R"({"size": 1, "query": {"term": {"tag": "a"}}, "post_filter": {"term": {"body": "again"}}})");
  EXPECT_EQ(filtered.total, 1u);
}

// A keyword term's hits all score the same: the top hits are the first documents, the total is
// every match, and a sort by a field still sees every match (its scorer may stop early only
// when ranking by score alone).
TEST_F(SearchIndexTest, KeywordTermTopHitsAreTheFirstMatches) {
  auto idx = create("docs", R"({"properties": {"tag": {"type": "keyword"}, "n": {"type": "long"}}})");
  for (int i = 0; i < 30; ++i)
    put(*idx, "d" + std::to_string(i),
        R"({"tag": ")" + std::string(i % 3 ? "a" : "b") + R"(", "n": )" + std::to_string(i) + "}");
  idx->refresh();
  auto first = search(idx, R"({"size": 4, "query": {"term": {"tag": "a"}}})");
  EXPECT_EQ(ids(first), (Strings{"d1", "d2", "d4", "d5"}));
  EXPECT_EQ(first.total, 20u);
  EXPECT_TRUE(first.total_exact);
  ASSERT_EQ(first.hits.size(), 4u);
  EXPECT_EQ(first.hits[0].score, first.hits[3].score);
  auto sorted = search(idx, R"({"size": 2, "query": {"term": {"tag": "a"}}, "sort": [{"n": "desc"}]})");
  EXPECT_EQ(ids(sorted), (Strings{"d29", "d28"}));
  auto paged = search(idx, R"({"from": 18, "size": 5, "query": {"term": {"tag": "a"}}})");
  EXPECT_EQ(ids(paged), (Strings{"d28", "d29"}));
  auto untracked = search(idx, R"({"size": 3, "track_total_hits": false, "query": {"term": {"tag": "a"}}})");
  EXPECT_EQ(ids(untracked), (Strings{"d1", "d2", "d4"}));
  // The term inside a function_score runs as a sub-search whose query is gone by the time the
  // top-level leaf (its scored list) runs: its scorer must still be alive to be looked at.
  auto scored = search(idx, R"({"size": 2, "query": {"function_score": {"query": {"term": {"tag": "a"}},
      "field_value_factor": {"field": "n"}}}})");
  EXPECT_EQ(ids(scored), (Strings{"d29", "d28"}));
  EXPECT_EQ(scored.total, 20u);
}

// The 24-byte header of stored data: version, seq_no and the primary-term word (whose top bits
// say what follows), little-endian.
std::string stored_header(int64_t version, int64_t seq_no, uint64_t term_word) {
  std::string data(24, '\0');
  std::memcpy(data.data(), &version, 8);
  std::memcpy(data.data() + 8, &seq_no, 8);
  std::memcpy(data.data() + 16, &term_word, 8);
  return data;
}

// Data in the formats of earlier versions decodes as it was written:
// - without the _id (version, seq_no, primary term, then the source): the _id comes from the "Q"
//   term;
// - with the _id but also the source (before sources moved to a value slot, which Xapian does
//   not compress).
TEST_F(SearchIndexTest, EarlierStoredFormatsStillDecode) {
  struct Case {
    std::string data, q_term, id, source;
    int64_t version, seq_no;
  };
  constexpr uint64_t kWithId = uint64_t{1} << 63;
  for (const Case& c :
       {Case{stored_header(3, 7, 1) + R"({"a": 1})", "Qlegacy-id", "legacy-id", R"({"a": 1})", 3,
             7},
        Case{stored_header(2, 5, 1 | kWithId) + std::string("\x04\x00", 2) + "doc7" +
                 R"({"b": [1, 2]})",  // the _id's 2-byte length, the _id, the source
             "", "doc7", R"({"b": [1, 2]})", 2, 5}}) {
    SCOPED_TRACE(c.id);
    Xapian::Document old;
    if (!c.q_term.empty()) old.add_boolean_term(c.q_term);
    old.add_boolean_term("E1");
    old.set_data(c.data);
    StoredDoc d = decode_document(old);
    EXPECT_EQ(d.id, c.id);
    EXPECT_EQ(d.meta.version, c.version);
    EXPECT_EQ(d.meta.seq_no, c.seq_no);
    EXPECT_EQ(d.meta.primary_term, 1);
    EXPECT_EQ(d.source, c.source);
  }
}

// New documents keep their source out of their data (Xapian would zlib-compress it there, and
// inflate it for every hit) and read it back through every path.
TEST_F(SearchIndexTest, SourcesAreKeptOutOfTheCompressedData) {
  auto idx = create("docs", R"({"properties": {"body": {"type": "text"}}})");
  std::string long_text(3000, 'x');
  put(*idx, "1", R"({"body": "alpha )" + long_text + R"("})");
  idx->refresh();
  auto lease = idx->reader();
  Xapian::Document doc = lease->db.get_document(*lease->db.postlist_begin(""));
  EXPECT_LT(doc.get_data().size(), 40u);
  EXPECT_EQ(decode_document(doc).source, R"({"body": "alpha )" + long_text + R"("})");
  EXPECT_EQ(idx->get("1")->source, decode_document(doc).source);
  EXPECT_EQ(idx->get_refreshed("1")->source, decode_document(doc).source);
  auto hits = search(idx, R"({"query": {"match": {"body": "alpha"}}})");
  ASSERT_EQ(hits.hits.size(), 1u);
  EXPECT_EQ(hits.hits[0].doc.source, decode_document(doc).source);
}

// New documents carry their _id in their data (no term-list read per hit), and read back the
// same through every path: realtime get, refreshed get, search hits.
TEST_F(SearchIndexTest, HitsReadTheirIdFromTheirData) {
  auto idx = create("docs", R"({"properties": {"body": {"type": "text"}}})");
  put(*idx, "id-1", R"({"body": "alpha"})");
  put(*idx, "another id", R"({"body": "alpha beta"})");
  idx->refresh();
  auto lease = idx->reader();
  for (auto it = lease->db.postlist_begin(""); it != lease->db.postlist_end(""); ++it) {
    Xapian::Document doc = lease->db.get_document(*it);
    StoredDoc d = decode_document(doc);
    EXPECT_EQ(d.id, doc_id_of(doc));
    EXPECT_EQ(d.meta.primary_term, 1);
    EXPECT_EQ(d.source.substr(0, 9), R"({"body": )");
  }
  EXPECT_EQ(idx->get("another id")->source, R"({"body": "alpha beta"})");
  EXPECT_EQ(idx->get_refreshed("id-1")->meta.primary_term, 1);
  EXPECT_EQ(ids(search(idx, R"({"query": {"match": {"body": "alpha"}}})")),
            (Strings{"id-1", "another id"}));
}


TEST_F(SearchIndexTest, TranslogIsEmptiedByRefresh) {
  auto idx = create("docs");
  fs::path translog = fs::path(idx->dir()) / "translog";
  put(*idx, "1", R"({"a": 1})");
  idx->make_durable();
  EXPECT_GT(fs::file_size(translog), 0u);
  idx->refresh();
  EXPECT_EQ(fs::file_size(translog), 0u);
}

TEST_F(SearchIndexTest, TranslogReplaysUnrefreshedWritesAfterACrash) {
  auto idx = create("docs", R"({"properties": {"body": {"type": "text"}}})");
  put(*idx, "a", R"({"body": "first"})");
  idx->refresh();
  put(*idx, "b", R"({"body": "second", "extra": 7})");  // also grows the mapping
  idx->remove("a", {});
  idx->make_durable();

  // The directory as a kill -9 would leave it: the last commit plus the translog.
  fs::path crashed = dir_ / "crashed";
  fs::copy(idx->dir(), crashed, fs::copy_options::recursive);
  std::shared_ptr<SearchIndex> reopened = SearchIndex::open(crashed.string());
  EXPECT_EQ(reopened->name(), "docs");
  EXPECT_EQ(reopened->doc_count(), 1u);  // replayed and committed at open
  auto b = reopened->get("b");
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->meta.version, 1);
  EXPECT_EQ(b->meta.seq_no, 1);
  EXPECT_EQ(b->source, R"({"body": "second", "extra": 7})");
  EXPECT_FALSE(reopened->get("a").has_value());
  ASSERT_NE(reopened->mapping()->field("extra"), nullptr);
  EXPECT_EQ(reopened->mapping()->field("extra")->type, FieldType::kLong);
  EXPECT_EQ(ids(search(reopened, R"({"query": {"match": {"body": "second"}}})")), (Strings{"b"}));
  EXPECT_TRUE(search(reopened, R"({"query": {"match": {"body": "first"}}})").hits.empty());

  // Sequence numbers and the deleted document's version carry on.
  auto r = put(*reopened, "a", R"({"body": "again"})");
  EXPECT_EQ(r.meta.version, 3);
  EXPECT_EQ(r.meta.seq_no, 3);
  reopened->close();
}

TEST_F(SearchIndexTest, CleanShutdownCommitsAndReopens) {
  auto idx = create("docs", R"({"properties": {"body": {"type": "text"}}})");
  uint32_t body_id = idx->mapping()->field("body")->id;
  std::string uuid = idx->meta().uuid;
  put(*idx, "1", R"({"body": "persisted words", "n": 1})");
  put(*idx, "1", R"({"body": "persisted words", "n": 2})");
  idx.reset();
  service_.reset();  // closes every index: pending writes are committed
  open_service();

  auto again = service_->get("docs");
  EXPECT_EQ(again->meta().uuid, uuid);
  EXPECT_EQ(again->mapping()->field("body")->id, body_id);
  ASSERT_NE(again->mapping()->field("n"), nullptr);
  EXPECT_EQ(again->doc_count(), 1u);
  auto stored = again->get("1");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->meta.version, 2);
  EXPECT_EQ(stored->meta.seq_no, 1);
  EXPECT_EQ(ids(search(again, R"({"query": {"match": {"body": "words"}}})")), (Strings{"1"}));
  EXPECT_EQ(put(*again, "2", R"({"body": "more"})").meta.seq_no, 2);
}

TEST_F(SearchIndexTest, RemovedIndexIsGone) {
  create("docs");
  service_->remove("docs");
  EXPECT_EQ(service_->find("docs"), nullptr);
  EXPECT_EQ(error_of([&] { service_->remove("docs"); }).code(), "index_not_found_exception");
  service_.reset();
  open_service();
  EXPECT_EQ(service_->find("docs"), nullptr);
  EXPECT_TRUE(service_->all().empty());
}

}  // namespace search_index_test
}  // namespace wharf::search
