// The trees the DynamoDB expression parser produces (expression_parser.h) and the evaluator
// walks (expression_eval.h). Placeholders are already resolved: a #name is its attribute name, a
// :value its Value, so evaluation never looks at the request again.
#pragma once

#include <string>
#include <vector>

#include "core/value.h"

namespace wharf::dynamo::expr {

// One step of a document path: a map key (`name`) or a list index (`index` >= 0).
struct PathStep {
  std::string name;
  long index = -1;
  bool is_index() const { return index >= 0; }
  bool operator==(const PathStep&) const = default;
};

struct Path {
  std::vector<PathStep> steps;  // steps[0] is always a name: the top-level attribute
  const std::string& top() const { return steps.front().name; }
  // As DynamoDB writes paths in messages: [a, b, [2]].
  std::string render() const;
  bool operator==(const Path&) const = default;
};

enum class OperandKind { kPath, kValue, kSize, kIfNotExists, kListAppend, kPlus, kMinus };

struct Operand {
  OperandKind kind = OperandKind::kValue;
  Path path;                  // kPath
  core::Value value;          // kValue
  std::string placeholder;    // kValue: ":v", for messages
  std::vector<Operand> args;  // functions and arithmetic
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };
const char* op_text(CompareOp op);

enum class ConditionKind {
  kCompare,
  kBetween,
  kIn,
  kAnd,
  kOr,
  kNot,
  kAttributeExists,
  kAttributeNotExists,
  kAttributeType,
  kBeginsWith,
  kContains,
  kTrue,  // the empty condition (no expression given)
};

struct Condition {
  ConditionKind kind = ConditionKind::kTrue;
  CompareOp op = CompareOp::kEq;  // kCompare
  std::vector<Operand> operands;  // comparison/function operands; BETWEEN: a, low, high
  std::vector<Condition> children;
};

enum class UpdateKind { kSet, kRemove, kAdd, kDelete };

struct UpdateAction {
  UpdateKind kind;
  Path path;
  Operand value;  // not used by REMOVE
};

struct Update {
  std::vector<UpdateAction> actions;
};

struct Projection {
  std::vector<Path> paths;
};

}  // namespace wharf::dynamo::expr
