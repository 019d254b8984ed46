// The table store a table source or sink works on: the embedded TableStore of the data dir
// (in-process), or any DynamoDB endpoint over its JSON API (another `wharf serve`, AWS). One
// interface, so the source and the sink are written once (DESIGN.md "Remote connectors
// implement the same interfaces").
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/value.h"
#include "dynamo/table_store.h"

namespace wharf::pipeline {

class SpecNode;
struct Services;

struct TablePage {
  std::vector<core::Map> items;
  std::optional<core::Map> last_key;  // set when there may be more
};

// A PutItem of `item`, or (remove) a DeleteItem of the key `item` holds.
struct TableWrite {
  bool remove = false;
  core::Map item;
};

class TableConnection {
 public:
  virtual ~TableConnection() = default;
  // "table orders", or "table orders at http://host:4566".
  virtual std::string describe(const std::string& table) const = 0;
  // The table's key schema and indexes; nullptr when there is no such table.
  virtual dynamo::TablePtr find(const std::string& table) = 0;
  // Creates the table (key schema and attribute types of `def`, on-demand billing) and waits
  // until it takes writes. A table created meanwhile by someone else is returned as it is.
  virtual dynamo::TablePtr create(const dynamo::TableDef& def) = 0;
  // One page of a scan (r.hash unset) or of one partition's query, up to r.limit items from
  // r.exclusive_start. Only table, index, hash, exclusive_start and limit are used.
  virtual TablePage read(const dynamo::ReadRequest& r) = 0;
  // Applies the writes, in order as far as any one key is concerned. Returns the number of
  // deletions (embedded: of items that existed; remote: sent, as BatchWriteItem does not say).
  virtual uint64_t apply(const std::string& table, std::vector<TableWrite>& writes) = 0;
};

// An item's key as comparable bytes (value_order.h): what tells two writes to one item apart.
std::string key_bytes(const dynamo::KeySchema& key, const core::Map& item);

// The embedded store, or the remote endpoint the spec (or `wharf run --endpoint`) names.
std::unique_ptr<TableConnection> open_table_connection(const SpecNode& spec, const Services& s);

std::unique_ptr<TableConnection> embedded_tables(dynamo::TableStore& store);        // table_connection.cc
std::unique_ptr<TableConnection> remote_tables(const std::string& endpoint,         // remote_tables.cc
                                               const SpecNode& spec);

}  // namespace wharf::pipeline
