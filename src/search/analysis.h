// Text analysis as Elasticsearch defines it: a tokenizer splits text into tokens, token filters
// rewrite the stream (lowercase, stop words, stemming, CJK bigrams). Analyzers are built by name
// (standard, simple, whitespace, keyword, stop, english, cjk) or from an index's
// `settings.analysis` (custom analyzers over the supported tokenizers and filters).
// Positions follow Lucene: a removed stop word leaves a gap, so phrases do not match across it.
#pragma once

#include <boost/json/fwd.hpp>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wharf::search {

struct Token {
  std::string term;
  int position = 0;
  size_t start = 0;  // byte offsets into the analyzed text
  size_t end = 0;
  std::string type = "word";  // <ALPHANUM>, <NUM>, <IDEOGRAPHIC>, ...
};

using TokenStream = std::vector<Token>;

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  virtual TokenStream tokenize(std::string_view text) const = 0;
};

class TokenFilter {
 public:
  virtual ~TokenFilter() = default;
  virtual void apply(TokenStream& tokens) const = 0;
};

class Analyzer {
 public:
  Analyzer(std::shared_ptr<const Tokenizer> tokenizer,
           std::vector<std::shared_ptr<const TokenFilter>> filters)
      : tokenizer_(std::move(tokenizer)), filters_(std::move(filters)) {}
  TokenStream analyze(std::string_view text) const;
  // What each step makes of the text: the tokenizer's tokens, then the stream after each filter
  // (for `_analyze` with explain).
  std::vector<TokenStream> stages(std::string_view text) const;  // 1 + filters() streams
  size_t filters() const { return filters_.size(); }

 private:
  std::shared_ptr<const Tokenizer> tokenizer_;
  std::vector<std::shared_ptr<const TokenFilter>> filters_;
};

// Built-in pieces by Elasticsearch name; nullptr when unknown.
std::shared_ptr<const Tokenizer> builtin_tokenizer(std::string_view name);
std::shared_ptr<const TokenFilter> builtin_filter(std::string_view name);

// Tokenizer pieces shared with the filters.
std::shared_ptr<const Tokenizer> standard_tokenizer(size_t max_token_length = 255);
std::shared_ptr<const TokenFilter> stop_filter(std::vector<std::string> words);
std::shared_ptr<const TokenFilter> stemmer_filter(std::string_view language);  // nullptr if unknown
const std::vector<std::string>& english_stop_words();

// The analyzers of one index: the built-ins plus those its settings define. Throws
// illegal_argument / mapper_parsing errors naming the bad piece, as Elasticsearch does at index
// creation.
class AnalyzerRegistry {
 public:
  AnalyzerRegistry();  // built-ins only
  explicit AnalyzerRegistry(const boost::json::value* analysis_settings);
  // nullptr when no analyzer of that name exists.
  std::shared_ptr<const Analyzer> find(std::string_view name) const;
  // Builds an analyzer from an `_analyze` request's tokenizer/filter members.
  // `custom_name` names the settings-defined analyzer being built, for error messages.
  static std::shared_ptr<const Analyzer> adhoc(const boost::json::value& tokenizer,
                                               const boost::json::value* filters,
                                               const AnalyzerRegistry& scope,
                                               const std::string& custom_name = "");

 private:
  std::map<std::string, std::shared_ptr<const Analyzer>, std::less<>> analyzers_;
  std::map<std::string, std::shared_ptr<const Tokenizer>, std::less<>> tokenizers_;
  std::map<std::string, std::shared_ptr<const TokenFilter>, std::less<>> filters_;
  std::shared_ptr<const Tokenizer> tokenizer(const boost::json::value& spec) const;
  std::shared_ptr<const TokenFilter> filter(const boost::json::value& spec) const;
};

// UTF-16 code unit offset of a byte offset (Elasticsearch reports offsets in Java chars).
size_t utf16_offset(std::string_view text, size_t byte_offset);

}  // namespace wharf::search
