// The Elasticsearch-compatible REST API (the search port). Routes a request to its handler by
// method and path; handlers translate between Elasticsearch's JSON and the search domain
// (SearchService, SearchIndex, searcher) and hold no storage logic.
#pragma once

#include "net/http.h"
#include "search/search_service.h"

namespace wharf::search {

class SearchApi {
 public:
  explicit SearchApi(SearchService& service) : service_(service) {}
  net::Response handle(net::Request& req, net::RequestInfo& info);

 private:
  SearchService& service_;
};

}  // namespace wharf::search
