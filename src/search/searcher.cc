#include "search/searcher.h"

#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <climits>
#include <cmath>

#include "core/clock.h"
#include "search/bm25.h"
#include "search/errors.h"
#include "search/date_format.h"
#include "search/explanation.h"
#include "search/highlighter.h"
#include "search/index_terms.h"
#include "search/number_format.h"
#include "search/patterns.h"
#include "search/query_compiler.h"

namespace wharf::search {

namespace json = boost::json;
using XQ = Xapian::Query;

json::value score_json(double score) {
  float f = static_cast<float>(score);
  if (!std::isfinite(f)) return nullptr;
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, f);
  return json::value(std::strtod(std::string(buf, r.ptr).c_str(), nullptr));
}

namespace {

constexpr size_t kMaxResultWindow = 10000;

std::optional<std::string> param(const std::vector<std::pair<std::string, std::string>>& params,
                                 std::string_view name) {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return std::nullopt;
}

bool truthy(const std::optional<std::string>& v) { return v && (v->empty() || *v == "true"); }

size_t size_value(const json::value& v, const char* what) {
  int64_t n = v.is_number() ? v.to_number<int64_t>()
              : v.is_string() ? std::atoll(std::string(v.as_string()).c_str())
                              : -1;
  if (n < 0)
    throw illegal_argument(fmt::format("[{}] parameter cannot be negative, found [{}]", what, n));
  return static_cast<size_t>(n);
}

SortSpec sort_entry(const std::string& field, const json::value* opts) {
  SortSpec s;
  s.field = field;
  s.asc = field != "_score";
  if (opts && opts->is_string()) {
    s.asc = opts->as_string() == "asc";
  } else if (opts && opts->is_object()) {
    const auto& o = opts->as_object();
    if (auto ord = o.if_contains("order"); ord && ord->is_string()) s.asc = ord->as_string() == "asc";
    if (auto m = o.if_contains("missing"); m && m->is_string()) s.missing = std::string(m->as_string());
    if (auto m = o.if_contains("mode"); m && m->is_string()) s.mode = std::string(m->as_string());
    if (auto u = o.if_contains("unmapped_type"); u && u->is_string())
      s.unmapped_type = std::string(u->as_string());
  }
  return s;
}

void parse_sort(const json::value& v, std::vector<SortSpec>& out) {
  if (v.is_array()) {
    for (const auto& e : v.as_array()) parse_sort(e, out);
  } else if (v.is_string()) {
    // "price:desc" as the URL parameter writes it: elasticsearch-py 7.17 moves its sort
    // parameter into the body in that form.
    std::string s(v.as_string());
    for (size_t pos = 0; pos <= s.size();) {
      size_t comma = s.find(',', pos);
      std::string part = s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      auto colon = part.rfind(':');
      if (colon != std::string::npos && (part.ends_with(":asc") || part.ends_with(":desc"))) {
        json::value order(part.substr(colon + 1));
        out.push_back(sort_entry(part.substr(0, colon), &order));
      } else if (!part.empty()) {
        out.push_back(sort_entry(part, nullptr));
      }
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
  } else if (v.is_object()) {
    for (const auto& [k, o] : v.as_object()) out.push_back(sort_entry(std::string(k), &o));
  }
}

// ---- sort keys ----

struct ResolvedSort {
  const SortSpec* spec;
  const FieldMapping* field = nullptr;  // null for _score/_doc/_id
};

void append_escaped(std::string& key, std::string_view s, bool invert) {
  std::string part;
  for (char c : s) {
    part += c;
    if (c == '\0') part += '\x01';
  }
  part += std::string("\0\0", 2);
  if (invert)
    for (auto& c : part) c = static_cast<char>(~static_cast<unsigned char>(c));
  key += part;
}

class SortKeys : public Xapian::KeyMaker {
 public:
  explicit SortKeys(std::vector<ResolvedSort> r) : sorts_(std::move(r)) {}

  std::string operator()(const Xapian::Document& doc) const override {
    std::string key;
    for (const auto& r : sorts_) {
      const SortSpec& s = *r.spec;
      if (s.field == "_score") continue;
      if (s.field == "_doc") {
        uint32_t d = doc.get_docid();
        char b[4] = {char(d >> 24), char(d >> 16), char(d >> 8), char(d)};
        append_escaped(key, std::string_view(b, 4), !s.asc);
        continue;
      }
      if (s.field == "_id") {
        key += '\x01';
        append_escaped(key, doc_id_of(doc), !s.asc);
        continue;
      }
      if (!r.field) {
        key += s.missing == "_first" ? '\x00' : '\x02';
        continue;
      }
      std::string raw = doc.get_value(values_slot(r.field->id));
      bool use_min = s.mode.empty() ? s.asc : s.mode == "min";
      if (r.field->type == FieldType::kKeyword) {
        auto vals = unpack_strings(raw);
        if (vals.empty()) {
          key += s.missing == "_first" ? '\x00' : '\x02';
          continue;
        }
        key += '\x01';
        append_escaped(key, use_min ? vals.front() : vals.back(), !s.asc);
      } else {
        auto vals = unpack_numbers(raw);
        if (vals.empty()) {
          key += s.missing == "_first" ? '\x00' : '\x02';
          continue;
        }
        double v = use_min ? vals.front() : vals.back();
        if (s.mode == "sum" || s.mode == "avg") {
          double sum = 0;
          for (double x : vals) sum += x;
          v = s.mode == "sum" ? sum : sum / vals.size();
        }
        std::string ser = Xapian::sortable_serialise(v);
        ser.resize(9, '\0');
        if (!s.asc)
          for (auto& c : ser) c = static_cast<char>(~static_cast<unsigned char>(c));
        key += '\x01';
        key += ser;
      }
    }
    return key;
  }

  // The "sort" values of a hit.
  json::array values(const Xapian::Document& doc, double score) const {
    json::array out;
    for (const auto& r : sorts_) {
      const SortSpec& s = *r.spec;
      if (s.field == "_score") {
        out.push_back(score_json(score));
        continue;
      }
      if (s.field == "_doc") {
        out.push_back(static_cast<int64_t>(doc.get_docid()) - 1);
        continue;
      }
      if (s.field == "_id") {
        out.push_back(json::value(doc_id_of(doc)));
        continue;
      }
      bool use_min = s.mode.empty() ? s.asc : s.mode == "min";
      if (!r.field) {
        out.push_back(s.asc ? json::value(INT64_MAX) : json::value(INT64_MIN));
        continue;
      }
      std::string raw = doc.get_value(values_slot(r.field->id));
      if (r.field->type == FieldType::kKeyword) {
        auto vals = unpack_strings(raw);
        if (vals.empty()) out.push_back(nullptr);
        else out.push_back(json::value(use_min ? vals.front() : vals.back()));
        continue;
      }
      auto vals = unpack_numbers(raw);
      if (vals.empty()) {
        bool integral = is_integral(r.field->type) || r.field->type == FieldType::kDate;
        if (integral) out.push_back(s.asc ? json::value(INT64_MAX) : json::value(INT64_MIN));
        else out.push_back(s.asc ? json::value(INFINITY) : json::value(-INFINITY));
        continue;
      }
      double v = use_min ? vals.front() : vals.back();
      if (is_integral(r.field->type) || r.field->type == FieldType::kDate ||
          r.field->type == FieldType::kBoolean)
        out.push_back(static_cast<int64_t>(v));
      else
        out.push_back(v);
    }
    return out;
  }

  // The key of a search_after tuple, built from the sort values the client echoes back.
  std::string key_of_values(const json::array& after) const {
    std::string key;
    size_t i = 0;
    for (const auto& r : sorts_) {
      if (i >= after.size()) break;
      const json::value& v = after[i++];
      const SortSpec& s = *r.spec;
      if (s.field == "_score") continue;
      if (s.field == "_doc") {
        uint32_t d = static_cast<uint32_t>(v.to_number<int64_t>() + 1);
        char b[4] = {char(d >> 24), char(d >> 16), char(d >> 8), char(d)};
        append_escaped(key, std::string_view(b, 4), !s.asc);
        continue;
      }
      if (v.is_null() || (!r.field && s.field != "_id")) {
        key += s.missing == "_first" ? '\x00' : '\x02';
        continue;
      }
      key += '\x01';
      if (s.field == "_id" || r.field->type == FieldType::kKeyword) {
        append_escaped(key, v.is_string() ? std::string(v.as_string()) : json::serialize(v), !s.asc);
      } else {
        double d = v.is_number() ? v.to_number<double>()
                                 : std::atof(std::string(v.as_string()).c_str());
        if ((v.is_int64() && (v.as_int64() == INT64_MAX || v.as_int64() == INT64_MIN))) {
          key.back() = s.missing == "_first" ? '\x00' : '\x02';
          continue;
        }
        std::string ser = Xapian::sortable_serialise(d);
        ser.resize(9, '\0');
        if (!s.asc)
          for (auto& c : ser) c = static_cast<char>(~static_cast<unsigned char>(c));
        key += ser;
      }
    }
    return key;
  }

  bool has_keys() const {
    return std::any_of(sorts_.begin(), sorts_.end(),
                       [](const ResolvedSort& r) { return r.spec->field != "_score"; });
  }

 private:
  std::vector<ResolvedSort> sorts_;
};

class AfterDecider : public Xapian::MatchDecider {
 public:
  AfterDecider(const SortKeys& keys, std::string after) : keys_(keys), after_(std::move(after)) {}
  bool operator()(const Xapian::Document& doc) const override { return keys_(doc) > after_; }

 private:
  const SortKeys& keys_;
  std::string after_;
};

// Lists the documents a (counting) pass matched.
class DocidCollector : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double) override {
    docs->emplace_back(doc.get_docid(), 0.0);
  }
  std::shared_ptr<std::vector<std::pair<Xapian::docid, double>>> docs =
      std::make_shared<std::vector<std::pair<Xapian::docid, double>>>();
};

// The term of a query that is one term (under weight scaling), else nullopt.
std::optional<std::string> single_term(XQ q) {
  while (q.get_type() == XQ::OP_SCALE_WEIGHT && q.get_num_subqueries() == 1) q = q.get_subquery(0);
  if (q.get_type() != XQ::LEAF_TERM) return std::nullopt;
  auto it = q.get_terms_begin();
  if (it == q.get_terms_end()) return std::nullopt;
  return *it;
}

// Feeds every matching document to the aggregators.
class AggSpy : public Xapian::MatchSpy {
 public:
  AggSpy(std::vector<Aggregator*> aggs, const SearchIndex& index, const Mapping& m,
         const Xapian::Database& db, std::function<bool(const Query*, Xapian::docid)> member)
      : aggs_(std::move(aggs)), index_(index), mapping_(m), values_(db, &index.value_columns()), member_(std::move(member)) {}
  void operator()(const Xapian::Document& doc, double wt) override {
    Xapian::docid did = doc.get_docid();
    AggDoc d{&index_, &mapping_, did, &doc, &values_, wt,
             [this, did](const Query* q) { return member_(q, did); }};
    for (Aggregator* a : aggs_) a->collect(d);
  }
  bool empty() const { return aggs_.empty(); }

 private:
  std::vector<Aggregator*> aggs_;
  const SearchIndex& index_;
  const Mapping& mapping_;
  DocValues values_;
  std::function<bool(const Query*, Xapian::docid)> member_;
};

struct Candidate {
  size_t index_order;
  Xapian::docid did;
  double score;
  std::string key;
  Hit hit;
};

void add_highlights(Hit& hit, const HighlightSpec& spec, const Mapping& mapping,
                    const AnalyzerRegistry& analyzers,
                    const std::map<std::string, std::set<std::string>>& terms) {
  json::error_code ec;
  json::value src = json::parse(hit.doc.source, ec);
  if (ec) return;
  for (const auto& pattern : spec.fields) {
    std::vector<const FieldMapping*> fields;
    if (pattern.find('*') != std::string::npos) fields = mapping.match(pattern);
    else if (auto f = mapping.field(pattern)) fields.push_back(f);
    for (const FieldMapping* f : fields) {
      if (f->type != FieldType::kText && f->type != FieldType::kKeyword) continue;
      std::set<std::string> any_field;
      if (!spec.require_field_match)
        for (const auto& [field, ts] : terms) any_field.insert(ts.begin(), ts.end());
      auto t = terms.find(f->source_path());
      if (spec.require_field_match && t == terms.end()) continue;
      const std::set<std::string>& wanted = spec.require_field_match ? t->second : any_field;
      HighlightOptions opts{spec.pre_tag, spec.post_tag, spec.fragment_size,
                            spec.number_of_fragments};
      if (auto po = spec.per_field.if_contains(pattern); po && po->is_object()) {
        const auto& o = po->as_object();
        if (auto v = o.if_contains("fragment_size"); v && v->is_number())
          opts.fragment_size = v->to_number<size_t>();
        if (auto v = o.if_contains("number_of_fragments"); v && v->is_number())
          opts.number_of_fragments = v->to_number<size_t>();
        if (auto v = o.if_contains("pre_tags"); v && v->is_array() && !v->as_array().empty())
          opts.pre_tag = std::string(v->as_array()[0].as_string());
        if (auto v = o.if_contains("post_tags"); v && v->is_array() && !v->as_array().empty())
          opts.post_tag = std::string(v->as_array()[0].as_string());
      }
      auto analyzer = analyzers.find(f->type == FieldType::kText ? f->analyzer : "keyword");
      if (!analyzer) continue;
      json::array frags;
      const std::string& source_path = f->source_path();
      for (const json::value* v : values_at(src, source_path)) {
        if (v->is_null() || v->is_object()) continue;
        std::string text = v->is_string() ? std::string(v->as_string()) : json::serialize(*v);
        for (auto& frag : highlight_text(text, *analyzer, wanted, opts)) frags.push_back(json::value(frag));
      }
      if (!frags.empty()) hit.highlight[f->path] = std::move(frags);
    }
  }
}

// "fields" / "docvalue_fields": each requested field's values, from doc values where the field
// has them (numbers, dates formatted, keywords), else from the source.
void add_fields(Hit& hit, const Xapian::Document& doc, const std::vector<std::string>& patterns,
                const Mapping& mapping, const std::map<std::string, std::string>& formats = {}) {
  std::optional<json::value> src;
  for (const auto& pattern : patterns) {
    std::vector<const FieldMapping*> fields;
    if (pattern.find('*') != std::string::npos) fields = mapping.match(pattern);
    else if (auto f = mapping.field(pattern); f && f->leaf()) fields.push_back(f);
    for (const FieldMapping* f : fields) {
      json::array values;
      std::string raw = doc.get_value(values_slot(f->id));
      if (f->type == FieldType::kKeyword && !raw.empty()) {
        for (auto& v : unpack_strings(raw)) values.push_back(json::value(v));
      } else if (f->type != FieldType::kText && f->type != FieldType::kKeyword && !raw.empty()) {
        auto given = formats.find(pattern);
        for (double v : unpack_numbers(raw)) {
          if (given != formats.end() && f->type == FieldType::kDate)
            values.push_back(json::value(format_date(static_cast<int64_t>(v), given->second)));
          else if (given != formats.end() && f->type != FieldType::kBoolean)
            values.push_back(json::value(format_decimal(v, given->second)));
          else if (f->type == FieldType::kDate)
            values.push_back(json::value(format_date(static_cast<int64_t>(v), f->formats.empty() ? "" : f->formats[0])));
          else if (f->type == FieldType::kBoolean) values.push_back(v != 0);
          else if (is_integral(f->type)) values.push_back(static_cast<int64_t>(v));
          else values.push_back(v);
        }
      } else {
        if (!src) {
          json::error_code ec;
          src = json::parse(hit.doc.source, ec);
          if (ec) src = json::value(nullptr);
        }
        for (auto& v : scalar_values_at(*src, f->source_path())) values.push_back(std::move(v));
      }
      if (!values.empty()) hit.fields[f->path] = std::move(values);
    }
  }
}

}  // namespace

QueryPtr uri_query(const std::vector<std::pair<std::string, std::string>>& params) {
  auto q = param(params, "q");
  if (!q) return nullptr;
  std::vector<std::string> fields;
  if (auto df = param(params, "df")) fields.push_back(*df);
  std::string op = param(params, "default_operator").value_or("or");
  for (auto& c : op) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return parse_query_string(*q, fields, op, false);
}

// Aggregation order keys Elasticsearch 7 still takes with a warning: _time (histograms) and
// _term (terms) mean _key.
void rename_deprecated_orders(std::vector<std::unique_ptr<AggSpec>>& aggs, std::vector<std::string>& warnings);

SearchRequest SearchRequest::parse(const json::value* body, std::string_view raw,
                                   const std::vector<std::pair<std::string, std::string>>& params) {
  SearchRequest r;
  bool stored_given = false;
  if (body && !body->is_null()) {
    if (!body->is_object()) throw parsing_error("Unexpected token [START_ARRAY]");
    for (const auto& [k, v] : body->as_object()) {
      if (k == "query") r.query = parse_query(v, raw);
      else if (k == "post_filter") r.post_filter = parse_query(v, raw);
      else if (k == "from") r.from = size_value(v, "from");
      else if (k == "size") r.size = size_value(v, "size");
      else if (k == "sort") parse_sort(v, r.sort);
      else if (k == "search_after") {
        if (!v.is_array()) throw parsing_error("[search_after] must be an array");
        r.search_after = v.as_array();
      } else if (k == "_source") r.source = SourceFilter::from_json(v);
      else if (k == "aggs" || k == "aggregations") {
        r.aggs = parse_aggregations(v);
        rename_deprecated_orders(r.aggs, r.warnings);
      }
      else if (k == "highlight") {
        HighlightSpec h;
        if (!v.is_object()) throw parsing_error("[highlight] must be an object");
        const auto& o = v.as_object();
        if (auto f = o.if_contains("fields")) {
          auto add = [&](std::string_view name, const json::value& opts) {
            h.fields.emplace_back(name);
            h.per_field[name] = opts;
          };
          if (f->is_object())
            for (const auto& [name, opts] : f->as_object()) add(name, opts);
          else if (f->is_array())
            for (const auto& e : f->as_array())
              if (e.is_object())
                for (const auto& [name, opts] : e.as_object()) add(name, opts);
        }
        if (auto t = o.if_contains("pre_tags"); t && t->is_array() && !t->as_array().empty())
          h.pre_tag = std::string(t->as_array()[0].as_string());
        if (auto t = o.if_contains("post_tags"); t && t->is_array() && !t->as_array().empty())
          h.post_tag = std::string(t->as_array()[0].as_string());
        if (auto t = o.if_contains("fragment_size"); t && t->is_number())
          h.fragment_size = t->to_number<size_t>();
        if (auto t = o.if_contains("number_of_fragments"); t && t->is_number())
          h.number_of_fragments = t->to_number<size_t>();
        if (auto t = o.if_contains("require_field_match"); t && t->is_bool())
          h.require_field_match = t->as_bool();
        r.highlight = std::move(h);
      } else if (k == "explain") r.explain = v.is_bool() && v.as_bool();
      else if (k == "version") r.version = v.is_bool() && v.as_bool();
      else if (k == "seq_no_primary_term") r.seq_no_primary_term = v.is_bool() && v.as_bool();
      else if (k == "track_scores") r.track_scores = v.is_bool() && v.as_bool();
      else if (k == "track_total_hits") {
        r.track_total_hits_given = true;
        if (v.is_bool()) r.track_total_hits = v.as_bool() ? INT64_MAX : -1;
        else if (v.is_number()) r.track_total_hits = v.to_number<int64_t>();
      } else if (k == "rescore") {
        auto window = [&](const json::value& e) {
          int64_t w = 10;
          if (e.is_object())
            if (auto ws = e.as_object().if_contains("window_size"); ws && ws->is_number()) w = ws->to_number<int64_t>();
          r.rescore_window = std::max(r.rescore_window.value_or(0), w);
        };
        if (v.is_array())
          for (const auto& e : v.as_array()) window(e);
        else
          window(v);
      } else if (k == "min_score") r.min_score = v.to_number<double>();
      else if (k == "terminate_after") r.terminate_after = v.to_number<size_t>();
      else if (k == "fields" || k == "docvalue_fields") {
        if (!v.is_array()) throw parsing_error(fmt::format("[{}] must be an array", std::string(k)));
        if (k == "docvalue_fields") r.docvalue_fields += v.as_array().size();
        for (const auto& e : v.as_array()) {
          if (e.is_string()) r.fields.emplace_back(e.as_string());
          else if (e.is_object())
            if (auto f = e.as_object().if_contains("field"); f && f->is_string()) {
              r.fields.emplace_back(f->as_string());
              // use_field_mapping is what 7.x does anyway (the field's own format)
              if (auto fm = e.as_object().if_contains("format"); fm && fm->is_string()) {
                if (fm->as_string() != "use_field_mapping")
                  r.field_formats[std::string(f->as_string())] = std::string(fm->as_string());
                else
                  r.warnings.emplace_back(
                      "[use_field_mapping] is a special format that was only used to ease the transition to 7.x. "
                      "It has become the default and shouldn't be set explicitly anymore.");
              }
            }
        }
      } else if (k == "indices_boost") {
        auto add = [&](const json::object& o) {
          for (const auto& [name, b] : o)
            r.indices_boost.emplace_back(std::string(name), b.is_number() ? b.to_number<double>() : 1.0);
        };
        if (v.is_object()) add(v.as_object());
        else if (v.is_array())
          for (const auto& e : v.as_array())
            if (e.is_object()) add(e.as_object());
      } else if (k == "stored_fields") {
        if (v.is_string()) r.stored_fields.emplace_back(v.as_string());
        else if (v.is_array())
          for (const auto& e : v.as_array())
            if (e.is_string()) r.stored_fields.emplace_back(e.as_string());
        stored_given = true;
      } else if (k == "timeout" || k == "profile" || k == "suggest" ||
               k == "ext" || k == "stats" || k == "_name" || k == "runtime_mappings") {
      } else {
        const char* token = v.is_object() ? "START_OBJECT" : v.is_array() ? "START_ARRAY"
                            : v.is_string() ? "VALUE_STRING" : v.is_bool() ? "VALUE_BOOLEAN"
                                                                            : "VALUE_NUMBER";
        throw parsing_error(fmt::format("Unknown key for a {} in [{}].", token, std::string(k)));
      }
    }
  }
  if (QueryPtr q = uri_query(params)) r.query = std::move(q);
  if (auto v = param(params, "from")) r.from = size_value(json::value(*v), "from");
  if (auto v = param(params, "size")) r.size = size_value(json::value(*v), "size");
  if (auto v = param(params, "sort")) {
    for (const auto& part : split_commas(*v)) {
      auto colon = part.find(':');
      json::value order(colon == std::string::npos ? "asc" : part.substr(colon + 1));
      std::string field = part.substr(0, colon);
      if (colon == std::string::npos && field == "_score") order = "desc";
      r.sort.push_back(sort_entry(field, &order));
    }
  }
  auto src = param(params, "_source");
  auto inc = param(params, "_source_includes");
  auto exc = param(params, "_source_excludes");
  if (src || inc || exc) r.source = SourceFilter::from_params(src, inc, exc);
  if (auto v = param(params, "track_total_hits")) {
    r.track_total_hits_given = true;
    if (*v == "true") r.track_total_hits = INT64_MAX;
    else if (*v == "false") r.track_total_hits = -1;
    else r.track_total_hits = std::atoll(v->c_str());
  }
  if (r.track_total_hits < -1)
    throw illegal_argument(
        fmt::format("[track_total_hits] parameter must be positive or equals to -1, got {}", r.track_total_hits));
  if (truthy(param(params, "explain"))) r.explain = true;
  if (auto v = param(params, "docvalue_fields")) {
    auto names = split_commas(*v);
    r.docvalue_fields += names.size();
    r.fields.insert(r.fields.end(), names.begin(), names.end());
  }
  if (auto v = param(params, "stored_fields")) {
    stored_given = true;
    r.stored_fields = split_commas(*v);
  }
  // stored_fields without "_source" leave the source out, unless it was asked for on its own.
  bool source_asked = (body && body->is_object() && body->as_object().contains("_source")) || src || inc || exc;
  if (stored_given && !source_asked &&
      std::find(r.stored_fields.begin(), r.stored_fields.end(), "_source") == r.stored_fields.end())
    r.source.enabled = false;
  if (auto v = param(params, "search_type"); v && *v != "query_then_fetch" && *v != "dfs_query_then_fetch")
    throw illegal_argument(fmt::format("No search type for [{}]", *v));
  if (truthy(param(params, "version"))) r.version = true;
  if (truthy(param(params, "seq_no_primary_term"))) r.seq_no_primary_term = true;
  if (auto v = param(params, "scroll"))
    throw illegal_argument("scroll is not supported by wharf; use search_after");
  return r;
}

namespace {

// Visits `q` and every query nested in it.
template <class Q, class Fn>
void for_each_query(Q& q, const Fn& fn) {
  fn(q);
  for (auto* list : {&q.must, &q.should, &q.filter, &q.must_not})
    for (auto& sub : *list)
      if (sub) for_each_query(*sub, fn);
  if (q.inner) for_each_query(*q.inner, fn);
  if (q.negative) for_each_query(*q.negative, fn);
  for (auto& f : q.functions)
    if (f.filter) for_each_query(*f.filter, fn);
}

}  // namespace

void rename_deprecated_orders(std::vector<std::unique_ptr<AggSpec>>& aggs, std::vector<std::string>& warnings) {
  for (auto& a : aggs) {
    if (auto* order = a->body.if_contains("order")) {
      auto rename = [&](json::object& o) {
        for (const char* old : {"_time", "_term"}) {
          if (auto* v = o.if_contains(old)) {
            json::value keep = *v;
            o.erase(old);
            o["_key"] = std::move(keep);
            warnings.push_back(fmt::format("Deprecated aggregation order key [{}] used, replaced by [_key]", old));
          }
        }
      };
      if (order->is_object()) rename(order->as_object());
      if (order->is_array())
        for (auto& e : order->as_array())
          if (e.is_object()) rename(e.as_object());
    }
    rename_deprecated_orders(a->subs, warnings);
  }
}

void resolve_terms_lookups(
    Query& q, const std::function<std::optional<std::string>(const std::string& index, const std::string& id)>& source_of) {
  for_each_query(q, [&](Query& t) {
    if (t.kind != QueryKind::kTerms || !t.lookup) return;
    t.values.clear();
    if (auto source = source_of(t.lookup->index, t.lookup->id)) {
      boost::system::error_code ec;
      auto doc = json::parse(*source, ec);
      if (!ec)
        for (auto& v : scalar_values_at(doc, t.lookup->path)) t.values.push_back(std::move(v));
    }
    t.lookup.reset();
  });
}

double SearchRequest::boost_of(const IndexMeta& m) const {
  for (const auto& [name, b] : indices_boost)
    if (glob_match(name, m.name) || m.aliases.count(name)) return b;
  return 1.0;
}

SearchResult execute_search(const std::vector<std::shared_ptr<SearchIndex>>& indices,
                            const SearchRequest& req) {
  SearchResult result;
  // One copy of each index's settings and aliases for the whole search.
  std::vector<IndexMeta> metas;
  for (const auto& idx : indices) {
    metas.push_back(idx->meta());
    result.shards += static_cast<size_t>(metas.back().number_of_shards);
  }
  result.track_total = req.track_total_hits >= 0;
  int64_t now = core::now_millis();
  bool by_score = req.sort.empty() || req.sort[0].field == "_score";
  bool score_anywhere =
      req.sort.empty() || req.track_scores || req.explain ||
      std::any_of(req.sort.begin(), req.sort.end(), [](const SortSpec& s) { return s.field == "_score"; });
  size_t need = req.from + req.size;
  // Matches are scored only where a score is read: a `"size": 0` aggregation search skips BM25
  // (its length norms cost a value-stream lookup per match).
  bool scoring = need > 0 || req.min_score || aggregations_read_scores(req.aggs);
  for (const IndexMeta& m : metas) {
    auto setting = [&](const char* name, size_t fallback) {
      auto it = m.settings.find(name);
      if (it == m.settings.end()) return fallback;
      if (it->value().is_string()) return static_cast<size_t>(std::stoull(std::string(it->value().as_string())));
      if (it->value().is_number()) return it->value().to_number<size_t>();
      return fallback;
    };
    size_t window = setting("index.max_result_window", kMaxResultWindow);
    if (need > window)
      throw illegal_argument(fmt::format(
          "Result window is too large, from + size must be less than or equal to: [{}] but was "
          "[{}]. See the scroll api for a more efficient way to request large data sets. This "
          "limit can be set by changing the [index.max_result_window] index level setting.",
          window, need));
    if (size_t max = setting("index.max_docvalue_fields_search", 100); req.docvalue_fields > max)
      throw illegal_argument(fmt::format(
          "Trying to retrieve too many docvalue_fields. Must be less than or equal to: [{}] but was [{}]. This "
          "limit can be set by changing the [index.max_docvalue_fields_search] index level setting.",
          max, req.docvalue_fields));
    if (req.rescore_window) {
      size_t max = setting("index.max_rescore_window", window);
      if (*req.rescore_window > static_cast<int64_t>(max))
        throw illegal_argument(fmt::format(
            "Rescore window [{}] is too large. It must be less than [{}]. This prevents allocating massive heaps "
            "for storing the results to be rescored. This limit can be set by changing the "
            "[index.max_rescore_window] index level setting.",
            *req.rescore_window, max));
    }
    size_t max_terms = setting("index.max_terms_count", 65536);
    if (req.query) {
      for_each_query(*req.query, [&](const Query& q) {
        if (q.kind == QueryKind::kTerms && q.values.size() > max_terms)
          throw illegal_argument(fmt::format(
              "The number of terms [{}] used in the Terms Query request has exceeded the allowed maximum of [{}]. "
              "This maximum can be set by changing the [index.max_terms_count] index level setting.",
              q.values.size(), max_terms));
      });
    }
  }
  if (req.rescore_window) throw illegal_argument("[rescore] is not supported by wharf");
  std::vector<Candidate> cands;
  std::optional<AggSet> aggs;
  bool exact = true;
  std::vector<std::shared_ptr<const Mapping>> keep_mappings;

  for (size_t order = 0; order < indices.size(); ++order) {
    const auto& idx = indices[order];
    auto mapping = idx->mapping();
    keep_mappings.push_back(mapping);
    auto analyzers = idx->analyzers();
    if (!req.aggs.empty() && !aggs) aggs = make_aggregators(req.aggs, *mapping, now);
    // Resolve sort fields against this index's mapping.
    std::vector<ResolvedSort> resolved;
    for (const auto& s : req.sort) {
      ResolvedSort r{&s, nullptr};
      if (s.field != "_score" && s.field != "_doc" && s.field != "_id") {
        r.field = mapping->field(s.field);
        if (r.field && r.field->type == FieldType::kText)
          throw illegal_argument(fmt::format(
              "Text fields are not optimised for operations that require per-document field "
              "data like aggregations and sorting, so these operations are disabled by default. "
              "Please use a keyword field instead. Alternatively, set fielddata=true on [{}] in "
              "order to load field data by uninverting the inverted index. Note that this can "
              "use significant memory.",
              s.field));
        if (!r.field && s.unmapped_type.empty())
          throw es_error("query_shard_exception",
                         fmt::format("No mapping found for [{}] in order to sort on", s.field));
      }
      resolved.push_back(r);
    }
    SortKeys keys(resolved);
    auto lease = idx->reader();
    for (int attempt = 0;; ++attempt) {
      try {
        Xapian::Database& db = lease->db;
        std::map<std::string, std::set<std::string>> hl_terms;
        std::vector<ScoringLeaf> leaves;
        bool phrase_seen = false;
        std::vector<std::pair<TermScorer*, XQ>> term_scorers;
        CompileContext ctx{db, lease->stats, *mapping, *analyzers, now,
                           req.highlight ? &hl_terms : nullptr, req.explain ? &leaves : nullptr,
                           idx->name(), &idx->value_columns(), &phrase_seen};
        ctx.term_scorers = &term_scorers;
        XQ q = req.query ? compile_query(*req.query, ctx, scoring)
                         : XQ((new Xapian::FixedWeightPostingSource(1.0))->release());
        if (auto b = req.boost_of(metas[order]); b != 1.0 && !q.empty()) q = XQ(XQ::OP_SCALE_WEIGHT, q, b);
        if (auto f = req.index_filters.find(idx->name()); f != req.index_filters.end() && !q.empty()) {
          CompileContext fctx{db, lease->stats, *mapping, *analyzers, now, nullptr, nullptr, idx->name(), &idx->value_columns()};
          XQ alias_filter = compile_query(*f->second, fctx, false);
          q = alias_filter.empty() ? XQ() : XQ(XQ::OP_FILTER, q, alias_filter);
        }
        XQ hits_q = q;
        if (req.post_filter && !q.empty()) {
          CompileContext pctx{db, lease->stats, *mapping, *analyzers, now, nullptr, nullptr, idx->name(), &idx->value_columns()};
          XQ pf = compile_query(*req.post_filter, pctx, false);
          hits_q = pf.empty() ? XQ::MatchNothing : XQ(XQ::OP_FILTER, q, pf);
        }
        // Filter / filters aggregations: each query's matches, computed once per index.
        std::map<const Query*, std::vector<Xapian::docid>> filter_cache;
        auto member = [&](const Query* fq, Xapian::docid did) {
          auto it = filter_cache.find(fq);
          if (it == filter_cache.end()) {
            CompileContext fctx{db, lease->stats, *mapping, *analyzers, now, nullptr, nullptr, idx->name(), &idx->value_columns()};
            std::vector<Xapian::docid> ids;
            XQ compiled = compile_query(*fq, fctx, false);
            if (!compiled.empty())
              for (auto& [d, w] : run_to_list(db, compiled)) ids.push_back(d);
            it = filter_cache.emplace(fq, std::move(ids)).first;
          }
          return std::binary_search(it->second.begin(), it->second.end(), did);
        };
        Xapian::doccount all = db.get_doccount();
        if (q.empty()) break;  // nothing matches; aggregators stay empty
        Xapian::Enquire enquire(db);
        enquire.set_query(hits_q.empty() ? XQ::MatchNothing : hits_q);
        enquire.set_weighting_scheme(SourceOnlyWeight());
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        if (req.min_score) enquire.set_cutoff(0, *req.min_score);
        if (keys.has_keys()) {
          if (by_score) enquire.set_sort_by_relevance_then_key(&keys, false);
          else if (score_anywhere && !req.sort.empty()) enquire.set_sort_by_key_then_relevance(&keys, false);
          else enquire.set_sort_by_key(&keys, false);
        }
        std::unique_ptr<AfterDecider> decider;
        if (req.search_after) {
          if (req.sort.empty())
            throw illegal_argument("Sort must contain at least one field.");
          if (req.search_after->size() != req.sort.size())
            throw illegal_argument(fmt::format(
                "search_after has {} value(s) but sort has {}.", req.search_after->size(),
                req.sort.size()));
          decider = std::make_unique<AfterDecider>(keys, keys.key_of_values(*req.search_after));
        }
        Xapian::doccount check = static_cast<Xapian::doccount>(std::min<int64_t>(
            all, std::max<int64_t>(static_cast<int64_t>(need),
                                   req.track_total_hits < 0 ? 0 : req.track_total_hits)));
        // Aggregators see every match: directly when there is no post_filter, else in a
        // second pass over the unfiltered query.
        // When every document matches, some aggregations come from the index's statistics.
        std::vector<Aggregator*> visit;
        bool everything = (!req.query || req.query->kind == QueryKind::kMatchAll) &&
                          !req.min_score && !req.index_filters.count(idx->name()) &&
                          !req.post_filter && !req.search_after;
        if (everything) check = static_cast<Xapian::doccount>(std::min<size_t>(need, all));
        if (aggs) {
          for (auto& [name, a] : *aggs)
            if (!everything || !a->count_all_documents(db, *mapping)) visit.push_back(a.get());
        }
        std::unique_ptr<AggSpy> spy;
        if (!visit.empty() && !req.post_filter) {
          check = all;
          spy = std::make_unique<AggSpy>(visit, *idx, *mapping, db, member);
          enquire.add_matchspy(spy.get());
        }
        // Counting many matches with scoring on costs what scoring every match costs (Xapian
        // prunes by weight only after check_at_least documents). Without aggregations the
        // count runs as its own unscored pass, and the scored pass stops early.
        std::optional<Xapian::MSet> count_only;
        std::optional<Xapian::doccount> term_total;
        if (!spy && !everything && !req.min_score && check > need) {
          CompileContext cctx{db, lease->stats, *mapping, *analyzers, now, nullptr, nullptr, idx->name(), &idx->value_columns()};
          XQ counted = req.query ? compile_query(*req.query, cctx, false) : XQ::MatchAll;
          if (auto f = req.index_filters.find(idx->name()); f != req.index_filters.end() && !counted.empty())
            counted = XQ(XQ::OP_FILTER, counted, compile_query(*f->second, cctx, false));
          if (req.post_filter && !counted.empty())
            counted = XQ(XQ::OP_FILTER, counted, compile_query(*req.post_filter, cctx, false));
          // One term matches exactly the documents of its posting list, whose length Xapian
          // keeps: nothing to count (a third of a term query's time).
          if (auto term = single_term(counted); term && !phrase_seen) {
            term_total = db.get_termfreq(*term);
            check = static_cast<Xapian::doccount>(need);
          }
          if (!term_total) {
            Xapian::Enquire counter(db);
            counter.set_query(counted.empty() ? XQ::MatchNothing : counted);
            counter.set_weighting_scheme(Xapian::BoolWeight());
            // With a phrase every match contains, the counting pass has already verified every
            // match's positions: listed, its matches become the scored pass's candidates, and
            // that pass reads positions only for the documents that can still rank instead of
            // running the phrase matcher again.
            std::unique_ptr<DocidCollector> listed;
            if (phrase_seen && req.query && scoring && !counted.empty()) {
              listed = std::make_unique<DocidCollector>();
              counter.add_matchspy(listed.get());
            }
            count_only = counter.get_mset(0, 0, check);
            check = static_cast<Xapian::doccount>(need);
            if (listed && count_only->get_matches_lower_bound() == listed->docs->size() &&
                count_only->get_matches_upper_bound() == listed->docs->size()) {
              CompileContext kctx{db, lease->stats, *mapping, *analyzers, now, nullptr, nullptr,
                                  idx->name(), &idx->value_columns()};
              kctx.matches_known = true;
              XQ known = compile_query(*req.query, kctx, scoring);
              if (auto b = req.boost_of(metas[order]); b != 1.0 && !known.empty())
                known = XQ(XQ::OP_SCALE_WEIGHT, known, b);
              std::sort(listed->docs->begin(), listed->docs->end());
              enquire.set_query(XQ(XQ::OP_FILTER, known,
                                   XQ((new ScoredDocsSource(std::move(listed->docs)))->release())));
            }
          }
        }
        // A query that is one keyword term, ranked by score alone with ties to the lower docid
        // and counted apart: its scorer may stop once the top hits are full (stop_at_tie). The
        // leaf is recognised by identity (Query::internal, shared by copies of a query).
        if ((term_total || count_only) && !keys.has_keys() && !decider && !req.min_score &&
            term_scorers.size() == 1 && term_scorers[0].first->constant() &&
            hits_q.internal.get() == term_scorers[0].second.internal.get())
          term_scorers[0].first->stop_at_tie();
        Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(need), check,
                                             nullptr, decider.get());
        if (!visit.empty() && req.post_filter) {
          Xapian::Enquire agg_enquire(db);
          agg_enquire.set_query(q);
          agg_enquire.set_weighting_scheme(SourceOnlyWeight());
          AggSpy agg_spy(visit, *idx, *mapping, db, member);
          agg_enquire.add_matchspy(&agg_spy);
          agg_enquire.get_mset(0, 0, all);
        }
        if (everything && !spy) {
          result.total += all;  // every document matches: no need to count them one by one
        } else if (term_total) {
          result.total += *term_total;
        } else if (count_only) {
          result.total += count_only->get_matches_estimated();
          if (count_only->get_matches_lower_bound() != count_only->get_matches_upper_bound())
            exact = false;
        } else {
          uint64_t lower = mset.get_matches_lower_bound(), upper = mset.get_matches_upper_bound();
          result.total += mset.get_matches_estimated();
          if (lower != upper) exact = false;
        }
        for (auto it = mset.begin(); it != mset.end(); ++it) {
          Xapian::Document doc = it.get_document();
          Candidate c;
          c.index_order = order;
          c.did = *it;
          c.score = it.get_weight();
          if (keys.has_keys()) c.key = keys(doc);
          c.hit.index = idx->name();
          c.hit.doc = decode_document(doc);
          if (score_anywhere) c.hit.score = c.score;
          if (!req.sort.empty()) c.hit.sort = keys.values(doc, c.score);
          if (req.highlight) add_highlights(c.hit, *req.highlight, *mapping, *analyzers, hl_terms);
          if (!req.fields.empty()) add_fields(c.hit, doc, req.fields, *mapping, req.field_formats);
          if (!req.stored_fields.empty()) {
            std::vector<std::string> stored;
            for (const FieldMapping* f : mapping->stored(req.stored_fields)) stored.push_back(f->path);
            if (!stored.empty()) add_fields(c.hit, doc, stored, *mapping);
          }
          if (req.explain)
            c.hit.explanation = explain_document(db, *it, c.score, leaves, lease->stats);
          cands.push_back(std::move(c));
        }
        break;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt >= 3) throw;
        lease.reopen();
      }
    }
  }
  std::stable_sort(cands.begin(), cands.end(), [&](const Candidate& a, const Candidate& b) {
    if (by_score) {
      if (a.score != b.score) return a.score > b.score;
      if (a.key != b.key) return a.key < b.key;
    } else {
      if (a.key != b.key) return a.key < b.key;
      if (score_anywhere && a.score != b.score) return a.score > b.score;
    }
    if (a.index_order != b.index_order) return a.index_order < b.index_order;
    return a.did < b.did;
  });
  if (score_anywhere && !cands.empty()) {
    double m = -INFINITY;
    for (const auto& c : cands) m = std::max(m, c.score);
    result.max_score = m;
  }
  for (size_t i = req.from; i < cands.size() && i < need; ++i)
    result.hits.push_back(std::move(cands[i].hit));
  result.total_exact = exact;
  if (req.track_total_hits >= 0 && req.track_total_hits != INT64_MAX &&
      result.total > static_cast<uint64_t>(req.track_total_hits)) {
    result.total = static_cast<uint64_t>(req.track_total_hits);
    result.total_exact = false;
  } else if (req.track_total_hits == INT64_MAX) {
    result.total_exact = true;
  }
  if (aggs) {
    json::object out;
    for (const auto& [name, a] : *aggs) out[name] = a->result();
    result.aggregations = std::move(out);
  } else if (!req.aggs.empty()) {
    result.aggregations = json::object();
  }
  return result;
}

std::optional<json::value> explain_one(SearchIndex& index, const std::string& id,
                                       const Query& query) {
  int64_t now = core::now_millis();
  auto mapping = index.mapping();
  auto analyzers = index.analyzers();
  auto lease = index.reader();
  Xapian::Database& db = lease->db;
  std::vector<ScoringLeaf> leaves;
  CompileContext ctx{db, lease->stats, *mapping, *analyzers, now, nullptr, &leaves, index.name(), &index.value_columns()};
  XQ q = compile_query(query, ctx, true);
  if (q.empty()) return std::nullopt;
  Xapian::Enquire enquire(db);
  enquire.set_query(XQ(XQ::OP_FILTER, q, XQ(id_term(id))));
  enquire.set_weighting_scheme(SourceOnlyWeight());
  Xapian::MSet m = enquire.get_mset(0, 1);
  if (m.empty()) return std::nullopt;
  return explain_document(db, *m.begin(), m.begin().get_weight(), leaves, lease->stats);
}

uint64_t execute_count(const std::vector<std::shared_ptr<SearchIndex>>& indices,
                       const Query* query, const std::map<std::string, QueryPtr>& index_filters) {
  uint64_t total = 0;
  int64_t now = core::now_millis();
  for (const auto& idx : indices) {
    auto mapping = idx->mapping();
    auto analyzers = idx->analyzers();
    auto lease = idx->reader();
    for (int attempt = 0;; ++attempt) {
      try {
        Xapian::Database& db = lease->db;
        CompileContext ctx{db, lease->stats, *mapping, *analyzers, now, nullptr, nullptr, idx->name(), &idx->value_columns()};
        XQ q = query ? compile_query(*query, ctx, false) : XQ::MatchAll;
        if (auto f = index_filters.find(idx->name()); f != index_filters.end() && !q.empty()) {
          XQ alias_filter = compile_query(*f->second, ctx, false);
          q = alias_filter.empty() ? XQ() : XQ(XQ::OP_FILTER, q, alias_filter);
        }
        if (q.empty()) break;
        Xapian::Enquire enquire(db);
        enquire.set_query(q);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        total += enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
        break;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt >= 3) throw;
        lease.reopen();
      }
    }
  }
  return total;
}

}  // namespace wharf::search
