// Evaluation of a parsed tree (ast.h) against one row. SQL null semantics: an operator or
// function with a null operand gives null (except `is`, coalesce, if, concat, nullif, min, max,
// join, which say what they do with nulls); `and` / `or` are three-valued and short-circuit;
// `in` is null when nothing matches and a candidate was null. Failures throw ExpressionError.
//
// Values are borrowed wherever they can be: reading a field, a literal or a nested path copies
// nothing, so a filter such as `status = 'paid' and total > 100` allocates nothing per row.
// Evaluation only reads the tree and the row, so any number of threads may evaluate one tree.
#pragma once

#include <span>

#include "core/value.h"
#include "pipeline/expr/ast.h"
#include "pipeline/expr/eval_context.h"

namespace wharf::pipeline::expr {

struct Frame {
  std::span<const core::Value> row;
  std::span<const int> slots;  // field number -> row slot; -1 (or past the row) reads as null
  const EvalContext& context;
};

core::Value evaluate(const Node& node, const Frame& frame);
// The condition's truth for filters and checks: null is false; a non-boolean throws.
bool evaluate_condition(const Node& node, const Frame& frame);

}  // namespace wharf::pipeline::expr
