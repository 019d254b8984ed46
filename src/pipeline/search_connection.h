// The search engine an index source or sink works on: the embedded SearchService of the data dir
// (in-process), or any Elasticsearch-compatible endpoint over its REST API (another `wharf
// serve`, Elasticsearch, OpenSearch). One interface, so the source and the sink are written once.
#pragma once

#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wharf::pipeline {

class SpecNode;
struct Services;

// Index `source` (a JSON object) under `id` (empty: a generated id), or (remove) delete `id`.
struct SearchWrite {
  bool remove = false;
  std::string id;
  std::string source;
};

struct SearchHit {
  std::string id;
  std::string source;        // the _source JSON; empty when the index keeps none
  boost::json::value sort;   // where the next page starts: pass it back as `after`
};

class SearchConnection {
 public:
  virtual ~SearchConnection() = default;
  // "index products", or "index products at http://host:9200".
  virtual std::string describe(const std::string& index) const = 0;
  // The mappings of the index (or single-index alias) `index`; nullopt when there is none.
  virtual std::optional<boost::json::value> mappings(const std::string& index) = 0;
  // Creates the index with `mappings` (null: dynamic); an index created meanwhile is kept.
  virtual void create(const std::string& index, const boost::json::value& mappings) = 0;
  // Applies the writes in order; returns how many deletions removed a document. Fails on the
  // first document the engine refuses (a mapping conflict), naming it.
  virtual uint64_t apply(const std::string& index, std::vector<SearchWrite>& writes) = 0;
  virtual void refresh(const std::string& index) = 0;
  // Points `alias` at `index` alone and deletes the indices it pointed at before (or an index
  // named `alias`): the swap of a full refresh, one step for readers.
  virtual void swap_alias(const std::string& alias, const std::string& index) = 0;
  // Indices named `prefix` + something, each with whether `alias` points at it.
  virtual std::vector<std::pair<std::string, bool>> indices_named(const std::string& prefix,
                                                                  const std::string& alias) = 0;
  virtual void remove_index(const std::string& index) = 0;
  // Up to `size` documents matching `query` (null: all) in a stable order, after the hit whose
  // `sort` is `after` (null: from the first).
  virtual std::vector<SearchHit> page(const std::string& index, const boost::json::value& query, size_t size,
                                      const boost::json::value& after) = 0;
};

// The embedded service, or the remote endpoint the spec (or `wharf run --search-endpoint`) names.
std::unique_ptr<SearchConnection> open_search_connection(const SpecNode& spec, const Services& s);
// The spec keys a remote index takes.
inline constexpr const char* kRemoteSearchKeys[] = {"endpoint", "username", "password"};

std::unique_ptr<SearchConnection> remote_search(const std::string& endpoint, const SpecNode& spec);  // remote_search.cc

}  // namespace wharf::pipeline
