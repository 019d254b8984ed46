// Typed parameters read out of the JSON objects of settings, mappings and aggregations, with
// Elasticsearch's leniency: numbers and booleans may also come as strings ("5", "true").
#pragma once

#include <boost/json/object.hpp>
#include <cstdlib>
#include <string>

namespace wharf::search {

inline std::string string_param(const boost::json::object& o, const char* key, std::string dflt) {
  auto v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : dflt;
}

inline bool bool_param(const boost::json::object& o, const char* key, bool dflt) {
  auto v = o.if_contains(key);
  if (!v) return dflt;
  if (v->is_bool()) return v->as_bool();
  if (v->is_string()) return v->as_string() == "true";
  return dflt;
}

inline double number_param(const boost::json::object& o, const char* key, double dflt) {
  auto v = o.if_contains(key);
  if (!v) return dflt;
  if (v->is_number()) return v->to_number<double>();
  if (v->is_string()) return std::atof(std::string(v->as_string()).c_str());
  return dflt;
}

inline size_t size_param(const boost::json::object& o, const char* key, size_t dflt) {
  double d = number_param(o, key, static_cast<double>(dflt));
  return d < 0 ? dflt : static_cast<size_t>(d);
}

}  // namespace wharf::search
