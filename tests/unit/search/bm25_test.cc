// BM25 as Elasticsearch 7 scores with it: Lucene's SmallFloat length encoding (intToByte4 /
// byte4ToInt), Lucene 8's idf, and LegacyBM25Similarity's boost * (1 + k1) * idf weight over
// BM25Similarity's float arithmetic; then the term and phrase scorers on a small in-memory Xapian
// database, whose weights must be that formula applied to each document's freq and length.
#include "search/bm25.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "search/index_terms.h"
#include "tests/unit/test_util.h"

namespace wharf::search {
namespace bm25_test {

// Lucene 8 BM25Similarity.idf, in double and rounded to float as Lucene does.
float lucene_idf(uint64_t doc_freq, uint64_t doc_count) {
  return static_cast<float>(
      std::log(1.0 + (static_cast<double>(doc_count) - static_cast<double>(doc_freq) + 0.5) /
                         (static_cast<double>(doc_freq) + 0.5)));
}

// BM25 in the textbook form, in double: boost * (k1 + 1) * idf * freq / (freq + k1 * (1 - b + b *
// dl / avgdl)). The float implementation must agree to float precision.
double textbook_bm25(double boost, double idf, double freq, double dl, double avgdl) {
  return boost * 2.2 * idf * freq / (freq + 1.2 * (0.25 + 0.75 * dl / avgdl));
}

// -- SmallFloat ---------------------------------------------------------------------------------

TEST(SmallFloat, SmallLengthsAreExact) {
  for (uint32_t i = 0; i < 24; ++i) {
    EXPECT_EQ(uint32_t{int_to_byte4(i)}, i) << i;
    EXPECT_EQ(byte4_to_int(static_cast<uint8_t>(i)), i) << i;
  }
  // NUM_FREE_VALUES = 24, and the next 16 values still have enough bits.
  for (uint32_t i = 24; i < 40; ++i) {
    EXPECT_EQ(uint32_t{int_to_byte4(i)}, i) << i;
    EXPECT_EQ(byte4_to_int(int_to_byte4(i)), i) << i;
  }
}

TEST(SmallFloat, LargerLengthsRoundDownAsLucene) {
  struct Case {
    uint32_t length;
    uint32_t byte;
    uint32_t decoded;
  };
  // Values of org.apache.lucene.util.SmallFloat.intToByte4 / byte4ToInt.
  const Case cases[] = {
      {40, 40, 40},    {41, 40, 40},       {42, 41, 42},
      {57, 48, 56},    {75, 52, 72},       {100, 57, 96},
      {1000, 87, 984}, {10000, 113, 9240}, {2147483647u, 255, 2013265944u},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(uint32_t{int_to_byte4(c.length)}, c.byte) << c.length;
    EXPECT_EQ(byte4_to_int(static_cast<uint8_t>(c.byte)), c.decoded) << c.length;
  }
}

TEST(SmallFloat, EveryByteRoundTripsAndEncodingIsMonotone) {
  for (int b = 0; b < 256; ++b)
    EXPECT_EQ(int{int_to_byte4(byte4_to_int(static_cast<uint8_t>(b)))}, b) << b;
  uint8_t prev = 0;
  for (uint32_t i = 0; i < 300000; i += (i < 1000 ? 1 : 97)) {
    uint8_t b = int_to_byte4(i);
    EXPECT_GE(int{b}, int{prev}) << i;
    EXPECT_LE(byte4_to_int(b), i) << i;  // decoding never overstates a length
    prev = b;
  }
}

// -- idf and the score formula ------------------------------------------------------------------

TEST(Bm25Idf, MatchesLucene8) {
  EXPECT_FLOAT_EQ(bm25_idf(1, 1), 0.28768207f);  // ln(1 + 0.5 / 1.5)
  EXPECT_FLOAT_EQ(bm25_idf(2, 3), 0.47000363f);  // ln(1.6)
  EXPECT_FLOAT_EQ(bm25_idf(1, 10), 1.9924302f);  // ln(1 + 9.5 / 1.5)
  EXPECT_FLOAT_EQ(bm25_idf(10, 10), 0.046520015f);
  EXPECT_FLOAT_EQ(bm25_idf(0, 10), 3.0910425f);  // ln(22)
  for (uint64_t n : {1u, 5u, 50u, 99u, 100u})
    EXPECT_FLOAT_EQ(bm25_idf(n, 100), lucene_idf(n, 100)) << n;
  // Never negative, even for a term in every document (Lucene 8's 1 + ... form).
  EXPECT_GT(bm25_idf(1000, 1000), 0.0f);
}

TEST(Bm25Params, WeightIncludesTheEs7LegacyFactor) {
  float idf = bm25_idf(2, 3);
  auto p = Bm25Params::make(1.0f, idf, 4.0f, true, true);
  EXPECT_FLOAT_EQ(p->weight, 2.2f * idf);
  EXPECT_FLOAT_EQ(p->idf, idf);
  EXPECT_FLOAT_EQ(p->avgdl, 4.0f);
  EXPECT_TRUE(p->has_norms);
  EXPECT_TRUE(p->count_freq);
  auto boosted = Bm25Params::make(3.0f, idf, 4.0f, true, true);
  EXPECT_FLOAT_EQ(boosted->weight, 3.0f * 2.2f * idf);
}

TEST(Bm25Params, NormCacheIsLucenes) {
  const float avgdl = 7.25f;
  auto p = Bm25Params::make(1.0f, 1.0f, avgdl, true, true);
  for (int i = 0; i < 256; ++i) {
    float len = static_cast<float>(byte4_to_int(static_cast<uint8_t>(i)));
    EXPECT_FLOAT_EQ(p->inv_norm[i], 1.0f / (1.2f * ((1 - 0.75f) + 0.75f * len / avgdl))) << i;
  }
}

TEST(Bm25Params, ScoreMatchesTheFormula) {
  struct Case {
    float boost;
    uint64_t df, n;
    float freq;
    uint32_t dl;
    float avgdl;
  };
  const Case cases[] = {
      {1.0f, 2, 3, 1, 4, 4.0f},   {1.0f, 2, 3, 2, 5, 4.0f},       {1.0f, 1, 10, 3, 20, 11.5f},
      {2.0f, 5, 100, 1, 1, 3.0f}, {0.5f, 50, 100, 7, 100, 42.0f}, {1.0f, 1, 1, 1, 1000, 2.0f},
  };
  for (const auto& c : cases) {
    float idf = bm25_idf(c.df, c.n);
    auto p = Bm25Params::make(c.boost, idf, c.avgdl, true, true);
    uint8_t norm = int_to_byte4(c.dl);
    double dl = byte4_to_int(norm);  // Lucene scores with the quantised length
    double want = textbook_bm25(c.boost, idf, c.freq, dl, c.avgdl);
    // Lucene's float form (weight - weight / (1 + freq * inv)) cancels for a tiny tf, so it
    // can differ from the double textbook value by ~1e-5 relative (the dl 1000 case).
    EXPECT_NEAR(p->score(c.freq, norm), want, want * 1e-4) << c.df << "/" << c.n << " dl " << c.dl;
  }
}

TEST(Bm25Params, DocumentOfAverageLengthWithOneOccurrenceScoresIdf) {
  // With the 2.2 factor, tf = 1 / (1 + k1) cancels it: the score is boost * idf. Lucene 8's plain
  // BM25Similarity would give idf / 2.2 here.
  float idf = bm25_idf(2, 3);
  auto p = Bm25Params::make(1.0f, idf, 4.0f, true, true);
  EXPECT_NEAR(p->score(1.0f, int_to_byte4(4)), 0.47000363, 1e-6);
  auto boosted = Bm25Params::make(2.0f, idf, 4.0f, true, true);
  EXPECT_NEAR(boosted->score(1.0f, int_to_byte4(4)), 2 * 0.47000363, 2e-6);
}

TEST(Bm25Params, KeywordFieldsScoreIdf) {
  // Keyword fields: no norms (length 1), one occurrence, average length 1.
  float idf = bm25_idf(2, 3);
  auto p = Bm25Params::make(1.0f, idf, 1.0f, false, false);
  EXPECT_FALSE(p->has_norms);
  EXPECT_FALSE(p->count_freq);
  EXPECT_NEAR(p->score(1.0f, 1), idf, 1e-6);
}

TEST(Bm25Params, ScoreGrowsWithFreqShrinksWithLengthAndStaysBelowWeight) {
  auto p = Bm25Params::make(1.0f, bm25_idf(3, 50), 10.0f, true, true);
  float prev = 0;
  for (float f = 1; f <= 50; f += 1) {
    float s = p->score(f, int_to_byte4(10));
    EXPECT_GT(s, prev) << f;
    EXPECT_LT(s, p->weight) << f;
    prev = s;
  }
  prev = p->weight;
  for (uint32_t dl = 1; dl <= 500; dl += 7) {
    float s = p->score(2.0f, int_to_byte4(dl));
    EXPECT_LE(s, prev) << dl;
    prev = s;
  }
}

// -- Scorers on a Xapian database ---------------------------------------------------------------

constexpr uint32_t kField = 1;

std::string t(const std::string& word) { return field_term(kField, word); }

// Documents as word lists; positions from 1 (Xapian) as the indexer writes them, lengths in the
// field's length slot.
class ScorerTest : public ::testing::Test {
 protected:
  void add(const std::vector<std::string>& words) {
    Xapian::Document doc;
    Xapian::termpos pos = 1;
    for (const auto& w : words) doc.add_posting(t(w), pos++);
    doc.add_value(length_slot(kField), pack_length(static_cast<uint32_t>(words.size())));
    db_.add_document(doc);
  }

  // docid -> weight of every document the source matches.
  std::map<Xapian::docid, double> run(Xapian::PostingSource* source) {
    Xapian::Enquire enquire(db_);
    enquire.set_query(Xapian::Query(source->release()));
    enquire.set_weighting_scheme(SourceOnlyWeight());
    Xapian::MSet m = enquire.get_mset(0, db_.get_doccount());
    std::map<Xapian::docid, double> out;
    for (auto it = m.begin(); it != m.end(); ++it) out[*it] = it.get_weight();
    return out;
  }

  Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
};

TEST_F(ScorerTest, TermScorerUsesFreqAndEncodedLength) {
  add({"the", "quick", "brown", "fox"});          // 1: fox once, length 4
  add({"the", "lazy", "dog"});                    // 2: no fox
  add({"quick", "fox", "fox", "jumps", "over"});  // 3: fox twice, length 5
  float avgdl = 12.0f / 3;
  auto params = Bm25Params::make(1.0f, bm25_idf(2, 3), avgdl, true, true);
  auto scores = run(new TermScorer(t("fox"), length_slot(kField), params));
  ASSERT_EQ(scores.size(), 2u);
  ASSERT_TRUE(scores.count(1));
  ASSERT_TRUE(scores.count(3));
  EXPECT_NEAR(scores[1], 0.4700036, 1e-6);
  EXPECT_NEAR(scores[3], 0.6038003, 1e-6);
  EXPECT_NEAR(scores[3], textbook_bm25(1, bm25_idf(2, 3), 2, 5, avgdl), 1e-6);
}

TEST_F(ScorerTest, TermScorerWithoutFrequenciesCountsOne) {
  add({"a", "a", "a", "b"});
  add({"a", "c"});
  auto params = Bm25Params::make(1.0f, bm25_idf(2, 2), 1.0f, false, false);
  auto scores = run(new TermScorer(t("a"), length_slot(kField), params));
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_NEAR(scores[1], bm25_idf(2, 2), 1e-6);
  EXPECT_NEAR(scores[2], bm25_idf(2, 2), 1e-6);
}

TEST_F(ScorerTest, ExactPhraseCountsEveryOccurrence) {
  add({"quick", "fox", "quick", "fox"});  // 1: the phrase twice
  add({"quick", "brown", "fox"});         // 2: one word apart
  add({"fox", "quick"});                  // 3: reversed
  float avgdl = 9.0f / 3;
  auto params = Bm25Params::make(1.0f, bm25_idf(3, 3) + bm25_idf(3, 3), avgdl, true, true);
  std::vector<PhraseScorer::Slot> slots{{{t("quick")}, 0}, {{t("fox")}, 1}};
  auto scores = run(new PhraseScorer(slots, 0, length_slot(kField), params));
  ASSERT_EQ(scores.size(), 1u);
  ASSERT_TRUE(scores.count(1));
  EXPECT_NEAR(scores[1], params->score(2.0f, int_to_byte4(4)), 1e-6);
}

TEST_F(ScorerTest, SloppyPhraseFreqIsOneOverOnePlusDistance) {
  add({"quick", "fox", "quick", "fox"});
  add({"quick", "brown", "fox"});
  add({"fox", "quick"});
  float avgdl = 9.0f / 3;
  auto params = Bm25Params::make(1.0f, 1.0f, avgdl, true, true);
  std::vector<PhraseScorer::Slot> slots{{{t("quick")}, 0}, {{t("fox")}, 1}};

  auto slop1 = run(new PhraseScorer(slots, 1, length_slot(kField), params));
  ASSERT_EQ(slop1.size(), 2u);
  EXPECT_NEAR(slop1[1], params->score(2.0f, int_to_byte4(4)), 1e-6);
  EXPECT_NEAR(slop1[2], params->score(0.5f, int_to_byte4(3)), 1e-6);  // 1 / (1 + 1)
  EXPECT_FALSE(slop1.count(3));  // the reversed pair needs slop 2

  auto slop2 = run(new PhraseScorer(slots, 2, length_slot(kField), params));
  ASSERT_TRUE(slop2.count(3));
  EXPECT_NEAR(slop2[3], params->score(1.0f / 3.0f, int_to_byte4(2)), 1e-6);
}

// A keyword term's scorer with stop_at_tie ends once Xapian needs more than its (constant)
// weight; without it, or while a higher weight is still possible, it goes on.
TEST_F(ScorerTest, ConstantTermScorerStopsAtATie) {
  for (int i = 0; i < 4; ++i) add({"k"});
  auto params = Bm25Params::make(1.0f, 1.0f, 1.0f, /*has_norms=*/false, /*count_freq=*/false);
  double w = params->score(1.0f, 1);
  TermScorer plain(t("k"), length_slot(kField), params);
  TermScorer stopping(t("k"), length_slot(kField), params);
  ASSERT_TRUE(stopping.constant());
  stopping.stop_at_tie();
  for (TermScorer* s : {&plain, &stopping}) {
    s->init(db_);
    s->next(0);
    ASSERT_FALSE(s->at_end());
    EXPECT_DOUBLE_EQ(s->get_weight(), w);
    s->next(w * 0.5);  // a document of weight w can still enter
    ASSERT_FALSE(s->at_end());
    EXPECT_EQ(s->get_docid(), 2u);
    s->next(w);
  }
  EXPECT_EQ(plain.get_docid(), 3u);
  EXPECT_TRUE(stopping.at_end());
  std::unique_ptr<TermScorer> copy(stopping.clone());
  copy->init(db_);
  copy->next(0);
  copy->next(w);
  EXPECT_TRUE(copy->at_end());  // clones (what Xapian runs) keep the flag
  TermScorer text(t("k"), length_slot(kField), Bm25Params::make(1.0f, 1.0f, 1.0f, true, true));
  EXPECT_FALSE(text.constant());
}

// A numeric field's values in a glass database (in-memory columns need database revisions).
class NumericRangeTest : public ::testing::Test {
 protected:
  Xapian::Database with_values(const std::vector<double>& values) {
    Xapian::WritableDatabase w(dir_.path().string(), Xapian::DB_CREATE_OR_OVERWRITE);
    for (double v : values) {
      Xapian::Document doc;
      if (!std::isnan(v)) doc.add_value(values_slot(kField), pack_numbers({v}));
      w.add_document(doc);
    }
    w.commit();
    return Xapian::Database(dir_.path().string());
  }
  wharf::testing::ScratchDir dir_{"wharf-bm25-test"};
};

TEST_F(NumericRangeTest, BoundsFromTheStreamAndFromTheColumn) {
  Xapian::Database db = with_values({5, 10, 15, 20, NAN});  // the last has no value
  ValueColumns columns;
  ASSERT_TRUE(columns.get(db, values_slot(kField)));
  for (ValueColumns* cols : {static_cast<ValueColumns*>(nullptr), &columns}) {
    SCOPED_TRACE(cols ? "column" : "stream");
    auto ids = [&](double lo, bool lo_incl, double hi, bool hi_incl) {
      Xapian::Enquire enquire(db);
      auto* src = new NumericRangeSource(values_slot(kField), lo, lo_incl, hi, hi_incl, 1.5, cols);
      enquire.set_query(Xapian::Query(src->release()));
      enquire.set_weighting_scheme(SourceOnlyWeight());
      std::vector<Xapian::docid> out;
      Xapian::MSet m = enquire.get_mset(0, 10);
      for (auto it = m.begin(); it != m.end(); ++it) {
        EXPECT_DOUBLE_EQ(it.get_weight(), 1.5);
        out.push_back(*it);
      }
      std::sort(out.begin(), out.end());
      return out;
    };
    EXPECT_EQ(ids(10, true, 20, true), (std::vector<Xapian::docid>{2, 3, 4}));
    EXPECT_EQ(ids(10, false, 20, false), (std::vector<Xapian::docid>{3}));
    EXPECT_EQ(ids(-INFINITY, true, 10, false), (std::vector<Xapian::docid>{1}));
    EXPECT_TRUE(ids(21, true, 30, true).empty());
  }
}

// The column path's check(): true on a match; false leaves a position from which next() and
// skip_to() go on to the matches after it, as Xapian's contract asks.
TEST_F(NumericRangeTest, CheckFromTheColumn) {
  Xapian::Database db = with_values({5, 10, 15, 20, 12});
  ValueColumns columns;
  NumericRangeSource src(values_slot(kField), 10, true, 15, true, 1, &columns);
  src.init(db);
  EXPECT_TRUE(src.check(2, 0));
  EXPECT_EQ(src.get_docid(), 2u);
  EXPECT_FALSE(src.check(4, 0));  // 20
  src.skip_to(3, 0);              // behind the failed check: on to the next match after 4
  ASSERT_FALSE(src.at_end());
  EXPECT_EQ(src.get_docid(), 5u);
  NumericRangeSource again(values_slot(kField), 10, true, 15, true, 1, &columns);
  again.init(db);
  EXPECT_FALSE(again.check(1, 0));  // 5
  again.next(0);
  EXPECT_EQ(again.get_docid(), 2u);
  again.next(0);
  EXPECT_EQ(again.get_docid(), 3u);
  again.next(0);
  EXPECT_EQ(again.get_docid(), 5u);
  again.next(0);
  EXPECT_TRUE(again.at_end());
}

}  // namespace bm25_test
}  // namespace wharf::search
