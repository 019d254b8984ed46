// The function table: every function the language knows, with its argument count and its
// implementation. The parser looks functions up here (an unknown name or a wrong argument count
// is a syntax error) and runs their `prepare` step, which does once what need not be done per
// row (compiling a literal regex, checking a literal date format or unit). The evaluator calls
// `impl` with the evaluated arguments.
//
// Families, each with its own file: conversions, numbers, lists and conditionals (functions.cc),
// strings and regexes (string_functions.cc), dates (date_functions.cc).
#pragma once

#include <span>
#include <string_view>

#include "core/value.h"
#include "pipeline/expr/ast.h"
#include "pipeline/expr/eval_context.h"

namespace wharf::pipeline::expr {

using Args = std::span<const core::Value* const>;

// What an implementation knows about the call it serves.
struct Call {
  const Node& node;  // the call: precompiled state (node.regex) and argument literals
  const EvalContext& context;
};

enum class Nulls {
  kPropagate,  // a null argument makes the result null; impl never sees one
  kSeeNulls,   // impl handles nulls itself (concat skips them, nullif compares them)
};

// Functions the evaluator runs itself because they must not evaluate every argument.
enum class Special { kNone, kIf, kCoalesce };

inline constexpr int kVariadic = -1;

struct Function {
  std::string_view name;
  int min_args;
  int max_args;  // kVariadic: no limit
  core::Value (*impl)(Args args, const Call& call) = nullptr;
  Nulls nulls = Nulls::kPropagate;
  // Parse time, arguments parsed: throws std::invalid_argument with a message to report.
  void (*prepare)(Node& call) = nullptr;
  Special special = Special::kNone;
};

// Case-insensitive; nullptr for an unknown name.
const Function* find_function(std::string_view name);

}  // namespace wharf::pipeline::expr
