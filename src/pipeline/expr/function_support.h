// What the function families (functions.cc, string_functions.cc, date_functions.cc) share:
// their tables, and argument checks whose messages name the function, the argument and the
// offending value ("upper: argument 1 must be a string, got 12 (number)").
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/value.h"
#include "pipeline/expr/functions.h"

namespace wharf::pipeline::expr {

std::span<const Function> general_functions();  // conversions, numbers, lists, conditionals
std::span<const Function> string_functions();
std::span<const Function> date_functions();

std::string_view name_of(const Call& call);
// Throws ExpressionError "<function>: <message>".
[[noreturn]] void fail(const Call& call, const std::string& message);
[[noreturn]] void wrong_type(const Call& call, size_t i, std::string_view expected,
                             const core::Value& got);

const std::string& string_arg(Args args, size_t i, const Call& call);
const core::Decimal& number_arg(Args args, size_t i, const Call& call);
// A number without a fractional part, within 64 bits.
int64_t integer_arg(Args args, size_t i, const Call& call);
const core::List& list_arg(Args args, size_t i, const Call& call);
const core::Map& map_arg(Args args, size_t i, const Call& call);

// Without leading and trailing ASCII whitespace (space, \t, \n, \r, \f, \v).
std::string_view trim_whitespace(std::string_view s);

// At parse time: argument i of a call when it is a literal string, else nullptr.
const std::string* literal_string(const Node& call, size_t i);

}  // namespace wharf::pipeline::expr
