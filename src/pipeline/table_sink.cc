// The table sink: rows become items of a table: of the embedded store (TableStore, in-process),
// or with `endpoint:` (or `wharf run --endpoint`) of any DynamoDB endpoint (BatchWriteItem).
//   sinks: {users: {table: users, key: [user_id], mode: upsert, delete_when: "op = 'D'"}}
// The table is created on publish when absent, keyed by `key` (partition key, then sort key),
// the key types taken from the rows. Rows are validated against the table while staging (key
// present and of the key's type, item size), so a row the table would refuse is a reject, not a
// failed publish. Staged rows are applied in order on publish; replace mode then deletes every
// item this run did not write.
#include <unordered_set>

#include "pipeline/sink.h"
#include "pipeline/spill_file.h"
#include "pipeline/remote_endpoint.h"
#include "pipeline/table_connection.h"

namespace wharf::pipeline {
namespace {

char key_type(const core::Value& v) {
  if (v.is<core::Decimal>()) return 'N';
  if (v.is<core::Binary>()) return 'B';
  if (v.is<std::string>()) return 'S';
  return 0;
}

class TableSink : public Sink {
 public:
  TableSink(SinkCommon c, const SpecNode& spec, const Services& s, const SinkRun& run)
      : Sink(std::move(c)), spill_(run.dir + "/items.spill") {
    std::vector<const char*> allowed{"table", "key", "mode", "when", "delete_when"};
    allowed.insert(allowed.end(), std::begin(kRemoteAwsKeys), std::end(kRemoteAwsKeys));
    spec.allow_keys(allowed);
    table_ = spec.string("table");
    tables_ = open_table_connection(spec, s);
    if (auto def = tables_->find(table_)) {
      def_ = def;
      created_ = true;
      key_.hash = def->key.hash;
      key_.range = def->key.range;
      if (!common().key.empty()) check_key_matches(spec);
    } else {
      auto names = common().key;
      if (names.empty() || names.size() > 2)
        spec.fail(tables_->describe(table_) + " does not exist: give key: [partition_key] or "
                  "[partition_key, sort_key] to create it");
      key_.hash.name = names[0];
      key_.hash.type = 0;
      if (names.size() == 2) key_.range = dynamo::KeyAttribute{names[1], 0};
    }
  }

  std::string describe() const override { return tables_->describe(table_); }

  void write(const Batch& b) override {
    for (const auto& row : b.rows) {
      core::Map item = row_to_map(*b.schema, row);
      if (auto why = invalid(item, false)) {
        reject(b, row, *why);
        continue;
      }
      spill_.append('u', item);
    }
  }

  void remove(const Batch& b) override {
    for (const auto& row : b.rows) {
      core::Map item = row_to_map(*b.schema, row);
      if (auto why = invalid(item, true)) {
        reject(b, row, *why);
        continue;
      }
      spill_.append('d', dynamo::key_of(key_, item));
    }
  }

  void publish(const PublishContext&) override {
    if (!created_) {
      if (auto existing = tables_->find(table_))
        def_ = existing;
      else
        def_ = tables_->create(new_table_def());
    }
    std::unordered_set<std::string> written;
    bool replace = common().mode == WriteMode::kReplace;
    std::vector<TableWrite> writes;
    spill_.for_each([&](char kind, core::Map& item) {
      if (replace) written.insert(key_bytes(key_, item));
      if (kind != 'd') ++rows_;
      writes.push_back(TableWrite{kind == 'd', std::move(item)});
      if (writes.size() == kApplyChunk) flush(writes);
    });
    flush(writes);
    if (replace) delete_unwritten(written);
    spill_.remove();
  }

  void abort() noexcept override { spill_.remove(); }

 private:
  void check_key_matches(const SpecNode& spec) const {
    std::vector<std::string> actual{key_.hash.name};
    if (key_.range) actual.push_back(key_.range->name);
    if (common().key != actual)
      spec.at("key").fail("table " + table_ + " is keyed by [" + actual[0] +
                          (key_.range ? ", " + key_.range->name : "") + "], not by the key given");
  }

  // Why the table would refuse this item (nullopt: it would not).
  std::optional<std::string> invalid(const core::Map& item, bool key_only) {
    for (auto* attr : {&key_.hash, key_.range ? &*key_.range : nullptr}) {
      if (!attr) continue;
      auto it = item.find(attr->name);
      if (it == item.end()) return "missing key field '" + attr->name + "'";
      char t = key_type(it->second);
      if (!t) return "key field '" + attr->name + "' must be a string, number or binary";
      if (attr->type == 0) attr->type = t;  // the first row decides a new table's key types
      if (t != attr->type)
        return "key field '" + attr->name + "' is a " + std::string(1, t) + ", the table's key is " +
               std::string(1, attr->type);
    }
    if (key_only) return std::nullopt;
    if (!def_) def_ = std::make_shared<const dynamo::TableDef>(new_table_def());  // not created yet
    try {
      dynamo::TableStore::validate_item(*def_, item, false);
    } catch (const core::Error& e) {
      return std::string(e.what());
    }
    return std::nullopt;
  }

  dynamo::TableDef new_table_def() const {
    dynamo::TableDef def;
    def.name = table_;
    def.key = key_;
    if (def.key.hash.type == 0) def.key.hash.type = 'S';
    if (def.key.range && def.key.range->type == 0) def.key.range->type = 'S';
    def.attribute_types[def.key.hash.name] = def.key.hash.type;
    if (def.key.range) def.attribute_types[def.key.range->name] = def.key.range->type;
    def.billing_mode = "PAY_PER_REQUEST";
    return def;
  }

  void flush(std::vector<TableWrite>& writes) {
    deleted_ += tables_->apply(table_, writes);
    writes.clear();
  }


  void delete_unwritten(const std::unordered_set<std::string>& written) {
    dynamo::ReadRequest r;
    r.table = table_;
    r.limit = kApplyChunk;
    std::vector<TableWrite> doomed;  // collected first: deleting while scanning would move the scan
    for (;;) {
      auto page = tables_->read(r);
      for (auto& item : page.items)
        if (!written.count(key_bytes(key_, item))) doomed.push_back(TableWrite{true, dynamo::key_of(key_, item)});
      if (!page.last_key) break;
      r.exclusive_start = std::move(page.last_key);
    }
    flush(doomed);
  }

  static constexpr size_t kApplyChunk = 1000;  // writes handed to the store at a time
  std::unique_ptr<TableConnection> tables_;
  std::string table_;
  dynamo::TablePtr def_;  // the table's, or the one publish will create
  bool created_ = false;
  dynamo::KeySchema key_;
  SpillFile spill_;
};

}  // namespace

std::unique_ptr<Sink> make_table_sink(SinkCommon c, const SpecNode& spec, const Services& s,
                                      const SinkRun& run) {
  return std::make_unique<TableSink>(std::move(c), spec, s, run);
}

}  // namespace wharf::pipeline
