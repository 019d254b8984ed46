#include "pipeline/batch.h"

#include <map>
#include <mutex>

namespace wharf::pipeline {

Schema::Schema(std::vector<std::string> names) {
  for (auto& n : names) add(n);
}

int Schema::find(std::string_view name) const {
  auto it = index_.find(std::string(name));
  return it == index_.end() ? -1 : it->second;
}

int Schema::add(const std::string& name) {
  auto [it, inserted] = index_.emplace(name, static_cast<int>(names_.size()));
  if (inserted) names_.push_back(name);
  return it->second;
}

SchemaPtr intern_schema(std::vector<std::string> names) {
  static std::mutex mu;
  static std::map<std::vector<std::string>, SchemaPtr> interned;
  std::lock_guard lock(mu);
  auto it = interned.find(names);
  if (it != interned.end()) return it->second;
  auto schema = std::make_shared<const Schema>(names);
  interned.emplace(std::move(names), schema);
  return schema;
}

const core::Value& Row::at(int s) const {
  static const core::Value kNull;
  if (s < 0 || static_cast<size_t>(s) >= values.size()) return kNull;
  return values[s];
}

core::Value& Row::slot(int s) {
  if (static_cast<size_t>(s) >= values.size()) values.resize(s + 1);
  return values[s];
}

void fill_batch(Batch& out, std::vector<MapRecord>& records) {
  std::vector<std::string> names;
  std::unordered_map<std::string, int> seen;
  for (auto& r : records)
    for (auto& [k, v] : r.fields)
      if (seen.emplace(k, static_cast<int>(names.size())).second) names.push_back(k);
  out.schema = intern_schema(names);
  out.rows.clear();
  out.rows.reserve(records.size());
  for (auto& r : records) {
    Row row;
    row.values.resize(names.size());
    for (auto& [k, v] : r.fields) row.values[seen[k]] = std::move(v);
    row.position = r.position;
    row.raw = std::move(r.raw);
    out.rows.push_back(std::move(row));
  }
}

core::Map row_to_map(const Schema& schema, const Row& row) {
  core::Map m;
  for (size_t i = 0; i < schema.size() && i < row.values.size(); ++i)
    if (!row.values[i].is_null()) m.emplace(schema.names()[i], row.values[i]);
  return m;
}

}  // namespace wharf::pipeline
