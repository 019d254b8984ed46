// Token filters by their Elasticsearch names. Stemming uses Xapian's stemmers: "english" in
// Elasticsearch's stemmer filter is Lucene's PorterStemFilter, which is Xapian's "porter".
#include <xapian.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "search/analysis.h"
#include "search/json_params.h"

namespace wharf::search {

namespace {

template <typename Fn>
std::string map_code_points(std::string_view s, Fn fn) {
  std::string out;
  out.reserve(s.size());
  for (Xapian::Utf8Iterator it(s.data(), s.size()); it != Xapian::Utf8Iterator(); ++it)
    Xapian::Unicode::append_utf8(out, fn(*it));
  return out;
}

class LowercaseFilter : public TokenFilter {
 public:
  void apply(TokenStream& ts) const override {
    for (auto& t : ts) {
      bool ascii_lower = std::none_of(t.term.begin(), t.term.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c & 0x80);
      });
      if (!ascii_lower) t.term = map_code_points(t.term, [](unsigned c) { return Xapian::Unicode::tolower(c); });
    }
  }
};

class UppercaseFilter : public TokenFilter {
 public:
  void apply(TokenStream& ts) const override {
    for (auto& t : ts) t.term = map_code_points(t.term, [](unsigned c) { return Xapian::Unicode::toupper(c); });
  }
};

// Removes words; positions of the following tokens keep their gap (Lucene's default).
class StopFilter : public TokenFilter {
 public:
  explicit StopFilter(std::vector<std::string> words) : words_(words.begin(), words.end()) {}
  void apply(TokenStream& ts) const override {
    std::erase_if(ts, [&](const Token& t) { return words_.count(t.term) > 0; });
  }

 private:
  std::set<std::string, std::less<>> words_;
};

// Xapian::Stem keeps working buffers, so concurrent analyses each use a thread's own stemmer.
class StemFilter : public TokenFilter {
 public:
  explicit StemFilter(std::string algorithm) : algorithm_(std::move(algorithm)) {
    Xapian::Stem check(algorithm_);  // throws for an unknown language
  }
  void apply(TokenStream& ts) const override {
    thread_local std::map<std::string, Xapian::Stem> stemmers;
    auto& stem = stemmers.try_emplace(algorithm_, algorithm_).first->second;
    for (auto& t : ts)
      if (t.type != "<IDEOGRAPHIC>" && t.type != "<HIRAGANA>") t.term = stem(t.term);
  }

 private:
  std::string algorithm_;
};

// English possessive: "John's" -> "John" (also with the right single quotation mark).
class PossessiveFilter : public TokenFilter {
 public:
  void apply(TokenStream& ts) const override {
    for (auto& t : ts) {
      auto& s = t.term;
      if (s.size() >= 2 && (s.ends_with("'s") || s.ends_with("'S"))) s.resize(s.size() - 2);
      else if (s.size() >= 4 && (s.ends_with("\u2019s") || s.ends_with("\u2019S")))
        s.resize(s.size() - 4);
    }
  }
};

// Full-width ASCII to ASCII (the part of cjk_width that matters for search).
class CjkWidthFilter : public TokenFilter {
 public:
  void apply(TokenStream& ts) const override {
    for (auto& t : ts)
      t.term = map_code_points(t.term, [](unsigned c) {
        return c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c;
      });
  }
};

bool cjk_type(const std::string& type) {
  return type == "<IDEOGRAPHIC>" || type == "<HIRAGANA>" || type == "<KATAKANA>" ||
         type == "<HANGUL>";
}

// Adjacent CJK characters become overlapping bigrams; a lone one stays a unigram (Lucene's
// CJKBigramFilter with output_unigrams false).
class CjkBigramFilter : public TokenFilter {
 public:
  void apply(TokenStream& ts) const override {
    TokenStream out;
    int pos = 0;
    size_t i = 0;
    while (i < ts.size()) {
      if (!cjk_type(ts[i].type)) {
        ts[i].position = pos++;
        out.push_back(std::move(ts[i++]));
        continue;
      }
      // Characters of a run of touching CJK tokens.
      struct Ch { std::string s; size_t start, end; };
      std::vector<Ch> chars;
      size_t j = i;
      while (j < ts.size() && cjk_type(ts[j].type) &&
             (j == i || ts[j].start == ts[j - 1].end)) {
        size_t off = ts[j].start;
        for (Xapian::Utf8Iterator it(ts[j].term); it != Xapian::Utf8Iterator(); ++it) {
          std::string c;
          Xapian::Unicode::append_utf8(c, *it);
          chars.push_back({c, off, off + c.size()});
          off += c.size();
        }
        ++j;
      }
      if (chars.size() == 1) {
        Token t{chars[0].s, pos++, chars[0].start, chars[0].end, "<SINGLE>"};
        out.push_back(std::move(t));
      } else {
        for (size_t k = 0; k + 1 < chars.size(); ++k) {
          Token t{chars[k].s + chars[k + 1].s, pos++, chars[k].start, chars[k + 1].end,
                  "<DOUBLE>"};
          out.push_back(std::move(t));
        }
      }
      i = j;
    }
    ts = std::move(out);
  }
};

class NgramFilter : public TokenFilter {
 public:
  NgramFilter(size_t min, size_t max, bool edge) : min_(min), max_(max), edge_(edge) {}
  void apply(TokenStream& ts) const override {
    TokenStream out;
    for (auto& t : ts) {
      std::vector<std::string> cps;
      for (Xapian::Utf8Iterator it(t.term); it != Xapian::Utf8Iterator(); ++it) {
        cps.emplace_back();
        Xapian::Unicode::append_utf8(cps.back(), *it);
      }
      for (size_t i = 0; i < cps.size() && (!edge_ || i == 0); ++i)
        for (size_t len = min_; len <= max_ && i + len <= cps.size(); ++len) {
          Token g = t;
          g.term.clear();
          for (size_t k = i; k < i + len; ++k) g.term += cps[k];
          out.push_back(std::move(g));
        }
    }
    ts = std::move(out);
  }

 private:
  size_t min_, max_;
  bool edge_;
};

class TrimFilter : public TokenFilter {
 public:
  void apply(TokenStream& ts) const override {
    for (auto& t : ts) {
      auto b = t.term.find_first_not_of(" \t\r\n");
      auto e = t.term.find_last_not_of(" \t\r\n");
      t.term = b == std::string::npos ? "" : t.term.substr(b, e - b + 1);
    }
  }
};

class UniqueFilter : public TokenFilter {
 public:
  void apply(TokenStream& ts) const override {
    std::set<std::string> seen;
    std::erase_if(ts, [&](const Token& t) { return !seen.insert(t.term).second; });
  }
};

class AsciiFoldingFilter : public TokenFilter {
 public:
  void apply(TokenStream& ts) const override {
    for (auto& t : ts) t.term = map_code_points(t.term, fold);
  }
  // Latin-1 and Latin Extended-A letters with diacritics to their base letter.
  static unsigned fold(unsigned c) {
    if (c < 0xC0 || c > 0x17F) return c;
    static const char* kLatin1 =
        "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
    if (c <= 0xFF) {
      char r = kLatin1[c - 0xC0];
      return r == 'x' || r == '/' || r == 'T' || r == 't' || r == 's' ? c : unsigned(r);
    }
    static const char* kExtA =
        "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSs"
        "SsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
    return static_cast<unsigned char>(kExtA[c - 0x100]);
  }
};

}  // namespace

const std::vector<std::string>& english_stop_words() {
  static const std::vector<std::string> kWords = {
      "a",    "an",   "and",  "are",   "as",    "at",   "be",   "but",  "by",
      "for",  "if",   "in",   "into",  "is",    "it",   "no",   "not",  "of",
      "on",   "or",   "such", "that",  "the",   "their", "then", "there", "these",
      "they", "this", "to",   "was",   "will",  "with"};
  return kWords;
}

std::shared_ptr<const TokenFilter> stop_filter(std::vector<std::string> words) {
  return std::make_shared<StopFilter>(std::move(words));
}

std::shared_ptr<const TokenFilter> stemmer_filter(std::string_view language) {
  std::string lang(language);
  std::transform(lang.begin(), lang.end(), lang.begin(), ::tolower);
  if (lang == "english" || lang == "porter") return std::make_shared<StemFilter>("porter");
  if (lang == "possessive_english") return std::make_shared<PossessiveFilter>();
  if (lang == "light_english" || lang == "minimal_english" || lang == "porter2")
    return std::make_shared<StemFilter>("english");
  try {
    return std::make_shared<StemFilter>(lang);
  } catch (const Xapian::Error&) {
    return nullptr;
  }
}

std::shared_ptr<const TokenFilter> builtin_filter(std::string_view name) {
  if (name == "lowercase") return std::make_shared<LowercaseFilter>();
  if (name == "uppercase") return std::make_shared<UppercaseFilter>();
  if (name == "stop") return stop_filter(english_stop_words());
  if (name == "porter_stem" || name == "stemmer") return stemmer_filter("english");
  if (name == "snowball") return stemmer_filter("english");
  if (name == "kstem") return stemmer_filter("english");
  if (name == "english_possessive" || name == "possessive") return std::make_shared<PossessiveFilter>();
  if (name == "cjk_width") return std::make_shared<CjkWidthFilter>();
  if (name == "cjk_bigram") return std::make_shared<CjkBigramFilter>();
  if (name == "asciifolding") return std::make_shared<AsciiFoldingFilter>();
  if (name == "trim") return std::make_shared<TrimFilter>();
  if (name == "unique") return std::make_shared<UniqueFilter>();
  if (name == "ngram") return std::make_shared<NgramFilter>(1, 2, false);
  if (name == "edge_ngram") return std::make_shared<NgramFilter>(1, 2, true);
  return nullptr;
}

// Custom filter definitions from settings.analysis.filter.
std::shared_ptr<const TokenFilter> configured_filter(const boost::json::object& spec) {
  auto type = spec.if_contains("type");
  if (!type || !type->is_string()) return nullptr;
  std::string_view t = type->as_string();
  auto num = [&](const char* key, size_t dflt) { return size_param(spec, key, dflt); };
  if (t == "stop") {
    auto words = spec.if_contains("stopwords");
    if (!words) return stop_filter(english_stop_words());
    if (words->is_string()) {
      std::string_view w = words->as_string();
      if (w == "_none_") return stop_filter({});
      return stop_filter(english_stop_words());  // _english_ and unsupported language lists
    }
    std::vector<std::string> list;
    if (words->is_array())
      for (auto& w : words->as_array())
        if (w.is_string()) list.emplace_back(w.as_string());
    return stop_filter(std::move(list));
  }
  if (t == "stemmer" || t == "snowball") {
    auto lang = spec.if_contains("language");
    if (!lang) lang = spec.if_contains("name");
    return stemmer_filter(lang && lang->is_string() ? std::string_view(lang->as_string())
                                                    : std::string_view("english"));
  }
  if (t == "ngram" || t == "edge_ngram")
    return std::make_shared<NgramFilter>(num("min_gram", 1), num("max_gram", 2), t == "edge_ngram");
  return builtin_filter(t);
}

}  // namespace wharf::search
