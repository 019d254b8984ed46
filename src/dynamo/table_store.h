// TableStore: DynamoDB tables on the metadata store (storage/kv.h). The domain service behind
// dynamo/api, and what pipelines call in-process.
//
// Every write of a logical operation (the item, its secondary-index entries, its TTL entry and
// its change record) is one atomic RocksDB batch, so indexes and the change log are never out
// of step with the table, even after kill -9. Conditional writes on one item are serialized by
// a striped lock; transactions lock all their items (in stripe order, so they never deadlock).
//
// Implementation files: table_store.cc (control plane), item_writes.cc (put, update, delete,
// transactions), item_reads.cc (get, query, scan), change_log.cc (records and sequence numbers),
// ttl.cc (expiry).
#pragma once

#include <array>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "dynamo/expression_ast.h"
#include "dynamo/table_schema.h"
#include "storage/kv.h"

namespace wharf::dynamo {

using TablePtr = std::shared_ptr<const TableDef>;

// A ConditionExpression (or legacy Expected) did not hold. Carries the item as it was, for
// ReturnValuesOnConditionCheckFailure=ALL_OLD.
class ConditionFailed : public core::Error {
 public:
  explicit ConditionFailed(std::optional<core::Map> item);
  std::optional<core::Map> item;
};

struct CancellationReason {
  std::string code;  // "None", "ConditionalCheckFailed", "ValidationError", ...
  std::string message;
  std::optional<core::Map> item;
};

class TransactionCanceled : public core::Error {
 public:
  explicit TransactionCanceled(std::vector<CancellationReason> reasons);
  std::vector<CancellationReason> reasons;
};

struct WriteResult {
  std::optional<core::Map> old_item;
  std::optional<core::Map> new_item;
};

struct TransactWrite {
  enum class Kind { kPut, kUpdate, kDelete, kCheck };
  Kind kind = Kind::kPut;
  std::string table;
  core::Map item;  // kPut: the item; otherwise the key
  std::optional<expr::Update> update;
  std::optional<expr::Condition> condition;
  bool return_old_on_failure = false;
};

// The sort-key part of a KeyConditionExpression.
struct SortKeyCondition {
  enum class Op { kNone, kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  Op op = Op::kNone;
  core::Value a, b;
};

struct ReadRequest {
  std::string table;
  std::string index;                // empty: the table itself
  std::optional<core::Value> hash;  // Query: the partition key value; Scan: unset
  SortKeyCondition range;           // Query only
  const expr::Condition* filter = nullptr;
  std::optional<core::Map> exclusive_start;
  size_t limit = 0;  // items evaluated per page (0: up to the 1 MB page limit)
  bool forward = true;
  bool keep_items = true;  // false for Select=COUNT
  int segment = 0, total_segments = 1;
};

struct ReadResult {
  std::vector<std::string> items;  // in their stored encoding (decode_item gives the Map)
  size_t count = 0;                // items that passed the filter
  size_t scanned = 0;              // items evaluated
  std::optional<core::Map> last_key;
};

struct ChangeRecord {
  uint64_t sequence = 0;
  std::string event;  // INSERT, MODIFY, REMOVE
  core::Map keys;
  std::optional<core::Map> old_image, new_image;
  int64_t millis = 0;
  bool ttl = false;  // a deletion by the TTL expirer
};

struct TableStats {
  uint64_t items = 0, bytes = 0;
};

class TableStore {
 public:
  explicit TableStore(storage::Kv& kv);
  ~TableStore();

  // -- control plane (table_store.cc) --
  // Fills in the table's and its indexes' ids and the creation time. Throws
  // ResourceInUseException if the name exists.
  TablePtr create_table(TableDef def);
  TablePtr find(const std::string& name) const;  // nullptr when absent
  // Throws ResourceNotFoundException ("Requested resource not found", as data operations say).
  TablePtr get(const std::string& name) const;
  std::vector<std::string> list_tables() const;  // in name order
  TablePtr delete_table(const std::string& name);
  // Applies `change` to a copy of the definition and publishes it. Indexes that appear are
  // backfilled from the table's items before the call returns; indexes that disappear are
  // dropped; a stream that is enabled starts at the current sequence number; enabling TTL
  // indexes the expiry times of existing items.
  TablePtr update_table(const std::string& name, const std::function<void(TableDef&)>& change);
  TableStats stats(const TableDef& t) const;

  // -- items (item_writes.cc, item_reads.cc) --
  std::optional<core::Map> get_item(const std::string& table, const core::Map& key) const;
  // The item in its stored encoding (item_codec.h), for answers written without decoding it.
  std::optional<std::string> get_encoded(const std::string& table, const core::Map& key) const;
  WriteResult put_item(const std::string& table, core::Map item, const expr::Condition* cond);
  WriteResult update_item(const std::string& table, const core::Map& key,
                          const expr::Update& update, const expr::Condition* cond);
  WriteResult delete_item(const std::string& table, const core::Map& key,
                          const expr::Condition* cond);
  void transact_write(const std::vector<TransactWrite>& ops);
  // One consistent snapshot for all keys.
  std::vector<std::optional<core::Map>> transact_get(
      const std::vector<std::pair<std::string, core::Map>>& keys) const;
  ReadResult query(const ReadRequest& r) const;
  ReadResult scan(const ReadRequest& r) const;

  // Checks that `key` names exactly the table's key attributes with their declared types.
  static void validate_key(const TableDef& t, const core::Map& key);
  // Checks a whole item: key attributes, index key types, size. `from_update` picks the
  // message DynamoDB uses for an update that grows an item too large.
  static void validate_item(const TableDef& t, const core::Map& item, bool from_update);

  // -- change log (change_log.cc) --
  // Records of `table_id` from sequence number `from` up to visible_sequence(), at most `limit`.
  std::vector<ChangeRecord> read_changes(uint64_t table_id, uint64_t from, size_t limit) const;
  // The highest sequence number below which every record is committed (readers stop there).
  uint64_t visible_sequence() const;
  uint64_t first_sequence(uint64_t table_id) const;  // lowest retained, 0 when none
  void trim_changes(int64_t older_than_millis);

  // -- TTL (ttl.cc) --
  // Deletes items whose TTL attribute is at or before `now_seconds`; returns how many.
  size_t expire_items(int64_t now_seconds);
  // Runs expire_items and change-log trimming every `interval_ms` on a thread of its own.
  void start_background(int interval_ms);

 private:
  struct Staged;  // one item's write: old and new image and where they go
  std::mutex& stripe(std::string_view item_key) const;
  std::string item_key(const TableDef& t, const core::Map& item) const;
  std::optional<core::Map> read_item(const std::string& key) const;
  void stage(storage::Batch& b, const TableDef& t, const std::string& key,
             const std::optional<core::Map>& old_item, const std::optional<core::Map>& new_item,
             uint64_t seq, bool ttl) const;
  WriteResult mutate(
      const std::string& table, const core::Map& key_or_item,
      const std::function<std::optional<core::Map>(const std::optional<core::Map>& old)>& compute,
      const expr::Condition* cond, bool ttl = false);
  void backfill(const TableDef& t, const IndexDef* index, bool ttl_entries);
  uint64_t begin_sequence();
  // A number above every sequence number handed out so far: where a stream starts or ends.
  uint64_t sequence_mark();
  void end_sequence(uint64_t seq);
  void load();

  storage::Kv& kv_;
  mutable std::shared_mutex tables_mu_;
  std::map<std::string, TablePtr> tables_;
  std::mutex control_mu_;  // serializes create/delete/update of tables
  uint64_t next_table_id_ = 1;
  mutable std::array<std::mutex, 1024> stripes_;

  mutable std::mutex seq_mu_;
  uint64_t next_seq_ = 1;
  uint64_t reserved_seq_ = 0;  // numbers below this may have been handed out (persisted)
  uint64_t take_sequence();    // with seq_mu_ held
  std::set<uint64_t> in_flight_;

  mutable std::mutex stats_mu_;
  mutable std::map<uint64_t, std::pair<int64_t, TableStats>> stats_cache_;

  std::mutex background_mu_;
  std::condition_variable background_cv_;
  bool stop_ = false;
  std::thread background_;
};

}  // namespace wharf::dynamo
