// Tokenizers, token filters and analyzers against what Lucene 8 / Elasticsearch 7.17 produce:
// the UAX#29 standard tokenizer (hyphens split, apostrophes and number separators join, every Han
// ideograph and Hiragana character a token, Katakana and Hangul runs kept), positions with the
// gaps stop words leave, byte offsets, the built-in analyzers on the sentence Elasticsearch's
// documentation uses for each of them, and custom analyzers from index settings with
// Elasticsearch's error messages.
#include "search/analysis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace wharf::search {
namespace analysis_test {

namespace json = boost::json;

// The sentence of Elasticsearch's analyzer reference pages.
constexpr std::string_view kDocSentence =
    "The 2 QUICK Brown-Foxes jumped over the lazy dog's bone.";

std::vector<std::string> terms(const TokenStream& ts) {
  std::vector<std::string> out;
  for (const auto& t : ts) out.push_back(t.term);
  return out;
}

std::vector<int> positions(const TokenStream& ts) {
  std::vector<int> out;
  for (const auto& t : ts) out.push_back(t.position);
  return out;
}

std::vector<std::string> types(const TokenStream& ts) {
  std::vector<std::string> out;
  for (const auto& t : ts) out.push_back(t.type);
  return out;
}

std::vector<size_t> starts(const TokenStream& ts) {
  std::vector<size_t> out;
  for (const auto& t : ts) out.push_back(t.start);
  return out;
}

std::vector<size_t> ends(const TokenStream& ts) {
  std::vector<size_t> out;
  for (const auto& t : ts) out.push_back(t.end);
  return out;
}

TokenStream standard_tokens(std::string_view text) { return standard_tokenizer()->tokenize(text); }

TokenStream analyze(const AnalyzerRegistry& reg, std::string_view analyzer, std::string_view text) {
  auto a = reg.find(analyzer);
  EXPECT_NE(a, nullptr) << "no analyzer " << analyzer;
  if (!a) return {};
  return a->analyze(text);
}

TokenStream analyze(std::string_view analyzer, std::string_view text) {
  static const AnalyzerRegistry kBuiltins;
  return analyze(kBuiltins, analyzer, text);
}

// The illegal_argument_exception message a registry built from `analysis` throws; "" if none.
std::string registry_error(std::string_view analysis) {
  json::value v = json::parse(analysis);
  try {
    AnalyzerRegistry reg(&v);
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), "illegal_argument_exception") << e.message();
    EXPECT_EQ(e.http_status(), 400);
    return e.message();
  }
  return "";
}

using Strings = std::vector<std::string>;
using Ints = std::vector<int>;
using Offsets = std::vector<size_t>;

// ---------------------------------------------------------------------------------------------
// Standard tokenizer (UAX#29 as Lucene's StandardTokenizer applies it)

TEST(StandardTokenizer, EnglishWordsNumbersAndPunctuation) {
  auto ts = standard_tokens("The Quick-Brown fox's can't 3.14 1,000");
  EXPECT_EQ(terms(ts), (Strings{"The", "Quick", "Brown", "fox's", "can't", "3.14", "1,000"}));
  EXPECT_EQ(types(ts), (Strings{"<ALPHANUM>", "<ALPHANUM>", "<ALPHANUM>", "<ALPHANUM>",
                                "<ALPHANUM>", "<NUM>", "<NUM>"}));
  EXPECT_EQ(positions(ts), (Ints{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(starts(ts), (Offsets{0, 4, 10, 16, 22, 28, 33}));
  EXPECT_EQ(ends(ts), (Offsets{3, 9, 15, 21, 27, 32, 38}));
}

TEST(StandardTokenizer, WordBoundaryRules) {
  // A trailing period does not join; periods between letters do.
  EXPECT_EQ(terms(standard_tokens("U.S.A. rocks")), (Strings{"U.S.A", "rocks"}));
  // '@' breaks, the period between letters joins.
  EXPECT_EQ(terms(standard_tokens("john@example.com")), (Strings{"john", "example.com"}));
  // The underscore is ExtendNumLet: it joins.
  EXPECT_EQ(terms(standard_tokens("foo_bar baz")), (Strings{"foo_bar", "baz"}));
  // Digits on both sides of a period join even after letters.
  EXPECT_EQ(terms(standard_tokens("v1.2.3")), (Strings{"v1.2.3"}));
  EXPECT_EQ(types(standard_tokens("abc123 42")), (Strings{"<ALPHANUM>", "<NUM>"}));
  // Separators alone produce nothing.
  EXPECT_TRUE(standard_tokens(" -- , . !").empty());
  EXPECT_TRUE(standard_tokens("").empty());
}

TEST(StandardTokenizer, HanIdeographsAreOneTokenEach) {
  auto ts = standard_tokens("张三");
  EXPECT_EQ(terms(ts), (Strings{"张", "三"}));
  EXPECT_EQ(types(ts), (Strings{"<IDEOGRAPHIC>", "<IDEOGRAPHIC>"}));
  EXPECT_EQ(positions(ts), (Ints{0, 1}));
  EXPECT_EQ(starts(ts), (Offsets{0, 3}));
  EXPECT_EQ(ends(ts), (Offsets{3, 6}));
}

TEST(StandardTokenizer, LatinNextToHanSplits) {
  auto ts = standard_tokens("hello世界");
  EXPECT_EQ(terms(ts), (Strings{"hello", "世", "界"}));
  EXPECT_EQ(types(ts), (Strings{"<ALPHANUM>", "<IDEOGRAPHIC>", "<IDEOGRAPHIC>"}));
  EXPECT_EQ(starts(ts), (Offsets{0, 5, 8}));
}

TEST(StandardTokenizer, HiraganaIsOneTokenPerCharacter) {
  auto ts = standard_tokens("こんにちは");
  EXPECT_EQ(terms(ts), (Strings{"こ", "ん", "に", "ち", "は"}));
  EXPECT_EQ(types(ts), (Strings(5, "<HIRAGANA>")));
  EXPECT_EQ(positions(ts), (Ints{0, 1, 2, 3, 4}));
  EXPECT_EQ(starts(ts), (Offsets{0, 3, 6, 9, 12}));
}

TEST(StandardTokenizer, KatakanaRunStaysTogether) {
  auto ts = standard_tokens("カタカナ です");
  ASSERT_EQ(ts.size(), 3u);
  EXPECT_EQ(ts[0].term, "カタカナ");
  EXPECT_EQ(ts[0].type, "<KATAKANA>");
  EXPECT_EQ(ts[0].start, 0u);
  EXPECT_EQ(ts[0].end, 12u);
  EXPECT_EQ(ts[1].term, "で");
  EXPECT_EQ(ts[1].type, "<HIRAGANA>");
  EXPECT_EQ(ts[2].term, "す");
}

TEST(StandardTokenizer, HangulRunStaysTogether) {
  auto ts = standard_tokens("안녕하세요 세계");
  EXPECT_EQ(terms(ts), (Strings{"안녕하세요", "세계"}));
  EXPECT_EQ(types(ts), (Strings{"<HANGUL>", "<HANGUL>"}));
  EXPECT_EQ(starts(ts), (Offsets{0, 16}));
  EXPECT_EQ(ends(ts), (Offsets{15, 22}));
}

TEST(StandardTokenizer, SupplementaryIdeographOffsets) {
  // U+20000 is four bytes in UTF-8 and two UTF-16 code units.
  std::string text = "a \xF0\xA0\x80\x80 b";
  auto ts = standard_tokens(text);
  EXPECT_EQ(terms(ts), (Strings{"a", "\xF0\xA0\x80\x80", "b"}));
  EXPECT_EQ(types(ts), (Strings{"<ALPHANUM>", "<IDEOGRAPHIC>", "<ALPHANUM>"}));
  EXPECT_EQ(starts(ts), (Offsets{0, 2, 7}));
  EXPECT_EQ(utf16_offset(text, ts[1].start), 2u);
  EXPECT_EQ(utf16_offset(text, ts[1].end), 4u);
  EXPECT_EQ(utf16_offset(text, ts[2].start), 5u);
}

TEST(StandardTokenizer, MaxTokenLengthSplitsLongTokens) {
  auto ts = standard_tokenizer(5)->tokenize("abcdefghij xyz abcdefg");
  EXPECT_EQ(terms(ts), (Strings{"abcde", "fghij", "xyz", "abcde", "fg"}));
  EXPECT_EQ(positions(ts), (Ints{0, 1, 2, 3, 4}));
  EXPECT_EQ(starts(ts), (Offsets{0, 5, 11, 15, 20}));
  EXPECT_EQ(ends(ts), (Offsets{5, 10, 14, 20, 22}));
}

TEST(Utf16Offset, CountsJavaChars) {
  EXPECT_EQ(utf16_offset("abc", 2), 2u);
  EXPECT_EQ(utf16_offset("张三", 3), 1u);
  EXPECT_EQ(utf16_offset("张三", 6), 2u);
  EXPECT_EQ(utf16_offset("\xC3\xA9t\xC3\xA9", 3), 2u);      // "été": é is 2 bytes, 1 char
  EXPECT_EQ(utf16_offset("a\xF0\x9F\x98\x80\x62", 5), 3u);  // a U+1F600 b: the emoji is 2 chars
  EXPECT_EQ(utf16_offset("ab", 10), 2u);                    // past the end: the whole text
}

// ---------------------------------------------------------------------------------------------
// Built-in analyzers (examples of Elasticsearch's analyzer reference)

TEST(BuiltinAnalyzers, Standard) {
  auto ts = analyze("standard", kDocSentence);
  EXPECT_EQ(terms(ts), (Strings{"the", "2", "quick", "brown", "foxes", "jumped", "over", "the",
                                "lazy", "dog's", "bone"}));
  EXPECT_EQ(positions(ts), (Ints{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  // The default analyzer is the standard one.
  EXPECT_EQ(terms(analyze("default", "Hello WORLD")), (Strings{"hello", "world"}));
}

TEST(BuiltinAnalyzers, StandardLowercasesCjkAndKeepsOffsets) {
  auto ts = analyze("standard", "The Quick-Brown fox's can't 3.14 1,000");
  EXPECT_EQ(terms(ts), (Strings{"the", "quick", "brown", "fox's", "can't", "3.14", "1,000"}));
  EXPECT_EQ(starts(ts), (Offsets{0, 4, 10, 16, 22, 28, 33}));
  EXPECT_EQ(terms(analyze("standard", "张三")), (Strings{"张", "三"}));
}

TEST(BuiltinAnalyzers, SimpleDropsDigitsAndSplitsOnNonLetters) {
  auto ts = analyze("simple", kDocSentence);
  EXPECT_EQ(terms(ts), (Strings{"the", "quick", "brown", "foxes", "jumped", "over", "the", "lazy",
                                "dog", "s", "bone"}));
  EXPECT_EQ(positions(ts), (Ints{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  auto hello = analyze("simple", "Hello World 42 it's");
  EXPECT_EQ(terms(hello), (Strings{"hello", "world", "it", "s"}));
  EXPECT_EQ(starts(hello), (Offsets{0, 6, 15, 18}));
  EXPECT_EQ(ends(hello), (Offsets{5, 11, 17, 19}));
}

TEST(BuiltinAnalyzers, WhitespaceKeepsCaseAndPunctuation) {
  EXPECT_EQ(terms(analyze("whitespace", kDocSentence)),
            (Strings{"The", "2", "QUICK", "Brown-Foxes", "jumped", "over", "the", "lazy", "dog's",
                     "bone."}));
  auto ts = analyze("whitespace", "  Hello,\tWorld!\n");
  EXPECT_EQ(terms(ts), (Strings{"Hello,", "World!"}));
  EXPECT_EQ(starts(ts), (Offsets{2, 9}));
}

TEST(BuiltinAnalyzers, KeywordIsTheWholeText) {
  auto ts = analyze("keyword", kDocSentence);
  ASSERT_EQ(ts.size(), 1u);
  EXPECT_EQ(ts[0].term, kDocSentence);
  EXPECT_EQ(ts[0].position, 0);
  EXPECT_EQ(ts[0].start, 0u);
  EXPECT_EQ(ts[0].end, kDocSentence.size());
  EXPECT_TRUE(analyze("keyword", "").empty());
}

TEST(BuiltinAnalyzers, StopRemovesEnglishStopWordsLeavingGaps) {
  auto ts = analyze("stop", kDocSentence);
  EXPECT_EQ(terms(ts),
            (Strings{"quick", "brown", "foxes", "jumped", "over", "lazy", "dog", "s", "bone"}));
  EXPECT_EQ(positions(ts), (Ints{1, 2, 3, 4, 5, 7, 8, 9, 10}));
}

TEST(BuiltinAnalyzers, EnglishPossessiveStopWordsAndPorterStemming) {
  auto ts = analyze("english", kDocSentence);
  EXPECT_EQ(terms(ts),
            (Strings{"2", "quick", "brown", "fox", "jump", "over", "lazi", "dog", "bone"}));
  // "The" (0) and "the" (7) are removed; the others keep their positions.
  EXPECT_EQ(positions(ts), (Ints{1, 2, 3, 4, 5, 6, 8, 9, 10}));
  EXPECT_EQ(terms(analyze("english", "running jumped jumps")), (Strings{"run", "jump", "jump"}));
  // Possessives with the ASCII apostrophe and with U+2019.
  EXPECT_EQ(terms(analyze("english", "John's Mary\xE2\x80\x99s")), (Strings{"john", "mari"}));
}

TEST(BuiltinAnalyzers, EnglishStopWordList) {
  // Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.
  const auto& words = english_stop_words();
  EXPECT_EQ(words.size(), 33u);
  for (const char* w : {"a", "an", "and", "the", "their", "with", "will", "was"})
    EXPECT_NE(std::find(words.begin(), words.end(), w), words.end()) << w;
  for (const char* w : {"s", "i", "he", "she"})
    EXPECT_EQ(std::find(words.begin(), words.end(), w), words.end()) << w;
}

TEST(BuiltinAnalyzers, CjkBigrams) {
  auto ts = analyze("cjk", "中华人民");
  EXPECT_EQ(terms(ts), (Strings{"中华", "华人", "人民"}));
  EXPECT_EQ(types(ts), (Strings{"<DOUBLE>", "<DOUBLE>", "<DOUBLE>"}));
  EXPECT_EQ(positions(ts), (Ints{0, 1, 2}));
  EXPECT_EQ(starts(ts), (Offsets{0, 3, 6}));
  EXPECT_EQ(ends(ts), (Offsets{6, 9, 12}));

  // Hiragana bigrams too; Latin words pass through lowercased.
  EXPECT_EQ(terms(analyze("cjk", "こんにちは")), (Strings{"こん", "んに", "にち", "ちは"}));
  auto mixed = analyze("cjk", "中华 Hello");
  EXPECT_EQ(terms(mixed), (Strings{"中华", "hello"}));
  EXPECT_EQ(positions(mixed), (Ints{0, 1}));
  // Full-width Latin folds to ASCII (cjk_width) before lowercasing.
  EXPECT_EQ(terms(analyze("cjk", "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3")), (Strings{"abc"}));
}

TEST(BuiltinAnalyzers, CjkLoneCharacterIsASingleUnigram) {
  // Lucene's CJKBigramFilter (output_unigrams false) emits a lone CJK character with type
  // <SINGLE> (CJKBigramFilter.SINGLE_TYPE).
  auto ts = analyze("cjk", "中");
  EXPECT_EQ(terms(ts), (Strings{"中"}));
  EXPECT_EQ(types(ts), (Strings{"<SINGLE>"}));
}

TEST(BuiltinPieces, UnknownNamesAreNull) {
  EXPECT_EQ(builtin_tokenizer("no_such_tokenizer"), nullptr);
  EXPECT_EQ(builtin_filter("no_such_filter"), nullptr);
  EXPECT_EQ(stemmer_filter("klingon"), nullptr);
  EXPECT_NE(builtin_tokenizer("whitespace"), nullptr);
  EXPECT_NE(builtin_filter("lowercase"), nullptr);
  AnalyzerRegistry reg;
  EXPECT_EQ(reg.find("no_such_analyzer"), nullptr);
}

TEST(BuiltinPieces, StopFilterKeepsPositionsOfTheOthers) {
  Analyzer a(builtin_tokenizer("whitespace"), {stop_filter({"b", "c"})});
  auto ts = a.analyze("a b c d");
  EXPECT_EQ(terms(ts), (Strings{"a", "d"}));
  EXPECT_EQ(positions(ts), (Ints{0, 3}));
}

// ---------------------------------------------------------------------------------------------
// Custom analyzers from settings.analysis

constexpr std::string_view kCustomAnalysis = R"({
  "analyzer": {
    "my_custom": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "my_stop"]},
    "commas": {"tokenizer": "comma_tokenizer"},
    "autocomplete": {"tokenizer": "standard", "filter": ["lowercase", "autocomplete_filter"]},
    "std5": {"type": "standard", "max_token_length": 5, "stopwords": "_english_"},
    "my_stop_analyzer": {"type": "stop", "stopwords": ["quick", "lazy"]},
    "stemmed": {"tokenizer": "whitespace", "filter": ["lowercase", {"type": "stemmer", "language": "english"}]}
  },
  "tokenizer": {
    "comma_tokenizer": {"type": "pattern", "pattern": ","}
  },
  "filter": {
    "my_stop": {"type": "stop", "stopwords": ["foo", "bar"]},
    "autocomplete_filter": {"type": "edge_ngram", "min_gram": 1, "max_gram": 3}
  }
})";

class CustomAnalyzers : public ::testing::Test {
 protected:
  void SetUp() override {
    settings_ = json::parse(kCustomAnalysis);
    reg_ = std::make_unique<AnalyzerRegistry>(&settings_);
  }
  json::value settings_;
  std::unique_ptr<AnalyzerRegistry> reg_;
};

TEST_F(CustomAnalyzers, TokenizerWithFilterList) {
  auto ts = analyze(*reg_, "my_custom", "The Foo quick BAR fox");
  // Only the custom stop words go; "the" is not in that list.
  EXPECT_EQ(terms(ts), (Strings{"the", "quick", "fox"}));
  EXPECT_EQ(positions(ts), (Ints{0, 2, 4}));
}

TEST_F(CustomAnalyzers, PatternTokenizer) {
  auto ts = analyze(*reg_, "commas", "a,b,,c");
  EXPECT_EQ(terms(ts), (Strings{"a", "b", "c"}));
  EXPECT_EQ(positions(ts), (Ints{0, 1, 2}));
  EXPECT_EQ(starts(ts), (Offsets{0, 2, 5}));
  EXPECT_EQ(ends(ts), (Offsets{1, 3, 6}));
}

TEST_F(CustomAnalyzers, EdgeNgramFilterKeepsTheTokenPosition) {
  auto ts = analyze(*reg_, "autocomplete", "Quick Fox");
  EXPECT_EQ(terms(ts), (Strings{"q", "qu", "qui", "f", "fo", "fox"}));
  EXPECT_EQ(positions(ts), (Ints{0, 0, 0, 1, 1, 1}));
}

TEST_F(CustomAnalyzers, ParameterisedStandardAnalyzer) {
  // Elasticsearch's standard analyzer example with max_token_length 5 and _english_ stop words.
  auto ts = analyze(*reg_, "std5", kDocSentence);
  EXPECT_EQ(terms(ts), (Strings{"2", "quick", "brown", "foxes", "jumpe", "d", "over", "lazy",
                                "dog's", "bone"}));
}

TEST_F(CustomAnalyzers, StopAnalyzerWithOwnWords) {
  EXPECT_EQ(terms(analyze(*reg_, "my_stop_analyzer", "The quick and lazy fox")),
            (Strings{"the", "and", "fox"}));
}

TEST_F(CustomAnalyzers, InlineFilterDefinition) {
  EXPECT_EQ(terms(analyze(*reg_, "stemmed", "Running Dogs")), (Strings{"run", "dog"}));
}

TEST_F(CustomAnalyzers, BuiltinsRemainAvailable) {
  EXPECT_EQ(terms(analyze(*reg_, "standard", "Hello World")), (Strings{"hello", "world"}));
  EXPECT_EQ(reg_->find("nope"), nullptr);
}

TEST(CustomAnalyzerErrors, UnknownFilterName) {
  EXPECT_EQ(registry_error(R"({"analyzer": {"a": {"tokenizer": "standard", "filter": ["nope"]}}})"),
            "Custom Analyzer [a] failed to find filter under name [nope]");
}

TEST(CustomAnalyzerErrors, UnknownTokenizerName) {
  EXPECT_EQ(registry_error(R"({"analyzer": {"a": {"tokenizer": "nope"}}})"),
            "Custom Analyzer [a] failed to find tokenizer under name [nope]");
}

TEST(CustomAnalyzerErrors, AnalyzerWithoutTypeOrTokenizer) {
  EXPECT_EQ(registry_error(R"({"analyzer": {"a": {"filter": ["lowercase"]}}})"),
            "analyzer [a] must specify either an analyzer type, or a tokenizer");
}

TEST(CustomAnalyzerErrors, UnknownAnalyzerType) {
  EXPECT_EQ(registry_error(R"({"analyzer": {"a": {"type": "nope"}}})"),
            "Unknown analyzer type [nope] for [a]");
}

// Elasticsearch's AnalysisRegistry.getAnalysisProvider:
//   "Unknown " + component + " type [" + typeName + "] for [" + name + "]"
TEST(CustomAnalyzerErrors, UnknownFilterType) {
  EXPECT_EQ(registry_error(R"({"filter": {"f": {"type": "nope"}}})"),
            "Unknown filter type [nope] for [f]");
}

TEST(CustomAnalyzerErrors, UnknownTokenizerType) {
  EXPECT_EQ(registry_error(R"({"tokenizer": {"t": {"type": "nope"}}})"),
            "Unknown tokenizer type [nope] for [t]");
}

TEST(CustomAnalyzerErrors, ValidSettingsDoNotThrow) {
  EXPECT_EQ(registry_error(kCustomAnalysis), "");
}

// ---------------------------------------------------------------------------------------------
// _analyze with an ad-hoc tokenizer and filters

TEST(AdhocAnalyzer, TokenizerAndFilters) {
  AnalyzerRegistry reg;
  json::value filters = json::parse(R"(["lowercase", {"type": "stop", "stopwords": ["world"]}])");
  auto a = AnalyzerRegistry::adhoc(json::value("whitespace"), &filters, reg);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(terms(a->analyze("Hello WORLD Again")), (Strings{"hello", "again"}));
}

TEST(AdhocAnalyzer, InlineTokenizerDefinition) {
  AnalyzerRegistry reg;
  auto a = AnalyzerRegistry::adhoc(
      json::parse(R"({"type": "ngram", "min_gram": 2, "max_gram": 2})"), nullptr, reg);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(terms(a->analyze("abcd")), (Strings{"ab", "bc", "cd"}));
}

TEST(AdhocAnalyzer, UnknownPiecesUseTheGlobalMessages) {
  AnalyzerRegistry reg;
  try {
    AnalyzerRegistry::adhoc(json::value("nope"), nullptr, reg);
    ADD_FAILURE() << "no error for an unknown tokenizer";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), "illegal_argument_exception");
    EXPECT_EQ(e.message(), "failed to find global tokenizer under [nope]");
  }
  json::value filters = json::parse(R"(["lowercase", "nope"])");
  try {
    AnalyzerRegistry::adhoc(json::value("standard"), &filters, reg);
    ADD_FAILURE() << "no error for an unknown filter";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), "illegal_argument_exception");
    EXPECT_EQ(e.message(), "failed to find global filter under [nope]");
  }
}

}  // namespace analysis_test
}  // namespace wharf::search
