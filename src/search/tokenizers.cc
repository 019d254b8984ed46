// Tokenizers. The standard tokenizer follows Unicode word segmentation (UAX#29) the way Lucene's
// StandardTokenizer applies it: letters and digits form words (joined across an apostrophe or a
// period between letters, and a comma or period between digits), every Han ideograph and every
// Hiragana character is a token of its own, Katakana runs stay together. That is why a match on
// "张三" finds the document named 张三: both sides become the tokens 张 and 三.
#include <xapian.h>

#include <boost/json.hpp>
#include <regex>

#include "search/analysis.h"
#include "search/json_params.h"

namespace wharf::search {

namespace {

using Cat = Xapian::Unicode::category;

// Decodes one code point at `i`, advancing it; invalid bytes decode as U+FFFD, one byte each.
unsigned next_code_point(std::string_view s, size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  unsigned cp = len == 1 ? c : c & (0xFF >> (len + 1));
  for (int k = 1; k < len; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += len;
  return cp;
}

enum class Wb { kOther, kLetter, kNumeric, kIdeo, kHiragana, kKatakana, kMidLetter, kMidNum,
                kMidNumLet, kExtendNumLet, kExtend, kSpace };

bool is_han(unsigned c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F) || c == 0x3005 ||
         c == 0x3007 || (c >= 0x3021 && c <= 0x3029);
}
bool is_hiragana(unsigned c) { return c >= 0x3040 && c <= 0x309F; }
bool is_katakana(unsigned c) {
  return (c >= 0x30A0 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
         (c >= 0xFF66 && c <= 0xFF9F) || (c >= 0x32D0 && c <= 0x32FE);
}
bool is_hangul(unsigned c) {
  return (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) ||
         (c >= 0x3130 && c <= 0x318F);
}

Wb word_break_class(unsigned c) {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return Wb::kLetter;
    if (c >= '0' && c <= '9') return Wb::kNumeric;
    if (c == '_') return Wb::kExtendNumLet;
    if (c == '\'' || c == '.') return Wb::kMidNumLet;
    if (c == ':') return Wb::kMidLetter;
    if (c == ',' || c == ';') return Wb::kMidNum;
    return c <= ' ' ? Wb::kSpace : Wb::kOther;
  }
  if (is_han(c)) return Wb::kIdeo;
  if (is_hiragana(c)) return c == 0x309B || c == 0x309C ? Wb::kKatakana : Wb::kHiragana;
  if (is_katakana(c)) return Wb::kKatakana;
  switch (c) {
    case 0x00B7: case 0x0387: case 0x05F4: case 0x2027: case 0xFE13: case 0xFE55: case 0xFF1A:
      return Wb::kMidLetter;
    case 0x2018: case 0x2019: case 0x2024: case 0xFE52: case 0xFF07: case 0xFF0E:
      return Wb::kMidNumLet;
    case 0x037E: case 0x0589: case 0x060C: case 0x060D: case 0x066C: case 0x07F8: case 0x2044:
    case 0xFE10: case 0xFE14: case 0xFE50: case 0xFE54: case 0xFF0C: case 0xFF1B:
      return Wb::kMidNum;
    case 0x200D: return Wb::kExtend;
    default: break;
  }
  switch (Xapian::Unicode::get_category(c)) {
    case Cat::UPPERCASE_LETTER: case Cat::LOWERCASE_LETTER: case Cat::TITLECASE_LETTER:
    case Cat::MODIFIER_LETTER: case Cat::OTHER_LETTER: case Cat::LETTER_NUMBER:
      return Wb::kLetter;
    case Cat::DECIMAL_DIGIT_NUMBER: return Wb::kNumeric;
    case Cat::NON_SPACING_MARK: case Cat::ENCLOSING_MARK: case Cat::COMBINING_SPACING_MARK:
    case Cat::FORMAT:
      return Wb::kExtend;
    case Cat::CONNECTOR_PUNCTUATION: return Wb::kExtendNumLet;
    case Cat::SPACE_SEPARATOR: case Cat::LINE_SEPARATOR: case Cat::PARAGRAPH_SEPARATOR:
    case Cat::CONTROL:
      return Wb::kSpace;
    default: return Wb::kOther;
  }
}

struct Cp {
  unsigned c;
  size_t start, end;
  Wb wb;
};

std::vector<Cp> decode(std::string_view text) {
  std::vector<Cp> out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t s = i;
    unsigned c = next_code_point(text, i);
    out.push_back({c, s, i, word_break_class(c)});
  }
  return out;
}

bool wordish(Wb w) { return w == Wb::kLetter || w == Wb::kNumeric || w == Wb::kExtendNumLet; }

class StandardTokenizer : public Tokenizer {
 public:
  explicit StandardTokenizer(size_t max_len) : max_len_(max_len ? max_len : 255) {}

  TokenStream tokenize(std::string_view text) const override {
    TokenStream out;
    auto cps = decode(text);
    size_t n = cps.size(), i = 0;
    int pos = 0;
    auto emit = [&](size_t from, size_t to, const char* type) {  // [from, to) in cps
      while (from < to) {  // Lucene splits tokens longer than max_token_length
        size_t stop = std::min(to, from + max_len_);
        Token t;
        t.start = cps[from].start;
        t.end = cps[stop - 1].end;
        t.term.assign(text.substr(t.start, t.end - t.start));
        t.position = pos++;
        t.type = type;
        out.push_back(std::move(t));
        from = stop;
      }
    };
    while (i < n) {
      Wb w = cps[i].wb;
      if (w == Wb::kIdeo || w == Wb::kHiragana) {
        size_t j = i + 1;
        while (j < n && cps[j].wb == Wb::kExtend) ++j;
        emit(i, j, w == Wb::kIdeo ? "<IDEOGRAPHIC>" : "<HIRAGANA>");
        i = j;
        continue;
      }
      if (w == Wb::kKatakana) {
        size_t j = i + 1;
        while (j < n && (cps[j].wb == Wb::kKatakana || cps[j].wb == Wb::kExtend ||
                         cps[j].wb == Wb::kExtendNumLet))
          ++j;
        emit(i, j, "<KATAKANA>");
        i = j;
        continue;
      }
      if (!wordish(w)) {
        ++i;
        continue;
      }
      // A word: letters, digits and connectors, joined across a single mid character when the
      // same kind continues on both sides (WB6/7 for letters, WB11/12 for digits).
      size_t j = i;
      bool letters = false, hangul_only = true;
      Wb last = Wb::kOther;
      while (j < n) {
        Wb c = cps[j].wb;
        if (wordish(c)) {
          letters |= c == Wb::kLetter;
          hangul_only &= c == Wb::kLetter && is_hangul(cps[j].c);
          last = c;
          ++j;
        } else if (c == Wb::kExtend) {
          ++j;
        } else if ((c == Wb::kMidLetter || c == Wb::kMidNumLet || c == Wb::kMidNum) &&
                   j + 1 < n) {
          Wb next = cps[j + 1].wb;
          bool letter_join = c != Wb::kMidNum && last == Wb::kLetter && next == Wb::kLetter;
          bool digit_join = c != Wb::kMidLetter && last == Wb::kNumeric && next == Wb::kNumeric;
          if (!letter_join && !digit_join) break;
          j += 1;
        } else {
          break;
        }
      }
      emit(i, j, hangul_only ? "<HANGUL>" : letters ? "<ALPHANUM>" : "<NUM>");
      i = j;
    }
    return out;
  }

 private:
  size_t max_len_;
};

// Runs of code points accepted by `keep`, optionally lowercased (letter, lowercase and
// whitespace tokenizers differ only in that).
template <typename Keep>
TokenStream runs(std::string_view text, Keep keep, bool lowercase) {
  TokenStream out;
  auto cps = decode(text);
  size_t i = 0;
  int pos = 0;
  while (i < cps.size()) {
    if (!keep(cps[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < cps.size() && keep(cps[j])) ++j;
    Token t;
    t.start = cps[i].start;
    t.end = cps[j - 1].end;
    if (lowercase) {
      for (size_t k = i; k < j; ++k) Xapian::Unicode::append_utf8(t.term, Xapian::Unicode::tolower(cps[k].c));
    } else {
      t.term.assign(text.substr(t.start, t.end - t.start));
    }
    t.position = pos++;
    out.push_back(std::move(t));
    i = j;
  }
  return out;
}

class LetterTokenizer : public Tokenizer {
 public:
  explicit LetterTokenizer(bool lowercase) : lowercase_(lowercase) {}
  TokenStream tokenize(std::string_view text) const override {
    return runs(
        text,
        [](const Cp& c) {
          auto cat = Xapian::Unicode::get_category(c.c);
          return cat <= Cat::OTHER_LETTER || cat == Cat::NON_SPACING_MARK ||
                 cat == Cat::COMBINING_SPACING_MARK;
        },
        lowercase_);
  }

 private:
  bool lowercase_;
};

class WhitespaceTokenizer : public Tokenizer {
 public:
  TokenStream tokenize(std::string_view text) const override {
    return runs(
        text,
        [](const Cp& c) {
          if (c.c < 0x80) return c.c > ' ';
          return !Xapian::Unicode::is_whitespace(c.c);
        },
        false);
  }
};

class KeywordTokenizer : public Tokenizer {
 public:
  TokenStream tokenize(std::string_view text) const override {
    TokenStream out;
    if (text.empty()) return out;
    Token t;
    t.term.assign(text);
    t.end = text.size();
    out.push_back(std::move(t));
    return out;
  }
};

// n-grams of every length in [min, max] starting at each code point (edge: only at the start).
class NgramTokenizer : public Tokenizer {
 public:
  NgramTokenizer(size_t min, size_t max, bool edge) : min_(min), max_(max), edge_(edge) {}
  TokenStream tokenize(std::string_view text) const override {
    TokenStream out;
    auto cps = decode(text);
    int pos = 0;
    for (size_t i = 0; i < cps.size() && (!edge_ || i == 0); ++i)
      for (size_t len = min_; len <= max_ && i + len <= cps.size(); ++len) {
        Token t;
        t.start = cps[i].start;
        t.end = cps[i + len - 1].end;
        t.term.assign(text.substr(t.start, t.end - t.start));
        t.position = pos++;
        out.push_back(std::move(t));
      }
    return out;
  }

 private:
  size_t min_, max_;
  bool edge_;
};

// Splits on a regular expression (the pattern tokenizer; default \W+).
class PatternTokenizer : public Tokenizer {
 public:
  explicit PatternTokenizer(const std::string& pattern) : re_(pattern) {}
  TokenStream tokenize(std::string_view text) const override {
    TokenStream out;
    std::string s(text);
    int pos = 0;
    size_t start = 0;
    auto emit = [&](size_t from, size_t to) {
      if (to <= from) return;
      Token t;
      t.term = s.substr(from, to - from);
      t.start = from;
      t.end = to;
      t.position = pos++;
      out.push_back(std::move(t));
    };
    for (std::sregex_iterator it(s.begin(), s.end(), re_), end; it != end; ++it) {
      size_t at = static_cast<size_t>(it->position());
      emit(start, at);
      start = at + static_cast<size_t>(it->length());
    }
    emit(start, s.size());
    return out;
  }

 private:
  std::regex re_;
};

}  // namespace

std::shared_ptr<const Tokenizer> standard_tokenizer(size_t max_token_length) {
  return std::make_shared<StandardTokenizer>(max_token_length);
}

std::shared_ptr<const Tokenizer> builtin_tokenizer(std::string_view name) {
  if (name == "standard") return standard_tokenizer();
  if (name == "letter") return std::make_shared<LetterTokenizer>(false);
  if (name == "lowercase") return std::make_shared<LetterTokenizer>(true);
  if (name == "whitespace") return std::make_shared<WhitespaceTokenizer>();
  if (name == "keyword") return std::make_shared<KeywordTokenizer>();
  if (name == "ngram") return std::make_shared<NgramTokenizer>(1, 2, false);
  if (name == "edge_ngram") return std::make_shared<NgramTokenizer>(1, 2, true);
  if (name == "pattern") return std::make_shared<PatternTokenizer>("\\W+");
  return nullptr;
}

// Custom tokenizer definitions from settings.analysis.tokenizer.
std::shared_ptr<const Tokenizer> configured_tokenizer(const boost::json::object& spec) {
  auto type = spec.if_contains("type");
  if (!type || !type->is_string()) return nullptr;
  std::string_view t = type->as_string();
  auto num = [&](const char* key, size_t dflt) { return size_param(spec, key, dflt); };
  if (t == "standard") return standard_tokenizer(num("max_token_length", 255));
  if (t == "pattern") {
    auto p = spec.if_contains("pattern");
    try {
      return std::make_shared<PatternTokenizer>(p && p->is_string() ? std::string(p->as_string())
                                                                   : "\\W+");
    } catch (const std::regex_error&) {
      return nullptr;
    }
  }
  if (t == "ngram" || t == "edge_ngram")
    return std::make_shared<NgramTokenizer>(num("min_gram", 1), num("max_gram", 2),
                                            t == "edge_ngram");
  return builtin_tokenizer(t);
}

size_t utf16_offset(std::string_view text, size_t byte_offset) {
  size_t units = 0, i = 0;
  while (i < byte_offset && i < text.size()) {
    unsigned c = next_code_point(text, i);
    units += c >= 0x10000 ? 2 : 1;
  }
  return units;
}

}  // namespace wharf::search
