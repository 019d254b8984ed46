// The table source: the items of a table (a scan, page by page, in key order per partition), or
// of one partition when `partition:` gives its key value; of the embedded store, or with
// `endpoint:` (or `wharf run --endpoint`) of any DynamoDB endpoint.
//   source: {table: orders}
//   source: {table: orders, partition: {user_id: "u-1"}}
//   source: {table: orders, endpoint: "http://127.0.0.1:4566"}
#include "pipeline/source.h"
#include "pipeline/remote_endpoint.h"
#include "pipeline/table_connection.h"
#include "pipeline/yaml_value.h"

namespace wharf::pipeline {
namespace {

class TableSource : public Source {
 public:
  TableSource(std::unique_ptr<TableConnection> tables, dynamo::ReadRequest req)
      : tables_(std::move(tables)), req_(std::move(req)), origin_(tables_->describe(req_.table)) {}

  bool next(Batch& out, size_t max_rows, Rejects&) override {
    if (done_) return false;
    req_.limit = max_rows;
    auto page = tables_->read(req_);
    std::vector<MapRecord> records;
    records.reserve(page.items.size());
    for (auto& item : page.items) records.push_back(MapRecord{std::move(item), ++position_, {}});
    fill_batch(out, records);
    out.origin = origin_;
    if (page.last_key)
      req_.exclusive_start = std::move(page.last_key);
    else
      done_ = true;
    return !out.rows.empty() || !done_;
  }
  std::string describe() const override { return origin_; }

 private:
  std::unique_ptr<TableConnection> tables_;
  dynamo::ReadRequest req_;
  std::string origin_;
  uint64_t position_ = 0;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<Source> open_table_source(const SpecNode& spec, const Services& s) {
  std::vector<const char*> allowed{"table", "index", "partition"};
  allowed.insert(allowed.end(), std::begin(kRemoteAwsKeys), std::end(kRemoteAwsKeys));
  spec.allow_keys(allowed);
  auto tables = open_table_connection(spec, s);
  dynamo::ReadRequest r;
  r.table = spec.string("table");
  auto def = tables->find(r.table);
  if (!def) spec.at("table").fail("no such " + tables->describe(r.table));
  r.index = spec.string_or("index", "");
  if (!r.index.empty() && !def->index(r.index))
    spec.at("index").fail(tables->describe(r.table) + " has no index " + r.index);
  if (auto p = spec.get("partition")) {
    auto entries = p->entries();
    const auto& key = r.index.empty() ? def->key : def->index(r.index)->key;
    if (entries.size() != 1 || entries[0].first != key.hash.name)
      p->fail("partition: gives the partition key, {" + key.hash.name + ": value}");
    r.hash = yaml_to_value(entries[0].second);
  }
  return std::make_unique<TableSource>(std::move(tables), std::move(r));
}

}  // namespace wharf::pipeline
