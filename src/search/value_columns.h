// Value slots held in memory, for the reads that visit many matches: aggregations (the
// aggregated field) and BM25 (each document's field length).
//
// Reading a slot through a Xapian value stream costs a skip_to per match, which walks the slot's
// B-tree chunks with a pread per block: on the Debian packages corpus that was half the time of a
// terms aggregation over the matches of a word. A column reads the slot once per database
// revision into an array indexed by docid, as Lucene's doc values are read.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace wharf::search {

// How large a column may be: past either limit a slot is read through value streams.
struct ColumnLimits {
  // 4 bytes per docid. A column is read again after every refresh that changed the index, so
  // large indices, where that costs most, keep to streams.
  Xapian::docid max_docid = 1u << 20;
  size_t max_value_bytes = 64u << 20;  // of distinct values
};

// One slot of one database revision: docid -> the slot's raw (packed) value.
class ValueColumn {
 public:
  // Reads the whole slot; nullptr when it is over the limits.
  static std::shared_ptr<const ValueColumn> build(const Xapian::Database& db, Xapian::valueno slot,
                                                  const ColumnLimits& limits);
  std::string_view get(Xapian::docid did) const {
    return did < ids_.size() ? std::string_view(values_[ids_[did]]) : std::string_view();
  }

 private:
  std::vector<uint32_t> ids_;        // per docid: index into values_ (0: no value)
  std::vector<std::string> values_;  // the distinct raw values; values_[0] is ""
};

// The columns of one index (one database), for its newest revision only: a refresh makes a new
// revision, and the first search that needs a slot after it reads the slot again.
class ValueColumns {
 public:
  explicit ValueColumns(ColumnLimits limits = {}) : limits_(limits) {}
  // The column of `slot` at `db`'s revision, read now if no search has read it yet (one search
  // reads while the others that need it wait); nullptr when the slot is over the limits.
  std::shared_ptr<const ValueColumn> get(const Xapian::Database& db, Xapian::valueno slot);

 private:
  const ColumnLimits limits_;
  std::mutex build_mu_;  // held while a column is read
  std::mutex mu_;        // guards what follows
  Xapian::rev revision_ = 0;
  std::map<Xapian::valueno, std::shared_ptr<const ValueColumn>> columns_;  // null: over limits
};

// One slot read for the matches of a search: from the index's column when it holds the slot,
// else through a value stream that moves forward with the docids asked for (the matcher
// produces them in increasing order; a smaller one restarts the stream).
class SlotReader {
 public:
  // `columns` may be null: streams only.
  SlotReader(const Xapian::Database& db, Xapian::valueno slot, ValueColumns* columns);
  // The document's raw value, "" when it has none; valid until the next call.
  std::string_view get(Xapian::docid did);

 private:
  const Xapian::Database* db_;
  Xapian::valueno slot_;
  std::shared_ptr<const ValueColumn> column_;
  Xapian::ValueIterator stream_;
  bool stream_open_ = false;
  Xapian::docid last_asked_ = 0;
  std::string value_;  // the stream's current value
};

}  // namespace wharf::search
