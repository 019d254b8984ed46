#include "pipeline/search_connection.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "pipeline/remote_endpoint.h"
#include "pipeline/services.h"
#include "pipeline/spec_node.h"
#include "search/search_index.h"
#include "search/search_service.h"
#include "search/searcher.h"

namespace wharf::pipeline {
namespace {

class EmbeddedSearch : public SearchConnection {
 public:
  explicit EmbeddedSearch(search::SearchService& service) : service_(service) {}

  std::string describe(const std::string& index) const override { return "index " + index; }

  std::optional<boost::json::value> mappings(const std::string& index) override {
    auto idx = service_.find(index);
    if (!idx) return std::nullopt;
    return idx->mapping()->to_json();
  }

  void create(const std::string& index, const boost::json::value& mappings) override {
    search::IndexMeta meta;
    meta.name = index;
    try {
      service_.create(std::move(meta), mappings.is_null() ? search::Mapping() : search::Mapping::parse(mappings));
    } catch (const core::Error& e) {
      if (e.code() != "resource_already_exists_exception") throw;
    }
  }

  uint64_t apply(const std::string& index, std::vector<SearchWrite>& writes) override {
    auto idx = service_.get(index);
    uint64_t deleted = 0;
    for (auto& w : writes) {
      if (w.remove) {
        if (idx->remove(w.id, {}).result == "deleted") ++deleted;
      } else {
        auto doc = boost::json::parse(w.source);
        idx->index(std::move(w.id), std::move(w.source), doc.as_object(), {});
      }
    }
    return deleted;
  }

  void refresh(const std::string& index) override { service_.get(index)->refresh(); }
  void swap_alias(const std::string& alias, const std::string& index) override { service_.swap_alias(alias, index); }
  void remove_index(const std::string& index) override { service_.remove(index); }

  std::vector<std::pair<std::string, bool>> indices_named(const std::string& prefix, const std::string& alias) override {
    std::vector<std::pair<std::string, bool>> out;
    for (auto& idx : service_.all())
      if (idx->name().starts_with(prefix)) out.emplace_back(idx->name(), idx->meta().aliases.count(alias) > 0);
    return out;
  }

  std::vector<SearchHit> page(const std::string& index, const boost::json::value& query, size_t size,
                              const boost::json::value& after) override {
    auto idx = service_.get(index);
    boost::json::object body{{"size", size}, {"sort", boost::json::array{boost::json::object{{"_id", "asc"}}}}};
    if (!query.is_null()) body["query"] = query;
    if (!after.is_null()) body["search_after"] = after;
    boost::json::value v = body;
    auto req = search::SearchRequest::parse(&v, boost::json::serialize(v), {});
    auto result = search::execute_search({idx}, req);
    std::vector<SearchHit> hits;
    hits.reserve(result.hits.size());
    for (auto& h : result.hits) {
      boost::json::value sort = boost::json::array{boost::json::value(h.doc.id)};
      hits.push_back(SearchHit{std::move(h.doc.id), std::move(h.doc.source), std::move(sort)});
    }
    return hits;
  }

 private:
  search::SearchService& service_;
};

}  // namespace

std::unique_ptr<SearchConnection> open_search_connection(const SpecNode& spec, const Services& s) {
  if (auto endpoint = remote_endpoint(spec, s, RemoteKind::kSearch)) return remote_search(*endpoint, spec);
  if (!s.search) spec.fail("indexes need the embedded search service (run with --data) or an endpoint:");
  return std::make_unique<EmbeddedSearch>(*s.search);
}

}  // namespace wharf::pipeline
