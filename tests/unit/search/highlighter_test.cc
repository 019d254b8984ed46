// highlight_text: the analyzed terms found in a field's text wrapped in tags, the original text
// kept (case, punctuation), and, for text longer than fragment_size, sentence fragments that
// contain a match, in document order, at most number_of_fragments of them (0: the whole text).
#include "search/highlighter.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "search/analysis.h"

namespace wharf::search {
namespace highlighter_test {

using Strings = std::vector<std::string>;

const std::string kLong =
    "Wharf stores objects. It also speaks the search API. The quick brown fox jumps over the "
    "lazy dog. Nothing to see here at all, really nothing. Another fox appears at the very end "
    "of this text.";

const Analyzer& standard() {
  static const AnalyzerRegistry kRegistry;
  static const std::shared_ptr<const Analyzer> kStandard = kRegistry.find("standard");
  return *kStandard;
}

Strings highlight(const std::string& text, const std::set<std::string>& terms,
                  const HighlightOptions& opts = {}) {
  return highlight_text(text, standard(), terms, opts);
}

HighlightOptions fragments(size_t size, size_t number = 5) {
  HighlightOptions o;
  o.fragment_size = size;
  o.number_of_fragments = number;
  return o;
}

TEST(Highlight, ShortTextIsOneFragment) {
  EXPECT_EQ(highlight("The quick brown fox jumps", {"fox"}),
            (Strings{"The quick brown <em>fox</em> jumps"}));
  EXPECT_EQ(highlight("The quick brown fox jumps", {"quick", "jumps"}),
            (Strings{"The <em>quick</em> brown fox <em>jumps</em>"}));
}

TEST(Highlight, MatchesAnalyzedTermsAndKeepsTheOriginalText) {
  EXPECT_EQ(highlight("Hello, FOX! Fox's den.", {"fox"}),
            (Strings{"Hello, <em>FOX</em>! Fox's den."}));
  EXPECT_EQ(highlight("Hello, FOX! Fox's den.", {"fox's"}),
            (Strings{"Hello, FOX! <em>Fox's</em> den."}));
  EXPECT_EQ(highlight("张三和李四", {"张", "三"}), (Strings{"<em>张</em><em>三</em>和李四"}));
}

TEST(Highlight, NoMatchNoFragments) {
  EXPECT_TRUE(highlight("The quick brown fox", {"dog"}).empty());
  EXPECT_TRUE(highlight("", {"dog"}).empty());
  EXPECT_TRUE(highlight(kLong, {"cat", "mouse"}, fragments(30)).empty());
}

TEST(Highlight, CustomTags) {
  HighlightOptions o;
  o.pre_tag = "<b class=\"hl\">";
  o.post_tag = "</b>";
  EXPECT_EQ(highlight("a fox here", {"fox"}, o), (Strings{"a <b class=\"hl\">fox</b> here"}));
}

TEST(Highlight, LongTextGivesSentenceFragmentsInDocumentOrder) {
  EXPECT_EQ(highlight(kLong, {"fox"}, fragments(60)),
            (Strings{"The quick brown <em>fox</em> jumps over the lazy dog.",
                     "Another <em>fox</em> appears at the very end of this text."}));
  // Short sentences that fit the fragment size together stay together.
  EXPECT_EQ(highlight(kLong, {"fox", "wharf"}, fragments(60)),
            (Strings{"<em>Wharf</em> stores objects. It also speaks the search API.",
                     "The quick brown <em>fox</em> jumps over the lazy dog.",
                     "Another <em>fox</em> appears at the very end of this text."}));
}

TEST(Highlight, NumberOfFragments) {
  EXPECT_EQ(highlight(kLong, {"fox"}, fragments(60, 1)),
            (Strings{"The quick brown <em>fox</em> jumps over the lazy dog."}));
  // 0: the whole text, highlighted.
  EXPECT_EQ(highlight(kLong, {"fox"}, fragments(60, 0)),
            (Strings{"Wharf stores objects. It also speaks the search API. The quick brown "
                     "<em>fox</em> jumps over the lazy dog. Nothing to see here at all, really "
                     "nothing. Another <em>fox</em> appears at the very end of this text."}));
}

TEST(Highlight, VeryLongSentenceIsCutAtSpaces) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "word" + std::to_string(i) + " ";
  text += "needle";
  auto frags = highlight(text, {"needle"}, fragments(20));
  ASSERT_EQ(frags.size(), 1u);
  EXPECT_NE(frags[0].find("<em>needle</em>"), std::string::npos);
  EXPECT_LE(frags[0].size(), 2 * 20 + std::string("<em></em>").size());
  EXPECT_NE(frags[0].front(), ' ');  // the cut's space is trimmed
  EXPECT_EQ(frags[0].substr(frags[0].size() - 15), "<em>needle</em>");
}

}  // namespace highlighter_test
}  // namespace wharf::search
