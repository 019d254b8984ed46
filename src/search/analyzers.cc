// Built-in analyzers as Elasticsearch composes them, and custom ones from index settings.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "search/analysis.h"
#include "search/errors.h"

namespace wharf::search {

std::shared_ptr<const Tokenizer> configured_tokenizer(const boost::json::object& spec);
std::shared_ptr<const TokenFilter> configured_filter(const boost::json::object& spec);

TokenStream Analyzer::analyze(std::string_view text) const {
  TokenStream ts = tokenizer_->tokenize(text);
  for (const auto& f : filters_) f->apply(ts);
  return ts;
}

std::vector<TokenStream> Analyzer::stages(std::string_view text) const {
  std::vector<TokenStream> out{tokenizer_->tokenize(text)};
  for (const auto& f : filters_) {
    TokenStream next = out.back();
    f->apply(next);
    out.push_back(std::move(next));
  }
  return out;
}

namespace {

using Filters = std::vector<std::shared_ptr<const TokenFilter>>;

std::shared_ptr<const Analyzer> make(std::shared_ptr<const Tokenizer> t, Filters f = {}) {
  return std::make_shared<Analyzer>(std::move(t), std::move(f));
}

std::vector<std::string> cjk_stop_words() {
  auto w = english_stop_words();
  for (const char* extra : {"s", "t", "www"}) w.emplace_back(extra);
  return w;
}

std::vector<std::string> stopwords_param(const boost::json::object& spec,
                                         std::vector<std::string> dflt) {
  auto v = spec.if_contains("stopwords");
  if (!v) return dflt;
  if (v->is_string()) {
    if (v->as_string() == "_none_") return {};
    return english_stop_words();
  }
  std::vector<std::string> out;
  if (v->is_array())
    for (auto& w : v->as_array())
      if (w.is_string()) out.emplace_back(w.as_string());
  return out;
}

// A built-in analyzer type, optionally parameterised (stopwords, max_token_length).
std::shared_ptr<const Analyzer> builtin_analyzer(std::string_view type,
                                                 const boost::json::object& spec) {
  auto lower = builtin_filter("lowercase");
  auto max_len = spec.if_contains("max_token_length");
  auto std_tok = standard_tokenizer(max_len && max_len->is_int64() ? max_len->as_int64() : 255);
  if (type == "standard") {
    auto stops = stopwords_param(spec, {});
    Filters f{lower};
    if (!stops.empty()) f.push_back(stop_filter(stops));
    return make(std_tok, f);
  }
  if (type == "simple") return make(builtin_tokenizer("lowercase"));
  if (type == "whitespace") return make(builtin_tokenizer("whitespace"));
  if (type == "keyword") return make(builtin_tokenizer("keyword"));
  if (type == "stop")
    return make(builtin_tokenizer("lowercase"),
                {stop_filter(stopwords_param(spec, english_stop_words()))});
  if (type == "english")
    return make(std_tok, {builtin_filter("english_possessive"), lower,
                          stop_filter(stopwords_param(spec, english_stop_words())),
                          stemmer_filter("english")});
  if (type == "cjk")
    return make(std_tok, {builtin_filter("cjk_width"), lower, builtin_filter("cjk_bigram"),
                          stop_filter(stopwords_param(spec, cjk_stop_words()))});
  return nullptr;
}

}  // namespace

AnalyzerRegistry::AnalyzerRegistry() {
  static const boost::json::object kNoParams;
  for (const char* name : {"standard", "simple", "whitespace", "keyword", "stop", "english", "cjk"})
    analyzers_[name] = builtin_analyzer(name, kNoParams);
  analyzers_["default"] = analyzers_["standard"];
}

AnalyzerRegistry::AnalyzerRegistry(const boost::json::value* analysis) : AnalyzerRegistry() {
  if (!analysis || !analysis->is_object()) return;
  const auto& a = analysis->as_object();
  auto section = [&](const char* key) -> const boost::json::object* {
    auto v = a.if_contains(key);
    return v && v->is_object() ? &v->as_object() : nullptr;
  };
  if (auto tokenizers = section("tokenizer"))
    for (const auto& [name, spec] : *tokenizers) {
      auto t = spec.is_object() ? configured_tokenizer(spec.as_object()) : nullptr;
      if (!t) {
        const boost::json::value* type = spec.is_object() ? spec.as_object().if_contains("type") : nullptr;
        throw illegal_argument(fmt::format(
            "Unknown tokenizer type [{}] for [{}]",
            type && type->is_string() ? std::string(type->as_string()) : "null", std::string(name)));
      }
      tokenizers_[std::string(name)] = t;
    }
  if (auto filters = section("filter"))
    for (const auto& [name, spec] : *filters) {
      auto f = spec.is_object() ? configured_filter(spec.as_object()) : nullptr;
      if (!f) {
        const boost::json::value* type = spec.is_object() ? spec.as_object().if_contains("type") : nullptr;
        throw illegal_argument(fmt::format(
            "Unknown filter type [{}] for [{}]",
            type && type->is_string() ? std::string(type->as_string()) : "null", std::string(name)));
      }
      filters_[std::string(name)] = f;
    }
  if (auto analyzers = section("analyzer"))
    for (const auto& [name, spec_v] : *analyzers) {
      if (!spec_v.is_object())
        throw illegal_argument(fmt::format("analyzer [{}] must be an object", std::string(name)));
      const auto& spec = spec_v.as_object();
      auto type = spec.if_contains("type");
      std::string type_name = type && type->is_string() ? std::string(type->as_string()) : "";
      if (type_name.empty() || type_name == "custom") {
        auto tok = spec.if_contains("tokenizer");
        if (!tok)
          throw illegal_argument(fmt::format(
              "analyzer [{}] must specify either an analyzer type, or a tokenizer",
              std::string(name)));
        auto a = adhoc(*tok, spec.if_contains("filter"), *this, std::string(name));
        analyzers_[std::string(name)] = a;
      } else if (auto a = builtin_analyzer(type_name, spec)) {
        analyzers_[std::string(name)] = a;
      } else {
        throw illegal_argument(fmt::format("Unknown analyzer type [{}] for [{}]", type_name,
                                           std::string(name)));
      }
    }
}

std::shared_ptr<const Analyzer> AnalyzerRegistry::find(std::string_view name) const {
  auto it = analyzers_.find(name);
  return it == analyzers_.end() ? nullptr : it->second;
}

std::shared_ptr<const Tokenizer> AnalyzerRegistry::tokenizer(const boost::json::value& spec) const {
  if (spec.is_object()) return configured_tokenizer(spec.as_object());
  if (!spec.is_string()) return nullptr;
  std::string_view name = spec.as_string();
  auto it = tokenizers_.find(name);
  return it != tokenizers_.end() ? it->second : builtin_tokenizer(name);
}

std::shared_ptr<const TokenFilter> AnalyzerRegistry::filter(const boost::json::value& spec) const {
  if (spec.is_object()) return configured_filter(spec.as_object());
  if (!spec.is_string()) return nullptr;
  std::string_view name = spec.as_string();
  auto it = filters_.find(name);
  return it != filters_.end() ? it->second : builtin_filter(name);
}

std::shared_ptr<const Analyzer> AnalyzerRegistry::adhoc(const boost::json::value& tokenizer,
                                                        const boost::json::value* filters,
                                                        const AnalyzerRegistry& scope,
                                                        const std::string& custom_name) {
  auto name_of = [](const boost::json::value& v) {
    return v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v);
  };
  auto tok = scope.tokenizer(tokenizer);
  if (!tok)
    throw illegal_argument(
        custom_name.empty()
            ? fmt::format("failed to find global tokenizer under [{}]", name_of(tokenizer))
            : fmt::format("Custom Analyzer [{}] failed to find tokenizer under name [{}]",
                          custom_name, name_of(tokenizer)));
  Filters fs;
  auto add = [&](const boost::json::value& spec) {
    auto f = scope.filter(spec);
    if (!f)
      throw illegal_argument(
          custom_name.empty()
              ? fmt::format("failed to find global filter under [{}]", name_of(spec))
              : fmt::format("Custom Analyzer [{}] failed to find filter under name [{}]",
                            custom_name, name_of(spec)));
    fs.push_back(f);
  };
  if (filters && filters->is_array())
    for (const auto& f : filters->as_array()) add(f);
  else if (filters && !filters->is_null())
    add(*filters);
  return make(tok, fs);
}

}  // namespace wharf::search
