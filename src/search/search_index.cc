#include "search/search_index.h"

#include <fmt/format.h>
#include <xapian.h>

#include <boost/json.hpp>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/log.h"
#include "core/random.h"
#include "search/document_indexer.h"
#include "search/errors.h"
#include "search/index_terms.h"

namespace wharf::search {

namespace json = boost::json;

namespace {

constexpr const char* kMetaKey = "wharf:meta";
constexpr const char* kMappingKey = "wharf:mapping";
constexpr const char* kStatsKey = "wharf:stats";
constexpr const char* kSeqKey = "wharf:seq";
// Beyond this many buffered documents the writer commits on its own (bounded memory), even
// without a refresh being due.
constexpr uint64_t kMaxBufferedDocs = 20000;
// Or this many bytes of sources: Xapian holds a document's values in memory until the commit
// (its data goes to the table as it is added), and sources live in a value slot. A 100 MB
// _bulk of 100 KB documents peaks at 41 MiB of RSS with 4 MiB here, 69 MiB with 16 (34 MiB
// when sources were document data); its time does not change (1.1-1.2 s).
constexpr uint64_t kMaxBufferedSourceBytes = 4 << 20;

// Stored document data: version, seq_no, primary_term (8 bytes each, little-endian), the _id
// (2-byte little-endian length, then its bytes), then the source. A search hit's _id comes from
// here: reading it from the document's "Q" term meant a read of its whole term list (a B-tree
// lookup and a zlib inflate) per hit, 15% of a term query's time. Documents written before the
// _id was stored lack it; the top bit of the primary-term word, which wharf's primary terms (1)
// never set, marks the ones that have it.
constexpr uint64_t kHasIdMark = uint64_t{1} << 63;
// The source is not in the data but in the value slot kSourceSlot. Xapian zlib-compresses
// document data (and so inflated it for every hit: 45% of a term query's time, 10 µs a hit),
// while value slots are stored as they are. Documents written before keep it in the data.
constexpr uint64_t kSourceInSlotMark = uint64_t{1} << 62;
// Even: SearchIndex::subtract_stats_locked takes odd slots for field lengths.
constexpr Xapian::valueno kSourceSlot = 0xfffffffe;

// Sets the document's data (and its source slot).
void store(Xapian::Document& doc, const DocMeta& m, std::string_view id, std::string_view source) {
  std::string out(26, '\0');
  uint64_t term = static_cast<uint64_t>(m.primary_term) | kHasIdMark | kSourceInSlotMark;
  uint16_t id_len = static_cast<uint16_t>(id.size());  // ids are terms: under 245 bytes
  std::memcpy(out.data(), &m.version, 8);
  std::memcpy(out.data() + 8, &m.seq_no, 8);
  std::memcpy(out.data() + 16, &term, 8);
  std::memcpy(out.data() + 24, &id_len, 2);
  out += id;
  doc.set_data(std::move(out));
  if (!source.empty()) doc.add_value(kSourceSlot, std::string(source));
}

// The _id a document's data holds, or nullopt for data of an earlier version (without it);
// `source_at` is where its source begins.
std::optional<std::string_view> stored_id(std::string_view data, size_t& source_at) {
  source_at = 24;
  if (data.size() < 24) return std::nullopt;
  uint64_t term;
  std::memcpy(&term, data.data() + 16, 8);
  if (!(term & kHasIdMark) || data.size() < 26) return std::nullopt;
  uint16_t id_len;
  std::memcpy(&id_len, data.data() + 24, 2);
  if (data.size() < 26u + id_len) return std::nullopt;
  source_at = 26u + id_len;
  return data.substr(26, id_len);
}

json::value meta_to_json(const IndexMeta& m) {
  json::object aliases;
  for (const auto& [name, def] : m.aliases) aliases[name] = def;
  return json::object{{"name", m.name},
                      {"uuid", m.uuid},
                      {"creation_date", m.creation_date},
                      {"shards", m.number_of_shards},
                      {"replicas", m.number_of_replicas},
                      {"refresh_ms", m.refresh_interval_ms},
                      {"settings", m.settings},
                      {"analysis", m.analysis},
                      {"aliases", std::move(aliases)}};
}

IndexMeta meta_from_json(const json::value& v) {
  const auto& o = v.as_object();
  IndexMeta m;
  m.name = std::string(o.at("name").as_string());
  m.uuid = std::string(o.at("uuid").as_string());
  m.creation_date = o.at("creation_date").to_number<int64_t>();
  m.number_of_shards = static_cast<int>(o.at("shards").to_number<int64_t>());
  m.number_of_replicas = static_cast<int>(o.at("replicas").to_number<int64_t>());
  m.refresh_interval_ms = o.at("refresh_ms").to_number<int64_t>();
  m.settings = o.at("settings").as_object();
  m.analysis = o.at("analysis");
  for (const auto& [name, def] : o.at("aliases").as_object())
    m.aliases[std::string(name)] = def.as_object();
  return m;
}

std::string random_id() {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string raw = core::random_bytes(20);
  std::string id(20, 'A');
  for (size_t i = 0; i < 20; ++i) id[i] = kAlphabet[static_cast<unsigned char>(raw[i]) % 64];
  return id;
}

// `data` is doc's; `id` serves data without an _id of its own.
StoredDoc decode(std::string_view id, const std::string& data, const Xapian::Document& doc) {
  StoredDoc d;
  size_t source_at;
  auto held = stored_id(data, source_at);
  d.id = std::string(held ? *held : id);
  if (data.size() >= 24) {
    uint64_t term;
    std::memcpy(&d.meta.version, data.data(), 8);
    std::memcpy(&d.meta.seq_no, data.data() + 8, 8);
    std::memcpy(&term, data.data() + 16, 8);
    d.meta.primary_term = static_cast<int64_t>(term & ~(kHasIdMark | kSourceInSlotMark));
    d.source = term & kSourceInSlotMark ? doc.get_value(kSourceSlot) : data.substr(source_at);
  }
  return d;
}

}  // namespace

StoredDoc decode_stored(std::string_view id, const Xapian::Document& doc) {
  return decode(id, doc.get_data(), doc);
}

StoredDoc decode_document(const Xapian::Document& doc) {
  std::string data = doc.get_data();
  size_t source_at;
  return decode(stored_id(data, source_at) ? std::string() : doc_id_of(doc), data, doc);
}

std::string doc_id_of(const Xapian::Document& doc) {
  auto it = doc.termlist_begin();
  it.skip_to("Q");
  if (it != doc.termlist_end() && (*it)[0] == 'Q') return (*it).substr(1);
  return {};
}

SearchIndex::SearchIndex(std::string dir, IndexMeta meta, std::shared_ptr<Mapping> mapping,
                         bool create)
    : dir_(std::move(dir)), name_(meta.name), meta_(std::move(meta)) {
  analyzers_ = std::make_shared<AnalyzerRegistry>(
      meta_.analysis.is_null() ? nullptr : &meta_.analysis);
  writer_ = std::make_unique<Xapian::WritableDatabase>(
      dir_, create ? Xapian::DB_CREATE : Xapian::DB_OPEN);
  translog_fd_ = ::open((dir_ + "/translog").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (translog_fd_ < 0)
    core::throw_internal(fmt::format("cannot open translog in {}: {}", dir_, strerror(errno)));
  if (create) {
    mapping_ = mapping;
    meta_dirty_ = true;
    commit_locked();
    return;
  }
  meta_ = meta_from_json(json::parse(writer_->get_metadata(kMetaKey)));
  name_ = meta_.name;
  analyzers_ = std::make_shared<AnalyzerRegistry>(
      meta_.analysis.is_null() ? nullptr : &meta_.analysis);
  mapping_ = std::make_shared<Mapping>(Mapping::load(json::parse(writer_->get_metadata(kMappingKey))));
  load_stats(*writer_, stats_);
  std::string seq = writer_->get_metadata(kSeqKey);
  next_seq_no_ = seq.empty() ? 0 : std::stoll(seq);
  replay_translog();
  if (pending_ > 0 || meta_dirty_) commit_locked();
}

SearchIndex::~SearchIndex() { close(); }

std::unique_ptr<SearchIndex> SearchIndex::create(const std::string& dir, IndexMeta meta,
                                                 Mapping mapping) {
  // Validate analyzers and their use before anything touches the disk.
  AnalyzerRegistry check(meta.analysis.is_null() ? nullptr : &meta.analysis);
  for (const auto& f : mapping.fields()) {
    if (f->type != FieldType::kText) continue;
    for (const auto* name : {&f->analyzer, &f->search_analyzer})
      if (!name->empty() && !check.find(*name))
        throw mapper_parsing(fmt::format("analyzer [{}] has not been configured in mappings", *name));
  }
  return std::unique_ptr<SearchIndex>(
      new SearchIndex(dir, std::move(meta), std::make_shared<Mapping>(std::move(mapping)), true));
}

std::unique_ptr<SearchIndex> SearchIndex::open(const std::string& dir) {
  return std::unique_ptr<SearchIndex>(new SearchIndex(dir, IndexMeta{}, nullptr, false));
}

IndexMeta SearchIndex::meta() const {
  std::lock_guard lock(mu_);
  return meta_;
}

std::shared_ptr<const Mapping> SearchIndex::mapping() const {
  std::lock_guard lock(mu_);
  return mapping_;
}

int64_t SearchIndex::refresh_interval_ms() const {
  std::lock_guard lock(mu_);
  return meta_.refresh_interval_ms;
}

void SearchIndex::load_stats(const Xapian::Database& db, std::map<uint32_t, FieldStats>& out) const {
  out.clear();
  std::string raw = db.get_metadata(kStatsKey);
  if (raw.empty()) return;
  json::value parsed = json::parse(raw);
  for (const auto& [k, v] : parsed.as_object()) {
    const auto& a = v.as_array();
    out[static_cast<uint32_t>(std::stoul(std::string(k)))] = {
        static_cast<uint64_t>(a[0].to_number<int64_t>()),
        static_cast<uint64_t>(a[1].to_number<int64_t>())};
  }
}

void SearchIndex::save_meta_locked() {
  writer_->set_metadata(kMetaKey, json::serialize(meta_to_json(meta_)));
  writer_->set_metadata(kMappingKey, json::serialize(mapping_->save()));
  meta_dirty_ = false;
}

void SearchIndex::commit_locked() {
  if (meta_dirty_) save_meta_locked();
  json::object stats;
  for (const auto& [fid, s] : stats_)
    stats[std::to_string(fid)] = json::array{s.doc_count, s.sum_ttf};
  writer_->set_metadata(kStatsKey, json::serialize(stats));
  writer_->set_metadata(kSeqKey, std::to_string(next_seq_no_));
  writer_->commit();
  // Everything logged so far is now in the committed database; replay skips by seq_no, so a
  // crash between the commit and this truncation replays nothing twice.
  if (translog_fd_ >= 0 && ::ftruncate(translog_fd_, 0) != 0)
    spdlog::warn("index {}: translog truncation failed: {}", name_, strerror(errno));
  pending_ = 0;
  uncommitted_docs_ = 0;
  uncommitted_bytes_ = 0;
  generation_.fetch_add(1);
}

void SearchIndex::refresh() {
  std::lock_guard lock(mu_);
  if (!writer_ || (pending_ == 0 && !meta_dirty_)) return;
  commit_locked();
}

void SearchIndex::close() {
  std::lock_guard lock(mu_);
  if (!writer_) return;
  try {
    if (pending_ > 0 || meta_dirty_) commit_locked();
    writer_->close();
  } catch (const Xapian::Error& e) {
    spdlog::warn("closing index {}: {}", name_, e.get_msg());
  }
  writer_.reset();
  if (translog_fd_ >= 0) ::close(translog_fd_);
  translog_fd_ = -1;
}

std::optional<std::pair<Xapian::docid, StoredDoc>> SearchIndex::find_locked(
    const std::string& id) const {
  std::string term = id_term(id);
  auto it = writer_->postlist_begin(term);
  if (it == writer_->postlist_end(term)) return std::nullopt;
  Xapian::docid did = *it;
  return std::make_pair(did, decode_stored(id, writer_->get_document(did)));
}

std::optional<StoredDoc> SearchIndex::get(const std::string& id) const {
  std::lock_guard lock(mu_);
  if (!writer_) return std::nullopt;
  auto found = find_locked(id);
  if (!found) return std::nullopt;
  return std::move(found->second);
}

std::optional<StoredDoc> SearchIndex::get_refreshed(const std::string& id) const {
  auto lease = reader();
  std::string term = id_term(id);
  auto it = lease->db.postlist_begin(term);
  if (it == lease->db.postlist_end(term)) return std::nullopt;
  return decode_stored(id, lease->db.get_document(*it));
}

int SearchIndex::replicas() const {
  std::lock_guard lock(mu_);
  return meta_.number_of_replicas;
}

void SearchIndex::check_versions_locked(const std::string& id, const DocMeta* current,
                                        const WriteOptions& opts) const {
  if (opts.if_seq_no || opts.if_primary_term) {
    int64_t want_seq = opts.if_seq_no.value_or(-2), want_term = opts.if_primary_term.value_or(0);
    if (!current)
      throw version_conflict(name_, meta_.uuid, id,
                             fmt::format("version conflict, required seqNo [{}], primary term "
                                         "[{}]. but no document was found",
                                         want_seq, want_term));
    if (current->seq_no != want_seq || current->primary_term != want_term)
      throw version_conflict(
          name_, meta_.uuid, id,
          fmt::format("version conflict, required seqNo [{}], primary term [{}]. current "
                      "document has seqNo [{}] and primary term [{}]",
                      want_seq, want_term, current->seq_no, current->primary_term));
  }
  if (opts.external && opts.version && current) {
    bool ok = opts.external_gte ? *opts.version >= current->version
                                : *opts.version > current->version;
    if (!ok)
      throw version_conflict(name_, meta_.uuid, id,
                             fmt::format("version conflict, current version [{}] is higher or "
                                         "equal to the one provided [{}]",
                                         current->version, *opts.version));
  }
}

void SearchIndex::subtract_stats_locked(const Xapian::Document& old) {
  for (auto v = old.values_begin(); v != old.values_end(); ++v) {
    Xapian::valueno slot = v.get_valueno();
    if (slot % 2 == 0) continue;
    auto& s = stats_[slot / 2];
    uint32_t len = unpack_length(*v);
    if (s.doc_count > 0) --s.doc_count;
    s.sum_ttf = s.sum_ttf >= len ? s.sum_ttf - len : 0;
  }
}

WriteResult SearchIndex::index(std::string id, std::string source_text,
                               const json::object& source, const WriteOptions& opts) {
  std::unique_lock lock(mu_);
  if (!writer_) throw index_not_found(name_);
  return write_locked(id.empty() ? random_id() : std::move(id), source_text, source, opts);
}

WriteResult SearchIndex::write_locked(std::string id, const std::string& source_text,
                                      const json::object& source, const WriteOptions& opts) {
  auto current = find_locked(id);
  if (opts.create && current)
    throw version_conflict(name_, meta_.uuid, id,
                           fmt::format("version conflict, document already exists (current "
                                       "version [{}])",
                                       current->second.meta.version));
  check_versions_locked(id, current ? &current->second.meta : nullptr, opts);
  DocMeta meta;
  meta.seq_no = next_seq_no_;
  meta.primary_term = 1;
  if (opts.external && opts.version) {
    meta.version = *opts.version;
  } else if (current) {
    meta.version = current->second.meta.version + 1;
  } else if (auto t = tombstones_.find(id); t != tombstones_.end()) {
    meta.version = t->second.version + 1;
  } else {
    meta.version = 1;
  }
  put_locked(id, source_text, source, meta, current ? std::optional(current->first) : std::nullopt);
  log_op(json::object{{"op", "index"}, {"id", id}, {"v", meta.version}, {"s", meta.seq_no},
                      {"src", source_text}});
  uncommitted_bytes_ += source_text.size();
  if (++uncommitted_docs_ >= kMaxBufferedDocs || uncommitted_bytes_ >= kMaxBufferedSourceBytes)
    commit_locked();
  return {std::move(id), meta, current ? "updated" : "created"};
}

void SearchIndex::put_locked(const std::string& id, const std::string& source_text,
                             const json::object& source, const DocMeta& meta,
                             std::optional<Xapian::docid> replaces) {
  // Analysis against the current mapping; a document with new fields grows a private copy that
  // is published only when the document is accepted.
  std::optional<IndexedDocument> indexed =
      index_document(source, id, *mapping_, *analyzers_, nullptr);
  std::shared_ptr<Mapping> grown;
  if (!indexed) {
    grown = std::make_shared<Mapping>(Mapping::load(mapping_->save()));
    indexed = index_document(source, id, *mapping_, *analyzers_, grown.get());
  }
  Xapian::Document& doc = indexed->doc;
  doc.add_boolean_term(id_term(id));
  store(doc, meta, id, mapping_->source_enabled ? std::string_view(source_text) : std::string_view());
  if (replaces) subtract_stats_locked(writer_->get_document(*replaces));
  // A new id needs no lookup of the document it would replace.
  if (replaces) writer_->replace_document(*replaces, doc);
  else writer_->add_document(doc);
  for (const auto& [fid, len] : indexed->lengths) {
    auto& s = stats_[fid];
    ++s.doc_count;
    s.sum_ttf += len;
  }
  if (grown) {
    mapping_ = std::move(grown);
    meta_dirty_ = true;
  }
  tombstones_.erase(id);
  next_seq_no_ = std::max(next_seq_no_, meta.seq_no + 1);
  ++pending_;
}

void SearchIndex::log_op(const json::object& op) {
  std::string line = json::serialize(op);
  line += '\n';
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(translog_fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      core::throw_internal(fmt::format("translog write for index {}: {}", name_, strerror(errno)));
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  ++translog_appended_;
}

void SearchIndex::make_durable() {
  uint64_t want;
  {
    std::lock_guard lock(mu_);
    if (translog_fd_ < 0) return;
    want = translog_appended_;
  }
  // Outside the index lock: writers keep appending while this request's records reach the disk.
  // An fdatasync covers the records appended before it started; a request whose records one
  // already covered returns without another, and one whose records came later waits for the
  // sync in progress to end and starts its own (a request that found a sync under way must not
  // return before it ends, or it would acknowledge records not yet on disk).
  std::lock_guard sync(sync_mu_);
  if (translog_synced_ >= want) return;
  uint64_t covered;
  int fd;
  {
    std::lock_guard lock(mu_);
    covered = translog_appended_;
    fd = translog_fd_;
  }
  if (fd < 0) return;
  ::fdatasync(fd);
  translog_synced_ = covered;
}

void SearchIndex::replay_translog() {
  std::ifstream in(dir_ + "/translog");
  std::string line;
  size_t replayed = 0;
  while (std::getline(in, line)) {
    json::error_code ec;
    json::value v = json::parse(line, ec);
    if (ec || !v.is_object()) break;  // a torn last record: it was never acknowledged
    const auto& o = v.as_object();
    DocMeta meta;
    meta.version = o.at("v").to_number<int64_t>();
    meta.seq_no = o.at("s").to_number<int64_t>();
    if (meta.seq_no < next_seq_no_) continue;  // already in the committed database
    std::string id(o.at("id").as_string());
    auto current = find_locked(id);
    if (o.at("op").as_string() == "index") {
      std::string text(o.at("src").as_string());
      json::value src = json::parse(text);
      put_locked(id, text, src.as_object(), meta,
                 current ? std::optional(current->first) : std::nullopt);
    } else {
      if (current) {
        subtract_stats_locked(writer_->get_document(current->first));
        writer_->delete_document(current->first);
      }
      tombstones_[id] = meta;
      next_seq_no_ = std::max(next_seq_no_, meta.seq_no + 1);
      ++pending_;
    }
    ++replayed;
  }
  if (replayed > 0) spdlog::info("index {}: replayed {} operations from its translog", name_, replayed);
}

WriteResult SearchIndex::remove(const std::string& id, const WriteOptions& opts) {
  std::lock_guard lock(mu_);
  if (!writer_) throw index_not_found(name_);
  auto current = find_locked(id);
  check_versions_locked(id, current ? &current->second.meta : nullptr, opts);
  DocMeta meta;
  meta.seq_no = next_seq_no_++;
  ++pending_;
  if (!current) {
    auto t = tombstones_.find(id);
    meta.version = t != tombstones_.end() ? t->second.version + 1 : 1;
    if (opts.external && opts.version) meta.version = *opts.version;
    tombstones_[id] = meta;
    log_op(json::object{{"op", "delete"}, {"id", id}, {"v", meta.version}, {"s", meta.seq_no}});
    return {id, meta, "not_found"};
  }
  meta.version = opts.external && opts.version ? *opts.version : current->second.meta.version + 1;
  subtract_stats_locked(writer_->get_document(current->first));
  writer_->delete_document(current->first);
  tombstones_[id] = meta;
  log_op(json::object{{"op", "delete"}, {"id", id}, {"v", meta.version}, {"s", meta.seq_no}});
  return {id, meta, "deleted"};
}

WriteResult SearchIndex::update(const std::string& id, const Change& change,
                                const WriteOptions& opts) {
  std::lock_guard lock(mu_);
  if (!writer_) throw index_not_found(name_);
  auto current = find_locked(id);
  check_versions_locked(id, current ? &current->second.meta : nullptr, opts);
  auto next = change(current ? &current->second : nullptr);
  if (!next) {
    if (!current) throw document_missing(name_, meta_.uuid, id);
    return {id, current->second.meta, "noop"};
  }
  WriteOptions plain;
  return write_locked(id, json::serialize(*next), *next, plain);
}

void SearchIndex::put_mapping(const Mapping& update) {
  std::lock_guard lock(mu_);
  auto merged = std::make_shared<Mapping>(Mapping::load(mapping_->save()));
  merged->merge(update);
  for (const auto& f : merged->fields())
    if (f->type == FieldType::kText && !analyzers_->find(f->analyzer))
      throw mapper_parsing(
          fmt::format("analyzer [{}] has not been configured in mappings", f->analyzer));
  mapping_ = std::move(merged);
  meta_dirty_ = true;
  commit_locked();
}

void SearchIndex::set_aliases(std::map<std::string, json::object> aliases) {
  std::lock_guard lock(mu_);
  meta_.aliases = std::move(aliases);
  meta_dirty_ = true;
  commit_locked();
}

void SearchIndex::set_meta(IndexMeta meta) {
  std::lock_guard lock(mu_);
  meta.analysis = meta_.analysis;
  meta_ = std::move(meta);
  meta_dirty_ = true;
  commit_locked();
}

SearchIndex::Lease::~Lease() {
  if (!r_ || !owner_) return;
  std::lock_guard lock(owner_->pool_mu_);
  if (owner_->pool_.size() < 16) owner_->pool_.push_back(std::move(r_));
}

void SearchIndex::Lease::reopen() {
  r_->db.reopen();
  owner_->load_stats(r_->db, r_->stats);
}

SearchIndex::Lease SearchIndex::reader() const {
  std::unique_ptr<Reader> r;
  {
    std::lock_guard lock(pool_mu_);
    if (!pool_.empty()) {
      r = std::move(pool_.back());
      pool_.pop_back();
    }
  }
  uint64_t gen = generation_.load();
  if (!r) {
    r = std::make_unique<Reader>();
    r->db = Xapian::Database(dir_);
    load_stats(r->db, r->stats);
    r->generation = gen;
  } else if (r->generation != gen) {
    r->db.reopen();
    load_stats(r->db, r->stats);
    r->generation = gen;
  }
  return Lease(this, std::move(r));
}

uint64_t SearchIndex::doc_count() const {
  auto lease = reader();
  return lease->db.get_doccount();
}

uint64_t SearchIndex::store_bytes() const {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir_, ec))
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  return total;
}

}  // namespace wharf::search
