#include "pipeline/expr/ast.h"

#include "core/json_codec.h"
#include "pipeline/expr/functions.h"

namespace wharf::pipeline::expr {

const char* op_text(Op op) {
  switch (op) {
    case Op::kNone:
      return "";
    case Op::kAdd:
      return "+";
    case Op::kSub:
      return "-";
    case Op::kMul:
      return "*";
    case Op::kDiv:
      return "/";
    case Op::kMod:
      return "%";
    case Op::kEq:
      return "=";
    case Op::kNe:
      return "!=";
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kGe:
      return ">=";
    case Op::kIsNull:
      return "is null";
    case Op::kIsTrue:
      return "is true";
    case Op::kIsFalse:
      return "is false";
  }
  return "?";
}

namespace {

bool plain_name(const std::string& s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          static_cast<unsigned char>(c) >= 0x80))
      return false;
  return true;
}

std::string name_text(const std::string& s) {
  if (plain_name(s)) return s;
  std::string out = "`";
  for (char c : s) out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

std::string literal_text(const core::Value& v) {
  if (v.is<std::string>()) {
    std::string out = "'";
    for (char c : v.as<std::string>()) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
  }
  if (v.is<core::List>()) {
    std::string out = "[";
    for (const auto& e : v.as<core::List>()) out += (out.size() > 1 ? ", " : "") + literal_text(e);
    return out + "]";
  }
  if (v.is<core::Decimal>()) return v.as<core::Decimal>().to_string();
  return core::to_json(v);
}

}  // namespace

std::string render(const Node& n, const std::vector<std::string>& fields) {
  auto list = [&](std::string head, size_t from = 0) {
    std::string out = "(" + head;
    for (size_t i = from; i < n.children.size(); ++i) out += " " + render(n.children[i], fields);
    return out + ")";
  };
  switch (n.kind) {
    case NodeKind::kLiteral:
      return literal_text(n.value);
    case NodeKind::kField: {
      std::string out = name_text(fields[static_cast<size_t>(n.field)]);
      for (const PathStep& s : n.path)
        out += s.is_index ? "[" + std::to_string(s.index) + "]" : "." + name_text(s.key);
      return out;
    }
    case NodeKind::kIndex:
      return list("index");
    case NodeKind::kList:
      return list("list");
    case NodeKind::kNegate:
      return list("-");
    case NodeKind::kNot:
      return list("not");
    case NodeKind::kArithmetic:
    case NodeKind::kCompare:
      return list(op_text(n.op));
    case NodeKind::kConcat:
      return list("||");
    case NodeKind::kAnd:
      return list("and");
    case NodeKind::kOr:
      return list("or");
    case NodeKind::kIn:
      return list(n.negated ? "not-in" : "in");
    case NodeKind::kBetween:
      return list(n.negated ? "not-between" : "between");
    case NodeKind::kLike:
      return list(n.negated ? "not-like" : "like");
    case NodeKind::kIs: {
      std::string head = op_text(n.op);
      if (n.negated) head.insert(2, " not");
      for (char& c : head)
        if (c == ' ') c = '-';
      return list(head);
    }
    case NodeKind::kCase: {
      std::string out = "(case";
      size_t i = 0;
      if (n.has_operand) out += " " + render(n.children[i++], fields);
      size_t pairs_end = n.children.size() - (n.has_else ? 1 : 0);
      for (; i < pairs_end; i += 2)
        out += " (when " + render(n.children[i], fields) + " " + render(n.children[i + 1], fields) +
               ")";
      if (n.has_else) out += " (else " + render(n.children.back(), fields) + ")";
      return out + ")";
    }
    case NodeKind::kCall:
      return list(std::string(n.function->name));
  }
  return "?";
}

}  // namespace wharf::pipeline::expr
