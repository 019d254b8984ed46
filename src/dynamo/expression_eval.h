// Evaluation of parsed expressions (expression_ast.h) against items: conditions and filters,
// update actions, projections. Runtime errors (an arithmetic operand that is not a number, a
// path whose parent does not exist) throw ValidationException with DynamoDB's wording.
#pragma once

#include <vector>

#include "core/value.h"
#include "dynamo/expression_ast.h"

namespace wharf::dynamo {

// The value at `path` in `item`, or nullptr when any step is missing or of the wrong type.
const core::Value* resolve(const core::Map& item, const expr::Path& path);

// A missing attribute makes comparisons and functions false (except <> and
// attribute_not_exists), as in DynamoDB.
bool evaluate(const expr::Condition& c, const core::Map& item);

// Applies `update` to `item`, which starts as a copy of `old`; operands read `old`, so every
// action sees the item as it was before the update.
void apply_update(const expr::Update& update, const core::Map& old, core::Map& item);

// The parts of `item` the paths name, with the document structure kept (list elements picked
// by index come out in index order).
core::Map project(const core::Map& item, const std::vector<expr::Path>& paths);

// DynamoDB's equality: sets compare as sets, numbers by value.
bool values_equal(const core::Value& a, const core::Value& b);

}  // namespace wharf::dynamo
