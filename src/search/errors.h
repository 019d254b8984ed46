// The Elasticsearch error table: each exception type with the HTTP status Elasticsearch answers
// with. Every search error wharf answers with is built here, so the `type` strings and statuses
// live in one place. Extra members of the error object (index, resource.id, line, col, caused_by)
// travel as core::Error details: a name starting with '#' is rendered as a JSON number, a name of
// the form "caused_by.type" / "caused_by.reason" becomes the nested caused_by object.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace wharf::search {

core::Error es_error(std::string_view type, std::string reason);

core::Error index_not_found(std::string_view index);
core::Error index_already_exists(std::string_view index, std::string_view uuid);
core::Error invalid_index_name(std::string_view index, std::string_view why);
core::Error parsing_error(std::string reason, int line = 1, int col = 1);
core::Error mapper_parsing(std::string reason);
core::Error illegal_argument(std::string reason);
core::Error validation_failed(std::string_view what);  // action_request_validation_exception
core::Error version_conflict(std::string_view index, std::string_view uuid, std::string_view id,
                             std::string reason);
core::Error document_missing(std::string_view index, std::string_view uuid, std::string_view id);

// HTTP status of an Elasticsearch exception type (500 for unknown types).
int es_status(std::string_view type);

}  // namespace wharf::search
