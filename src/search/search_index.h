// One Elasticsearch index: a Xapian database in its own directory, plus the index's settings,
// mapping and aliases (stored as database metadata, so a commit publishes documents and the
// mapping they need together).
//
// Writes go to the writable database under the index's lock and to a translog (fsync'd once per
// request, so an acknowledged write survives kill -9), and become searchable at the next
// refresh, which is a Xapian commit: visible to readers at once, after which the translog is
// emptied. Searches use
// read-only database handles from a pool, reopened to the latest commit when they are leased, so
// readers never block writers. GET by id is realtime: it reads the writable database, which sees
// uncommitted changes, as Elasticsearch's realtime GET does.
#pragma once

#include <xapian.h>

#include <atomic>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "search/analysis.h"
#include "search/mapping.h"
#include "search/value_columns.h"

namespace wharf::search {

struct FieldStats {
  uint64_t doc_count = 0;  // documents with at least one term in the field
  uint64_t sum_ttf = 0;    // total of the field's lengths
};

struct DocMeta {
  int64_t version = 0;
  int64_t seq_no = 0;
  int64_t primary_term = 1;
};

struct StoredDoc {
  std::string id;
  DocMeta meta;
  std::string source;  // the JSON text as indexed
};

// Decodes a Xapian document: the meta header and _id of its data, its source from its source
// slot (or, written before, from its data); `id` is the _id of data written before the _id was
// stored with it.
StoredDoc decode_stored(std::string_view id, const Xapian::Document& doc);
// A search hit: its data, with the _id from the data or (older documents) from its "Q" term.
StoredDoc decode_document(const Xapian::Document& doc);
// The _id of a Xapian document from its "Q" term (a read of its term list).
std::string doc_id_of(const Xapian::Document& doc);

struct WriteOptions {
  bool create = false;  // op_type=create / _create: fail when the document exists
  std::optional<int64_t> if_seq_no;
  std::optional<int64_t> if_primary_term;
  std::optional<int64_t> version;  // with external versioning
  bool external = false;
  bool external_gte = false;
};

struct WriteResult {
  std::string id;
  DocMeta meta;
  std::string result;  // created, updated, deleted, not_found, noop
};

struct IndexMeta {
  std::string name;
  std::string uuid;
  int64_t creation_date = 0;
  int number_of_shards = 1;
  int number_of_replicas = 1;
  int64_t refresh_interval_ms = 1000;  // -1: only explicit refreshes
  boost::json::object settings;        // the index.* settings as given (flat keys)
  boost::json::value analysis;         // settings.analysis, or null
  std::map<std::string, boost::json::object> aliases;  // alias -> its definition (filter, ...)
};

class SearchIndex {
 public:
  // Creates the database in `dir`; throws when analysis settings or the mapping are invalid.
  static std::unique_ptr<SearchIndex> create(const std::string& dir, IndexMeta meta,
                                             Mapping mapping);
  static std::unique_ptr<SearchIndex> open(const std::string& dir);
  ~SearchIndex();

  IndexMeta meta() const;
  const std::string& name() const { return name_; }
  const std::string& dir() const { return dir_; }
  std::shared_ptr<const Mapping> mapping() const;
  std::shared_ptr<const AnalyzerRegistry> analyzers() const { return analyzers_; }

  // Index (or create) a document; `id` empty generates one. Throws version conflicts and mapping
  // errors; the stored data is unchanged when it throws.
  WriteResult index(std::string id, std::string source_text, const boost::json::object& source,
                    const WriteOptions& opts);
  WriteResult remove(const std::string& id, const WriteOptions& opts);
  // Read-modify-write under the index lock: `change` gets the current document (or null) and
  // returns the new source, or nullopt for "noop" (or, without a current document, "missing").
  using Change = std::function<std::optional<boost::json::object>(const StoredDoc* current)>;
  WriteResult update(const std::string& id, const Change& change, const WriteOptions& opts);
  std::optional<StoredDoc> get(const std::string& id) const;  // realtime
  std::optional<StoredDoc> get_refreshed(const std::string& id) const;  // as searches see it
  int replicas() const;

  void put_mapping(const Mapping& update);
  void set_aliases(std::map<std::string, boost::json::object> aliases);
  void set_meta(IndexMeta meta);  // settings changed by PUT _settings

  // Makes the writes acknowledged so far survive a crash (fsync of the translog); called once
  // per request, as Elasticsearch's request durability does.
  void make_durable();

  // Commits pending changes (a refresh). Cheap when nothing changed.
  void refresh();
  bool has_pending() const { return pending_.load() > 0; }
  int64_t refresh_interval_ms() const;

  // A read-only view of the last refresh, leased for one search.
  struct Reader {
    Xapian::Database db;
    uint64_t generation = 0;
    std::map<uint32_t, FieldStats> stats;
  };
  class Lease {
   public:
    Lease(const SearchIndex* owner, std::unique_ptr<Reader> r) : owner_(owner), r_(std::move(r)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Reader& operator*() const { return *r_; }
    Reader* operator->() const { return r_.get(); }
    // Reopens after Xapian reports the revision was overwritten (DatabaseModifiedError).
    void reopen();

   private:
    const SearchIndex* owner_;
    std::unique_ptr<Reader> r_;
  };
  Lease reader() const;
  // In-memory value slots of the newest revision, for aggregations (shared by all readers).
  ValueColumns& value_columns() const { return columns_; }

  uint64_t doc_count() const;  // committed documents
  uint64_t store_bytes() const;
  void close();

 private:
  SearchIndex(std::string dir, IndexMeta meta, std::shared_ptr<Mapping> mapping, bool create);
  WriteResult write_locked(std::string id, const std::string& source_text,
                           const boost::json::object& source, const WriteOptions& opts);
  void put_locked(const std::string& id, const std::string& source_text,
                  const boost::json::object& source, const DocMeta& meta,
                  std::optional<Xapian::docid> replaces);
  void log_op(const boost::json::object& op);
  void replay_translog();
  std::optional<std::pair<Xapian::docid, StoredDoc>> find_locked(const std::string& id) const;
  void check_versions_locked(const std::string& id, const DocMeta* current,
                             const WriteOptions& opts) const;
  void subtract_stats_locked(const Xapian::Document& old);
  void save_meta_locked();
  void commit_locked();
  void load_stats(const Xapian::Database& db, std::map<uint32_t, FieldStats>& out) const;

  std::string dir_;
  std::string name_;
  mutable std::mutex mu_;  // the writer, meta, mapping pointer, stats, sequence numbers
  std::unique_ptr<Xapian::WritableDatabase> writer_;
  IndexMeta meta_;
  std::shared_ptr<const Mapping> mapping_;
  std::shared_ptr<const AnalyzerRegistry> analyzers_;
  std::map<uint32_t, FieldStats> stats_;
  int64_t next_seq_no_ = 0;
  std::map<std::string, DocMeta, std::less<>> tombstones_;  // versions of deleted documents
  std::atomic<uint64_t> pending_{0};
  uint64_t uncommitted_docs_ = 0;
  uint64_t uncommitted_bytes_ = 0;  // of sources, since the last commit
  bool meta_dirty_ = false;
  std::atomic<uint64_t> generation_{1};
  // Every write since the last commit, appended as one JSON line, replayed at open.
  int translog_fd_ = -1;
  uint64_t translog_appended_ = 0;  // records appended, ever
  std::mutex sync_mu_;              // held during an fdatasync of the translog
  uint64_t translog_synced_ = 0;    // records known to be on disk (under sync_mu_)
  mutable std::mutex pool_mu_;
  mutable std::vector<std::unique_ptr<Reader>> pool_;
  mutable ValueColumns columns_;
};

}  // namespace wharf::search
