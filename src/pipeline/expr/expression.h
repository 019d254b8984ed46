// A compiled pipeline expression: computed fields, filters, routing conditions and checks.
// The language is documented in parser.h (grammar) and functions.h (functions); in short, SQL
// expressions over fields and nested paths, with SQL null semantics, exact decimal numbers and
// ISO 8601 date strings.
//
//   auto e = Expression::parse("status = 'paid' and total * 1.2 > 100");   // once per pipeline
//   Expression bound = e;                                                   // once per schema
//   bound.bind([&](std::string_view name) { return schema.find(name); });
//   for (auto& row : rows) if (bound.test(row.values, ctx)) ...             // per row
//
// A caller may rely on:
// - Parsing does all checking that does not need data: syntax, function names and argument
//   counts, literal regexes, like patterns, date formats and units. It throws core::Error with
//   code "ExpressionSyntaxError" (400): "unexpected token ')' at column 5 in "a + )"".
// - Evaluating throws core::Error with code "ExpressionError" (400) when the row is at fault
//   (a type error, division by zero, a bad date): the message names the operator or function and
//   the offending value, e.g. `cannot add "abc" (string) and 1 (number)`. It is the reason to give
//   the rejected row. Nothing else is thrown for bad data.
// - A field the schema lacks (resolve returns -1), a slot past the end of the row and
//   core::Value() all read as null; so does a path into a missing key, a list index out of
//   range, or a path step into a value of the wrong kind (customer.city when customer is a string).
// - Copies share the compiled tree (cheap to copy); each copy has its own binding. eval() and
//   test() are const and may run on one Expression from many threads at once.
// - Evaluation looks up no names and allocates nothing but the values it computes: reading
//   fields and literals borrows them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"
#include "pipeline/expr/eval_context.h"

namespace wharf::pipeline {

class Expression {
 public:
  // The empty expression: no fields, evaluates to null, test() is false, text() is "".
  Expression();
  // Throws ExpressionSyntaxError.
  static Expression parse(std::string_view text);

  // The top-level field names the expression reads, in order of first use, each once
  // (`customer.address.city` reads "customer"; `` `unit price` `` reads "unit price").
  const std::vector<std::string>& fields() const;
  // Binds every name of fields() to a row slot; resolve returns -1 for an absent field. Must be
  // called before eval() or test() when fields() is not empty; may be called again to rebind.
  void bind(const std::function<int(std::string_view)>& resolve);

  core::Value eval(std::span<const core::Value> row, const EvalContext& ctx) const;
  // For filters and checks: true only when the result is true; null is false. A result that is
  // neither a bool nor null throws ExpressionError ("a condition must be a boolean, got ...").
  bool test(std::span<const core::Value> row, const EvalContext& ctx) const;

  // Evaluation against a record keyed by field name, without binding: for tests, tools and
  // one-off evaluations. Pipelines bind and use rows.
  core::Value eval(const core::Map& record, const EvalContext& ctx) const;
  bool test(const core::Map& record, const EvalContext& ctx) const;

  const std::string& text() const;

 private:
  struct Compiled;
  explicit Expression(std::shared_ptr<const Compiled> compiled);
  void check_bound() const;

  std::shared_ptr<const Compiled> compiled_;
  std::vector<int> slots_;  // field number -> row slot
  bool bound_ = false;
};

}  // namespace wharf::pipeline
