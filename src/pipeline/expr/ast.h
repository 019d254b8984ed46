// The tree the parser produces (parser.h) and the evaluator walks (evaluator.h). Everything that
// can be decided once is decided here: field names are numbers (indexes into the expression's
// field list, bound to row slots later), functions are pointers into the function table, and
// literal LIKE patterns and regexes are compiled. The tree is immutable once parsed and shared
// by every copy of the expression and every thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/value.h"

namespace wharf::pipeline::expr {

struct Function;
class LikePattern;
class Regex;

enum class NodeKind : uint8_t {
  kLiteral,     // value
  kField,       // field (index into the field list), then path
  kIndex,       // children: base, index (a computed index, or .name after a non-field)
  kList,        // children: the elements ([a, b] with a non-literal element)
  kNegate,      // children: operand
  kNot,         // children: operand
  kArithmetic,  // op: kAdd..kMod; children: left, right
  kConcat,      // ||; children: left, right
  kCompare,     // op: kEq..kGe; children: left, right
  kAnd,         // children: the operands (a and b and c is one node)
  kOr,          // children: the operands
  kIn,          // negated; children: operand, then the candidates
  kBetween,     // negated; children: operand, low, high
  kLike,        // negated; children: operand, pattern; `like` when the pattern is a literal
  kIs,          // op: kIsNull, kIsTrue or kIsFalse; negated; children: operand
  kCase,        // has_operand, has_else; children: [operand] (when, then)... [else]
  kCall,        // function; children: the arguments
};

enum class Op : uint8_t {
  kNone,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIsNull,
  kIsTrue,
  kIsFalse,
};
// "+", "=", "is null"... as written in the language.
const char* op_text(Op op);

// One step below a top-level field: a map key (.name, ['name']) or a list index ([0]).
struct PathStep {
  std::string key;
  int64_t index = 0;
  bool is_index = false;
};

struct Node {
  NodeKind kind = NodeKind::kLiteral;
  Op op = Op::kNone;
  bool negated = false;
  bool has_operand = false;
  bool has_else = false;
  int field = -1;
  int depth = 1;      // levels of nodes down to the deepest leaf, this one included
  size_t offset = 0;  // where the node's operator, name or literal starts in the text
  core::Value value;
  std::vector<PathStep> path;
  const Function* function = nullptr;
  std::vector<Node> children;
  std::shared_ptr<const LikePattern> like;
  std::shared_ptr<const Regex> regex;  // kCall of a regex function with a literal pattern
};

// The tree as an S-expression, for tests and debugging: (+ a (* b 2)), (in x 1 2),
// (case (when c 'y') (else 'n')), customer.address.city, tags[0], `unit price`.
std::string render(const Node& node, const std::vector<std::string>& fields);

}  // namespace wharf::pipeline::expr
