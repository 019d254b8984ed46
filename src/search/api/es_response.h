// Elasticsearch's HTTP conventions in one place: JSON replies with the X-Elastic-Product header
// (which the official clients check), the vendor media type answered in kind, error bodies
// ({"error": {"root_cause", "type", "reason", ...}, "status"}), and the request helpers the
// handlers share (path segments, URL parameters, JSON bodies).
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/url.h"
#include "net/http.h"

namespace wharf::search {

class SearchService;

// JSON texts spliced into an answer as they are: documents' _source as they were indexed, which
// Elasticsearch returns byte for byte (and which then costs no parse and print per hit). The
// answer's tree holds a placeholder string naming the text; json_reply writes the text in its
// place (re-indented for ?pretty, converted for YAML). Placeholders carry a random tag of their
// request, so no string of a user's can pass for one.
class RawSplices {
 public:
  RawSplices();
  boost::json::value add(std::string json_text);
  // The text `s` stands for, or null when `s` is not a placeholder of this request.
  const std::string* find(std::string_view s) const;

 private:
  std::string tag_;
  std::vector<std::string> texts_;
};

struct EsRequest {
  explicit EsRequest(net::Request& r) : http(r) {}
  net::Request& http;
  std::vector<std::string> parts;  // decoded path segments
  core::QueryParams params;
  RawSplices splices;  // texts the answer splices in (see RawSplices)

  std::optional<std::string> param(std::string_view name) const;
  bool flag(std::string_view name) const;  // present without value, or "true"
  // The body as JSON; null when empty. Malformed JSON is a parsing error as ES reports it.
  boost::json::value json_body();
  std::string& raw_body();

 private:
  std::optional<std::string> body_;
};

// JSON text with numbers as Elasticsearch prints them.
std::string es_serialize(const boost::json::value& v);

net::Response json_reply(const EsRequest& req, int status, const boost::json::value& body);
// A Warning header as Elasticsearch 7.17 sends one for a deprecated option
// (299 Elasticsearch-7.17.0-<build> "<message>").
void add_deprecation_warning(net::Response& r, const std::string& message);
net::Response error_reply(const EsRequest& req, const core::Error& e);
// The "error" object of an exception (also used inside bulk items and mget docs).
boost::json::object error_object(const core::Error& e);
// The search_phase_execution_exception wrapper ES puts around shard-level failures.
core::Error shard_failure(const core::Error& inner, const std::string& index);

}  // namespace wharf::search
