#include "pipeline/table_connection.h"

#include "dynamo/item_codec.h"
#include "pipeline/remote_endpoint.h"
#include "pipeline/services.h"
#include "pipeline/spec_node.h"
#include "pipeline/value_order.h"

namespace wharf::pipeline {
namespace {

class EmbeddedTables : public TableConnection {
 public:
  explicit EmbeddedTables(dynamo::TableStore& store) : store_(store) {}

  std::string describe(const std::string& table) const override { return "table " + table; }
  dynamo::TablePtr find(const std::string& table) override { return store_.find(table); }

  dynamo::TablePtr create(const dynamo::TableDef& def) override {
    try {
      return store_.create_table(def);
    } catch (const core::Error& e) {
      if (e.code() != "ResourceInUseException") throw;
      return store_.get(def.name);
    }
  }

  TablePage read(const dynamo::ReadRequest& r) override {
    auto result = r.hash ? store_.query(r) : store_.scan(r);
    TablePage page;
    page.items.reserve(result.items.size());
    for (auto& encoded : result.items) page.items.push_back(dynamo::decode_item(encoded));
    page.last_key = std::move(result.last_key);
    return page;
  }

  uint64_t apply(const std::string& table, std::vector<TableWrite>& writes) override {
    uint64_t deleted = 0;
    for (auto& w : writes) {
      if (w.remove) {
        if (store_.delete_item(table, w.item, nullptr).old_item) ++deleted;
      } else {
        store_.put_item(table, std::move(w.item), nullptr);
      }
    }
    return deleted;
  }

 private:
  dynamo::TableStore& store_;
};

}  // namespace

std::string key_bytes(const dynamo::KeySchema& key, const core::Map& item) {
  std::string k;
  append_key_bytes(k, item.at(key.hash.name));
  if (key.range) append_key_bytes(k, item.at(key.range->name));
  return k;
}

std::unique_ptr<TableConnection> embedded_tables(dynamo::TableStore& store) {
  return std::make_unique<EmbeddedTables>(store);
}

std::unique_ptr<TableConnection> open_table_connection(const SpecNode& spec, const Services& s) {
  if (auto endpoint = remote_endpoint(spec, s, RemoteKind::kAws)) return remote_tables(*endpoint, spec);
  if (!s.tables) spec.fail("tables need the embedded table store (run with --data) or an endpoint:");
  return embedded_tables(*s.tables);
}

}  // namespace wharf::pipeline
