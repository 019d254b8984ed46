#include "search/value_columns.h"

#include <optional>
#include <unordered_map>

namespace wharf::search {

std::shared_ptr<const ValueColumn> ValueColumn::build(const Xapian::Database& db,
                                                      Xapian::valueno slot,
                                                      const ColumnLimits& limits) {
  Xapian::docid last = db.get_lastdocid();
  if (last >= limits.max_docid) return nullptr;
  auto column = std::make_shared<ValueColumn>();
  column->ids_.assign(static_cast<size_t>(last) + 1, 0);
  column->values_.emplace_back();
  std::unordered_map<std::string, uint32_t> seen;
  size_t bytes = 0;
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    Xapian::docid did = it.get_docid();
    if (did > last) break;  // not possible within one revision; guards the array all the same
    std::string value = *it;
    auto [found, fresh] = seen.try_emplace(value, static_cast<uint32_t>(column->values_.size()));
    if (fresh) {
      bytes += value.size();
      if (bytes > limits.max_value_bytes) return nullptr;
      column->values_.push_back(std::move(value));
    }
    column->ids_[did] = found->second;
  }
  return column;
}

std::shared_ptr<const ValueColumn> ValueColumns::get(const Xapian::Database& db,
                                                     Xapian::valueno slot) {
  Xapian::rev revision;
  try {
    revision = db.get_revision();
  } catch (const Xapian::InvalidOperationError&) {
    return nullptr;  // a database without revisions (in memory): value streams only
  }
  auto lookup = [&]() -> std::optional<std::shared_ptr<const ValueColumn>> {
    std::lock_guard lock(mu_);
    if (revision != revision_) return std::nullopt;
    if (auto it = columns_.find(slot); it != columns_.end()) return it->second;
    return std::nullopt;
  };
  if (auto found = lookup()) return *found;
  std::lock_guard building(build_mu_);
  if (auto found = lookup()) return *found;
  auto column = ValueColumn::build(db, slot, limits_);
  std::lock_guard lock(mu_);
  if (revision > revision_) {
    columns_.clear();
    revision_ = revision;
  }
  if (revision == revision_) columns_[slot] = column;
  return column;
}

SlotReader::SlotReader(const Xapian::Database& db, Xapian::valueno slot, ValueColumns* columns)
    : db_(&db), slot_(slot), column_(columns ? columns->get(db, slot) : nullptr) {}

std::string_view SlotReader::get(Xapian::docid did) {
  if (column_) return column_->get(did);
  // A stream only moves forward, and may have run off its end: a docid below the last one
  // asked starts it again.
  if (!stream_open_ || did < last_asked_) {
    stream_ = db_->valuestream_begin(slot_);
    stream_open_ = true;
  }
  last_asked_ = did;
  if (stream_ == Xapian::ValueIterator()) return {};
  if (stream_.get_docid() < did) {
    stream_.skip_to(did);
    if (stream_ == Xapian::ValueIterator()) return {};
  }
  if (stream_.get_docid() != did) return {};
  value_ = *stream_;
  return value_;
}

}  // namespace wharf::search
