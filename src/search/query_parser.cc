// Query DSL JSON -> Query tree, rejecting what Elasticsearch rejects with its messages.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "search/errors.h"
#include "search/query.h"

namespace wharf::search {

namespace json = boost::json;

namespace {

class Parser {
 public:
  explicit Parser(std::string_view raw) : raw_(raw) {}

  // Line and column of the first occurrence of "name" in the request text (1-based), pointing
  // just past it as Elasticsearch's parser does.
  std::pair<int, int> where(std::string_view name) const {
    std::string needle = "\"" + std::string(name) + "\"";
    size_t at = raw_.find(needle);
    if (at == std::string_view::npos) return {1, 1};
    int line = 1, col = 1;
    for (size_t i = 0; i < at + needle.size(); ++i) {
      if (raw_[i] == '\n') line++, col = 1;
      else col++;
    }
    return {line, col};
  }

  [[noreturn]] void fail(std::string reason, std::string_view near) const {
    auto [line, col] = where(near);
    throw parsing_error(std::move(reason), line, col);
  }

  QueryPtr parse(const json::value& v) {
    if (!v.is_object()) fail("[_na] query malformed, must start with start_object", "query");
    const auto& o = v.as_object();
    if (o.empty()) return std::make_unique<Query>();  // {} matches everything, as in 7.x
    if (o.size() > 1) {
      auto it = o.begin();
      std::string first(it->key());
      ++it;
      fail(fmt::format("[{}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]", first),
           it->key());
    }
    const auto& [name_sv, body] = *o.begin();
    std::string name(name_sv);
    if (!body.is_object() && name != "match_all")
      fail(fmt::format("[{}] query malformed, no start_object after query name", name), name);
    auto q = std::make_unique<Query>();
    const json::object empty;
    const json::object& b = body.is_object() ? body.as_object() : empty;
    if (name == "match_all" || name == "match_none") {
      q->kind = name == "match_all" ? QueryKind::kMatchAll : QueryKind::kMatchNone;
      common(*q, name, b, {});
    } else if (name == "match" || name == "match_phrase" || name == "match_phrase_prefix" ||
               name == "match_bool_prefix") {
      q->kind = name == "match"                 ? QueryKind::kMatch
                : name == "match_phrase"        ? QueryKind::kMatchPhrase
                : name == "match_phrase_prefix" ? QueryKind::kMatchPhrasePrefix
                                                : QueryKind::kMatchBoolPrefix;
      field_query(*q, name, b, "query");
    } else if (name == "term" || name == "prefix" || name == "wildcard" || name == "regexp" ||
               name == "fuzzy") {
      q->kind = name == "term"       ? QueryKind::kTerm
                : name == "prefix"   ? QueryKind::kPrefix
                : name == "wildcard" ? QueryKind::kWildcard
                : name == "regexp"   ? QueryKind::kRegexp
                                     : QueryKind::kFuzzy;
      field_query(*q, name, b, "value");
    } else if (name == "terms") {
      q->kind = QueryKind::kTerms;
      for (const auto& [k, v] : b) {
        if (k == "boost") q->boost = number(v, name, k);
        else if (k == "_name") q->name = std::string(v.as_string());
        else {
          if (!q->field.empty())
            fail(fmt::format("[terms] query does not support multiple fields"), k);
          q->field = std::string(k);
          if (v.is_object()) {  // terms lookup
            Query::TermsLookup l;
            for (const auto& [lk, lv] : v.as_object()) {
              std::string text = lv.is_string() ? std::string(lv.as_string()) : json::serialize(lv);
              if (lk == "index") l.index = text;
              else if (lk == "id") l.id = text;
              else if (lk == "path") l.path = text;
              else if (lk != "routing" && lk != "type")
                fail(fmt::format("[terms] query does not support [{}] within lookup element", std::string(lk)), lk);
            }
            if (l.index.empty()) fail("[terms] query lookup element requires specifying the index.", k);
            if (l.id.empty()) fail("[terms] query lookup element requires specifying the id.", k);
            if (l.path.empty()) fail("[terms] query lookup element requires specifying the path.", k);
            q->lookup = std::move(l);
            continue;
          }
          if (!v.is_array())
            fail(fmt::format("[terms] query does not support [{}]", std::string(k)), k);
          for (const auto& e : v.as_array()) q->values.push_back(e);
        }
      }
      if (q->field.empty()) fail("[terms] query requires a field", name);
    } else if (name == "range") {
      q->kind = QueryKind::kRange;
      range(*q, b);
    } else if (name == "exists") {
      q->kind = QueryKind::kExists;
      common(*q, name, b, {"field"});
      auto f = b.if_contains("field");
      if (!f || !f->is_string()) fail("[exists] must be provided with a [field]", name);
      q->field = std::string(f->as_string());
    } else if (name == "ids") {
      q->kind = QueryKind::kIds;
      common(*q, name, b, {"values", "type"});
      if (auto vals = b.if_contains("values"); vals && vals->is_array())
        for (const auto& e : vals->as_array()) q->values.push_back(e);
    } else if (name == "bool") {
      q->kind = QueryKind::kBool;
      for (const auto& [k, v] : b) {
        std::vector<QueryPtr>* clause = k == "must"       ? &q->must
                                        : k == "should"   ? &q->should
                                        : k == "filter"   ? &q->filter
                                        : k == "must_not" ? &q->must_not
                                                          : nullptr;
        if (clause) {
          if (v.is_array())
            for (const auto& e : v.as_array()) clause->push_back(parse(e));
          else
            clause->push_back(parse(v));
        } else if (k == "minimum_should_match") {
          q->minimum_should_match = v.is_string() ? std::string(v.as_string()) : json::serialize(v);
        } else if (k == "boost") {
          q->boost = number(v, name, k);
        } else if (k == "_name") {
          q->name = std::string(v.as_string());
        } else if (k != "adjust_pure_negative") {
          fail(fmt::format("[bool] query does not support [{}]", std::string(k)), k);
        }
      }
    } else if (name == "constant_score") {
      q->kind = QueryKind::kConstantScore;
      common(*q, name, b, {"filter"});
      auto f = b.if_contains("filter");
      if (!f) fail("[constant_score] requires a 'filter' element", name);
      q->inner = parse(*f);
    } else if (name == "dis_max") {
      q->kind = QueryKind::kDisMax;
      common(*q, name, b, {"queries", "tie_breaker"});
      if (auto qs = b.if_contains("queries"); qs && qs->is_array())
        for (const auto& e : qs->as_array()) q->should.push_back(parse(e));
      else
        fail("[dis_max] requires 'queries' field with at least one clause", name);
      if (auto t = b.if_contains("tie_breaker")) q->tie_breaker = number(*t, name, "tie_breaker");
    } else if (name == "boosting") {
      q->kind = QueryKind::kBoosting;
      common(*q, name, b, {"positive", "negative", "negative_boost"});
      auto p = b.if_contains("positive");
      auto n = b.if_contains("negative");
      if (!p) fail("[boosting] query requires 'positive' query", name);
      if (!n) fail("[boosting] query requires 'negative' query", name);
      q->inner = parse(*p);
      q->negative = parse(*n);
      if (auto nb = b.if_contains("negative_boost")) q->negative_boost = number(*nb, name, "negative_boost");
    } else if (name == "function_score") {
      q->kind = QueryKind::kFunctionScore;
      function_score(*q, b);
    } else if (name == "multi_match") {
      q->kind = QueryKind::kMultiMatch;
      text_options(*q, name, b, {"query", "fields", "type"});
      if (auto t = b.if_contains("type"); t && t->is_string()) q->type = std::string(t->as_string());
      if (q->type != "best_fields" && q->type != "most_fields" && q->type != "cross_fields" &&
          q->type != "phrase" && q->type != "phrase_prefix" && q->type != "bool_prefix")
        fail(fmt::format("failed to parse [multi_match] query type [{}]. unknown type.", q->type),
             "type");
      fields_param(*q, b.if_contains("fields"));
      if (q->type == "bool_prefix" && b.contains("slop"))
        throw illegal_argument("[slop] not allowed for type [bool_prefix]");
      if (q->type == "bool_prefix" && b.contains("cutoff_frequency"))
        throw illegal_argument("[cutoff_frequency] not allowed for type [bool_prefix]");
      if (!b.contains("query")) fail("No text specified for multi_match query", name);
      q->value = b.at("query");
    } else if (name == "query_string" || name == "simple_query_string") {
      q->kind = name == "query_string" ? QueryKind::kQueryString : QueryKind::kSimpleQueryString;
      text_options(*q, name, b,
                   {"query", "fields", "default_field", "default_operator", "flags",
                    "analyze_wildcard", "allow_leading_wildcard", "auto_generate_synonyms_phrase_query",
                    "fuzzy_max_expansions", "fuzzy_prefix_length", "fuzzy_transpositions",
                    "phrase_slop", "quote_field_suffix", "rewrite", "time_zone", "type",
                    "enable_position_increments", "escape", "max_determinized_states",
                    "quote_analyzer"});
      fields_param(*q, b.if_contains("fields"));
      if (auto df = b.if_contains("default_field"); df && df->is_string())
        q->fields.emplace_back(df->as_string());
      if (auto op = b.if_contains("default_operator"); op && op->is_string()) {
        q->op = std::string(op->as_string());
        for (auto& c : q->op) c = static_cast<char>(std::tolower(c));
      }
      if (!b.contains("query")) fail(fmt::format("[{}] must be provided with a [query]", name), name);
      q->value = b.at("query");
    } else {
      auto [line, col] = where(name);
      auto e = parsing_error(fmt::format("unknown query [{}]", name), line, col);
      e.with("caused_by.type", "named_object_not_found_exception")
          .with("caused_by.reason", fmt::format("[{}:{}] unknown field [{}]", line, col, name));
      throw e;
    }
    return q;
  }

 private:
  float number(const json::value& v, std::string_view query, std::string_view key) const {
    if (v.is_number()) return static_cast<float>(v.to_number<double>());
    if (v.is_string()) {
      try {
        return std::stof(std::string(v.as_string()));
      } catch (...) {
      }
    }
    fail(fmt::format("[{}] failed to parse field [{}]", query, key), key);
  }

  // boost and _name; anything else not in `allowed` is rejected.
  void common(Query& q, const std::string& name, const json::object& b,
              std::initializer_list<std::string_view> allowed) const {
    for (const auto& [k, v] : b) {
      if (k == "boost") q.boost = number(v, name, k);
      else if (k == "_name" && v.is_string()) q.name = std::string(v.as_string());
      else if (std::find(allowed.begin(), allowed.end(), std::string_view(k)) == allowed.end())
        fail(fmt::format("[{}] query does not support [{}]", name, std::string(k)), k);
    }
  }

  void text_options(Query& q, const std::string& name, const json::object& b,
                    std::initializer_list<std::string_view> extra) {
    for (const auto& [k, v] : b) {
      if (k == "operator" && v.is_string()) {
        q.op = std::string(v.as_string());
        for (auto& c : q.op) c = static_cast<char>(std::tolower(c));
        if (q.op != "or" && q.op != "and")
          fail(fmt::format("No enum constant org.elasticsearch.index.query.Operator.{}",
                           std::string(v.as_string())),
               k);
      } else if (k == "minimum_should_match") {
        q.minimum_should_match = v.is_string() ? std::string(v.as_string()) : json::serialize(v);
      } else if (k == "fuzziness") {
        q.fuzziness = v.is_string() ? std::string(v.as_string()) : json::serialize(v);
      } else if (k == "analyzer" && v.is_string()) {
        q.analyzer = std::string(v.as_string());
      } else if (k == "slop" || k == "phrase_slop") {
        q.slop = static_cast<int>(number(v, name, k));
      } else if (k == "prefix_length") {
        q.prefix_length = static_cast<int>(number(v, name, k));
      } else if (k == "max_expansions") {
        q.max_expansions = static_cast<int>(number(v, name, k));
      } else if (k == "tie_breaker") {
        q.tie_breaker = number(v, name, k);
        q.tie_breaker_set = true;
      } else if (k == "zero_terms_query" && v.is_string()) {
        q.zero_terms_query = std::string(v.as_string());
        for (auto& c : q.zero_terms_query) c = static_cast<char>(std::tolower(c));
      } else if (k == "lenient") {
        q.lenient = v.is_bool() && v.as_bool();
      } else if (k == "flags") {
        q.flags = v.is_string() ? std::string(v.as_string()) : "";
      } else if (k == "boost") {
        q.boost = number(v, name, k);
      } else if (k == "_name" && v.is_string()) {
        q.name = std::string(v.as_string());
      } else if (k == "fuzzy_transpositions" || k == "auto_generate_synonyms_phrase_query" ||
                 k == "cutoff_frequency" || k == "fuzzy_rewrite" || k == "rewrite") {
      } else if (std::find(extra.begin(), extra.end(), std::string_view(k)) == extra.end()) {
        fail(fmt::format("[{}] query does not support [{}]", name, std::string(k)), k);
      }
    }
  }

  void fields_param(Query& q, const json::value* fields) {
    if (!fields) return;
    if (fields->is_string()) q.fields.emplace_back(fields->as_string());
    else if (fields->is_array())
      for (const auto& f : fields->as_array())
        if (f.is_string()) q.fields.emplace_back(f.as_string());
  }

  // {"field": value} or {"field": {"<value_key>": value, options...}}, plus boost/_name at the
  // query level.
  void field_query(Query& q, const std::string& name, const json::object& b,
                   const char* value_key) {
    for (const auto& [k, v] : b) {
      if (k == "boost") {
        q.boost = number(v, name, k);
        continue;
      }
      if (k == "_name") continue;
      if (!q.field.empty())
        fail(fmt::format("[{}] query doesn't support multiple fields, found [{}] and [{}]", name,
                         q.field, std::string(k)),
             k);
      q.field = std::string(k);
      if (!v.is_object()) {
        q.value = v;
        continue;
      }
      bool have_value = false;
      for (const auto& [ok, ov] : v.as_object()) {
        if (ok == value_key || (name == "wildcard" && ok == "wildcard") ||
            (name == "term" && ok == "term")) {
          q.value = ov;
          have_value = true;
        } else if (ok == "case_insensitive") {
          q.case_insensitive = ov.is_bool() && ov.as_bool();
        } else if (ok == "transpositions") {
          q.transpositions = !ov.is_bool() || ov.as_bool();
        } else if (ok == "max_determinized_states" || ok == "rewrite") {
        } else {
          json::object one{{ok, ov}};
          text_options(q, name, one, {});
        }
      }
      if (!have_value)
        fail(fmt::format("[{}] requires query value", name), name);
    }
    if (q.field.empty()) fail(fmt::format("[{}] query requires a field", name), name);
  }

  void range(Query& q, const json::object& b) {
    for (const auto& [k, v] : b) {
      if (k == "boost") {
        q.boost = number(v, "range", k);
        continue;
      }
      if (k == "_name") continue;
      if (!q.field.empty())
        fail(fmt::format("[range] query doesn't support multiple fields, found [{}] and [{}]",
                         q.field, std::string(k)),
             k);
      q.field = std::string(k);
      if (!v.is_object()) fail("[range] query malformed, no start_object after query name", k);
      bool include_lower = true, include_upper = true;
      std::optional<json::value> from, to;
      for (const auto& [ok, ov] : v.as_object()) {
        if (ok == "gt") q.gt = ov;
        else if (ok == "gte") q.gte = ov;
        else if (ok == "lt") q.lt = ov;
        else if (ok == "lte") q.lte = ov;
        else if (ok == "from") from = ov;
        else if (ok == "to") to = ov;
        else if (ok == "include_lower") include_lower = !ov.is_bool() || ov.as_bool();
        else if (ok == "include_upper") include_upper = !ov.is_bool() || ov.as_bool();
        else if (ok == "format" && ov.is_string()) q.format = std::string(ov.as_string());
        else if (ok == "boost") q.boost = number(ov, "range", ok);
        else if (ok == "time_zone" || ok == "relation" || ok == "_name") {
        } else
          fail(fmt::format("[range] query does not support [{}]", std::string(ok)), ok);
      }
      if (from && !from->is_null()) (include_lower ? q.gte : q.gt) = *from;
      if (to && !to->is_null()) (include_upper ? q.lte : q.lt) = *to;
    }
    if (q.field.empty()) throw illegal_argument("field name is null or empty");
  }

  void function_score(Query& q, const json::object& b) {
    auto fvf = [&](const json::value& v) {
      FieldValueFactor f;
      if (!v.is_object()) fail("[field_value_factor] must be an object", "field_value_factor");
      for (const auto& [k, x] : v.as_object()) {
        if (k == "field" && x.is_string()) f.field = std::string(x.as_string());
        else if (k == "factor") f.factor = number(x, "field_value_factor", k);
        else if (k == "modifier" && x.is_string()) f.modifier = std::string(x.as_string());
        else if (k == "missing") f.missing = number(x, "field_value_factor", k);
        else fail(fmt::format("[field_value_factor] query does not support [{}]", std::string(k)), k);
      }
      return f;
    };
    ScoreFunction top;
    bool has_top = false;
    for (const auto& [k, v] : b) {
      if (k == "query") q.inner = parse(v);
      else if (k == "boost") q.boost = number(v, "function_score", k);
      else if (k == "boost_mode" && v.is_string()) q.boost_mode = std::string(v.as_string());
      else if (k == "score_mode" && v.is_string()) q.score_mode = std::string(v.as_string());
      else if (k == "max_boost") q.max_boost = number(v, "function_score", k);
      else if (k == "min_score") q.min_score = number(v, "function_score", k);
      else if (k == "weight") top.weight = number(v, "function_score", k), has_top = true;
      else if (k == "field_value_factor") top.field_value_factor = fvf(v), has_top = true;
      else if (k == "functions" && v.is_array()) {
        for (const auto& fv : v.as_array()) {
          if (!fv.is_object()) continue;
          ScoreFunction sf;
          for (const auto& [fk, fx] : fv.as_object()) {
            if (fk == "filter") sf.filter = parse(fx);
            else if (fk == "weight") sf.weight = number(fx, "function_score", fk);
            else if (fk == "field_value_factor") sf.field_value_factor = fvf(fx);
            else if (fk == "script_score" || fk == "random_score" || fk == "gauss" ||
                     fk == "linear" || fk == "exp")
              throw illegal_argument(fmt::format(
                  "function [{}] is not supported by wharf; use field_value_factor or weight",
                  std::string(fk)));
          }
          q.functions.push_back(std::move(sf));
        }
      } else if (k == "script_score" || k == "random_score" || k == "gauss" || k == "linear" ||
                 k == "exp") {
        throw illegal_argument(fmt::format(
            "function [{}] is not supported by wharf; use field_value_factor or weight",
            std::string(k)));
      } else if (k != "_name") {
        fail(fmt::format("function_score query does not support [{}]", std::string(k)), k);
      }
    }
    if (has_top) q.functions.push_back(std::move(top));
    if (!q.inner) q.inner = std::make_unique<Query>();
  }

  std::string_view raw_;
};

}  // namespace

QueryPtr parse_query(const json::value& v, std::string_view raw) { return Parser(raw).parse(v); }

}  // namespace wharf::search
