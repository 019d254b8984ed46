#include "search/document_indexer.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "search/date_format.h"
#include "search/errors.h"
#include "search/index_terms.h"

namespace wharf::search {

namespace json = boost::json;

std::string scalar_text(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  return json::serialize(v);
}

namespace {

constexpr int kPositionGap = 100;  // position_increment_gap between array values

struct NeedsMappingUpdate {};

struct FieldState {
  std::vector<std::string> keywords;
  std::vector<double> numbers;
  uint32_t length = 0;
  int next_position = 0;
  bool exists = false;
};

class Indexer {
 public:
  Indexer(std::string_view id, const Mapping& m, const AnalyzerRegistry& a, Mapping* grow)
      : id_(id), mapping_(m), analyzers_(a), grow_(grow) {}

  IndexedDocument run(const json::object& source) {
    object(source, "");
    IndexedDocument out;
    out.doc = std::move(doc_);
    for (auto& [fid, st] : state_) {
      const FieldMapping* f = by_id_.at(fid);
      if (st.exists) out.doc.add_boolean_term(exists_term(fid));
      if (f->type == FieldType::kKeyword || f->type == FieldType::kBoolean) {
        // Indexed without frequencies: the length is the number of distinct terms.
        std::set<std::string> distinct(st.keywords.begin(), st.keywords.end());
        st.length = static_cast<uint32_t>(distinct.size());
      }
      if (f->type == FieldType::kKeyword) {
        if (f->doc_values)
          out.doc.add_value(values_slot(fid), pack_strings(std::move(st.keywords)));
      } else if (!st.numbers.empty() && f->doc_values) {
        out.doc.add_value(values_slot(fid), pack_numbers(std::move(st.numbers)));
      }
      if (st.length > 0) {
        out.doc.add_value(length_slot(fid), pack_length(st.length));
        out.lengths[fid] = st.length;
      }
    }
    for (const auto& [pid, length] : shingle_lengths_) {
      out.doc.add_value(length_slot(pid), pack_length(length));
      out.lengths[pid] = length;
    }
    return out;
  }

 private:
  [[noreturn]] void parse_failure(const FieldMapping& f, const json::value& v,
                                  std::string cause_type, std::string cause) {
    std::string preview = v.is_string() ? std::string(v.as_string()) : json::serialize(v);
    auto e = mapper_parsing(fmt::format(
        "failed to parse field [{}] of type [{}] in document with id '{}'. Preview of field's "
        "value: '{}'",
        f.path, field_type_name(f.type), id_, preview));
    e.with("caused_by.type", std::move(cause_type)).with("caused_by.reason", std::move(cause));
    throw e;
  }

  const FieldMapping* resolve(const std::string& path, const json::value& sample) {
    if (auto f = mapping_.field(path)) return f;
    if (mapping_.dynamic == "false" || mapping_.dynamic == "runtime") return nullptr;
    if (mapping_.dynamic == "strict") {
      auto dot = path.rfind('.');
      throw es_error("strict_dynamic_mapping_exception",
                     fmt::format("mapping set to strict, dynamic introduction of [{}] within [{}] "
                                 "is not allowed",
                                 dot == std::string::npos ? path : path.substr(dot + 1),
                                 dot == std::string::npos ? "_doc" : path.substr(0, dot)));
    }
    if (!grow_) throw NeedsMappingUpdate{};
    FieldMapping f;
    f.path = path;
    if (sample.is_object()) {
      f.type = FieldType::kObject;
    } else if (sample.is_bool()) {
      f.type = FieldType::kBoolean;
    } else if (sample.is_int64() || sample.is_uint64()) {
      f.type = FieldType::kLong;
    } else if (sample.is_double()) {
      f.type = FieldType::kFloat;
    } else {
      std::string_view s = sample.as_string();
      static const std::vector<std::string> kSlashed = {"yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd",
                                                        "epoch_millis"};
      if (mapping_.date_detection && s.find('-') != s.npos &&
          parse_date(s, {"strict_date_optional_time"})) {
        f.type = FieldType::kDate;
        f.formats = {"strict_date_optional_time", "epoch_millis"};
      } else if (mapping_.date_detection && s.find('/') != s.npos && parse_date(s, kSlashed)) {
        f.type = FieldType::kDate;
        f.formats = kSlashed;
        f.params["format"] = "yyyy/MM/dd HH:mm:ss||yyyy/MM/dd||epoch_millis";
      } else if (mapping_.numeric_detection && parse_double(s)) {
        f.type = std::floor(*parse_double(s)) == *parse_double(s) ? FieldType::kLong
                                                                   : FieldType::kFloat;
      } else {
        f.type = FieldType::kText;
      }
    }
    if (f.type != FieldType::kObject) f.params["type"] = field_type_name(f.type);
    f.doc_values = f.type != FieldType::kText;
    f.has_norms = f.type == FieldType::kText;
    const FieldMapping& added = grow_->add(std::move(f));
    if (added.type == FieldType::kText) {
      FieldMapping kw;
      kw.path = path + ".keyword";
      kw.parent_multi = path;
      kw.type = FieldType::kKeyword;
      kw.ignore_above = 256;
      kw.params = {{"type", "keyword"}, {"ignore_above", 256}};
      kw.has_norms = false;
      grow_->add(std::move(kw));
    }
    return mapping_.field(path);
  }

  static std::optional<double> parse_double(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    double d;
    auto r = std::from_chars(s.data(), s.data() + s.size(), d);
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return d;
  }

  void object(const json::object& o, const std::string& prefix) {
    for (const auto& [k, v] : o) {
      if (k.empty())
        throw mapper_parsing("field name cannot be an empty string");
      std::string path = prefix + std::string(k);
      value(path, v);
    }
  }

  void value(const std::string& path, const json::value& v) {
    if (v.is_null()) return;
    if (v.is_array()) {
      for (const auto& e : v.as_array()) value(path, e);
      return;
    }
    const FieldMapping* f = resolve(path, v);
    if (!f) return;
    if (!f->leaf()) {
      if (!v.is_object())
        throw mapper_parsing(fmt::format(
            "object mapping for [{}] tried to parse field [{}] as object, but found a concrete "
            "value",
            path, path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1)));
      object(v.as_object(), path + ".");
      return;
    }
    if (v.is_object()) parse_failure(*f, v, "illegal_state_exception",
                                     "Can't get text on a START_OBJECT");
    leaf(*f, v);
    for (const FieldMapping* sub : mapping_.multi_fields_of(f->path)) leaf(*sub, v);
  }

  void leaf(const FieldMapping& f, const json::value& v) {
    by_id_[f.id] = &f;
    FieldState& st = state_[f.id];
    switch (f.type) {
      case FieldType::kText: {
        std::string text = scalar_text(v);
        st.exists = true;
        if (!f.index) return;
        auto analyzer = analyzers_.find(f.analyzer);
        if (!analyzer)
          throw mapper_parsing(fmt::format("analyzer [{}] has not been configured in mappings",
                                           f.analyzer));
        auto tokens = analyzer->analyze(text);
        int base = st.next_position;
        int last = base - 1;
        for (const auto& t : tokens) {
          doc_.add_posting(field_term(f.id, t.term), xapian_pos(base + t.position));
          last = std::max(last, base + t.position);
        }
        st.length += static_cast<uint32_t>(tokens.size());
        st.next_position = last + 1 + kPositionGap;
        if (f.index_phrases) add_shingles(f.id, std::move(tokens));
        return;
      }
      case FieldType::kKeyword: {
        std::string s = scalar_text(v);
        if (f.ignore_above >= 0 && static_cast<int64_t>(s.size()) > f.ignore_above) return;
        st.exists = true;
        if (f.index) doc_.add_boolean_term(field_term(f.id, s));
        st.keywords.push_back(std::move(s));
        return;
      }
      case FieldType::kBoolean: {
        bool b;
        if (v.is_bool()) b = v.as_bool();
        else if (v.is_string() && (v.as_string() == "true" || v.as_string() == "false" ||
                                   v.as_string().empty()))
          b = v.as_string() == "true";
        else
          parse_failure(f, v, "illegal_argument_exception",
                        fmt::format("Failed to parse value [{}] as only [true] or [false] are "
                                    "allowed.",
                                    scalar_text(v)));
        st.exists = true;
        if (f.index) doc_.add_boolean_term(field_term(f.id, b ? "T" : "F"));
        st.keywords.push_back(b ? "T" : "F");  // distinct values, for the field length
        st.numbers.push_back(b ? 1 : 0);
        return;
      }
      case FieldType::kDate: {
        std::optional<int64_t> ms;
        // A JSON number is epoch millis, or epoch seconds when that is the field's (first) format.
        double unit = !f.formats.empty() && f.formats[0] == "epoch_second" ? 1000 : 1;
        if (v.is_int64()) ms = static_cast<int64_t>(static_cast<double>(v.as_int64()) * unit);
        else if (v.is_uint64()) ms = static_cast<int64_t>(static_cast<double>(v.as_uint64()) * unit);
        else if (v.is_double()) ms = static_cast<int64_t>(v.as_double() * unit);
        else if (v.is_string()) ms = parse_date(v.as_string(), f.formats);
        if (!ms)
          parse_failure(f, v, "illegal_argument_exception",
                        fmt::format("failed to parse date field [{}] with format [{}]",
                                    scalar_text(v), fmt::join(f.formats, "||")));
        st.exists = true;
        st.numbers.push_back(static_cast<double>(*ms));
        return;
      }
      default: {  // numbers
        std::optional<double> d;
        if (v.is_int64()) d = static_cast<double>(v.as_int64());
        else if (v.is_uint64()) d = static_cast<double>(v.as_uint64());
        else if (v.is_double()) d = v.as_double();
        else if (v.is_string() && f.coerce) d = parse_double(v.as_string());
        else if (v.is_string())
          parse_failure(f, v, "illegal_argument_exception",
                        fmt::format("{} value passed as String",
                                    is_integral(f.type) ? "Integer" : "Floating-point"));
        else if (v.is_bool())
          parse_failure(f, v, "json_parse_exception",
                        "Current token (VALUE_TRUE) not numeric, can not use numeric value accessors");
        if (!d)
          parse_failure(f, v,
                        f.type == FieldType::kLong ? "illegal_argument_exception"
                                                   : "number_format_exception",
                        fmt::format("For input string: \"{}\"", scalar_text(v)));
        double x = *d;
        if (is_integral(f.type)) {
          x = std::trunc(x);
          double lo = f.type == FieldType::kLong ? -9.223372036854775808e18
                      : f.type == FieldType::kInteger ? -2147483648.0
                      : f.type == FieldType::kShort   ? -32768.0
                                                      : -128.0;
          double hi = -lo - 1;
          if (x < lo || x > hi)
            parse_failure(f, v, "illegal_argument_exception",
                          fmt::format("Value [{}] is out of range for {}", scalar_text(v),
                                      f.type == FieldType::kLong      ? "a long"
                                      : f.type == FieldType::kInteger ? "an integer"
                                      : f.type == FieldType::kShort   ? "a short"
                                                                      : "a byte"));
        } else if (f.type == FieldType::kFloat) {
          x = static_cast<float>(x);
        }
        st.exists = true;
        st.numbers.push_back(x);
        return;
      }
    }
  }

  // index_phrases: each word and each word at the next position make a shingle term (stacked
  // words, such as synonyms, pair with each of the next position's). The phrase field's length
  // counts a shingle for every position but the last, as Lucene's FixedShingleFilter emits one
  // for every word with a word (or a gap) after it.
  void add_shingles(uint32_t field_id, TokenStream tokens) {
    auto by_position = [](const Token& a, const Token& b) { return a.position < b.position; };
    if (!std::is_sorted(tokens.begin(), tokens.end(), by_position))
      std::stable_sort(tokens.begin(), tokens.end(), by_position);
    uint32_t positions = 0;
    size_t here = 0;  // the first token at the current position
    while (here < tokens.size()) {
      ++positions;
      size_t next = here;  // the first token at a later position
      while (next < tokens.size() && tokens[next].position == tokens[here].position) ++next;
      size_t end = next;
      while (end < tokens.size() && tokens[end].position == tokens[next].position) ++end;
      if (next < tokens.size() && tokens[next].position == tokens[here].position + 1)
        for (size_t a = here; a < next; ++a)
          for (size_t b = next; b < end; ++b)
            doc_.add_term(shingle_term(field_id, tokens[a].term, tokens[b].term));
      here = next;
    }
    if (positions > 1) shingle_lengths_[phrase_field_id(field_id)] += positions - 1;
  }

  std::string_view id_;
  const Mapping& mapping_;
  const AnalyzerRegistry& analyzers_;
  Mapping* grow_;
  Xapian::Document doc_;
  std::map<uint32_t, FieldState> state_;
  std::map<uint32_t, const FieldMapping*> by_id_;
  std::map<uint32_t, uint32_t> shingle_lengths_;  // phrase field id -> shingles
};

}  // namespace

std::optional<IndexedDocument> index_document(const json::object& source, std::string_view id,
                                              const Mapping& mapping,
                                              const AnalyzerRegistry& analyzers, Mapping* grow) {
  try {
    return Indexer(id, grow ? *grow : mapping, analyzers, grow).run(source);
  } catch (const NeedsMappingUpdate&) {
    return std::nullopt;
  }
}

}  // namespace wharf::search
