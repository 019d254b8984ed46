// The semantics of the operators on non-null values; the evaluator handles nulls before calling
// these (SQL: an operator with a null operand is null). Every failure is an ExpressionError that
// names the operator and the offending values: cannot add "abc" (string) and 1 (number).
#pragma once

#include <string>
#include <string_view>

#include "core/value.h"
#include "pipeline/expr/ast.h"

namespace wharf::pipeline::expr {

// Numbers compare numerically, strings by bytes (so ISO dates compare chronologically), bools
// false < true. Anything else, or two different types, throws naming `op` ("<", "between", ...).
int compare(const core::Value& a, const core::Value& b, std::string_view op);
// Equality within one type (lists and maps compare deeply); two different types throw, as
// comparing a number with a string is a mistake, not a false.
bool equal(const core::Value& a, const core::Value& b, std::string_view op);
// Equality that is false across types (contains(), nullif()).
bool same(const core::Value& a, const core::Value& b);

// + - * / % on numbers. Division keeps 38 significant digits (rounded half-even); dividing by
// zero throws "division by zero: 1 / 0".
core::Value arithmetic(Op op, const core::Value& a, const core::Value& b);
core::Value negate(const core::Value& v);
// ||: text of strings, numbers and bools joined ('id-' || 7 is "id-7"); two lists are appended.
core::Value concat(const core::Value& a, const core::Value& b);

// The text of a string, number or bool appended to `out`; false (nothing appended) otherwise.
bool append_text(std::string& out, const core::Value& v);

}  // namespace wharf::pipeline::expr
