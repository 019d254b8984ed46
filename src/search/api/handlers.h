// The handlers of the search API, one function per Elasticsearch endpoint, grouped by file:
// cluster_handlers.cc, index_handlers.cc, document_handlers.cc, bulk_handler.cc,
// search_handlers.cc.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "net/http.h"
#include "search/api/es_response.h"
#include "search/search_index.h"
#include "search/search_service.h"

namespace wharf::search::api {

using Handler = net::Response (*)(SearchService&, EsRequest&);

// cluster_handlers.cc
net::Response info(SearchService&, EsRequest&);
net::Response cluster_health(SearchService&, EsRequest&);
net::Response cat_indices(SearchService&, EsRequest&);
net::Response cat_health(SearchService&, EsRequest&);
net::Response cat_count(SearchService&, EsRequest&);
net::Response cat_aliases(SearchService&, EsRequest&);
net::Response analyze(SearchService&, EsRequest&);

// index_handlers.cc
net::Response create_index(SearchService&, EsRequest&);
net::Response delete_index(SearchService&, EsRequest&);
net::Response get_index(SearchService&, EsRequest&);
net::Response index_exists(SearchService&, EsRequest&);
net::Response get_mapping(SearchService&, EsRequest&);
net::Response get_field_mapping(SearchService&, EsRequest&);
net::Response put_mapping(SearchService&, EsRequest&);
net::Response get_settings(SearchService&, EsRequest&);
net::Response put_settings(SearchService&, EsRequest&);
net::Response refresh(SearchService&, EsRequest&);
net::Response get_aliases(SearchService&, EsRequest&);
net::Response update_aliases(SearchService&, EsRequest&);
net::Response put_alias(SearchService&, EsRequest&);
net::Response delete_alias(SearchService&, EsRequest&);
net::Response alias_exists(SearchService&, EsRequest&);

// document_handlers.cc
net::Response index_doc(SearchService&, EsRequest&);
net::Response create_doc(SearchService&, EsRequest&);
net::Response get_doc(SearchService&, EsRequest&);
net::Response get_source(SearchService&, EsRequest&);
net::Response delete_doc(SearchService&, EsRequest&);
net::Response update_doc(SearchService&, EsRequest&);
net::Response mget(SearchService&, EsRequest&);

// bulk_handler.cc
net::Response bulk(SearchService&, EsRequest&);

// search_handlers.cc
net::Response search(SearchService&, EsRequest&);
net::Response count(SearchService&, EsRequest&);
net::Response msearch(SearchService&, EsRequest&);
net::Response delete_by_query(SearchService&, EsRequest&);
net::Response explain(SearchService&, EsRequest&);

// Shared by the document and bulk handlers.
boost::json::object write_result_json(const SearchIndex& index, const WriteResult& r,
                                      bool forced_refresh);
int write_status(const WriteResult& r);
WriteOptions write_options(const EsRequest& req, bool creating = false);
// The change of an _update with a partial document: merged into the current source (objects
// merge, everything else replaces); without a current document, the doc itself (doc_as_upsert)
// or `upsert`; nullopt for "noop" (unchanged, when detect_noop) or "missing".
SearchIndex::Change partial_update(const boost::json::object& patch, bool doc_as_upsert,
                                   const boost::json::value* upsert, bool detect_noop);
// The mapper_parsing_exception of a source that is not a JSON object.
core::Error not_an_object();
// After a write request: the translog reaches the disk, then refresh=true|wait_for|false is
// applied. True when it refreshed.
bool finish_write(const EsRequest& req, SearchIndex& index);

}  // namespace wharf::search::api
