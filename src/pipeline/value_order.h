// One order over values for everything in pipelines that compares rows: dedupe's latest_by,
// min/max aggregates, incremental cursors. Null sorts first, numbers numerically, strings by
// bytes (ISO dates and timestamps therefore chronologically), then by type.
#pragma once

#include <string>
#include <vector>

#include "core/value.h"

namespace wharf::pipeline {

int compare_values(const core::Value& a, const core::Value& b);
// A byte string equal for equal values and distinct otherwise (hash-map keys of dedupe, joins
// and group-by); "1.0" and "1" are one number, so one key.
std::string key_bytes(const core::Value& v);
void append_key_bytes(std::string& out, const core::Value& v);

}  // namespace wharf::pipeline
