#include "search/value_columns.h"

#include <optional>
#include <unordered_map>

namespace wharf::search {

namespace {

// Held only while small: 4 bytes per docid up to 1M documents (a column is read again after
// every refresh that changed the index), 64 MiB of distinct values.
constexpr Xapian::docid kMaxDocid = 1u << 20;
constexpr size_t kMaxValueBytes = 64u << 20;

}  // namespace

std::shared_ptr<const ValueColumn> ValueColumn::build(const Xapian::Database& db,
                                                      Xapian::valueno slot) {
  Xapian::docid last = db.get_lastdocid();
  if (last >= kMaxDocid) return nullptr;
  auto column = std::make_shared<ValueColumn>();
  column->ids_.assign(static_cast<size_t>(last) + 1, 0);
  column->values_.emplace_back();
  std::unordered_map<std::string, uint32_t> seen;
  size_t bytes = 0;
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    Xapian::docid did = it.get_docid();
    if (did > last) break;  // not possible for one revision; guards the array all the same
    std::string value = *it;
    auto [found, fresh] = seen.try_emplace(value, static_cast<uint32_t>(column->values_.size()));
    if (fresh) {
      bytes += value.size();
      if (bytes > kMaxValueBytes) return nullptr;
      column->values_.push_back(std::move(value));
    }
    column->ids_[did] = found->second;
  }
  return column;
}

std::shared_ptr<const ByteColumn> ByteColumn::build(const Xapian::Database& db,
                                                    Xapian::valueno slot, Encode encode) {
  Xapian::docid last = db.get_lastdocid();
  if (last >= kMaxDocid) return nullptr;
  auto column = std::make_shared<ByteColumn>();
  column->bytes_.assign(static_cast<size_t>(last) + 1, 0);
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    Xapian::docid did = it.get_docid();
    if (did > last) break;
    column->bytes_[did] = encode(*it);
  }
  return column;
}

void ValueColumns::forget_older(Xapian::rev revision, const std::string& uuid) {
  if (uuid == uuid_ && revision <= revision_) return;
  columns_.clear();
  byte_columns_.clear();
  revision_ = revision;
  uuid_ = uuid;
}

template <class Column, class Build>
std::shared_ptr<const Column> ValueColumns::cached(
    const Xapian::Database& db, Xapian::valueno slot,
    std::map<Xapian::valueno, std::shared_ptr<const Column>> ValueColumns::*map, Build build) {
  Xapian::rev revision = db.get_revision();
  std::string uuid = db.get_uuid();
  auto lookup = [&]() -> std::optional<std::shared_ptr<const Column>> {
    std::lock_guard lock(mu_);
    if (revision != revision_ || uuid != uuid_) return std::nullopt;
    auto& columns = this->*map;
    if (auto it = columns.find(slot); it != columns.end()) return it->second;
    return std::nullopt;
  };
  if (auto found = lookup()) return *found;
  // One search reads a slot while the others that need it wait for it, rather than all of them
  // reading it at once after a refresh. Searches that find their columns do not wait.
  std::lock_guard building(build_mu_);
  if (auto found = lookup()) return *found;
  std::shared_ptr<const Column> column = build();
  std::lock_guard lock(mu_);
  forget_older(revision, uuid);
  if (revision == revision_ && uuid == uuid_) (this->*map)[slot] = column;
  return column;
}

std::shared_ptr<const ValueColumn> ValueColumns::get(const Xapian::Database& db,
                                                     Xapian::valueno slot) {
  return cached(db, slot, &ValueColumns::columns_, [&] { return ValueColumn::build(db, slot); });
}

std::shared_ptr<const ByteColumn> ValueColumns::bytes(const Xapian::Database& db,
                                                      Xapian::valueno slot,
                                                      ByteColumn::Encode encode) {
  return cached(db, slot, &ValueColumns::byte_columns_,
                [&] { return ByteColumn::build(db, slot, encode); });
}

}  // namespace wharf::search
