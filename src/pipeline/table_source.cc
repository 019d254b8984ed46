// The table source: the items of an embedded table (a scan, page by page, in key order per
// partition), or of one partition when `partition:` gives its key value.
//   source: {table: orders}
//   source: {table: orders, partition: {user_id: "u-1"}}
#include "dynamo/item_codec.h"
#include "dynamo/table_store.h"
#include "pipeline/source.h"
#include "pipeline/yaml_value.h"

namespace wharf::pipeline {
namespace {

class TableSource : public Source {
 public:
  TableSource(dynamo::TableStore& tables, dynamo::ReadRequest req) : tables_(tables), req_(std::move(req)) {}

  bool next(Batch& out, size_t max_rows, Rejects&) override {
    if (done_) return false;
    req_.limit = max_rows;
    auto page = req_.hash ? tables_.query(req_) : tables_.scan(req_);
    std::vector<MapRecord> records;
    records.reserve(page.items.size());
    for (auto& encoded : page.items) records.push_back(MapRecord{dynamo::decode_item(encoded), ++position_, {}});
    fill_batch(out, records);
    out.origin = "table " + req_.table;
    if (page.last_key)
      req_.exclusive_start = page.last_key;
    else
      done_ = true;
    return !out.rows.empty() || !done_;
  }
  std::string describe() const override { return "table " + req_.table; }

 private:
  dynamo::TableStore& tables_;
  dynamo::ReadRequest req_;
  uint64_t position_ = 0;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<Source> open_table_source(const SpecNode& spec, const Services& s) {
  spec.allow_keys({"table", "index", "partition"});
  if (!s.tables) spec.fail("table sources need the embedded table store (run with --data)");
  dynamo::ReadRequest r;
  r.table = spec.string("table");
  auto def = s.tables->find(r.table);
  if (!def) spec.at("table").fail("no such table: " + r.table);
  r.index = spec.string_or("index", "");
  if (!r.index.empty() && !def->index(r.index))
    spec.at("index").fail("table " + r.table + " has no index " + r.index);
  if (auto p = spec.get("partition")) {
    auto entries = p->entries();
    const auto& key = r.index.empty() ? def->key : def->index(r.index)->key;
    if (entries.size() != 1 || entries[0].first != key.hash.name)
      p->fail("partition: gives the partition key, {" + key.hash.name + ": value}");
    r.hash = yaml_to_value(entries[0].second);
  }
  return std::make_unique<TableSource>(*s.tables, std::move(r));
}

}  // namespace wharf::pipeline
