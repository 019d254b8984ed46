// Lucene's BM25 as Elasticsearch 7 scores with it (LegacyBM25Similarity over Lucene 8's
// BM25Similarity: boost * 2.2 * idf * tf, float arithmetic, field lengths quantised to one byte
// by SmallFloat), implemented as Xapian posting sources so Xapian's matcher combines the leaf
// scores (sums for bool, maxima for dis_max) and prunes with their upper bounds.
#pragma once

#include <xapian.h>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "search/value_columns.h"

namespace wharf::search {

constexpr float kK1 = 1.2f;
constexpr float kB = 0.75f;

// Lucene's SmallFloat int <-> byte encoding of field lengths.
uint8_t int_to_byte4(uint32_t i);
uint32_t byte4_to_int(uint8_t b);

float bm25_idf(uint64_t doc_freq, uint64_t doc_count);

// The query-independent parts of one term's (or phrase's) scorer: weight = boost * 2.2 * idf,
// and 1 / (k1 * (1 - b + b * dl / avgdl)) for each of the 256 encoded lengths.
struct Bm25Params {
  float weight = 0;
  float idf = 0;
  float avgdl = 1;
  bool has_norms = true;   // false: every document has length 1 (keyword fields)
  bool count_freq = true;  // false: freq is 1 (fields indexed without frequencies)
  std::array<float, 256> inv_norm{};
  // The index's in-memory columns, for the field lengths; null reads them as value streams.
  ValueColumns* columns = nullptr;
  static std::shared_ptr<const Bm25Params> make(float boost, float idf, float avgdl, bool has_norms,
                                                bool count_freq, ValueColumns* columns = nullptr);
  float score(float freq, uint8_t norm) const {
    float n = inv_norm[norm];
    return weight - weight / (1.0f + freq * n);
  }
};

// The encoded field length of the documents a scorer visits, read from the length slot (the
// index's column of it when it has one). `db` must outlive the reader.
class NormReader {
 public:
  void init(const Xapian::Database& db, Xapian::valueno slot, const Bm25Params& params);
  uint8_t get(Xapian::docid did) const;

 private:
  bool has_norms_ = true;
  mutable std::optional<SlotReader> lengths_;
};

// A BM25-scored leaf; explain() reads the statistics of its current document.
class Bm25Source : public Xapian::PostingSource {
 public:
  virtual float freq() const = 0;
  virtual uint8_t norm() const = 0;  // encoded length of the current document
  virtual const Bm25Params& params() const = 0;
  virtual Xapian::doccount doc_freq() const = 0;  // n (for a phrase: of its first term)
};

// One term of one field.
class TermScorer : public Bm25Source {
 public:
  TermScorer(std::string term, Xapian::valueno length_slot,
             std::shared_ptr<const Bm25Params> params);
  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return termfreq_; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_; }
  Xapian::doccount get_termfreq_max() const override { return termfreq_; }
  double get_weight() const override;
  Xapian::docid get_docid() const override { return *it_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return it_ == end_; }
  TermScorer* clone() const override;
  std::string get_description() const override { return "TermScorer(" + term_ + ")"; }
  float freq() const override;
  uint8_t norm() const override;
  const Bm25Params& params() const override { return *params_; }
  Xapian::doccount doc_freq() const override { return termfreq_; }

  // Every document of a term without frequencies or norms (a keyword) scores the same. When
  // this scorer is the whole query, ties go to the lower docid and the total is counted
  // elsewhere, a document after the top hits fill can never enter them: stop there instead of
  // scoring the rest of the posting list (Xapian goes on while a weight only equals the least).
  void stop_at_tie() { stop_at_tie_ = true; }
  bool constant() const { return !params_->count_freq && !params_->has_norms; }

 private:
  void maybe_stop(double min_wt);
  std::string term_;
  Xapian::valueno length_slot_;
  std::shared_ptr<const Bm25Params> params_;
  Xapian::Database db_;
  Xapian::PostingIterator it_, end_;
  NormReader norms_;
  Xapian::doccount termfreq_ = 0;
  bool started_ = false;
  bool stop_at_tie_ = false;
};

// A phrase: every position slot lists the terms accepted there (one for match_phrase, the prefix
// expansions for match_phrase_prefix's last word). freq is the number of matches (exact), or
// the sum of 1/(1+distance) of matches within `slop` (sloppy), as Lucene counts them.
class PhraseScorer : public Bm25Source {
 public:
  struct Slot {
    std::vector<std::string> terms;
    int offset;  // position relative to the first slot
  };
  PhraseScorer(std::vector<Slot> slots, int slop, Xapian::valueno length_slot,
               std::shared_ptr<const Bm25Params> params);
  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return 0; }
  // A high estimate, so that in an AND Xapian lets a cheaper matcher lead and only asks this
  // source about the documents that one found (see the phrase compiler).
  Xapian::doccount get_termfreq_est() const override { return db_size_; }
  Xapian::doccount get_termfreq_max() const override { return est_; }
  double get_weight() const override;
  Xapian::docid get_docid() const override { return did_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  // Called with the documents Xapian's phrase matcher found. Counting the phrase needs every
  // term's positions (a lookup each); a document whose best possible score (freq at most its
  // rarest term's count) cannot reach min_wt is not counted, as it cannot enter the top hits.
  bool check(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return did_ == 0 && started_; }
  PhraseScorer* clone() const override;
  float freq() const override { return freq_; }
  uint8_t norm() const override;
  const Bm25Params& params() const override { return *params_; }
  Xapian::doccount doc_freq() const override { return est_; }

 private:
  void advance(Xapian::docid from);  // to the first matching doc >= from
  float phrase_freq(Xapian::docid did) const;
  std::vector<Slot> slots_;
  int slop_;
  Xapian::valueno length_slot_;
  std::shared_ptr<const Bm25Params> params_;
  Xapian::Database db_;
  std::vector<std::vector<Xapian::PostingIterator>> its_;  // per slot, per term
  Xapian::docid did_ = 0;
  float freq_ = 0;
  NormReader norms_;
  Xapian::doccount est_ = 0;
  Xapian::doccount db_size_ = 0;
  bool started_ = false;
};

// A fixed set of (docid, score) pairs: the result of a sub-search that Xapian's operators cannot
// express (function_score, minimum_should_match over compound clauses).
class ScoredDocsSource : public Xapian::PostingSource {
 public:
  explicit ScoredDocsSource(
      std::shared_ptr<const std::vector<std::pair<Xapian::docid, double>>> docs);
  void init(const Xapian::Database&) override { pos_ = 0, started_ = false; }
  Xapian::doccount get_termfreq_min() const override { return docs_->size(); }
  Xapian::doccount get_termfreq_est() const override { return docs_->size(); }
  Xapian::doccount get_termfreq_max() const override { return docs_->size(); }
  double get_weight() const override { return (*docs_)[pos_].second; }
  Xapian::docid get_docid() const override { return (*docs_)[pos_].first; }
  void next(double) override;
  void skip_to(Xapian::docid did, double) override;
  bool at_end() const override { return pos_ >= docs_->size(); }
  ScoredDocsSource* clone() const override { return new ScoredDocsSource(docs_); }

 private:
  std::shared_ptr<const std::vector<std::pair<Xapian::docid, double>>> docs_;
  size_t pos_ = 0;
  bool started_ = false;
};

// Documents with a numeric doc value in [lo, hi] (any of a multi-valued field's values);
// weight `score` each. Reads the index's in-memory column of the slot when there is one: as a
// filter beside a term, Xapian then asks about each of the term's documents (check) and the
// answer is an array lookup, where the value stream scanned forward to the next value in range
// with a pread per block (two thirds of a bool query with a range filter).
class NumericRangeSource : public Xapian::PostingSource {
 public:
  NumericRangeSource(Xapian::valueno slot, double lo, bool lo_incl, double hi, bool hi_incl,
                     double score, ValueColumns* columns = nullptr);
  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return est_ / 2; }
  Xapian::doccount get_termfreq_max() const override { return est_; }
  double get_weight() const override { return score_; }
  Xapian::docid get_docid() const override { return column_ ? did_ : it_.get_docid(); }
  void next(double) override;
  void skip_to(Xapian::docid did, double) override;
  bool check(Xapian::docid did, double min_wt) override;
  bool at_end() const override {
    return column_ ? did_ > last_ : it_ == Xapian::ValueIterator();
  }
  NumericRangeSource* clone() const override;

 private:
  bool accept(std::string_view packed) const;
  void scan_column(Xapian::docid from);  // to the first accepted docid >= from
  Xapian::valueno slot_;
  double lo_, hi_;
  bool lo_incl_, hi_incl_;
  double score_;
  ValueColumns* columns_;
  Xapian::Database db_;
  std::shared_ptr<const ValueColumn> column_;  // null: the value stream
  Xapian::docid did_ = 0, last_ = 0;           // with a column
  bool at_match_ = true;                       // did_ matches (false after a failed check)
  Xapian::ValueIterator it_;                   // without
  Xapian::doccount est_ = 0;
  bool started_ = false;
};

}  // namespace wharf::search

namespace wharf::search {

// The weighting scheme of every search: plain Xapian terms weigh nothing (they only filter), so
// scores come solely from the posting sources above. Unlike BoolWeight it keeps the matcher
// computing weights, which BoolWeight would switch off for the posting sources too.
class SourceOnlyWeight : public Xapian::Weight {
 public:
  SourceOnlyWeight() = default;
  std::string name() const override { return "wharf.SourceOnlyWeight"; }
  SourceOnlyWeight* clone() const override { return new SourceOnlyWeight; }
  void init(double) override {}
  double get_sumpart(Xapian::termcount, Xapian::termcount, Xapian::termcount) const override {
    return 0;
  }
  double get_maxpart() const override { return 0; }
  double get_sumextra(Xapian::termcount, Xapian::termcount) const override { return 0; }
  double get_maxextra() const override { return 0; }
};

}  // namespace wharf::search
