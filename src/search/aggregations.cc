#include "search/aggregations.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstring>
#include <regex>
#include <set>
#include <unordered_map>

#include "search/date_format.h"
#include "search/errors.h"
#include "search/json_params.h"
#include "search/number_format.h"
#include "search/searcher.h"
#include "search/index_terms.h"
#include "search/source_filter.h"

namespace wharf::search {

namespace json = boost::json;

namespace {

const std::set<std::string, std::less<>> kBucketTypes = {
    "terms", "range", "date_range", "histogram", "date_histogram", "filter", "filters"};
const std::set<std::string, std::less<>> kMetricTypes = {
    "avg", "sum", "min", "max", "stats", "value_count", "cardinality", "top_hits",
    "extended_stats"};

[[noreturn]] void fielddata_error(const std::string& field) {
  throw illegal_argument(fmt::format(
      "Text fields are not optimised for operations that require per-document field data like "
      "aggregations and sorting, so these operations are disabled by default. Please use a "
      "keyword field instead. Alternatively, set fielddata=true on [{}] in order to load field "
      "data by uninverting the inverted index. Note that this can use significant memory.",
      field));
}

// JSON for a double as Elasticsearch writes it: integral values keep a ".0" (rendered through
// a double), NaN/inf as null.
json::value num(double v) {
  if (!std::isfinite(v)) return nullptr;
  return json::value(v);
}

struct Values {
  std::vector<double> numbers;
  std::vector<std::string> strings;
  bool is_string = false;
};

const FieldMapping* agg_field(const Mapping& m, const json::object& body) {
  auto f = body.if_contains("field");
  if (!f || !f->is_string()) return nullptr;
  const FieldMapping* fm = m.field(f->as_string());
  if (fm && fm->type == FieldType::kText) fielddata_error(fm->path);
  return fm && fm->leaf() ? fm : nullptr;
}

Values values_of(const FieldMapping* f, const AggDoc& d) {
  Values v;
  if (!f) return v;
  std::string raw = d.values->get(values_slot(f->id), d.did);
  if (f->type == FieldType::kKeyword) {
    v.is_string = true;
    v.strings = unpack_strings(raw);
  } else {
    v.numbers = unpack_numbers(raw);
  }
  return v;
}

// The aggregated field in a document's own index: a search over several indices sees each one's
// mapping, where the field may have another slot, another type, or no mapping at all.
class FieldOf {
 public:
  FieldOf(const Mapping& home, const FieldMapping* f, const json::object& body) : home_(&home), f_(f) {
    if (auto fv = body.if_contains("field"); fv && fv->is_string()) name_ = std::string(fv->as_string());
  }
  const FieldMapping* in(const AggDoc& d) {
    if (!d.mapping || d.mapping == home_) return f_;
    if (d.mapping != last_mapping_) {
      last_mapping_ = d.mapping;
      last_ = name_.empty() ? nullptr : d.mapping->field(name_);
      if (last_ && (!last_->leaf() || last_->type == FieldType::kText)) last_ = nullptr;
    }
    return last_;
  }
  const FieldMapping* in(const Mapping& m) const {
    if (&m == home_) return f_;
    const FieldMapping* f = name_.empty() ? nullptr : m.field(name_);
    return f && f->leaf() && f->type != FieldType::kText ? f : nullptr;
  }

 private:
  const Mapping* home_;
  const FieldMapping* f_;
  std::string name_;
  const Mapping* last_mapping_ = nullptr;
  const FieldMapping* last_ = nullptr;
};

AggSet make_set(const std::vector<std::unique_ptr<AggSpec>>& specs, const Mapping& m, int64_t now);

// Sub-aggregations of one bucket.
struct Bucket {
  uint64_t count = 0;
  AggSet subs;
  void collect(const AggDoc& d) {
    ++count;
    for (auto& [n, a] : subs) a->collect(d);
  }
  void render_into(json::object& o) const {
    o["doc_count"] = count;
    for (const auto& [n, a] : subs) o[n] = a->result();
  }
  double sort_value(const std::string& path) const {
    std::string name = path.substr(0, path.find('.'));
    std::string metric = path.find('.') == std::string::npos ? "" : path.substr(path.find('.') + 1);
    for (const auto& [n, a] : subs)
      if (n == name) return a->sort_value(metric);
    throw es_error("aggregation_execution_exception",
                   fmt::format("Invalid aggregator order path [{}]. Unknown aggregation [{}]",
                               path, name));
  }
};

class MetricAgg : public Aggregator {
 public:
  MetricAgg(std::string type, std::string name, const FieldMapping* f, const Mapping& m, const json::object& body)
      : type_(std::move(type)), f_(f), field_(m, f, body) {
    if (auto m = body.if_contains("missing"); m && m->is_number()) missing_ = m->to_number<double>();
    if (auto m = body.if_contains("missing"); m && m->is_string()) missing_text_ = std::string(m->as_string());
    if (auto p = body.if_contains("precision_threshold"); p && p->is_number() && p->to_number<double>() < 0)
      throw illegal_argument(fmt::format(
          "[precisionThreshold] must be greater than or equal to 0. Found [{}] in [{}]",
          p->to_number<int64_t>(), name));
    if (auto sg = body.if_contains("sigma"); sg && !sg->is_number())
      throw parsing_error(fmt::format("[{}] failed to parse field [sigma]", type_));
    sigma_ = number_param(body, "sigma", 2.0);
    if (auto fm = body.if_contains("format"); fm && fm->is_string()) format_ = std::string(fm->as_string());
    if (sigma_ < 0)
      throw illegal_argument(fmt::format(
          "[sigma] must be greater than or equal to 0. Found [{}] in [{}]",
          std::to_string(sigma_).substr(0, std::to_string(sigma_).find('.') + 2), name));
  }
  void collect(const AggDoc& d) override {
    const FieldMapping* f = field_.in(d);
    Values v = values_of(f, d);
    if (!f || (v.strings.empty() && v.numbers.empty())) {  // a document without the field
      if (missing_text_) {
        ++count_;
        distinct_s_.insert(*missing_text_);
        return;
      }
      if (missing_) v.numbers.push_back(*missing_);
    }
    if (v.is_string) {
      count_ += v.strings.size();
      for (auto& s : v.strings) distinct_s_.insert(s);
      return;
    }
    for (double x : v.numbers) {
      ++count_;
      sum_ += x;
      sumsq_ += x * x;
      min_ = std::min(min_, x);
      max_ = std::max(max_, x);
      if (type_ == "cardinality") distinct_n_.insert(x);
    }
  }
  double sort_value(const std::string& metric) const override {
    std::string m = metric.empty() ? type_ : metric;
    if (m == "avg") return count_ ? sum_ / count_ : NAN;
    if (m == "sum") return sum_;
    if (m == "min") return min_;
    if (m == "max") return max_;
    if (m == "count" || m == "value_count") return static_cast<double>(count_);
    if (m == "cardinality") return static_cast<double>(distinct_n_.size() + distinct_s_.size());
    return NAN;
  }
  json::value result() const override {
    bool date = f_ && f_->type == FieldType::kDate;
    // value_as_string: a date in the agg's `format` or the field's (first) one; a number only
    // when a format is given (Java DecimalFormat).
    auto with_string = [&](json::object& o, const char* key, double v) {
      o[key] = count_ ? num(v) : nullptr;
      if (!count_) return;
      if (date)
        o[std::string(key) + "_as_string"] =
            format_date(static_cast<int64_t>(v), !format_.empty() ? format_ : f_->formats.empty() ? "" : f_->formats[0]);
      else if (!format_.empty())
        o[std::string(key) + "_as_string"] = format_decimal(v, format_);
    };
    json::object o;
    if (type_ == "avg") with_string(o, "value", count_ ? sum_ / count_ : NAN);
    else if (type_ == "sum") o["value"] = sum_;
    else if (type_ == "min") with_string(o, "value", min_);
    else if (type_ == "max") with_string(o, "value", max_);
    else if (type_ == "value_count") o["value"] = count_;
    else if (type_ == "cardinality") o["value"] = distinct_n_.size() + distinct_s_.size();
    else {  // stats, extended_stats
      o["count"] = count_;
      with_string(o, "min", min_);
      with_string(o, "max", max_);
      with_string(o, "avg", count_ ? sum_ / count_ : NAN);
      o["sum"] = sum_;
      if (type_ == "extended_stats") {
        // Elasticsearch's formula, for the same last digits.
        double var = count_ ? (sumsq_ - (sum_ * sum_) / count_) / count_ : NAN;
        double mean = count_ ? sum_ / count_ : NAN;
        double sd = std::sqrt(var);
        o["sum_of_squares"] = count_ ? num(sumsq_) : nullptr;
        o["variance"] = num(var);
        o["variance_population"] = num(var);
        o["variance_sampling"] = count_ > 1 ? num((sumsq_ - (sum_ * sum_) / count_) / (count_ - 1)) : nullptr;
        o["std_deviation"] = num(sd);
        o["std_deviation_population"] = num(sd);
        o["std_deviation_sampling"] =
            count_ > 1 ? num(std::sqrt((sumsq_ - (sum_ * sum_) / count_) / (count_ - 1))) : nullptr;
        json::object bounds{{"upper", num(mean + sd * sigma_)}, {"lower", num(mean - sd * sigma_)}};
        o["std_deviation_bounds"] = std::move(bounds);
      }
    }
    return o;
  }

 private:
  std::string type_;
  std::string format_;  // the agg's `format`, for value_as_string
  const FieldMapping* f_;
  FieldOf field_;
  std::optional<double> missing_;
  std::optional<std::string> missing_text_;
  double sigma_ = 2.0;
  uint64_t count_ = 0;
  double sum_ = 0, sumsq_ = 0, min_ = INFINITY, max_ = -INFINITY;
  std::set<double> distinct_n_;
  std::set<std::string> distinct_s_;
};

json::value key_json(const FieldMapping* f, double k) {
  if (f && (is_integral(f->type) || f->type == FieldType::kDate || f->type == FieldType::kBoolean))
    return json::value(static_cast<int64_t>(k));
  return num(k);
}

// Lucene's StringHelper.murmurhash3_x86_32: what Elasticsearch partitions string terms by.
int32_t murmurhash3_x86_32(std::string_view data, uint32_t seed) {
  constexpr uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
  auto rotl = [](uint32_t x, int r) { return (x << r) | (x >> (32 - r)); };
  uint32_t h = seed;
  size_t n = data.size() / 4 * 4;
  for (size_t i = 0; i < n; i += 4) {
    uint32_t k = static_cast<uint8_t>(data[i]) | static_cast<uint8_t>(data[i + 1]) << 8 |
                 static_cast<uint8_t>(data[i + 2]) << 16 | static_cast<uint32_t>(static_cast<uint8_t>(data[i + 3])) << 24;
    k = rotl(k * c1, 15) * c2;
    h = rotl(h ^ k, 13) * 5 + 0xe6546b64;
  }
  uint32_t k = 0;
  switch (data.size() & 3) {
    case 3: k ^= static_cast<uint32_t>(static_cast<uint8_t>(data[n + 2])) << 16; [[fallthrough]];
    case 2: k ^= static_cast<uint32_t>(static_cast<uint8_t>(data[n + 1])) << 8; [[fallthrough]];
    case 1:
      k ^= static_cast<uint8_t>(data[n]);
      h ^= rotl(k * c1, 15) * c2;
  }
  h ^= static_cast<uint32_t>(data.size());
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return static_cast<int32_t>(h);
}

// HPPC's BitMixer.mix64: what Elasticsearch partitions numeric terms by.
int64_t mix64(uint64_t z) {
  z = (z ^ (z >> 32)) * 0x4cd6944c5cc20b6dULL;
  z = (z ^ (z >> 29)) * 0xfc12c5b19d3259e9ULL;
  return static_cast<int64_t>(z ^ (z >> 32));
}

int64_t floor_mod(int64_t a, int64_t n) { return ((a % n) + n) % n; }

// A terms aggregation's include / exclude: a regular expression (strings), a list of exact
// values (dates in the field's formats), or {partition, num_partitions}.
class TermFilter {
 public:
  TermFilter(const json::object& body, const FieldMapping* f, int64_t now) {
    read(body.if_contains("include"), include_, f, now, true);
    read(body.if_contains("exclude"), exclude_, f, now, false);
  }
  bool accepts(std::string_view s) const {
    if (partitions_ && floor_mod(murmurhash3_x86_32(s, 31), partitions_) != partition_) return false;
    return pass(include_, exclude_, [&](const Side& side) {
      return side.re ? std::regex_match(s.begin(), s.end(), *side.re) : side.strings.count(std::string(s)) > 0;
    });
  }
  bool accepts(double x, bool integral) const {
    if (partitions_) {
      uint64_t bits;
      if (integral) {
        bits = static_cast<uint64_t>(static_cast<int64_t>(x));
      } else {  // NumericUtils.doubleToSortableLong
        int64_t raw;
        std::memcpy(&raw, &x, sizeof raw);
        bits = static_cast<uint64_t>(raw ^ ((raw >> 63) & 0x7fffffffffffffffLL));
      }
      if (floor_mod(mix64(bits), partitions_) != partition_) return false;
    }
    return pass(include_, exclude_, [&](const Side& side) { return side.numbers.count(x) > 0; });
  }

 private:
  struct Side {
    bool given = false;
    std::optional<std::regex> re;
    std::set<std::string> strings;
    std::set<double> numbers;
  };
  template <class Match>
  static bool pass(const Side& in, const Side& out, const Match& match) {
    if (in.given && !match(in)) return false;
    return !(out.given && match(out));
  }
  void read(const json::value* v, Side& side, const FieldMapping* f, int64_t now, bool include) {
    if (!v) return;
    if (include && v->is_object()) {
      const auto& o = v->as_object();
      auto* p = o.if_contains("partition");
      auto* n = o.if_contains("num_partitions");
      if (!p || !n || !p->is_number() || !n->is_number())
        throw illegal_argument("Missing [partition] or [num_partitions] parameter for partition-based include");
      partition_ = p->to_number<int64_t>();
      partitions_ = n->to_number<int64_t>();
      if (partitions_ < 1 || partition_ < 0 || partition_ >= partitions_)
        throw illegal_argument("[partition] must be between 0 and [num_partitions] - 1");
      return;
    }
    side.given = true;
    if (v->is_string()) {
      try {
        side.re = std::regex(std::string(v->as_string()));
      } catch (const std::regex_error& e) {
        throw illegal_argument(fmt::format("invalid regular expression [{}]: {}", std::string(v->as_string()), e.what()));
      }
      return;
    }
    if (!v->is_array()) throw parsing_error("[include] and [exclude] are a regular expression or an array of values");
    for (const auto& e : v->as_array()) {
      std::string text = e.is_string() ? std::string(e.as_string()) : json::serialize(e);
      side.strings.insert(text);
      if (e.is_number()) side.numbers.insert(e.to_number<double>());
      else if (e.is_bool()) side.numbers.insert(e.as_bool() ? 1 : 0);
      else if (f && f->type == FieldType::kDate) {
        if (auto ms = parse_date_math(text, now, false, f->formats)) side.numbers.insert(static_cast<double>(*ms));
      } else if (f && f->type == FieldType::kBoolean) {
        side.numbers.insert(text == "true" ? 1 : 0);
      } else if (!text.empty()) {
        char* end = nullptr;
        double x = std::strtod(text.c_str(), &end);
        if (end && *end == 0) side.numbers.insert(x);
      }
    }
  }
  Side include_, exclude_;
  int64_t partition_ = 0, partitions_ = 0;
};

class TermsAgg : public Aggregator {
 public:
  TermsAgg(const AggSpec& spec, const FieldMapping* f, const Mapping& m, int64_t now)
      : spec_(spec), f_(f), m_(m), now_(now), filter_(spec.body, f, now), field_(m, f, spec.body) {
    if (auto vt = spec.body.if_contains("value_type"); vt && vt->is_string()) {
      std::string t(vt->as_string());
      value_type_ = t == "string" ? FieldType::kKeyword : t == "boolean" ? FieldType::kBoolean
                    : t == "date" ? FieldType::kDate : t == "long" ? FieldType::kLong : FieldType::kDouble;
    }
    size_ = static_cast<size_t>(number_param(spec.body, "size", 10));
    min_doc_count_ = static_cast<uint64_t>(number_param(spec.body, "min_doc_count", 1));
    if (auto o = spec.body.if_contains("order")) {
      auto add = [&](const json::object& obj) {
        for (const auto& [k, v] : obj)
          order_.emplace_back(std::string(k), v.is_string() && v.as_string() == "asc");
      };
      if (o->is_object()) add(o->as_object());
      else if (o->is_array())
        for (const auto& e : o->as_array())
          if (e.is_object()) add(e.as_object());
    }
    if (order_.empty()) order_.emplace_back("_count", false);
    if (auto mv = spec.body.if_contains("missing")) missing_ = *mv;
  }
  void collect(const AggDoc& d) override {
    const FieldMapping* f = field_.in(d);
    if (f && f->type == FieldType::kKeyword) {  // the hot path: no copies, hashed buckets
      std::string raw = d.values->get(values_slot(f->id), d.did);
      bool any = false;
      for_each_packed_string(raw, [&](std::string_view s) {
        any = true;
        string_bucket(s).collect(d);
      });
      if (!any && missing_) string_bucket(missing_text()).collect(d);
      return;
    }
    if (!f && missing_) {  // unmapped here: every document has the missing value, of value_type
      if (value_type_.value_or(missing_->is_string() ? FieldType::kKeyword : FieldType::kDouble) == FieldType::kKeyword)
        string_bucket(missing_text()).collect(d);
      else if (auto x = missing_number(value_type_.value_or(FieldType::kDouble)))
        bucket(numbers_, *x).collect(d);
      return;
    }
    Values v = values_of(f, d);
    if (v.is_string) {
      if (v.strings.empty() && missing_) v.strings.push_back(missing_text());
      for (const auto& s : v.strings) string_bucket(s).collect(d);
    } else {
      if (f && !is_integral(f->type) && f->type != FieldType::kDate && f->type != FieldType::kBoolean)
        saw_fraction_type_ = true;  // one index maps it as double: keys render as doubles
      if (v.numbers.empty() && missing_)
        if (auto x = missing_number(f ? f->type : FieldType::kDouble)) v.numbers.push_back(*x);
      std::set<double> seen(v.numbers.begin(), v.numbers.end());
      for (double x : seen) bucket(numbers_, x).collect(d);
    }
  }
  double sort_value(const std::string&) const override { return 0; }
  bool count_all_documents(const Xapian::Database& db, const Mapping& m) override {
    const FieldMapping* f = field_.in(m);
    if (!f || !spec_.subs.empty() || missing_ || min_doc_count_ == 0 ||
        (f->type != FieldType::kKeyword && f->type != FieldType::kBoolean) || !f->index)
      return false;
    std::string prefix = term_prefix(f->id);
    std::vector<std::pair<std::string, Xapian::doccount>> counts;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      std::string value = (*it).substr(prefix.size());
      if (value.size() >= 200) return false;  // may be a hashed long value: ask the documents
      counts.emplace_back(std::move(value), it.get_termfreq());
    }
    for (auto& [value, n] : counts) {
      Bucket* b;
      if (f->type == FieldType::kBoolean) {
        auto [it, fresh] = numbers_.try_emplace(value == "T" ? 1.0 : 0.0);
        b = &it->second;
      } else {
        b = &string_bucket(value);
      }
      b->count += n;
    }
    return true;
  }
  json::value result() const override {
    struct Row { json::value key; json::value key_string; const Bucket* b; std::string skey; double nkey; };
    std::vector<Row> rows;
    for (const auto& [k, b] : strings_)
      if (filter_.accepts(k)) rows.push_back({json::value(k), nullptr, &b, k, 0});
    std::optional<FieldType> type = f_ ? std::optional(f_->type) : value_type_;
    if (saw_fraction_type_) type = FieldType::kDouble;
    bool integral = type && (is_integral(*type) || *type == FieldType::kDate || *type == FieldType::kBoolean);
    for (const auto& [k, b] : numbers_) {
      if (!filter_.accepts(k, integral)) continue;
      json::value ks = nullptr;
      if (type == FieldType::kDate)
        ks = json::value(format_date(static_cast<int64_t>(k), f_ && !f_->formats.empty() ? f_->formats[0] : ""));
      if (type == FieldType::kBoolean) ks = json::value(k != 0 ? "true" : "false");
      rows.push_back({integral ? json::value(static_cast<int64_t>(k)) : num(k), ks, &b, "", k});
    }
    std::erase_if(rows, [&](const Row& r) { return r.b->count < min_doc_count_; });
    bool numeric = strings_.empty();
    auto cmp_key = [&](const Row& a, const Row& b) {
      return numeric ? a.nkey < b.nkey : a.skey < b.skey;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      for (const auto& [what, asc] : order_) {
        if (what == "_count" || what == "_doc_count") {
          if (a.b->count != b.b->count) return asc ? a.b->count < b.b->count : a.b->count > b.b->count;
        } else if (what == "_key" || what == "_term") {
          if (cmp_key(a, b) || cmp_key(b, a)) return asc ? cmp_key(a, b) : cmp_key(b, a);
        } else {
          double x = a.b->sort_value(what), y = b.b->sort_value(what);
          if (x != y) return asc ? x < y : x > y;
        }
      }
      return cmp_key(a, b);
    });
    uint64_t other = 0;
    json::array buckets;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i >= size_) {
        other += rows[i].b->count;
        continue;
      }
      json::object o;
      o["key"] = rows[i].key;
      if (!rows[i].key_string.is_null()) o["key_as_string"] = rows[i].key_string;
      rows[i].b->render_into(o);
      buckets.push_back(std::move(o));
    }
    return json::object{{"doc_count_error_upper_bound", 0},
                        {"sum_other_doc_count", other},
                        {"buckets", std::move(buckets)}};
  }

 private:
  Bucket& string_bucket(std::string_view k) {
    auto it = strings_.find(k);
    if (it == strings_.end()) {
      it = strings_.emplace(std::string(k), Bucket()).first;
      it->second.subs = make_set(spec_.subs, m_, now_);
    }
    return it->second;
  }
  template <typename Map, typename K>
  Bucket& bucket(Map& map, const K& k) {
    auto [it, fresh] = map.try_emplace(k);
    if (fresh) it->second.subs = make_set(spec_.subs, m_, now_);
    return it->second;
  }
  std::string missing_text() const {
    return missing_->is_string() ? std::string(missing_->as_string()) : json::serialize(*missing_);
  }
  // The missing value as a number of a field of type `t` (a date in its formats, a boolean 1/0),
  // parsed once per type: documents without the field are many.
  std::optional<double> missing_number(FieldType t) {
    auto [it, fresh] = missing_numbers_.try_emplace(t);
    if (fresh) it->second = parse_missing(t);
    return it->second;
  }
  std::optional<double> parse_missing(FieldType t) const {
    if (missing_->is_number()) return missing_->to_number<double>();
    if (missing_->is_bool()) return missing_->as_bool() ? 1 : 0;
    if (!missing_->is_string()) return std::nullopt;
    std::string text(missing_->as_string());
    if (t == FieldType::kDate)
      if (auto ms = parse_date_math(text, now_, false,
                                    f_ ? f_->formats : std::vector<std::string>{"strict_date_optional_time", "epoch_millis"}))
        return static_cast<double>(*ms);
    if (t == FieldType::kBoolean) return text == "true" ? 1 : 0;
    char* end = nullptr;
    double x = std::strtod(text.c_str(), &end);
    return end && *end == 0 && !text.empty() ? std::optional(x) : std::nullopt;
  }
  const AggSpec& spec_;
  const FieldMapping* f_;
  const Mapping& m_;
  int64_t now_;
  size_t size_;
  uint64_t min_doc_count_;
  std::vector<std::pair<std::string, bool>> order_;
  std::optional<json::value> missing_;
  TermFilter filter_;
  FieldOf field_;
  std::optional<FieldType> value_type_;  // of an unmapped field, for its missing value
  std::map<FieldType, std::optional<double>> missing_numbers_;
  bool saw_fraction_type_ = false;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Bucket, Hash, std::equal_to<>> strings_;
  std::map<double, Bucket> numbers_;
};

std::string java_double(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{:.1f}", v);
  return fmt::format("{}", v);
}

class RangeAgg : public Aggregator {
 public:
  RangeAgg(const AggSpec& spec, const FieldMapping* f, const Mapping& m, int64_t now, bool dates)
      : f_(f), field_(m, f, spec.body), dates_(dates) {
    keyed_ = spec.body.contains("keyed") && spec.body.at("keyed").is_bool() &&
             spec.body.at("keyed").as_bool();
    std::vector<std::string> formats = f ? f->formats : std::vector<std::string>{};
    if (auto fmt_v = spec.body.if_contains("format"); fmt_v && fmt_v->is_string())
      formats.insert(formats.begin(), std::string(fmt_v->as_string()));
    auto bound = [&](const json::value* v, bool) -> std::optional<double> {
      if (!v || v->is_null()) return std::nullopt;
      if (dates_ && v->is_number()) {  // epoch millis, or seconds when that is the field's format
        bool seconds = !formats.empty() && formats[0].substr(0, formats[0].find("||")) == "epoch_second";
        return v->to_number<double>() * (seconds ? 1000 : 1);
      }
      if (dates_ && v->is_string()) {
        if (auto ms = parse_date_math(v->as_string(), now, false, formats)) return double(*ms);
        throw es_error("parse_exception", fmt::format("failed to parse date field [{}]", std::string(v->as_string())));
      }
      if (v->is_number()) return v->to_number<double>();
      if (v->is_string()) return std::atof(std::string(v->as_string()).c_str());
      return std::nullopt;
    };
    missing_ = bound(spec.body.if_contains("missing"), false);
    auto ranges = spec.body.if_contains("ranges");
    if (!ranges || !ranges->is_array())
      throw parsing_error(fmt::format("No [ranges] specified for the [{}] aggregation", spec.name));
    for (const auto& r : ranges->as_array()) {
      const auto& o = r.as_object();
      Range rg;
      rg.from = bound(o.if_contains("from"), false);
      rg.to = bound(o.if_contains("to"), true);
      if (auto k = o.if_contains("key"); k && k->is_string()) rg.key = std::string(k->as_string());
      rg.bucket.subs = make_set(spec.subs, m, now);
      ranges_.push_back(std::move(rg));
    }
    // Buckets come ordered by their bounds, unbounded first, as Elasticsearch returns them.
    std::stable_sort(ranges_.begin(), ranges_.end(), [](const Range& a, const Range& b) {
      double af = a.from.value_or(-INFINITY), bf = b.from.value_or(-INFINITY);
      if (af != bf) return af < bf;
      return a.to.value_or(INFINITY) < b.to.value_or(INFINITY);
    });
    format_ = !formats.empty() ? formats[0] : "";
  }
  void collect(const AggDoc& d) override {
    Values v = values_of(field_.in(d), d);
    if (v.numbers.empty() && missing_) v.numbers.push_back(*missing_);
    for (auto& r : ranges_)
      for (double x : v.numbers)
        if ((!r.from || x >= *r.from) && (!r.to || x < *r.to)) {
          r.bucket.collect(d);
          break;
        }
  }
  json::value result() const override {
    json::array arr;
    json::object keyed;
    for (const auto& r : ranges_) {
      auto text = [&](double x) {
        return dates_ ? format_date(static_cast<int64_t>(x), format_) : java_double(x);
      };
      std::string key = r.key.empty() ? (r.from ? text(*r.from) : "*") + "-" + (r.to ? text(*r.to) : "*")
                                      : r.key;
      json::object o;
      if (!keyed_) o["key"] = key;
      if (r.from) {
        o["from"] = *r.from;
        if (dates_) o["from_as_string"] = text(*r.from);
      }
      if (r.to) {
        o["to"] = *r.to;
        if (dates_) o["to_as_string"] = text(*r.to);
      }
      r.bucket.render_into(o);
      if (keyed_) keyed[key] = std::move(o);
      else arr.push_back(std::move(o));
    }
    if (keyed_) return json::object{{"buckets", std::move(keyed)}};
    return json::object{{"buckets", std::move(arr)}};
  }

 private:
  struct Range {
    std::optional<double> from, to;
    std::string key;
    Bucket bucket;
  };
  const FieldMapping* f_;
  FieldOf field_;
  bool dates_;
  bool keyed_ = false;
  std::string format_;
  std::optional<double> missing_;  // the value of documents without one
  std::vector<Range> ranges_;
};

class HistogramAgg : public Aggregator {
 public:
  HistogramAgg(const AggSpec& spec, const FieldMapping* f, const Mapping& m, int64_t now,
               bool dates)
      : spec_(spec), f_(f), field_(m, f, spec.body), m_(m), now_(now), dates_(dates) {
    min_doc_count_ = static_cast<uint64_t>(number_param(spec.body, "min_doc_count", 0));
    offset_ = number_param(spec.body, "offset", 0);
    if (!dates) {
      interval_ = number_param(spec.body, "interval", 0);
      if (interval_ <= 0)
        throw illegal_argument(fmt::format("[interval] must be >0 for histogram aggregation [{}]",
                                           spec.name));
    } else {
      std::string iv;
      for (const char* k : {"calendar_interval", "fixed_interval", "interval"})
        if (auto v = spec.body.if_contains(k); v && v->is_string()) iv = std::string(v->as_string());
      if (iv.empty())
        throw illegal_argument("Required one of fields [fixed_interval, calendar_interval], but "
                               "none were specified.");
      static const std::map<std::string, char, std::less<>> kCalendar = {
          {"minute", 'm'}, {"1m", 'm'}, {"hour", 'h'}, {"1h", 'h'}, {"day", 'd'}, {"1d", 'd'},
          {"week", 'w'}, {"1w", 'w'}, {"month", 'M'}, {"1M", 'M'}, {"quarter", 'q'},
          {"1q", 'q'}, {"year", 'y'}, {"1y", 'y'}};
      if (auto c = kCalendar.find(iv); c != kCalendar.end()) {
        unit_ = c->second;
      } else {
        double n = std::atof(iv.c_str());
        char u = iv.back();
        double ms = u == 's' ? 1000 : u == 'm' ? 60000 : u == 'h' ? 3600000 : u == 'd' ? 86400000 : 1;
        if (iv.ends_with("ms")) ms = 1;
        interval_ = n * ms;
        if (interval_ <= 0) throw illegal_argument(fmt::format("failed to parse setting [date_histogram.fixedInterval] with value [{}] as a time value", iv));
      }
    }
    if (auto fmt_v = spec.body.if_contains("format"); fmt_v && fmt_v->is_string())
      format_ = std::string(fmt_v->as_string());
    if (auto o = spec.body.if_contains("order"); o && o->is_object())  // _key or _count, asc or desc
      for (const auto& [k, v] : o->as_object()) {
        if (k != "_key" && k != "_count")
          throw illegal_argument(fmt::format("Invalid histogram order key [{}]: use _key or _count", std::string(k)));
        order_by_count_ = k == "_count";
        order_desc_ = v.is_string() && v.as_string() == "desc";
      }
    if (auto eb = spec.body.if_contains("extended_bounds"); eb && eb->is_object()) {
      if (auto mn = eb->as_object().if_contains("min"); mn && mn->is_number()) ext_min_ = mn->to_number<double>();
      if (auto mx = eb->as_object().if_contains("max"); mx && mx->is_number()) ext_max_ = mx->to_number<double>();
    }
  }
  double key_of(double x) const {
    if (unit_ == 0) return std::floor((x - offset_) / interval_) * interval_ + offset_;
    int64_t ms = static_cast<int64_t>(x);
    int64_t days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
    int64_t y;
    unsigned mo, d;
    civil_from_days(days, y, mo, d);
    switch (unit_) {
      case 'm': return std::floor(x / 60000) * 60000;
      case 'h': return std::floor(x / 3600000) * 3600000;
      case 'd': return static_cast<double>(days) * 86400000;
      case 'w': return static_cast<double>(days - ((days + 3) % 7 + 7) % 7) * 86400000;
      case 'M': return static_cast<double>(days_from_civil(y, mo, 1)) * 86400000;
      case 'q': return static_cast<double>(days_from_civil(y, (mo - 1) / 3 * 3 + 1, 1)) * 86400000;
      default: return static_cast<double>(days_from_civil(y, 1, 1)) * 86400000;
    }
  }
  double next_key(double k) const {
    if (unit_ == 0) return k + interval_;
    switch (unit_) {
      case 'm': return k + 60000;
      case 'h': return k + 3600000;
      case 'd': return k + 86400000;
      case 'w': return k + 7 * 86400000.0;
      default: {
        int64_t days = static_cast<int64_t>(k) / 86400000;
        int64_t y;
        unsigned mo, d;
        civil_from_days(days, y, mo, d);
        int add = unit_ == 'M' ? 1 : unit_ == 'q' ? 3 : 12;
        int64_t total = y * 12 + (mo - 1) + add;
        return static_cast<double>(days_from_civil(total / 12, static_cast<unsigned>(total % 12 + 1), 1)) * 86400000;
      }
    }
  }
  void collect(const AggDoc& d) override {
    Values v = values_of(field_.in(d), d);
    std::set<double> keys;
    for (double x : v.numbers) keys.insert(key_of(x));
    for (double k : keys) {
      auto [it, fresh] = buckets_.try_emplace(k);
      if (fresh) it->second.subs = make_set(spec_.subs, m_, now_);
      it->second.collect(d);
    }
  }
  json::value result() const override {
    std::map<double, const Bucket*> all;
    for (const auto& [k, b] : buckets_) all[k] = &b;
    std::vector<std::unique_ptr<Bucket>> empties;
    if (min_doc_count_ == 0 && (!buckets_.empty() || (ext_min_ && ext_max_))) {
      double lo = buckets_.empty() ? key_of(*ext_min_) : buckets_.begin()->first;
      double hi = buckets_.empty() ? key_of(*ext_max_) : buckets_.rbegin()->first;
      if (ext_min_) lo = std::min(lo, key_of(*ext_min_));
      if (ext_max_) hi = std::max(hi, key_of(*ext_max_));
      for (double k = lo; k <= hi && all.size() < 100000; k = next_key(k))
        if (!all.count(k)) {
          empties.push_back(std::make_unique<Bucket>());
          empties.back()->subs = make_set(spec_.subs, m_, now_);
          all[k] = empties.back().get();
        }
    }
    std::vector<std::pair<double, const Bucket*>> ordered(all.begin(), all.end());  // by key, ascending
    if (order_by_count_)
      std::stable_sort(ordered.begin(), ordered.end(), [&](const auto& a, const auto& b) {
        return order_desc_ ? a.second->count > b.second->count : a.second->count < b.second->count;
      });
    else if (order_desc_)
      std::reverse(ordered.begin(), ordered.end());
    json::array arr;
    for (const auto& [k, b] : ordered) {
      if (b->count < min_doc_count_) continue;
      json::object o;
      if (dates_) {
        std::string fmt_used = !format_.empty() ? format_ : f_ && !f_->formats.empty() ? f_->formats[0] : "";
        o["key_as_string"] = format_date(static_cast<int64_t>(k), fmt_used);
        o["key"] = static_cast<int64_t>(k);
      } else {
        o["key"] = k;
        if (!format_.empty()) o["key_as_string"] = format_decimal(k, format_);
      }
      b->render_into(o);
      arr.push_back(std::move(o));
    }
    return json::object{{"buckets", std::move(arr)}};
  }

 private:
  const AggSpec& spec_;
  const FieldMapping* f_;
  FieldOf field_;
  const Mapping& m_;
  int64_t now_;
  bool dates_;
  double interval_ = 0, offset_ = 0;
  char unit_ = 0;
  bool order_by_count_ = false, order_desc_ = false;
  std::string format_;
  uint64_t min_doc_count_;
  std::optional<double> ext_min_, ext_max_;
  std::map<double, Bucket> buckets_;
};

class FilterAgg : public Aggregator {
 public:
  FilterAgg(const AggSpec& spec, const Mapping& m, int64_t now) : spec_(spec) {
    bucket_.subs = make_set(spec.subs, m, now);
    for (size_t i = 0; i < spec.filters.size(); ++i) {
      named_.emplace_back();
      named_.back().subs = make_set(spec.subs, m, now);
    }
  }
  void collect(const AggDoc& d) override {
    if (spec_.type == "filter") {
      if (d.matches(spec_.filter.get())) bucket_.collect(d);
      return;
    }
    for (size_t i = 0; i < spec_.filters.size(); ++i)
      if (d.matches(spec_.filters[i].second.get())) named_[i].collect(d);
  }
  double sort_value(const std::string& metric) const override {
    if (metric.empty() || metric == "_count") return static_cast<double>(bucket_.count);
    return bucket_.sort_value(metric);
  }
  json::value result() const override {
    if (spec_.type == "filter") {
      json::object o;
      bucket_.render_into(o);
      return o;
    }
    json::object keyed;
    json::array arr;
    for (size_t i = 0; i < spec_.filters.size(); ++i) {
      json::object o;
      named_[i].render_into(o);
      if (spec_.filters_keyed) keyed[spec_.filters[i].first] = std::move(o);
      else arr.push_back(std::move(o));
    }
    if (spec_.filters_keyed) return json::object{{"buckets", std::move(keyed)}};
    return json::object{{"buckets", std::move(arr)}};
  }

 private:
  const AggSpec& spec_;
  Bucket bucket_;
  std::vector<Bucket> named_;
};

class TopHitsAgg : public Aggregator {
 public:
  explicit TopHitsAgg(const AggSpec& spec) : spec_(spec) {
    size_ = static_cast<size_t>(number_param(spec.body, "size", 3));
    from_ = static_cast<size_t>(number_param(spec.body, "from", 0));
    if (auto s = spec.body.if_contains("_source")) filter_ = SourceFilter::from_json(*s);
    if (auto s = spec.body.if_contains("sort")) {
      auto add = [&](const json::value& e) {
        if (e.is_string()) sort_.emplace_back(std::string(e.as_string()), e.as_string() == "_score" ? false : true);
        else if (e.is_object())
          for (const auto& [k, v] : e.as_object()) {
            bool asc = v.is_string() ? v.as_string() == "asc"
                       : v.is_object() && v.as_object().contains("order")
                           ? v.as_object().at("order").as_string() == "asc"
                           : k != "_score";
            sort_.emplace_back(std::string(k), asc);
          }
      };
      if (s->is_array()) for (const auto& e : s->as_array()) add(e);
      else add(*s);
    }
  }
  void collect(const AggDoc& d) override {
    ++total_;
    Entry e;
    e.score = d.score;
    e.index = d.index->name();
    for (const auto& [field, asc] : sort_) {
      if (field == "_score") {
        e.keys.push_back(asc ? d.score : -d.score);
        continue;
      }
      const FieldMapping* f = d.mapping->field(field);
      auto nums = f ? unpack_numbers(d.values->get(values_slot(f->id), d.did)) : std::vector<double>{};
      double v = nums.empty() ? (asc ? INFINITY : -INFINITY) : (asc ? nums.front() : nums.back());
      e.keys.push_back(asc ? v : -v);
      e.sort_values.push_back(nums.empty() ? json::value(nullptr) : key_json(f, v));
    }
    if (sort_.empty()) e.keys.push_back(-d.score);
    e.order = seq_++;
    StoredDoc sd = decode_document(*d.doc);
    e.id = sd.id;
    e.source = std::move(sd.source);
    entries_.push_back(std::move(e));
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const Entry& a, const Entry& b) { return a.keys < b.keys; });
    if (entries_.size() > from_ + size_) entries_.resize(from_ + size_);
  }
  json::value result() const override {
    json::array hits;
    double max_score = -INFINITY;
    for (size_t i = from_; i < entries_.size(); ++i) {
      const auto& e = entries_[i];
      max_score = std::max(max_score, e.score);
      json::object h{{"_index", e.index}, {"_type", "_doc"}, {"_id", e.id}};
      h["_score"] = sort_.empty() ? score_json(e.score) : json::value(nullptr);
      json::error_code ec;
      auto src = json::parse(e.source, ec);
      if (filter_.enabled) h["_source"] = ec ? json::value(nullptr) : filter_.apply(src);
      if (!sort_.empty()) h["sort"] = json::array(e.sort_values.begin(), e.sort_values.end());
      hits.push_back(std::move(h));
    }
    return json::object{
        {"hits", json::object{{"total", json::object{{"value", total_}, {"relation", "eq"}}},
                              {"max_score", sort_.empty() && !entries_.empty()
                                                ? score_json(max_score)
                                                : json::value(nullptr)},
                              {"hits", std::move(hits)}}}};
  }

 private:
  struct Entry {
    std::vector<double> keys;
    std::vector<json::value> sort_values;
    double score;
    uint64_t order;
    std::string index, id, source;
  };
  const AggSpec& spec_;
  size_t size_, from_;
  SourceFilter filter_;
  std::vector<std::pair<std::string, bool>> sort_;
  std::vector<Entry> entries_;
  uint64_t total_ = 0, seq_ = 0;
};

std::unique_ptr<Aggregator> make_one(const AggSpec& spec, const Mapping& m, int64_t now) {
  const std::string& t = spec.type;
  if (t == "avg" || t == "sum" || t == "min" || t == "max" || t == "stats" || t == "extended_stats")
    if (const FieldMapping* f = agg_field(m, spec.body); f && (f->type == FieldType::kKeyword))
      throw illegal_argument(fmt::format("Field [{}] of type [keyword] is not supported for aggregation [{}]",
                                         f->path, t));
  if (t == "filter" || t == "filters") return std::make_unique<FilterAgg>(spec, m, now);
  if (t == "top_hits") return std::make_unique<TopHitsAgg>(spec);
  const FieldMapping* f = agg_field(m, spec.body);
  if (t == "terms") return std::make_unique<TermsAgg>(spec, f, m, now);
  if (t == "range" || t == "date_range")
    return std::make_unique<RangeAgg>(spec, f, m, now, t == "date_range" || (f && f->type == FieldType::kDate));
  if (t == "histogram" || t == "date_histogram")
    return std::make_unique<HistogramAgg>(spec, f, m, now, t == "date_histogram");
  return std::make_unique<MetricAgg>(t, spec.name, f, m, spec.body);
}

// Echoes the aggregation's "meta" object in its result, as Elasticsearch does.
class WithMeta : public Aggregator {
 public:
  WithMeta(std::unique_ptr<Aggregator> inner, json::value meta)
      : inner_(std::move(inner)), meta_(std::move(meta)) {}
  void collect(const AggDoc& d) override { inner_->collect(d); }
  double sort_value(const std::string& m) const override { return inner_->sort_value(m); }
  bool count_all_documents(const Xapian::Database& db, const Mapping& m) override {
    return inner_->count_all_documents(db, m);
  }
  json::value result() const override {
    json::value r = inner_->result();
    if (r.is_object()) r.as_object()["meta"] = meta_;
    return r;
  }

 private:
  std::unique_ptr<Aggregator> inner_;
  json::value meta_;
};

AggSet make_set(const std::vector<std::unique_ptr<AggSpec>>& specs, const Mapping& m, int64_t now) {
  AggSet out;
  for (const auto& s : specs) {
    auto a = make_one(*s, m, now);
    if (!s->meta.is_null()) a = std::make_unique<WithMeta>(std::move(a), s->meta);
    out.emplace_back(s->name, std::move(a));
  }
  return out;
}

}  // namespace

std::string DocValues::get(Xapian::valueno slot, Xapian::docid did) {
  auto it = readers_.find(slot);
  if (it == readers_.end()) it = readers_.try_emplace(slot, db_, slot, columns_).first;
  return std::string(it->second.get(did));
}

bool aggregations_read_scores(const std::vector<std::unique_ptr<AggSpec>>& specs) {
  return std::any_of(specs.begin(), specs.end(), [](const auto& s) {
    return s->type == "top_hits" || aggregations_read_scores(s->subs);
  });
}

std::vector<std::unique_ptr<AggSpec>> parse_aggregations(const json::value& v) {
  std::vector<std::unique_ptr<AggSpec>> out;
  if (!v.is_object())
    throw parsing_error("Expected [START_OBJECT] under [aggregations], but got a [VALUE_STRING]");
  for (const auto& [name, body] : v.as_object()) {
    if (!body.is_object())
      throw parsing_error(fmt::format("Expected [START_OBJECT] under [{}], but got a [VALUE]",
                                      std::string(name)));
    auto spec = std::make_unique<AggSpec>();
    spec->name = std::string(name);
    for (const auto& [k, x] : body.as_object()) {
      if (k == "aggs" || k == "aggregations") {
        spec->subs = parse_aggregations(x);
      } else if (k == "meta") {
        spec->meta = x;
      } else if (kBucketTypes.count(k) || kMetricTypes.count(k)) {
        if (!spec->type.empty())
          throw parsing_error(fmt::format("Found two aggregation type definitions in [{}]: [{}] and [{}]",
                                          spec->name, spec->type, std::string(k)));
        spec->type = std::string(k);
        if (k == "filter") {
          spec->filter = parse_query(x);
        } else if (k == "filters") {
          if (!x.is_object()) throw parsing_error("[filters] must be an object");
          auto fv = x.as_object().if_contains("filters");
          if (!fv) throw parsing_error("[filters] cannot be empty.");
          if ((fv->is_object() && fv->as_object().empty()) || (fv->is_array() && fv->as_array().empty()))
            throw illegal_argument("[filters] cannot be empty.");
          if (fv->is_object()) {
            for (const auto& [fname, fq] : fv->as_object())
              spec->filters.emplace_back(std::string(fname), parse_query(fq));
          } else if (fv->is_array()) {
            spec->filters_keyed = false;
            for (const auto& fq : fv->as_array()) spec->filters.emplace_back("", parse_query(fq));
          }
        } else if (x.is_object()) {
          spec->body = x.as_object();
        }
      } else {
        auto e = parsing_error(fmt::format("Unknown aggregation type [{}] did you mean [terms]?",
                                           std::string(k)));
        e.with("caused_by.type", "named_object_not_found_exception")
            .with("caused_by.reason", fmt::format("[1:1] unknown field [{}]", std::string(k)));
        throw e;
      }
    }
    if (spec->type.empty())
      throw parsing_error(fmt::format("Missing definition for aggregation [{}]", spec->name));
    if (spec->type != "filter" && spec->type != "filters" && spec->type != "top_hits" &&
        !spec->body.contains("field") && !spec->body.contains("script"))
      throw illegal_argument(fmt::format("Required one of fields [field, script], but none were specified."));
    out.push_back(std::move(spec));
  }
  return out;
}

AggSet make_aggregators(const std::vector<std::unique_ptr<AggSpec>>& specs, const Mapping& m,
                        int64_t now_ms) {
  return make_set(specs, m, now_ms);
}

}  // namespace wharf::search
