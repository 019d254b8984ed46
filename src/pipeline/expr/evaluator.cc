#include "pipeline/expr/evaluator.h"

#include <array>
#include <stdexcept>
#include <vector>

#include "pipeline/expr/errors.h"
#include "pipeline/expr/functions.h"
#include "pipeline/expr/like_pattern.h"
#include "pipeline/expr/operators.h"

namespace wharf::pipeline::expr {

using core::Decimal;
using core::Value;

namespace {

const Value kNull;
const Value kTrue(true);
const Value kFalse(false);

// A value either borrowed (from the row, the tree or a constant) or owned (computed). Borrowing
// is what keeps field reads and comparisons free of copies.
class Operand {
 public:
  Operand() : ref_(&kNull) {}
  static Operand ref(const Value& v) {
    Operand o;
    o.ref_ = &v;
    return o;
  }
  static Operand own(Value v) {
    Operand o;
    o.ref_ = nullptr;
    o.own_ = std::move(v);
    return o;
  }
  static Operand boolean(bool b) { return ref(b ? kTrue : kFalse); }

  const Value& operator*() const { return ref_ ? *ref_ : own_; }
  const Value* operator->() const { return &**this; }
  bool owned() const { return ref_ == nullptr; }
  Value take() && { return ref_ ? *ref_ : std::move(own_); }

 private:
  const Value* ref_;  // never points at own_, so moving an Operand is safe
  Value own_;
};

Operand eval(const Node& n, const Frame& f);

[[noreturn]] void not_boolean(std::string_view what, const Value& v) {
  throw eval_error(std::string(what) + " expects a boolean, got " + describe(v));
}

const Value* step_into(const Value& v, const PathStep& s) {
  if (s.is_index) {
    if (!v.is<core::List>()) return &kNull;
    const auto& l = v.as<core::List>();
    return s.index >= 0 && static_cast<size_t>(s.index) < l.size()
               ? &l[static_cast<size_t>(s.index)]
               : &kNull;
  }
  if (!v.is<core::Map>()) return &kNull;
  const auto& m = v.as<core::Map>();
  auto it = m.find(s.key);
  return it == m.end() ? &kNull : &it->second;
}

Operand field(const Node& n, const Frame& f) {
  int slot = f.slots[static_cast<size_t>(n.field)];
  const Value* v = slot >= 0 && static_cast<size_t>(slot) < f.row.size()
                       ? &f.row[static_cast<size_t>(slot)]
                       : &kNull;
  for (const PathStep& s : n.path) {
    if (v->is_null()) break;
    v = step_into(*v, s);
  }
  return Operand::ref(*v);
}

// base[index] and base.name where base is computed.
Operand index(const Node& n, const Frame& f) {
  Operand base = eval(n.children[0], f);
  Operand key = eval(n.children[1], f);
  if (base->is_null() || key->is_null()) return {};
  PathStep step;
  if (base->is<core::List>()) {
    std::optional<long long> i;
    if (key->is<Decimal>()) i = key->as<Decimal>().to_int64();
    if (!i) throw eval_error("a list index must be an integer, got " + describe(*key));
    step.index = *i;
    step.is_index = true;
  } else if (base->is<core::Map>()) {
    if (!key->is<std::string>())
      throw eval_error("a map key must be a string, got " + describe(*key));
    step.key = key->as<std::string>();
  } else {
    return {};
  }
  const Value* v = step_into(*base, step);
  if (!base.owned()) return Operand::ref(*v);
  return Operand::own(Value(*v));
}

// Three-valued logic: kUnknown is SQL's null.
enum class Truth { kFalse, kTrue, kUnknown };

Truth truth(const Value& v, std::string_view what) {
  if (v.is_null()) return Truth::kUnknown;
  if (!v.is<bool>()) not_boolean(what, v);
  return v.as<bool>() ? Truth::kTrue : Truth::kFalse;
}

Operand of(Truth t) {
  return t == Truth::kUnknown ? Operand() : Operand::boolean(t == Truth::kTrue);
}

Truth negated(Truth t) {
  return t == Truth::kUnknown ? t : t == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
}

// and / or over any number of operands, stopping at the first that decides.
Operand logic(const Node& n, const Frame& f, bool is_and) {
  const Truth decisive = is_and ? Truth::kFalse : Truth::kTrue;
  bool unknown = false;
  for (const Node& c : n.children) {
    Operand v = eval(c, f);
    Truth t = truth(*v, is_and ? "'and'" : "'or'");
    if (t == decisive) return of(decisive);
    unknown |= t == Truth::kUnknown;
  }
  return unknown ? Operand() : of(negated(decisive));
}

bool holds(Op op, int c) {
  switch (op) {
    case Op::kLt:
      return c < 0;
    case Op::kLe:
      return c <= 0;
    case Op::kGt:
      return c > 0;
    case Op::kGe:
      return c >= 0;
    default:
      return false;
  }
}

Operand comparison(const Node& n, const Frame& f) {
  Operand a = eval(n.children[0], f);
  Operand b = eval(n.children[1], f);
  if (a->is_null() || b->is_null()) return {};
  switch (n.op) {
    case Op::kEq:
      return Operand::boolean(equal(*a, *b, "="));
    case Op::kNe:
      return Operand::boolean(!equal(*a, *b, "!="));
    default:
      return Operand::boolean(holds(n.op, compare(*a, *b, op_text(n.op))));
  }
}

Operand in(const Node& n, const Frame& f) {
  Operand x = eval(n.children[0], f);
  if (x->is_null()) return {};
  bool unknown = false;
  const char* op = n.negated ? "not in" : "in";
  for (size_t i = 1; i < n.children.size(); ++i) {
    Operand c = eval(n.children[i], f);
    if (c->is_null()) {
      unknown = true;
    } else if (equal(*x, *c, op)) {
      return Operand::boolean(!n.negated);
    }
  }
  return unknown ? Operand() : Operand::boolean(n.negated);
}

Operand between(const Node& n, const Frame& f) {
  Operand x = eval(n.children[0], f);
  Operand low = eval(n.children[1], f);
  Operand high = eval(n.children[2], f);
  if (x->is_null()) return {};
  const char* op = n.negated ? "not between" : "between";
  auto check = [&](const Value& bound, bool lower) {
    if (bound.is_null()) return Truth::kUnknown;
    int c = compare(*x, bound, op);
    return (lower ? c >= 0 : c <= 0) ? Truth::kTrue : Truth::kFalse;
  };
  Truth ge = check(*low, true), le = check(*high, false);
  Truth t = ge == Truth::kFalse || le == Truth::kFalse       ? Truth::kFalse
            : ge == Truth::kUnknown || le == Truth::kUnknown ? Truth::kUnknown
                                                             : Truth::kTrue;
  return of(n.negated ? negated(t) : t);
}

Operand like(const Node& n, const Frame& f) {
  Operand x = eval(n.children[0], f);
  Operand pattern = eval(n.children[1], f);
  if (x->is_null() || pattern->is_null()) return {};
  const char* op = n.negated ? "'not like'" : "'like'";
  if (!x->is<std::string>() || !pattern->is<std::string>())
    throw eval_error(std::string(op) + " expects strings, got " + describe(*x) + " and " +
                     describe(*pattern));
  bool m;
  if (n.like) {
    m = n.like->matches(x->as<std::string>());
  } else {
    try {
      m = LikePattern(pattern->as<std::string>()).matches(x->as<std::string>());
    } catch (const std::invalid_argument& e) {
      throw eval_error(std::string(op) + ": invalid pattern " + describe(*pattern) + ": " +
                       e.what());
    }
  }
  return Operand::boolean(m != n.negated);
}

Operand is(const Node& n, const Frame& f) {
  Operand x = eval(n.children[0], f);
  bool r;
  if (n.op == Op::kIsNull) {
    r = x->is_null();
  } else {
    if (!x->is_null() && !x->is<bool>())
      not_boolean(n.op == Op::kIsTrue ? "'is true'" : "'is false'", *x);
    r = x->is<bool>() && x->as<bool>() == (n.op == Op::kIsTrue);
  }
  return Operand::boolean(r != n.negated);
}

Operand case_(const Node& n, const Frame& f) {
  size_t i = 0;
  Operand subject;
  if (n.has_operand) subject = eval(n.children[i++], f);
  size_t pairs_end = n.children.size() - (n.has_else ? 1 : 0);
  for (; i < pairs_end; i += 2) {
    Operand w = eval(n.children[i], f);
    bool hit;
    if (n.has_operand) {
      hit = !subject->is_null() && !w->is_null() && equal(*subject, *w, "case");
    } else {
      hit = truth(*w, "'case when'") == Truth::kTrue;
    }
    if (hit) return eval(n.children[i + 1], f);
  }
  return n.has_else ? eval(n.children.back(), f) : Operand();
}

constexpr size_t kInlineArgs = 6;

Operand call(const Node& n, const Frame& f) {
  const Function& fn = *n.function;
  switch (fn.special) {
    case Special::kIf: {
      Operand c = eval(n.children[0], f);
      if (!c->is_null() && !c->is<bool>())
        throw eval_error("if: argument 1 must be a boolean, got " + describe(*c));
      return eval(n.children[c->is<bool>() && c->as<bool>() ? 1 : 2], f);
    }
    case Special::kCoalesce:
      for (const Node& c : n.children) {
        Operand v = eval(c, f);
        if (!v->is_null()) return v;
      }
      return {};
    case Special::kNone:
      break;
  }
  // Arguments live on the stack for the usual small calls.
  const size_t count = n.children.size();
  std::array<Operand, kInlineArgs> inline_values;
  std::array<const Value*, kInlineArgs> inline_args;
  std::vector<Operand> heap_values;
  std::vector<const Value*> heap_args;
  Operand* values = inline_values.data();
  const Value** args = inline_args.data();
  if (count > kInlineArgs) {
    heap_values.resize(count);
    heap_args.resize(count);
    values = heap_values.data();
    args = heap_args.data();
  }
  bool any_null = false;
  for (size_t i = 0; i < count; ++i) {
    values[i] = eval(n.children[i], f);
    args[i] = &*values[i];
    any_null |= args[i]->is_null();
  }
  if (any_null && fn.nulls == Nulls::kPropagate) return {};
  return Operand::own(fn.impl(Args(args, count), Call{n, f.context}));
}

Operand eval(const Node& n, const Frame& f) {
  switch (n.kind) {
    case NodeKind::kLiteral:
      return Operand::ref(n.value);
    case NodeKind::kField:
      return field(n, f);
    case NodeKind::kIndex:
      return index(n, f);
    case NodeKind::kList: {
      core::List out;
      out.reserve(n.children.size());
      for (const Node& c : n.children) out.push_back(eval(c, f).take());
      return Operand::own(std::move(out));
    }
    case NodeKind::kNegate: {
      Operand v = eval(n.children[0], f);
      return v->is_null() ? Operand() : Operand::own(negate(*v));
    }
    case NodeKind::kNot: {
      Operand v = eval(n.children[0], f);
      return of(negated(truth(*v, "'not'")));
    }
    case NodeKind::kArithmetic: {
      Operand a = eval(n.children[0], f);
      Operand b = eval(n.children[1], f);
      if (a->is_null() || b->is_null()) return {};
      return Operand::own(arithmetic(n.op, *a, *b));
    }
    case NodeKind::kConcat: {
      Operand a = eval(n.children[0], f);
      Operand b = eval(n.children[1], f);
      if (a->is_null() || b->is_null()) return {};
      return Operand::own(concat(*a, *b));
    }
    case NodeKind::kCompare:
      return comparison(n, f);
    case NodeKind::kAnd:
      return logic(n, f, true);
    case NodeKind::kOr:
      return logic(n, f, false);
    case NodeKind::kIn:
      return in(n, f);
    case NodeKind::kBetween:
      return between(n, f);
    case NodeKind::kLike:
      return like(n, f);
    case NodeKind::kIs:
      return is(n, f);
    case NodeKind::kCase:
      return case_(n, f);
    case NodeKind::kCall:
      return call(n, f);
  }
  return {};
}

}  // namespace

Value evaluate(const Node& node, const Frame& frame) { return eval(node, frame).take(); }

bool evaluate_condition(const Node& node, const Frame& frame) {
  Operand v = eval(node, frame);
  if (v->is_null()) return false;
  if (!v->is<bool>()) throw eval_error("a condition must be a boolean, got " + describe(*v));
  return v->as<bool>();
}

}  // namespace wharf::pipeline::expr
