#include "pipeline/expr/operators.h"

#include "pipeline/expr/errors.h"

namespace wharf::pipeline::expr {

using core::Decimal;
using core::Value;

namespace {

[[noreturn]] void cannot_compare(const Value& a, const Value& b, std::string_view op) {
  throw eval_error("cannot compare " + describe(a) + " with " + describe(b) + " using '" +
                   std::string(op) + "'");
}

}  // namespace

int compare(const Value& a, const Value& b, std::string_view op) {
  if (a.type() == b.type()) {
    if (a.is<Decimal>()) {
      auto c = a.as<Decimal>() <=> b.as<Decimal>();
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (a.is<std::string>()) {
      int c = a.as<std::string>().compare(b.as<std::string>());
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (a.is<bool>()) return static_cast<int>(a.as<bool>()) - static_cast<int>(b.as<bool>());
  }
  cannot_compare(a, b, op);
}

bool equal(const Value& a, const Value& b, std::string_view op) {
  if (a.type() != b.type()) cannot_compare(a, b, op);
  return a == b;
}

bool same(const Value& a, const Value& b) { return a == b; }

Value arithmetic(Op op, const Value& a, const Value& b) {
  if (!a.is<Decimal>() || !b.is<Decimal>()) {
    std::string x = describe(a), y = describe(b);
    switch (op) {
      case Op::kAdd:
        throw eval_error("cannot add " + x + " and " + y);
      case Op::kSub:
        throw eval_error("cannot subtract " + y + " from " + x);
      case Op::kMul:
        throw eval_error("cannot multiply " + x + " by " + y);
      case Op::kDiv:
        throw eval_error("cannot divide " + x + " by " + y);
      default:
        throw eval_error("cannot compute the remainder of " + x + " divided by " + y);
    }
  }
  const Decimal& x = a.as<Decimal>();
  const Decimal& y = b.as<Decimal>();
  switch (op) {
    case Op::kAdd:
      return x + y;
    case Op::kSub:
      return x - y;
    case Op::kMul:
      return x * y;
    case Op::kDiv:
    case Op::kMod:
      if (y.is_zero())
        throw eval_error("division by zero: " + x.to_string() + " " + op_text(op) + " 0");
      return op == Op::kDiv ? x.divide(y) : x.remainder(y);
    default:
      break;
  }
  throw eval_error(std::string("unknown arithmetic operator ") + op_text(op));
}

Value negate(const Value& v) {
  if (!v.is<Decimal>()) throw eval_error("cannot negate " + describe(v));
  return -v.as<Decimal>();
}

bool append_text(std::string& out, const Value& v) {
  switch (v.type()) {
    case Value::Type::kString:
      out += v.as<std::string>();
      return true;
    case Value::Type::kNumber:
      out += v.as<Decimal>().to_string();
      return true;
    case Value::Type::kBool:
      out += v.as<bool>() ? "true" : "false";
      return true;
    default:
      return false;
  }
}

Value concat(const Value& a, const Value& b) {
  if (a.is<core::List>() && b.is<core::List>()) {
    core::List out = a.as<core::List>();
    const core::List& tail = b.as<core::List>();
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
  }
  std::string out;
  if (!append_text(out, a) || !append_text(out, b))
    throw eval_error("cannot concatenate " + describe(a) + " and " + describe(b) + " using '||'");
  return out;
}

}  // namespace wharf::pipeline::expr
