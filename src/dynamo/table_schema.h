// A table's definition as DynamoDB describes it (key schema, attribute types, secondary
// indexes, billing, stream and TTL settings, tags) and its persisted form. Immutable once
// published: UpdateTable builds a new TableDef and swaps it in.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"

namespace wharf::dynamo {

struct KeyAttribute {
  std::string name;
  char type = 'S';  // 'S', 'N' or 'B'
};

struct KeySchema {
  KeyAttribute hash;
  std::optional<KeyAttribute> range;
};

enum class ProjectionType { kAll, kKeysOnly, kInclude };

struct IndexProjection {
  ProjectionType type = ProjectionType::kAll;
  std::vector<std::string> non_key_attributes;  // kInclude
};

struct Throughput {
  int64_t read = 0, write = 0;
};

struct IndexDef {
  std::string name;
  uint32_t id = 0;  // storage prefix; never reused within a table
  bool global = true;
  KeySchema key;
  IndexProjection projection;
  Throughput throughput;
};

struct StreamSpec {
  bool enabled = false;
  std::string view_type;        // KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES
  std::string label;            // the stream's creation time, ISO 8601: part of its ARN
  uint64_t start_sequence = 0;  // first change-log sequence number the stream shows
  uint64_t end_sequence = 0;    // once disabled: the first number it no longer shows
};

struct TableDef {
  std::string name;
  uint64_t id = 0;  // storage prefix; a re-created table of the same name gets a new one
  KeySchema key;
  std::map<std::string, char> attribute_types;  // AttributeDefinitions
  std::vector<IndexDef> indexes;
  std::string billing_mode = "PROVISIONED";
  Throughput throughput;
  StreamSpec stream;
  std::optional<std::string> ttl_attribute;
  std::vector<std::pair<std::string, std::string>> tags;
  int64_t created_millis = 0;
  uint32_t next_index_id = 1;
  bool deletion_protection = false;

  const IndexDef* index(std::string_view name) const;
  // The key attributes of the table and of every index (their values must be scalars of the
  // declared type in every item).
  bool is_table_key(std::string_view attr) const;
};

std::string encode_table(const TableDef& t);
TableDef decode_table(std::string_view bytes);

// The item's key: the table's key attributes taken from `item`.
core::Map key_of(const KeySchema& k, const core::Map& item);

}  // namespace wharf::dynamo
