#include "search/mapping.h"

#include <algorithm>

#include <fmt/format.h>

#include <array>
#include <functional>
#include <boost/json.hpp>

#include "search/errors.h"
#include "search/json_params.h"
#include "search/patterns.h"

namespace wharf::search {

namespace json = boost::json;

namespace {

constexpr std::array<std::pair<std::string_view, FieldType>, 14> kTypes{{
    {"text", FieldType::kText},         {"keyword", FieldType::kKeyword},
    {"long", FieldType::kLong},         {"integer", FieldType::kInteger},
    {"short", FieldType::kShort},       {"byte", FieldType::kByte},
    {"double", FieldType::kDouble},     {"float", FieldType::kFloat},
    {"half_float", FieldType::kHalfFloat}, {"scaled_float", FieldType::kScaledFloat},
    {"boolean", FieldType::kBoolean},   {"date", FieldType::kDate},
    {"object", FieldType::kObject},     {"nested", FieldType::kNested},
}};

}  // namespace

std::optional<FieldType> field_type_from_name(std::string_view name) {
  for (const auto& [n, t] : kTypes)
    if (n == name) return t;
  return std::nullopt;
}

std::string_view field_type_name(FieldType t) {
  for (const auto& [n, tt] : kTypes)
    if (tt == t) return n;
  return "object";
}

bool is_integral(FieldType t) {
  return t == FieldType::kLong || t == FieldType::kInteger || t == FieldType::kShort ||
         t == FieldType::kByte;
}

bool is_numeric(FieldType t) {
  return is_integral(t) || t == FieldType::kDouble || t == FieldType::kFloat ||
         t == FieldType::kHalfFloat || t == FieldType::kScaledFloat;
}

Mapping Mapping::parse(const json::value& mappings) {
  Mapping m;
  if (mappings.is_null()) return m;
  if (!mappings.is_object()) throw mapper_parsing("Failed to parse mapping [_doc]: Expected map");
  const json::object* root = &mappings.as_object();
  if (root->size() == 1 && root->contains("_doc") && root->at("_doc").is_object())
    throw illegal_argument(
        "The mapping definition cannot be nested under a type [_doc] unless include_type_name is "
        "set to true.");
  for (const auto& [key, v] : *root) {
    if (key == "properties") {
      if (!v.is_object())
        throw mapper_parsing("Failed to parse mapping [_doc]: properties must be a map type");
      m.parse_properties(v.as_object(), "");
    } else if (key == "dynamic") {
      m.dynamic = v.is_bool() ? (v.as_bool() ? "true" : "false")
                              : v.is_string() ? std::string(v.as_string()) : "true";
      if (m.dynamic != "true" && m.dynamic != "false" && m.dynamic != "strict" &&
          m.dynamic != "runtime")
        throw mapper_parsing(fmt::format("Failed to parse mapping [_doc]: Could not convert "
                                         "[dynamic] to boolean"));
      m.dynamic_explicit_ = true;
    } else if (key == "date_detection") {
      m.date_detection = v.is_bool() ? v.as_bool() : true;
      m.date_detection_explicit = true;
    } else if (key == "numeric_detection") {
      m.numeric_detection = v.is_bool() && v.as_bool();
      m.numeric_detection_explicit = true;
    } else if (key == "_source") {
      if (v.is_object())
        if (auto en = v.as_object().if_contains("enabled"); en && en->is_bool())
          m.source_enabled = en->as_bool();
    } else if (key == "_meta" || key == "_routing" || key == "dynamic_templates" ||
               key == "_all" || key == "enabled") {
      // accepted; _source is always kept
    } else {
      throw mapper_parsing(fmt::format(
          "Root mapping definition has unsupported parameters:  [{} : {}]", std::string(key),
          v.is_string() ? std::string(v.as_string()) : json::serialize(v)));
    }
  }
  return m;
}

void Mapping::parse_properties(const json::object& props, const std::string& prefix) {
  for (const auto& [name, def] : props) {
    if (name.empty()) throw illegal_argument("name cannot be empty string");
    std::string path = prefix + std::string(name);
    // "a.b" in properties is the field b of an object a, created when absent.
    for (size_t dot = path.find('.', prefix.size()); dot != std::string::npos;
         dot = path.find('.', dot + 1)) {
      if (field(path.substr(0, dot))) continue;
      FieldMapping obj;
      obj.path = path.substr(0, dot);
      obj.type = FieldType::kObject;
      add(std::move(obj));
    }
    if (!def.is_object())
      throw mapper_parsing(fmt::format(
          "Expected map for property [fields] on field [{}] but got a class java.lang.String",
          path));
    parse_field(path, def.as_object(), "");
  }
}

void Mapping::parse_field(const std::string& path, const json::object& def,
                          const std::string& parent_multi) {
  FieldMapping f;
  f.path = path;
  f.parent_multi = parent_multi;
  auto type_v = def.if_contains("type");
  std::string type_name = type_v && type_v->is_string() ? std::string(type_v->as_string())
                          : def.contains("properties")  ? "object"
                                                        : "object";
  auto type = field_type_from_name(type_name);
  if (!type)
    throw mapper_parsing(
        fmt::format("No handler for type [{}] declared on field [{}]", type_name, path));
  f.type = *type;
  for (const auto& [k, v] : def)
    if (k != "properties" && k != "fields") f.params.emplace(k, v);
  f.analyzer = string_param(def, "analyzer", "standard");
  f.search_analyzer = string_param(def, "search_analyzer", "");
  if (auto fmt_v = def.if_contains("format"); fmt_v && fmt_v->is_string()) {
    std::string_view s = fmt_v->as_string();
    size_t pos = 0;
    while (pos <= s.size()) {
      size_t bar = s.find("||", pos);
      f.formats.emplace_back(s.substr(pos, bar == std::string_view::npos ? s.npos : bar - pos));
      if (bar == std::string_view::npos) break;
      pos = bar + 2;
    }
  }
  if (f.type == FieldType::kDate && f.formats.empty())
    f.formats = {"strict_date_optional_time", "epoch_millis"};
  if (auto ia = def.if_contains("ignore_above"); ia && ia->is_int64()) f.ignore_above = ia->as_int64();
  f.index = bool_param(def, "index", true);
  f.coerce = bool_param(def, "coerce", true);
  f.doc_values = bool_param(def, "doc_values", f.type != FieldType::kText);
  f.has_norms = bool_param(def, "norms", f.type == FieldType::kText);
  f.index_phrases = f.type == FieldType::kText && bool_param(def, "index_phrases", false);
  if (f.index_phrases && !f.index)
    throw mapper_parsing(fmt::format("Failed to parse mapping [_doc]: Cannot set index_phrases "
                                     "on unindexed field [{}]",
                                     path))
        .with("caused_by.type", "illegal_argument_exception")
        .with("caused_by.reason",
              fmt::format("Cannot set index_phrases on unindexed field [{}]", path));
  if (auto b = def.if_contains("boost"); b && b->is_number()) f.boost = b->to_number<double>();
  add(std::move(f));
  if (auto props = def.if_contains("properties"); props && props->is_object())
    parse_properties(props->as_object(), path + ".");
  if (auto subs = def.if_contains("fields"); subs && subs->is_object())
    for (const auto& [sub, sdef] : subs->as_object()) {
      if (!sdef.is_object())
        throw mapper_parsing(fmt::format("Expected map for property [fields] on field [{}]", path));
      parse_field(path + "." + std::string(sub), sdef.as_object(), path);
    }
}

const FieldMapping& Mapping::add(FieldMapping f) {
  if (auto it = by_path_.find(f.path); it != by_path_.end()) {
    FieldMapping& old = *it->second;
    if (old.type != f.type)
      throw illegal_argument(fmt::format("mapper [{}] cannot be changed from type [{}] to [{}]",
                                         f.path, field_type_name(old.type),
                                         field_type_name(f.type)));
    // Documents indexed so far have (or lack) the shingles: the parameter cannot change.
    if (old.index_phrases != f.index_phrases)
      throw illegal_argument(fmt::format(
          "Mapper for [{}] conflicts with existing mapper:\n\tCannot update parameter "
          "[index_phrases] from [{}] to [{}]",
          f.path, old.index_phrases, f.index_phrases));
    for (const auto& [k, v] : f.params) old.params[k] = v;
    ++version;
    return old;
  }
  if (f.leaf() && f.id == 0) f.id = next_id_++;
  next_id_ = std::max(next_id_, f.id + 1);
  fields_.push_back(std::make_unique<FieldMapping>(std::move(f)));
  by_path_[fields_.back()->path] = fields_.back().get();
  ++version;
  return *fields_.back();
}

void Mapping::merge(const Mapping& update) {
  if (update.date_detection_explicit) {
    date_detection = update.date_detection;
    date_detection_explicit = true;
  }
  if (update.numeric_detection_explicit) {
    numeric_detection = update.numeric_detection;
    numeric_detection_explicit = true;
  }
  for (const auto& f : update.fields()) {
    FieldMapping copy = *f;
    copy.id = 0;
    if (auto existing = field(copy.path)) copy.id = existing->id;
    add(std::move(copy));
  }
  if (update.dynamic_explicit_) {
    dynamic = update.dynamic;
    dynamic_explicit_ = true;
  }
}

const FieldMapping* Mapping::field(std::string_view path) const {
  auto it = by_path_.find(path);
  return it == by_path_.end() ? nullptr : it->second;
}

std::vector<const FieldMapping*> Mapping::stored(const std::vector<std::string>& patterns) const {
  std::vector<const FieldMapping*> out;
  auto is_stored = [](const FieldMapping* f) {
    auto* s = f->params.if_contains("store");
    return s && ((s->is_bool() && s->as_bool()) || (s->is_string() && s->as_string() == "true"));
  };
  for (const auto& p : patterns) {
    if (p == "_source" || p == "_none_") continue;
    std::vector<const FieldMapping*> fields;
    if (p.find('*') != std::string::npos) fields = match(p);
    else if (auto f = field(p); f && f->leaf()) fields.push_back(f);
    for (auto* f : fields)
      if (is_stored(f) && std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  }
  return out;
}

std::vector<const FieldMapping*> Mapping::match(std::string_view pattern) const {
  std::vector<const FieldMapping*> out;
  for (const auto& f : fields_)
    if (f->leaf() && glob_match(pattern, f->path)) out.push_back(f.get());
  return out;
}

std::vector<const FieldMapping*> Mapping::multi_fields_of(std::string_view path) const {
  std::vector<const FieldMapping*> out;
  for (const auto& f : fields_)
    if (f->parent_multi == path) out.push_back(f.get());
  return out;
}

json::object Mapping::to_json() const {
  json::object root;
  if (dynamic_explicit_) root["dynamic"] = dynamic;  // ES shows it as a string
  if (!source_enabled) root["_source"] = json::object{{"enabled", false}};
  if (date_detection_explicit) root["date_detection"] = date_detection;
  if (numeric_detection_explicit) root["numeric_detection"] = numeric_detection;
  json::object props;
  // The object holding a field's definition: found from the root each time (fields are stored
  // parents-first), since pointers into a growing JSON object would not stay valid.
  std::function<json::object&(const FieldMapping&)> container = [&](const FieldMapping& f) -> json::object& {
    std::string parent = !f.parent_multi.empty() ? f.parent_multi
                         : f.path.rfind('.') != std::string::npos ? f.path.substr(0, f.path.rfind('.'))
                                                                  : "";
    const FieldMapping* p = parent.empty() ? nullptr : field(parent);
    if (!p) return props;
    json::object& parent_def = container(*p)[name_in_parent(*p)].as_object();
    auto& slot = parent_def[f.parent_multi.empty() ? "properties" : "fields"];
    if (!slot.is_object()) slot = json::object();
    return slot.as_object();
  };
  for (const auto& f : fields_) {
    json::object def = f->params;
    if (f->type == FieldType::kObject) def.erase("type");
    else if (!def.contains("type")) def["type"] = field_type_name(f->type);
    container(*f)[name_in_parent(*f)] = std::move(def);
  }
  if (!props.empty()) root["properties"] = std::move(props);
  return root;
}

std::string Mapping::name_in_parent(const FieldMapping& f) const {
  if (!f.parent_multi.empty()) return f.path.substr(f.parent_multi.size() + 1);
  auto dot = f.path.rfind('.');
  if (dot != std::string::npos && field(f.path.substr(0, dot))) return f.path.substr(dot + 1);
  return f.path;
}

json::value Mapping::save() const {
  json::array fields;
  for (const auto& f : fields_) {
    json::object o;
    o["path"] = f->path;
    o["id"] = f->id;
    o["type"] = field_type_name(f->type);
    if (!f->parent_multi.empty()) o["multi_of"] = f->parent_multi;
    json::object def = f->params;
    def["type"] = field_type_name(f->type);
    o["def"] = std::move(def);
    fields.push_back(std::move(o));
  }
  return json::object{{"dynamic", dynamic},
                      {"dynamic_explicit", dynamic_explicit_},
                      {"date_detection", date_detection},
                      {"numeric_detection", numeric_detection},
                      {"date_detection_explicit", date_detection_explicit},
                      {"source_enabled", source_enabled},
                      {"numeric_detection_explicit", numeric_detection_explicit},
                      {"next_id", next_id_},
                      {"fields", std::move(fields)}};
}

Mapping Mapping::load(const json::value& saved) {
  Mapping m;
  const auto& o = saved.as_object();
  m.dynamic = std::string(o.at("dynamic").as_string());
  m.dynamic_explicit_ = o.at("dynamic_explicit").as_bool();
  m.date_detection = o.at("date_detection").as_bool();
  m.numeric_detection = o.at("numeric_detection").as_bool();
  if (auto v = o.if_contains("date_detection_explicit")) m.date_detection_explicit = v->as_bool();
  if (auto v = o.if_contains("source_enabled")) m.source_enabled = v->as_bool();
  if (auto v = o.if_contains("numeric_detection_explicit")) m.numeric_detection_explicit = v->as_bool();
  for (const auto& fv : o.at("fields").as_array()) {
    const auto& f = fv.as_object();
    std::string path(f.at("path").as_string());
    std::string multi = f.contains("multi_of") ? std::string(f.at("multi_of").as_string()) : "";
    size_t before = m.fields_.size();
    json::object def = f.at("def").as_object();
    def.erase("properties");
    def.erase("fields");
    m.parse_field(path, def, multi);
    if (m.fields_.size() > before) {
      auto& added = *m.fields_[before];
      added.id = static_cast<uint32_t>(f.at("id").to_number<int64_t>());
      if (!f.at("def").as_object().contains("type") ||
          added.type == FieldType::kObject)
        added.params.erase("type");
    }
  }
  m.next_id_ = static_cast<uint32_t>(o.at("next_id").to_number<int64_t>());
  m.version = 0;
  return m;
}

}  // namespace wharf::search
