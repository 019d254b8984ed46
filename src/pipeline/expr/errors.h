// The expression language's two errors, as the pipeline reports them:
//   ExpressionSyntaxError (400): the text does not parse (bad token, unknown function, wrong
//     argument count, malformed literal regex, date format or unit). Raised when the pipeline
//     loads, before any row is read.
//   ExpressionError (400): evaluating one row failed (a type error, division by zero, a bad date,
//     a regex that cannot run). The pipeline rejects that row with the message as the reason.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/value.h"

namespace wharf::pipeline::expr {

inline constexpr std::string_view kSyntaxErrorCode = "ExpressionSyntaxError";
inline constexpr std::string_view kEvalErrorCode = "ExpressionError";

// `message` at column N in "text": the column counts characters (UTF-8 code points) from 1; in
// a text of several lines it is "at line L, column N".
core::Error syntax_error(std::string_view text, size_t offset, std::string_view message);
core::Error eval_error(std::string message);

// Text in double quotes as messages show it, escaped and cut when long: "abc".
std::string quote_text(std::string_view text);
// A value as messages show it: "abc" (string), 1.5 (number), [1,2] (list); long values are cut.
std::string describe(const core::Value& v);
// null, bool, number, string, binary, list, map, string set, number set, binary set.
const char* type_name(const core::Value& v);

}  // namespace wharf::pipeline::expr
