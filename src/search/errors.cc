#include "search/errors.h"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace wharf::search {

namespace {

constexpr std::array<std::pair<std::string_view, int>, 19> kStatus{{
    {"index_not_found_exception", 404},
    {"resource_already_exists_exception", 400},
    {"invalid_index_name_exception", 400},
    {"parsing_exception", 400},
    {"x_content_parse_exception", 400},
    {"mapper_parsing_exception", 400},
    {"illegal_argument_exception", 400},
    {"action_request_validation_exception", 400},
    {"version_conflict_engine_exception", 409},
    {"document_missing_exception", 404},
    {"search_phase_execution_exception", 400},
    {"query_shard_exception", 400},
    {"resource_not_found_exception", 404},
    {"aliases_not_found_exception", 404},
    {"json_parse_exception", 400},
    {"not_x_content_exception", 400},
    {"strict_dynamic_mapping_exception", 400},
    {"parse_exception", 400},
    {"invalid_alias_name_exception", 400},
}};

}  // namespace

int es_status(std::string_view type) {
  for (const auto& [t, status] : kStatus)
    if (t == type) return status;
  return 500;
}

core::Error es_error(std::string_view type, std::string reason) {
  return core::Error(std::string(type), es_status(type), std::move(reason));
}

core::Error index_not_found(std::string_view index) {
  auto e = es_error("index_not_found_exception", fmt::format("no such index [{}]", index));
  e.with("resource.type", "index_or_alias")
      .with("resource.id", std::string(index))
      .with("index_uuid", "_na_")
      .with("index", std::string(index));
  return e;
}

core::Error index_already_exists(std::string_view index, std::string_view uuid) {
  auto e = es_error("resource_already_exists_exception",
                    fmt::format("index [{}/{}] already exists", index, uuid));
  e.with("index_uuid", std::string(uuid)).with("index", std::string(index));
  return e;
}

core::Error invalid_index_name(std::string_view index, std::string_view why) {
  auto e = es_error("invalid_index_name_exception",
                    fmt::format("Invalid index name [{}], {}", index, why));
  e.with("index_uuid", "_na_").with("index", std::string(index));
  return e;
}

core::Error parsing_error(std::string reason, int line, int col) {
  auto e = es_error("parsing_exception", std::move(reason));
  e.with("#line", std::to_string(line)).with("#col", std::to_string(col));
  return e;
}

core::Error mapper_parsing(std::string reason) {
  return es_error("mapper_parsing_exception", std::move(reason));
}

core::Error illegal_argument(std::string reason) {
  return es_error("illegal_argument_exception", std::move(reason));
}

core::Error validation_failed(std::string_view what) {
  return es_error("action_request_validation_exception",
                  fmt::format("Validation Failed: 1: {};", what));
}

core::Error version_conflict(std::string_view index, std::string_view uuid, std::string_view id,
                             std::string reason) {
  auto e = es_error("version_conflict_engine_exception", fmt::format("[{}]: {}", id, reason));
  e.with("index_uuid", std::string(uuid)).with("shard", "0").with("index", std::string(index));
  return e;
}

core::Error document_missing(std::string_view index, std::string_view uuid, std::string_view id) {
  auto e = es_error("document_missing_exception", fmt::format("[_doc][{}]: document missing", id));
  e.with("index_uuid", std::string(uuid)).with("shard", "0").with("index", std::string(index));
  return e;
}

}  // namespace wharf::search
