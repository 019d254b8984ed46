// An index's mapping: the fields Elasticsearch knows, their types and parameters. Each leaf field
// (multi-fields included, "title.keyword") has a stable numeric id that names its terms and value
// slots in the Xapian database, so renaming nothing and adding fields never rewrites documents.
// Mappings only grow: a field's type cannot change (illegal_argument_exception, as in ES).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wharf::search {

enum class FieldType {
  kText, kKeyword, kLong, kInteger, kShort, kByte, kDouble, kFloat, kHalfFloat, kScaledFloat,
  kBoolean, kDate, kObject, kNested
};

std::optional<FieldType> field_type_from_name(std::string_view name);
std::string_view field_type_name(FieldType t);
bool is_numeric(FieldType t);
bool is_integral(FieldType t);

struct FieldMapping {
  std::string path;  // dotted full path
  FieldType type = FieldType::kObject;
  uint32_t id = 0;   // 0 for objects
  std::string parent_multi;  // for a multi-field: the path of the field it belongs to
  std::string analyzer = "standard";
  std::string search_analyzer;  // empty: same as analyzer
  std::vector<std::string> formats;  // date formats
  int64_t ignore_above = -1;
  bool index = true;
  bool doc_values = true;
  bool has_norms = true;
  bool coerce = true;  // numbers: accept numeric strings and truncate fractions
  // Text: index_phrases. Adjacent words are also indexed as shingles ("a b") in a hidden field
  // (index_terms.h: phrase_field_id), and exact phrases are found and scored there, as
  // Elasticsearch does: without reading positions for two words.
  bool index_phrases = false;
  double boost = 1.0;
  boost::json::object params;  // the definition as given (minus properties/fields), for GET

  bool leaf() const { return type != FieldType::kObject && type != FieldType::kNested; }
  // Where the field's values are in a document's source: a multi-field reads its parent's.
  const std::string& source_path() const { return parent_multi.empty() ? path : parent_multi; }
  const std::string& query_analyzer() const {
    return search_analyzer.empty() ? analyzer : search_analyzer;
  }
};

class Mapping {
 public:
  Mapping() = default;

  // From a `mappings` body (with or without the 7.x `_doc` wrapper). Throws
  // mapper_parsing_exception for unknown types and malformed definitions.
  static Mapping parse(const boost::json::value& mappings);

  // Adds the fields of `update` (PUT _mapping). A changed type is illegal_argument_exception.
  void merge(const Mapping& update);

  // Adds one field found in a document (dynamic mapping). Assigns ids.
  const FieldMapping& add(FieldMapping f);

  const FieldMapping* field(std::string_view path) const;
  const std::vector<std::unique_ptr<FieldMapping>>& fields() const { return fields_; }
  // Leaf fields whose path matches a pattern with '*' wildcards ("title*", "*.name").
  std::vector<const FieldMapping*> match(std::string_view pattern) const;
  std::vector<const FieldMapping*> multi_fields_of(std::string_view path) const;
  // The fields with `store: true` that stored_fields patterns name (names or '*' patterns;
  // "_source" and "_none_" name none).
  std::vector<const FieldMapping*> stored(const std::vector<std::string>& patterns) const;

  std::string dynamic = "true";  // "true", "false", "strict"
  bool date_detection = true;
  bool numeric_detection = false;
  bool date_detection_explicit = false;
  bool source_enabled = true;  // _source.enabled: false keeps no source
  bool numeric_detection_explicit = false;
  uint64_t version = 0;  // bumped by every change (dynamic updates race-check against it)

  // The mapping as GET _mapping shows it: {"properties": {...}} (plus "dynamic" if set).
  boost::json::object to_json() const;
  // The internal form with ids, for persistence.
  boost::json::value save() const;
  static Mapping load(const boost::json::value& saved);

 private:
  void parse_properties(const boost::json::object& props, const std::string& prefix);
  std::string name_in_parent(const FieldMapping& f) const;
  void parse_field(const std::string& path, const boost::json::object& def,
                   const std::string& parent_multi);
  std::vector<std::unique_ptr<FieldMapping>> fields_;
  std::map<std::string, FieldMapping*, std::less<>> by_path_;
  uint32_t next_id_ = 1;
  bool dynamic_explicit_ = false;
};

}  // namespace wharf::search
