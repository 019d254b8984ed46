// _source filtering (includes / excludes with wildcards) as GET and _search apply it.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

namespace wharf::search {

struct SourceFilter {
  bool enabled = true;  // _source=false
  std::vector<std::string> includes;
  std::vector<std::string> excludes;
  bool trivial() const { return enabled && includes.empty() && excludes.empty(); }

  // From a request's "_source" value (bool, string, array, or {includes, excludes}).
  static SourceFilter from_json(const boost::json::value& v);
  // From URL parameters (_source, _source_includes, _source_excludes).
  static SourceFilter from_params(const std::optional<std::string>& source,
                                  const std::optional<std::string>& includes,
                                  const std::optional<std::string>& excludes);

  boost::json::value apply(const boost::json::value& source) const;
};

// The non-empty parts of a comma-separated list, as Elasticsearch's URL parameters give lists.
std::vector<std::string> split_commas(const std::string& s);

// Values at a dotted path of a JSON document (arrays flattened), for highlighting and fields.
std::vector<const boost::json::value*> values_at(const boost::json::value& doc,
                                                 const std::string& path);
// The scalar values there (no nulls, no objects): a field's values as `fields` returns them.
boost::json::array scalar_values_at(const boost::json::value& doc, const std::string& path);

}  // namespace wharf::search
