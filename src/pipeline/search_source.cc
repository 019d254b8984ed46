// The search source: the documents of an embedded index that match a query (all of them without
// one), page by page in _id order with search_after, so the result is never held whole. Each row
// is the document's _source plus its _id.
//   source: {search: products, query: {match: {description: tea}}}
#include <boost/json.hpp>

#include "core/json_codec.h"
#include "pipeline/source.h"
#include "pipeline/yaml_value.h"
#include "search/searcher.h"
#include "search/search_service.h"

namespace wharf::pipeline {
namespace {

class SearchSource : public Source {
 public:
  SearchSource(std::shared_ptr<search::SearchIndex> index, boost::json::value query)
      : index_(std::move(index)), query_(std::move(query)) {}

  bool next(Batch& out, size_t max_rows, Rejects& rejects) override {
    if (done_) return false;
    boost::json::object body{{"size", max_rows}, {"sort", boost::json::array{boost::json::object{{"_id", "asc"}}}}};
    if (!query_.is_null()) body["query"] = query_;
    if (!last_id_.empty()) body["search_after"] = boost::json::array{boost::json::value(last_id_)};
    boost::json::value v = body;
    std::string text = boost::json::serialize(v);
    auto req = search::SearchRequest::parse(&v, text, {});
    auto result = search::execute_search({index_}, req);
    std::vector<MapRecord> records;
    for (auto& hit : result.hits) {
      ++position_;
      last_id_ = hit.doc.id;
      core::Map fields;
      if (!hit.doc.source.empty()) {
        auto src = core::parse_json(hit.doc.source);
        if (!src.is<core::Map>()) {
          rejects.add_unreadable(origin(), position_, "read", "document _source is not an object", hit.doc.source);
          continue;
        }
        fields = std::move(src.as<core::Map>());
      }
      fields["_id"] = hit.doc.id;
      records.push_back(MapRecord{std::move(fields), position_, {}});
    }
    if (result.hits.size() < max_rows) done_ = true;
    if (result.hits.empty()) return false;
    fill_batch(out, records);
    out.origin = origin();
    return true;
  }
  std::string describe() const override { return origin(); }

 private:
  std::string origin() const { return "index " + index_->name(); }
  std::shared_ptr<search::SearchIndex> index_;
  boost::json::value query_;
  std::string last_id_;
  bool done_ = false;
  uint64_t position_ = 0;
};

}  // namespace

std::unique_ptr<Source> open_search_source(const SpecNode& spec, const Services& s) {
  spec.allow_keys({"search", "query"});
  if (!s.search) spec.fail("search sources need the embedded search service (run with --data)");
  auto name = spec.string("search");
  auto index = s.search->find(name);
  if (!index) spec.at("search").fail("no such index: " + name);
  boost::json::value query;
  if (auto q = spec.get("query")) {
    query = boost::json::parse(core::to_json(yaml_to_value(*q)));
    try {  // a malformed query fails now, naming its line
      boost::json::value probe = boost::json::object{{"query", query}};
      search::SearchRequest::parse(&probe, boost::json::serialize(probe), {});
    } catch (const core::Error& e) {
      q->fail(e.what());
    }
  }
  return std::make_unique<SearchSource>(index, std::move(query));
}

}  // namespace wharf::pipeline
