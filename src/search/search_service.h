// The search service: every index of the data dir (one Xapian database each, under
// <data>/search/<uuid>), index names and aliases, and the near-real-time refresher that commits
// each index's pending writes once per refresh_interval.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/value.hpp>

#include "search/search_index.h"

namespace wharf::search {

class SearchService {
 public:
  explicit SearchService(std::string dir);  // opens the indices found there
  ~SearchService();
  void start_background();  // the refresher thread

  // Throws invalid_index_name_exception, resource_already_exists_exception, mapping and
  // analysis errors.
  std::shared_ptr<SearchIndex> create(IndexMeta meta, Mapping mapping);
  void remove(const std::string& name);
  // The index (or single-index alias) `name`, created with default settings and dynamic mapping
  // when absent, as Elasticsearch does on the first write (action.auto_create_index).
  std::shared_ptr<SearchIndex> find_or_create(const std::string& name);
  // Points `alias` at `index` alone and deletes the indices it pointed at before (or the index
  // named `alias`), as one step for readers: the "load, then swap" of a full refresh.
  void swap_alias(const std::string& alias, const std::string& index);
  // One index by name or by an alias that points at exactly one index.
  std::shared_ptr<SearchIndex> get(const std::string& name) const;
  std::shared_ptr<SearchIndex> find(const std::string& name) const;  // nullptr if absent
  std::shared_ptr<SearchIndex> find_index(const std::string& name) const;  // by name only
  // A comma-separated expression of names, aliases, wildcards and _all. Throws
  // index_not_found for a concrete name that does not exist (unless ignore_unavailable).
  std::vector<std::shared_ptr<SearchIndex>> resolve(const std::string& expression,
                                                    bool ignore_unavailable = false) const;
  std::vector<std::shared_ptr<SearchIndex>> all() const;
  // alias -> index names.
  std::map<std::string, std::vector<std::string>> aliases() const;

  // The filters of filtered aliases named in `expression`, by index name (an index also named
  // directly, or through an unfiltered alias, is searched unfiltered).
  std::map<std::string, boost::json::value> alias_filters(const std::string& expression) const;

  static void validate_name(const std::string& name);

 private:
  void refresher();
  std::string dir_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<SearchIndex>> indices_;
  std::thread refresher_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
};

}  // namespace wharf::search
