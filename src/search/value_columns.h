// Value slots held in memory, for aggregations that visit many matches.
//
// Reading a slot through a Xapian value stream costs a skip_to per match, which walks the slot's
// B-tree chunks with a pread per block: on the Debian packages corpus that was half the time of a
// terms aggregation over the matches of a word. A column reads the slot once per database
// revision into an array indexed by docid, as Lucene's doc values are read.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace wharf::search {

// One slot of one database revision: docid -> the slot's raw (packed) value.
class ValueColumn {
 public:
  // Reads the whole slot; nullptr when it would not fit the limits below (then the caller
  // reads value streams).
  static std::shared_ptr<const ValueColumn> build(const Xapian::Database& db, Xapian::valueno slot);
  std::string_view get(Xapian::docid did) const {
    return did < ids_.size() ? std::string_view(values_[ids_[did]]) : std::string_view();
  }

 private:
  std::vector<uint32_t> ids_;        // per docid: index into values_ (0: no value)
  std::vector<std::string> values_;  // the distinct raw values; values_[0] is ""
};

// One byte per docid derived from a slot's values (BM25's quantised field lengths); 0 where a
// document has no value.
class ByteColumn {
 public:
  using Encode = uint8_t (*)(std::string_view value);
  static std::shared_ptr<const ByteColumn> build(const Xapian::Database& db, Xapian::valueno slot,
                                                 Encode encode);
  uint8_t get(Xapian::docid did) const { return did < bytes_.size() ? bytes_[did] : 0; }

 private:
  std::vector<uint8_t> bytes_;
};

// The columns of one index, for its newest revision only: a refresh makes a new revision, and
// the first aggregation that needs a slot after it reads the slot again.
class ValueColumns {
 public:
  // The column of `slot` at `db`'s revision, read now if no search has read it yet; nullptr
  // when the slot is too large to hold.
  std::shared_ptr<const ValueColumn> get(const Xapian::Database& db, Xapian::valueno slot);
  // The same for a byte column; one `encode` per slot.
  std::shared_ptr<const ByteColumn> bytes(const Xapian::Database& db, Xapian::valueno slot,
                                          ByteColumn::Encode encode);

 private:
  template <class Column, class Build>
  std::shared_ptr<const Column> cached(
      const Xapian::Database& db, Xapian::valueno slot,
      std::map<Xapian::valueno, std::shared_ptr<const Column>> ValueColumns::*map, Build build);
  void forget_older(Xapian::rev revision, const std::string& uuid);  // with mu_ held

  std::mutex build_mu_;  // held while a column is read
  std::mutex mu_;        // guards what follows
  Xapian::rev revision_ = 0;
  std::string uuid_;
  // null entries: the slot is too large to hold
  std::map<Xapian::valueno, std::shared_ptr<const ValueColumn>> columns_;
  std::map<Xapian::valueno, std::shared_ptr<const ByteColumn>> byte_columns_;
};

}  // namespace wharf::search
