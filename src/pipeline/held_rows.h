// Rows a stateful step holds until the input ends, each with its schema, emitted in order as
// batches that share one schema each.
#pragma once

#include <vector>

#include "pipeline/batch.h"

namespace wharf::pipeline {

struct HeldRow {
  SchemaPtr schema;
  std::string origin;
  Row row;
};

inline void emit_held(std::vector<HeldRow>& held, std::vector<Batch>& out, size_t batch_rows = 1000) {
  for (auto& h : held) {
    if (out.empty() || out.back().schema != h.schema || out.back().origin != h.origin ||
        out.back().rows.size() >= batch_rows)
      out.push_back(Batch{h.schema, {}, h.origin, 0});
    out.back().rows.push_back(std::move(h.row));
  }
  held.clear();
}

}  // namespace wharf::pipeline
