#include "search/bm25.h"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "search/index_terms.h"

namespace wharf::search {

namespace {

int long_to_int4(uint64_t i) {
  int num_bits = 64 - (i == 0 ? 64 : __builtin_clzll(i));
  if (num_bits < 4) return static_cast<int>(i);
  int shift = num_bits - 4;
  int encoded = static_cast<int>(i >> shift) & 0x07;
  return encoded | ((shift + 1) << 3);
}

uint64_t int4_to_long(int i) {
  uint64_t bits = i & 0x07;
  int shift = (i >> 3) - 1;
  return shift == -1 ? bits : (bits | 0x08) << shift;
}

constexpr int kNumFreeValues = 24;  // 255 - long_to_int4(INT32_MAX)

}  // namespace

uint8_t int_to_byte4(uint32_t i) {
  if (i < kNumFreeValues) return static_cast<uint8_t>(i);
  return static_cast<uint8_t>(kNumFreeValues + long_to_int4(i - kNumFreeValues));
}

uint32_t byte4_to_int(uint8_t b) {
  if (b < kNumFreeValues) return b;
  return static_cast<uint32_t>(kNumFreeValues + int4_to_long(b - kNumFreeValues));
}

float bm25_idf(uint64_t doc_freq, uint64_t doc_count) {
  double n = static_cast<double>(doc_freq), count = static_cast<double>(doc_count);
  return static_cast<float>(std::log(1 + (count - n + 0.5) / (n + 0.5)));
}

std::shared_ptr<const Bm25Params> Bm25Params::make(float boost, float idf, float avgdl,
                                                   bool has_norms, bool count_freq,
                                                   ValueColumns* columns) {
  auto p = std::make_shared<Bm25Params>();
  p->columns = columns;
  p->idf = idf;
  p->weight = boost * (1 + kK1) * idf;
  p->avgdl = avgdl;
  p->has_norms = has_norms;
  p->count_freq = count_freq;
  for (int i = 0; i < 256; ++i) {
    float len = static_cast<float>(byte4_to_int(static_cast<uint8_t>(i)));
    p->inv_norm[i] = 1.0f / (kK1 * ((1 - kB) + kB * len / avgdl));
  }
  return p;
}

// ---- NormReader ----

void NormReader::init(const Xapian::Database& db, Xapian::valueno slot, const Bm25Params& params) {
  has_norms_ = params.has_norms;
  lengths_.reset();
  if (has_norms_) lengths_.emplace(db, slot, params.columns);
}

uint8_t NormReader::get(Xapian::docid did) const {
  if (!has_norms_) return 1;
  std::string_view packed = lengths_->get(did);
  return packed.empty() ? 0 : int_to_byte4(unpack_length(packed));
}

// ---- TermScorer ----

TermScorer::TermScorer(std::string term, Xapian::valueno length_slot,
                       std::shared_ptr<const Bm25Params> params)
    : term_(std::move(term)), length_slot_(length_slot), params_(std::move(params)) {}

void TermScorer::init(const Xapian::Database& db) {
  db_ = db;
  it_ = db_.postlist_begin(term_);
  end_ = db_.postlist_end(term_);
  termfreq_ = db_.get_termfreq(term_);
  norms_.init(db_, length_slot_, *params_);
  started_ = false;
  // tf < 1, so weight bounds every score.
  set_maxweight(params_->weight);
}

float TermScorer::freq() const {
  return params_->count_freq ? static_cast<float>(it_.get_wdf()) : 1.0f;
}

uint8_t TermScorer::norm() const { return norms_.get(*it_); }

double TermScorer::get_weight() const { return params_->score(freq(), norm()); }

void TermScorer::next(double min_wt) {
  if (!started_) {
    started_ = true;
  } else {
    ++it_;
  }
  maybe_stop(min_wt);
}

void TermScorer::skip_to(Xapian::docid did, double min_wt) {
  started_ = true;
  if (it_ != end_) it_.skip_to(did);
  maybe_stop(min_wt);
}

void TermScorer::maybe_stop(double min_wt) {
  if (stop_at_tie_ && min_wt > 0 && it_ != end_ && params_->score(1.0f, 1) <= min_wt) it_ = end_;
}

TermScorer* TermScorer::clone() const {
  auto* c = new TermScorer(term_, length_slot_, params_);
  c->stop_at_tie_ = stop_at_tie_;
  return c;
}

// ---- PhraseScorer ----

PhraseScorer::PhraseScorer(std::vector<Slot> slots, int slop, Xapian::valueno length_slot,
                           std::shared_ptr<const Bm25Params> params)
    : slots_(std::move(slots)),
      slop_(slop),
      length_slot_(length_slot),
      params_(std::move(params)) {}

void PhraseScorer::init(const Xapian::Database& db) {
  db_ = db;
  its_.clear();
  est_ = db_.get_doccount();
  db_size_ = est_;
  for (const auto& slot : slots_) {
    its_.emplace_back();
    Xapian::doccount slot_freq = 0;
    for (const auto& t : slot.terms) {
      its_.back().push_back(db_.postlist_begin(t));
      slot_freq += db_.get_termfreq(t);
    }
    est_ = std::min(est_, slot_freq);
  }
  norms_.init(db_, length_slot_, *params_);
  did_ = 0;
  started_ = false;
  set_maxweight(params_->weight);
}

void PhraseScorer::advance(Xapian::docid from) {
  Xapian::docid candidate = from;
  while (true) {
    bool agreed = true;
    for (auto& slot_its : its_) {
      Xapian::docid best = 0;
      for (auto& it : slot_its) {
        if (it == Xapian::PostingIterator()) continue;
        it.skip_to(candidate);
        if (it == Xapian::PostingIterator()) continue;
        if (best == 0 || *it < best) best = *it;
      }
      if (best == 0) {
        did_ = 0;
        return;
      }
      if (best > candidate) {
        candidate = best;
        agreed = false;
        break;
      }
    }
    if (!agreed) continue;
    freq_ = phrase_freq(candidate);
    if (freq_ > 0) {
      did_ = candidate;
      return;
    }
    ++candidate;
  }
}

float PhraseScorer::phrase_freq(Xapian::docid did) const {
  std::vector<std::vector<int>> pos(slots_.size());
  for (size_t s = 0; s < slots_.size(); ++s) {
    for (size_t t = 0; t < slots_[s].terms.size(); ++t) {
      const auto& it = its_[s][t];
      if (it == Xapian::PostingIterator() || *it != did) continue;
      // The postlist's own position list: no second lookup of the term.
      for (auto p = it.positionlist_begin(); p != it.positionlist_end(); ++p)
        pos[s].push_back(static_cast<int>(*p));
    }
    std::sort(pos[s].begin(), pos[s].end());
  }
  float freq = 0;
  for (int p0 : pos[0]) {
    int base = p0 - slots_[0].offset;
    int distance = 0;
    bool ok = true;
    for (size_t s = 1; s < slots_.size() && ok; ++s) {
      int want = base + slots_[s].offset;
      if (slop_ == 0) {
        ok = std::binary_search(pos[s].begin(), pos[s].end(), want);
      } else {
        int best = INT32_MAX;
        for (int q : pos[s]) best = std::min(best, std::abs(q - want));
        distance += best;
        ok = best != INT32_MAX && distance <= slop_;
      }
    }
    if (ok) freq += slop_ == 0 ? 1.0f : 1.0f / (1.0f + static_cast<float>(distance));
  }
  return freq;
}

uint8_t PhraseScorer::norm() const { return norms_.get(did_); }

double PhraseScorer::get_weight() const { return params_->score(freq_, norm()); }

void PhraseScorer::next(double) {
  advance(started_ ? did_ + 1 : 1);
  started_ = true;
}

void PhraseScorer::skip_to(Xapian::docid did, double) {
  if (started_ && (did_ == 0 || did <= did_)) return;
  started_ = true;
  advance(did);
}

bool PhraseScorer::check(Xapian::docid did, double min_wt) {
  started_ = true;
  float freq_bound = INFINITY;
  for (auto& slot_its : its_) {
    Xapian::termcount slot_wdf = 0;
    for (auto& it : slot_its) {
      if (it == Xapian::PostingIterator()) continue;
      it.skip_to(did);
      if (it != Xapian::PostingIterator() && *it == did) slot_wdf += it.get_wdf();
    }
    if (slot_wdf == 0) {  // a slot without its term here: no phrase
      did_ = did;
      return false;
    }
    freq_bound = std::min(freq_bound, static_cast<float>(slot_wdf));
  }
  if (params_->score(freq_bound, norms_.get(did)) < min_wt) {
    did_ = did;
    freq_ = freq_bound;  // scores below min_wt: never ranked, so the exact count is not needed
    return true;
  }
  freq_ = phrase_freq(did);
  did_ = did;
  return freq_ > 0;
}

PhraseScorer* PhraseScorer::clone() const {
  return new PhraseScorer(slots_, slop_, length_slot_, params_);
}

// ---- ScoredDocsSource ----

ScoredDocsSource::ScoredDocsSource(
    std::shared_ptr<const std::vector<std::pair<Xapian::docid, double>>> docs)
    : docs_(std::move(docs)) {
  double max = 0;
  for (const auto& [d, w] : *docs_) max = std::max(max, w);
  set_maxweight(max);
}

void ScoredDocsSource::next(double) {
  if (!started_) {
    started_ = true;
    return;
  }
  ++pos_;
}

void ScoredDocsSource::skip_to(Xapian::docid did, double) {
  started_ = true;
  while (pos_ < docs_->size() && (*docs_)[pos_].first < did) ++pos_;
}

// ---- NumericRangeSource ----

NumericRangeSource::NumericRangeSource(Xapian::valueno slot, double lo, bool lo_incl, double hi,
                                       bool hi_incl, double score, ValueColumns* columns)
    : slot_(slot),
      lo_(lo),
      hi_(hi),
      lo_incl_(lo_incl),
      hi_incl_(hi_incl),
      score_(score),
      columns_(columns) {}

void NumericRangeSource::init(const Xapian::Database& db) {
  db_ = db;
  column_ = columns_ ? columns_->get(db_, slot_) : nullptr;
  if (column_) {
    did_ = 0;
    last_ = db_.get_lastdocid();
  } else {
    it_ = db_.valuestream_begin(slot_);
  }
  est_ = db_.get_value_freq(slot_);
  started_ = false;
  set_maxweight(score_);
}

bool NumericRangeSource::accept(std::string_view packed) const {
  // The packed doubles read in place: a vector per check was a third of the check's time.
  for (size_t at = 0; at + sizeof(double) <= packed.size(); at += sizeof(double)) {
    double v;
    std::memcpy(&v, packed.data() + at, sizeof v);
    bool above = lo_incl_ ? v >= lo_ : v > lo_;
    bool below = hi_incl_ ? v <= hi_ : v < hi_;
    if (above && below) return true;
  }
  return false;
}

void NumericRangeSource::scan_column(Xapian::docid from) {
  at_match_ = true;  // a match, or the end
  for (did_ = std::max<Xapian::docid>(from, 1); did_ <= last_; ++did_)
    if (accept(column_->get(did_))) return;
}

void NumericRangeSource::next(double) {
  if (column_) {
    scan_column(started_ ? did_ + 1 : 1);
    started_ = true;
    return;
  }
  if (started_ && it_ != Xapian::ValueIterator()) ++it_;
  started_ = true;
  while (it_ != Xapian::ValueIterator() && !accept(*it_)) ++it_;
}

void NumericRangeSource::skip_to(Xapian::docid did, double) {
  if (column_) {
    // After a check() that failed, did_ is no match: move past it whatever `did` is.
    if (!started_) scan_column(did);
    else if (!at_match_) scan_column(std::max(did, did_ + 1));
    else if (did > did_) scan_column(did);
    started_ = true;
    return;
  }
  started_ = true;
  if (it_ == Xapian::ValueIterator()) return;
  if (it_.get_docid() < did) it_.skip_to(did);
  while (it_ != Xapian::ValueIterator() && !accept(*it_)) ++it_;
}

bool NumericRangeSource::check(Xapian::docid did, double min_wt) {
  if (!column_) return Xapian::PostingSource::check(did, min_wt);
  // Positioned at `did` either way; false tells Xapian it does not match.
  started_ = true;
  did_ = did;
  at_match_ = accept(column_->get(did));
  return at_match_;
}

NumericRangeSource* NumericRangeSource::clone() const {
  return new NumericRangeSource(slot_, lo_, lo_incl_, hi_, hi_incl_, score_, columns_);
}

}  // namespace wharf::search
