#include "dynamo/expression_eval.h"

#include <algorithm>
#include <optional>

#include "dynamo/attribute_value.h"
#include "dynamo/errors.h"

namespace wharf::dynamo {

using core::Value;
using namespace expr;

namespace {

template <typename T>
bool same_members(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (const auto& x : a)
    if (std::find(b.begin(), b.end(), x) == b.end()) return false;
  return true;
}

// Operand values: paths point into the item, computed values live in `owned`.
struct Resolved {
  const Value* v = nullptr;
  std::optional<Value> owned;
  explicit operator bool() const { return v != nullptr; }
  const Value& operator*() const { return *v; }
  const Value* operator->() const { return v; }
};

Resolved holding(Value v) {
  Resolved r;
  r.owned = std::move(v);
  r.v = &*r.owned;
  return r;
}

core::Error bad_operand_type() {
  return validation("An operand in the update expression has an incorrect data type");
}

Resolved operand_value(const Operand& o, const core::Map& item) {
  switch (o.kind) {
    case OperandKind::kPath:
      return Resolved{resolve(item, o.path), std::nullopt};
    case OperandKind::kValue:
      return Resolved{&o.value, std::nullopt};
    case OperandKind::kSize: {
      const Value* v = resolve(item, o.args[0].path);
      if (!v) return {};
      size_t n;
      switch (v->type()) {
        case Value::Type::kString:
          n = v->as<std::string>().size();
          break;
        case Value::Type::kBinary:
          n = v->as<core::Binary>().bytes.size();
          break;
        case Value::Type::kList:
          n = v->as<core::List>().size();
          break;
        case Value::Type::kMap:
          n = v->as<core::Map>().size();
          break;
        case Value::Type::kStringSet:
          n = v->as<core::StringSet>().items.size();
          break;
        case Value::Type::kNumberSet:
          n = v->as<core::NumberSet>().items.size();
          break;
        case Value::Type::kBinarySet:
          n = v->as<core::BinarySet>().items.size();
          break;
        default:
          return {};
      }
      return holding(Value(static_cast<long long>(n)));
    }
    case OperandKind::kIfNotExists: {
      Resolved r = operand_value(o.args[0], item);
      return r ? std::move(r) : operand_value(o.args[1], item);
    }
    case OperandKind::kListAppend: {
      Resolved a = operand_value(o.args[0], item), b = operand_value(o.args[1], item);
      if (!a || !b)
        throw validation(
            "The provided expression refers to an attribute that does not exist in the item");
      if (!a->is<core::List>() || !b->is<core::List>()) throw bad_operand_type();
      core::List out = a->as<core::List>();
      const auto& tail = b->as<core::List>();
      out.insert(out.end(), tail.begin(), tail.end());
      return holding(Value(std::move(out)));
    }
    case OperandKind::kPlus:
    case OperandKind::kMinus: {
      Resolved a = operand_value(o.args[0], item), b = operand_value(o.args[1], item);
      if (!a || !b)
        throw validation(
            "The provided expression refers to an attribute that does not exist in the item");
      if (!a->is<core::Decimal>() || !b->is<core::Decimal>()) throw bad_operand_type();
      core::Decimal r = o.kind == OperandKind::kPlus
                            ? a->as<core::Decimal>() + b->as<core::Decimal>()
                            : a->as<core::Decimal>() - b->as<core::Decimal>();
      check_number(r);
      return holding(Value(std::move(r)));
    }
  }
  return {};
}

// <0, 0, >0 for two values of one orderable type; nullopt when they cannot be ordered.
std::optional<int> order(const Value& a, const Value& b) {
  if (a.type() != b.type()) return std::nullopt;
  if (a.is<core::Decimal>()) {
    auto c = a.as<core::Decimal>() <=> b.as<core::Decimal>();
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if (a.is<std::string>()) return a.as<std::string>().compare(b.as<std::string>());
  if (a.is<core::Binary>()) return a.as<core::Binary>().bytes.compare(b.as<core::Binary>().bytes);
  return std::nullopt;
}

bool compare(CompareOp op, const Resolved& a, const Resolved& b) {
  if (op == CompareOp::kNe) return !a || !b || !values_equal(*a, *b);
  if (!a || !b) return false;
  if (op == CompareOp::kEq) return values_equal(*a, *b);
  auto c = order(*a, *b);
  if (!c) return false;
  switch (op) {
    case CompareOp::kLt:
      return *c < 0;
    case CompareOp::kLe:
      return *c <= 0;
    case CompareOp::kGt:
      return *c > 0;
    case CompareOp::kGe:
      return *c >= 0;
    default:
      return false;
  }
}

bool contains(const Value& haystack, const Value& needle) {
  switch (haystack.type()) {
    case Value::Type::kString:
      return needle.is<std::string>() &&
             haystack.as<std::string>().find(needle.as<std::string>()) != std::string::npos;
    case Value::Type::kBinary:
      return needle.is<core::Binary>() && haystack.as<core::Binary>().bytes.find(
                                              needle.as<core::Binary>().bytes) != std::string::npos;
    case Value::Type::kStringSet: {
      const auto& s = haystack.as<core::StringSet>().items;
      return needle.is<std::string>() &&
             std::find(s.begin(), s.end(), needle.as<std::string>()) != s.end();
    }
    case Value::Type::kNumberSet: {
      const auto& s = haystack.as<core::NumberSet>().items;
      return needle.is<core::Decimal>() &&
             std::find(s.begin(), s.end(), needle.as<core::Decimal>()) != s.end();
    }
    case Value::Type::kBinarySet: {
      const auto& s = haystack.as<core::BinarySet>().items;
      return needle.is<core::Binary>() &&
             std::find(s.begin(), s.end(), needle.as<core::Binary>()) != s.end();
    }
    case Value::Type::kList:
      for (const auto& e : haystack.as<core::List>())
        if (values_equal(e, needle)) return true;
      return false;
    default:
      return false;
  }
}

bool begins_with(const Value& v, const Value& prefix) {
  if (v.is<std::string>() && prefix.is<std::string>())
    return v.as<std::string>().starts_with(prefix.as<std::string>());
  if (v.is<core::Binary>() && prefix.is<core::Binary>())
    return v.as<core::Binary>().bytes.starts_with(prefix.as<core::Binary>().bytes);
  return false;
}

// -- update helpers ---------------------------------------------------------------------------

core::Error invalid_path() {
  return validation("The document path provided in the update expression is invalid for update");
}

// The container that holds the last step of `path`, or nullptr when a step is missing.
Value* parent_of(core::Map& item, const Path& path, bool must_exist) {
  if (path.steps.size() == 1) return nullptr;  // top level: the item itself
  auto it = item.find(path.top());
  if (it == item.end()) {
    if (must_exist) throw invalid_path();
    return nullptr;
  }
  Value* cur = &it->second;
  for (size_t i = 1; i + 1 < path.steps.size(); ++i) {
    const PathStep& s = path.steps[i];
    Value* nextv = nullptr;
    if (s.is_index()) {
      if (cur->is<core::List>() && static_cast<size_t>(s.index) < cur->as<core::List>().size())
        nextv = &cur->as<core::List>()[s.index];
    } else if (cur->is<core::Map>()) {
      auto f = cur->as<core::Map>().find(s.name);
      if (f != cur->as<core::Map>().end()) nextv = &f->second;
    }
    if (!nextv) {
      if (must_exist) throw invalid_path();
      return nullptr;
    }
    cur = nextv;
  }
  return cur;
}

void assign(core::Map& item, const Path& path, Value v) {
  if (path.steps.size() == 1) {
    item.insert_or_assign(path.top(), std::move(v));
    return;
  }
  Value* parent = parent_of(item, path, true);
  const PathStep& last = path.steps.back();
  if (last.is_index()) {
    if (!parent->is<core::List>()) throw invalid_path();
    auto& list = parent->as<core::List>();
    if (static_cast<size_t>(last.index) < list.size())
      list[last.index] = std::move(v);
    else
      list.push_back(std::move(v));  // past the end appends, as DynamoDB does
  } else {
    if (!parent->is<core::Map>()) throw invalid_path();
    parent->as<core::Map>().insert_or_assign(last.name, std::move(v));
  }
}

void remove(core::Map& item, const Path& path) {
  if (path.steps.size() == 1) {
    item.erase(path.top());
    return;
  }
  Value* parent = parent_of(item, path, false);
  if (!parent) return;
  const PathStep& last = path.steps.back();
  if (last.is_index()) {
    if (!parent->is<core::List>()) throw invalid_path();
    auto& list = parent->as<core::List>();
    if (static_cast<size_t>(last.index) < list.size()) list.erase(list.begin() + last.index);
  } else {
    if (!parent->is<core::Map>()) throw invalid_path();
    parent->as<core::Map>().erase(last.name);
  }
}

Value* find_mut(core::Map& item, const Path& path) {
  return const_cast<Value*>(resolve(item, path));
}

template <typename T>
void set_union(std::vector<T>& into, const std::vector<T>& add) {
  for (const auto& x : add)
    if (std::find(into.begin(), into.end(), x) == into.end()) into.push_back(x);
}

template <typename T>
void set_difference(std::vector<T>& from, const std::vector<T>& del) {
  std::erase_if(from,
                [&](const T& x) { return std::find(del.begin(), del.end(), x) != del.end(); });
}

void add_to(core::Map& item, const Path& path, const Value& v) {
  Value* cur = find_mut(item, path);
  if (!cur) {
    assign(item, path, v);
    return;
  }
  if (cur->is<core::Decimal>() && v.is<core::Decimal>()) {
    core::Decimal r = cur->as<core::Decimal>() + v.as<core::Decimal>();
    check_number(r);
    *cur = Value(std::move(r));
  } else if (cur->is<core::StringSet>() && v.is<core::StringSet>()) {
    set_union(cur->as<core::StringSet>().items, v.as<core::StringSet>().items);
  } else if (cur->is<core::NumberSet>() && v.is<core::NumberSet>()) {
    set_union(cur->as<core::NumberSet>().items, v.as<core::NumberSet>().items);
  } else if (cur->is<core::BinarySet>() && v.is<core::BinarySet>()) {
    set_union(cur->as<core::BinarySet>().items, v.as<core::BinarySet>().items);
  } else {
    throw bad_operand_type();
  }
}

void delete_from(core::Map& item, const Path& path, const Value& v) {
  Value* cur = find_mut(item, path);
  if (!cur) return;
  bool empty;
  if (cur->is<core::StringSet>() && v.is<core::StringSet>()) {
    set_difference(cur->as<core::StringSet>().items, v.as<core::StringSet>().items);
    empty = cur->as<core::StringSet>().items.empty();
  } else if (cur->is<core::NumberSet>() && v.is<core::NumberSet>()) {
    set_difference(cur->as<core::NumberSet>().items, v.as<core::NumberSet>().items);
    empty = cur->as<core::NumberSet>().items.empty();
  } else if (cur->is<core::BinarySet>() && v.is<core::BinarySet>()) {
    set_difference(cur->as<core::BinarySet>().items, v.as<core::BinarySet>().items);
    empty = cur->as<core::BinarySet>().items.empty();
  } else {
    throw bad_operand_type();
  }
  if (empty) remove(item, path);  // DynamoDB has no empty sets
}

// -- projection ---------------------------------------------------------------------------------

struct ProjectionNode {
  bool whole = false;
  std::map<std::string, ProjectionNode> fields;
  std::map<long, ProjectionNode> elements;
};

std::optional<Value> materialize(const Value& v, const ProjectionNode& n) {
  if (n.whole) return v;
  if (v.is<core::Map>() && !n.fields.empty()) {
    core::Map out;
    const auto& m = v.as<core::Map>();
    for (const auto& [k, child] : n.fields) {
      auto it = m.find(k);
      if (it == m.end()) continue;
      if (auto sub = materialize(it->second, child)) out.emplace(k, std::move(*sub));
    }
    if (out.empty()) return std::nullopt;
    return Value(std::move(out));
  }
  if (v.is<core::List>() && !n.elements.empty()) {
    core::List out;
    const auto& l = v.as<core::List>();
    for (const auto& [i, child] : n.elements) {
      if (static_cast<size_t>(i) >= l.size()) continue;
      if (auto sub = materialize(l[i], child)) out.push_back(std::move(*sub));
    }
    if (out.empty()) return std::nullopt;
    return Value(std::move(out));
  }
  return std::nullopt;
}

}  // namespace

bool values_equal(const Value& a, const Value& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Value::Type::kStringSet:
      return same_members(a.as<core::StringSet>().items, b.as<core::StringSet>().items);
    case Value::Type::kNumberSet:
      return same_members(a.as<core::NumberSet>().items, b.as<core::NumberSet>().items);
    case Value::Type::kBinarySet:
      return same_members(a.as<core::BinarySet>().items, b.as<core::BinarySet>().items);
    case Value::Type::kList: {
      const auto &x = a.as<core::List>(), &y = b.as<core::List>();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i)
        if (!values_equal(x[i], y[i])) return false;
      return true;
    }
    case Value::Type::kMap: {
      const auto &x = a.as<core::Map>(), &y = b.as<core::Map>();
      if (x.size() != y.size()) return false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j)
        if (i->first != j->first || !values_equal(i->second, j->second)) return false;
      return true;
    }
    default:
      return a == b;
  }
}

const Value* resolve(const core::Map& item, const Path& path) {
  auto it = item.find(path.top());
  if (it == item.end()) return nullptr;
  const Value* cur = &it->second;
  for (size_t i = 1; i < path.steps.size(); ++i) {
    const PathStep& s = path.steps[i];
    if (s.is_index()) {
      if (!cur->is<core::List>()) return nullptr;
      const auto& l = cur->as<core::List>();
      if (static_cast<size_t>(s.index) >= l.size()) return nullptr;
      cur = &l[s.index];
    } else {
      if (!cur->is<core::Map>()) return nullptr;
      const auto& m = cur->as<core::Map>();
      auto f = m.find(s.name);
      if (f == m.end()) return nullptr;
      cur = &f->second;
    }
  }
  return cur;
}

bool evaluate(const Condition& c, const core::Map& item) {
  switch (c.kind) {
    case ConditionKind::kTrue:
      return true;
    case ConditionKind::kAnd:
      return evaluate(c.children[0], item) && evaluate(c.children[1], item);
    case ConditionKind::kOr:
      return evaluate(c.children[0], item) || evaluate(c.children[1], item);
    case ConditionKind::kNot:
      return !evaluate(c.children[0], item);
    case ConditionKind::kCompare:
      return compare(c.op, operand_value(c.operands[0], item), operand_value(c.operands[1], item));
    case ConditionKind::kBetween: {
      Resolved v = operand_value(c.operands[0], item);
      Resolved lo = operand_value(c.operands[1], item), hi = operand_value(c.operands[2], item);
      return compare(CompareOp::kGe, v, lo) && compare(CompareOp::kLe, v, hi);
    }
    case ConditionKind::kIn: {
      Resolved v = operand_value(c.operands[0], item);
      if (!v) return false;
      for (size_t i = 1; i < c.operands.size(); ++i) {
        Resolved x = operand_value(c.operands[i], item);
        if (x && values_equal(*v, *x)) return true;
      }
      return false;
    }
    case ConditionKind::kAttributeExists:
      return resolve(item, c.operands[0].path) != nullptr;
    case ConditionKind::kAttributeNotExists:
      return resolve(item, c.operands[0].path) == nullptr;
    case ConditionKind::kAttributeType: {
      const Value* v = resolve(item, c.operands[0].path);
      Resolved t = operand_value(c.operands[1], item);
      return v && t && t->is<std::string>() && t->as<std::string>() == type_code(v->type());
    }
    case ConditionKind::kBeginsWith: {
      Resolved v = operand_value(c.operands[0], item), p = operand_value(c.operands[1], item);
      return v && p && begins_with(*v, *p);
    }
    case ConditionKind::kContains: {
      Resolved v = operand_value(c.operands[0], item), n = operand_value(c.operands[1], item);
      return v && n && contains(*v, *n);
    }
  }
  return false;
}

namespace {

// Document paths in order, list indexes numerically (an index sorts before a name).
bool path_less(const Path& x, const Path& y) {
  return std::lexicographical_compare(x.steps.begin(), x.steps.end(), y.steps.begin(),
                                      y.steps.end(), [](const PathStep& p, const PathStep& q) {
                                        if (p.is_index() != q.is_index()) return p.is_index();
                                        return p.is_index() ? p.index < q.index : p.name < q.name;
                                      });
}

}  // namespace

void apply_update(const Update& update, const core::Map& old, core::Map& item) {
  // Every operand reads the old item, so all actions see the item as it was. Actions apply in
  // path order, as DynamoDB applies them: SET c[4] and SET c[2] past the end of a two-element
  // list append the [2] value first. Paths never overlap (the parser refuses that).
  std::vector<const UpdateAction*> writes, removes;
  for (const auto& a : update.actions)
    (a.kind == UpdateKind::kRemove ? removes : writes).push_back(&a);
  std::stable_sort(writes.begin(), writes.end(), [](const UpdateAction* x, const UpdateAction* y) {
    return path_less(x->path, y->path);
  });
  for (const UpdateAction* a : writes) {
    switch (a->kind) {
      case UpdateKind::kSet: {
        Resolved v = operand_value(a->value, old);
        if (!v)
          throw validation(
              "The provided expression refers to an attribute that does not exist in the item");
        assign(item, a->path, v.owned ? std::move(*v.owned) : *v);
        break;
      }
      case UpdateKind::kAdd:
        add_to(item, a->path, a->value.value);
        break;
      case UpdateKind::kDelete:
        delete_from(item, a->path, a->value.value);
        break;
      case UpdateKind::kRemove:
        break;
    }
  }
  // Later list elements first, so that removing [1] and [3] removes the original [1] and [3].
  std::sort(removes.begin(), removes.end(), [](const UpdateAction* x, const UpdateAction* y) {
    return path_less(y->path, x->path);
  });
  for (const UpdateAction* a : removes) remove(item, a->path);
}

core::Map project(const core::Map& item, const std::vector<Path>& paths) {
  ProjectionNode root;
  for (const auto& p : paths) {
    ProjectionNode* n = &root;
    for (const auto& s : p.steps) {
      if (n->whole) break;
      n = s.is_index() ? &n->elements[s.index] : &n->fields[s.name];
    }
    n->whole = true;
    n->fields.clear();
    n->elements.clear();
  }
  core::Map out;
  for (const auto& [name, node] : root.fields) {
    auto it = item.find(name);
    if (it == item.end()) continue;
    if (auto v = materialize(it->second, node)) out.emplace(name, std::move(*v));
  }
  return out;
}

}  // namespace wharf::dynamo
