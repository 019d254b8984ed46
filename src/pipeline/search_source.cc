// The search source: the documents of an index that match a query (all of them without one),
// page by page in a stable order with search_after, so the result is never held whole; of the
// embedded search service, or with `endpoint:` (or `wharf run --search-endpoint`) of any
// Elasticsearch-compatible endpoint. Each row is the document's _source plus its _id.
//   source: {search: products, query: {match: {description: tea}}}
#include <boost/json.hpp>

#include "core/json_codec.h"
#include "pipeline/search_connection.h"
#include "pipeline/source.h"
#include "pipeline/yaml_value.h"
#include "search/searcher.h"

namespace wharf::pipeline {
namespace {

class SearchSource : public Source {
 public:
  SearchSource(std::unique_ptr<SearchConnection> engine, std::string index, boost::json::value query)
      : engine_(std::move(engine)), index_(std::move(index)), query_(std::move(query)),
        origin_(engine_->describe(index_)) {}

  bool next(Batch& out, size_t max_rows, Rejects& rejects) override {
    if (done_) return false;
    auto hits = engine_->page(index_, query_, max_rows, after_);
    std::vector<MapRecord> records;
    for (auto& hit : hits) {
      ++position_;
      after_ = std::move(hit.sort);
      core::Map fields;
      if (!hit.source.empty()) {
        auto src = core::parse_json(hit.source);
        if (!src.is<core::Map>()) {
          rejects.add_unreadable(origin_, position_, "read", "document _source is not an object", hit.source);
          continue;
        }
        fields = std::move(src.as<core::Map>());
      }
      fields["_id"] = hit.id;
      records.push_back(MapRecord{std::move(fields), position_, {}});
    }
    if (hits.size() < max_rows) done_ = true;
    if (hits.empty()) return false;
    fill_batch(out, records);
    out.origin = origin_;
    return true;
  }
  std::string describe() const override { return origin_; }

 private:
  std::unique_ptr<SearchConnection> engine_;
  std::string index_;
  boost::json::value query_;
  std::string origin_;
  boost::json::value after_;  // the last hit's sort values
  bool done_ = false;
  uint64_t position_ = 0;
};

}  // namespace

std::unique_ptr<Source> open_search_source(const SpecNode& spec, const Services& s) {
  std::vector<const char*> allowed{"search", "query"};
  allowed.insert(allowed.end(), std::begin(kRemoteSearchKeys), std::end(kRemoteSearchKeys));
  spec.allow_keys(allowed);
  auto engine = open_search_connection(spec, s);
  auto name = spec.string("search");
  if (!engine->mappings(name)) spec.at("search").fail("no such " + engine->describe(name));
  boost::json::value query;
  if (auto q = spec.get("query")) {
    query = boost::json::parse(core::to_json(yaml_to_value(*q)));
    try {  // a malformed query fails now, naming its line (wharf's DSL: what every engine takes)
      boost::json::value probe = boost::json::object{{"query", query}};
      search::SearchRequest::parse(&probe, boost::json::serialize(probe), {});
    } catch (const core::Error& e) {
      q->fail(e.what());
    }
  }
  return std::make_unique<SearchSource>(std::move(engine), std::move(name), std::move(query));
}

}  // namespace wharf::pipeline
