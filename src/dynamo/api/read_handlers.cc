// Query and Scan: key conditions (expression or legacy KeyConditions), filters, Select,
// projections, paging.
#include <boost/json/serialize.hpp>
#include <functional>
#include <set>

#include "dynamo/api/dynamo_context.h"
#include "dynamo/api/item_common.h"
#include "dynamo/api/legacy.h"
#include "dynamo/api/request.h"
#include "dynamo/api/wire_writer.h"
#include "dynamo/attribute_value.h"
#include "dynamo/errors.h"
#include "dynamo/expression_eval.h"
#include "dynamo/item_codec.h"

namespace wharf::dynamo {

namespace {

using namespace expr;

void collect_conjuncts(const Condition& c, std::vector<const Condition*>& out) {
  if (c.kind == ConditionKind::kAnd) {
    collect_conjuncts(c.children[0], out);
    collect_conjuncts(c.children[1], out);
  } else {
    out.push_back(&c);
  }
}

const char* operator_name(const Condition& c) {
  switch (c.kind) {
    case ConditionKind::kOr:
      return "OR";
    case ConditionKind::kNot:
      return "NOT";
    case ConditionKind::kIn:
      return "IN";
    case ConditionKind::kAttributeExists:
      return "attribute_exists";
    case ConditionKind::kAttributeNotExists:
      return "attribute_not_exists";
    case ConditionKind::kAttributeType:
      return "attribute_type";
    case ConditionKind::kContains:
      return "contains";
    case ConditionKind::kCompare:
      return op_text(c.op);
    default:
      return "?";
  }
}

struct KeyCondition {
  std::string attr;
  SortKeyCondition cond;
};

CompareOp flipped(CompareOp op) {
  switch (op) {
    case CompareOp::kLt:
      return CompareOp::kGt;
    case CompareOp::kLe:
      return CompareOp::kGe;
    case CompareOp::kGt:
      return CompareOp::kLt;
    case CompareOp::kGe:
      return CompareOp::kLe;
    default:
      return op;
  }
}

// One conjunct of a KeyConditionExpression as attribute + sort-key style condition, with
// DynamoDB's messages for the shapes it refuses.
KeyCondition key_condition(const Condition& c) {
  auto fail = [&] {
    throw validation(std::string("Invalid operator used in KeyConditionExpression: ") +
                     operator_name(c));
  };
  auto invalid = [](const char* why) {
    throw validation(std::string("Invalid condition in KeyConditionExpression: ") + why);
  };
  auto nested = [](const Operand& o) {
    if (o.kind != OperandKind::kPath && o.kind != OperandKind::kValue)
      throw validation("KeyConditionExpressions cannot contain nested operations");
  };
  auto attr_of = [](const Operand& o) {
    if (o.path.steps.size() != 1)
      throw validation("KeyConditionExpressions cannot contain nested attributes");
    return o.path.top();
  };
  using Op = SortKeyCondition::Op;
  KeyCondition k;
  switch (c.kind) {
    case ConditionKind::kCompare: {
      if (c.op == CompareOp::kNe) fail();
      for (const auto& o : c.operands) nested(o);
      const Operand *p = &c.operands[0], *v = &c.operands[1];
      CompareOp op = c.op;
      if (p->kind != OperandKind::kPath) {
        std::swap(p, v);
        op = flipped(op);
      }
      if (p->kind != OperandKind::kPath) invalid("No key attribute specified");
      if (v->kind != OperandKind::kValue) invalid("Multiple attribute names used in one condition");
      k.attr = attr_of(*p);
      static const Op ops[] = {Op::kEq, Op::kNone, Op::kLt, Op::kLe, Op::kGt, Op::kGe};
      k.cond.op = ops[static_cast<int>(op)];
      k.cond.a = v->value;
      return k;
    }
    case ConditionKind::kBetween:
      if (c.operands[0].kind != OperandKind::kPath)
        invalid("BETWEEN operator must have the key attribute as its first operand");
      for (const auto& o : c.operands) nested(o);
      if (c.operands[1].kind != OperandKind::kValue || c.operands[2].kind != OperandKind::kValue)
        invalid("Multiple attribute names used in one condition");
      k.attr = attr_of(c.operands[0]);
      k.cond = {Op::kBetween, c.operands[1].value, c.operands[2].value};
      return k;
    case ConditionKind::kBeginsWith:
      for (const auto& o : c.operands) nested(o);
      if (c.operands[0].kind != OperandKind::kPath) invalid("No key attribute specified");
      if (c.operands[1].kind != OperandKind::kValue)
        invalid("Multiple attribute names used in one condition");
      k.attr = attr_of(c.operands[0]);
      k.cond = {Op::kBeginsWith, c.operands[1].value, {}};
      return k;
    default:
      fail();
  }
  return k;
}

// One condition per attribute, and one or two conditions in all (checked before the table is
// known).
void check_condition_count(const std::vector<KeyCondition>& conds) {
  for (size_t i = 0; i < conds.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (conds[i].attr == conds[j].attr)
        throw validation("KeyConditionExpressions must only contain one condition per key");
  if (conds.empty() || conds.size() > 2)
    throw validation("Conditions can be of length 1 or 2 only");
}

// Splits the key conditions into the partition-key value and the sort-key condition, checking
// them against the key schema of what is queried, in DynamoDB's order: an attribute that is
// not a key, a value of the wrong type, an operator the key does not support, a missing
// partition key.
void apply_key_conditions(const std::vector<KeyCondition>& conds, const KeySchema& key,
                          ReadRequest& r, bool unindexable) {
  if (std::none_of(conds.begin(), conds.end(),
                   [&](const KeyCondition& k) { return k.attr == key.hash.name; }))
    throw validation("Query condition missed key schema element: " + key.hash.name);
  for (const auto& k : conds)
    if (k.attr != key.hash.name && !(key.range && k.attr == key.range->name)) {
      if (key.range)
        throw validation("Query condition missed key schema element: " + key.range->name);
      throw validation("Query key condition not supported");
    }
  if (unindexable)
    throw validation("Attempted conditional constraint is not an indexable operation");
  for (const auto& k : conds) {
    char want = k.attr == key.hash.name ? key.hash.type : key.range->type;
    bool bad = scalar_type(k.cond.a) != want ||
               (k.cond.op == SortKeyCondition::Op::kBetween && scalar_type(k.cond.b) != want);
    if (bad)
      throw validation(
          "One or more parameter values were invalid: Condition parameter type "
          "does not match schema type");
  }
  bool have_hash = false;
  for (const auto& k : conds) {
    if (k.attr == key.hash.name) {
      if (k.cond.op != SortKeyCondition::Op::kEq)
        throw validation("Query key condition not supported");
      have_hash = true;
      r.hash = k.cond.a;
    } else {
      r.range = k.cond;
    }
  }
  if (!have_hash) throw validation("Query condition missed key schema element: " + key.hash.name);
}

void visit_paths(const Condition& c, const std::function<void(const Path&)>& f) {
  std::function<void(const Operand&)> operand = [&](const Operand& o) {
    if (o.kind == OperandKind::kPath) f(o.path);
    for (const auto& a : o.args) operand(a);
  };
  for (const auto& o : c.operands) operand(o);
  for (const auto& ch : c.children) visit_paths(ch, f);
}

std::vector<Path> paths_of(const Condition& c) {
  std::vector<Path> out;
  visit_paths(c, [&](const Path& p) { out.push_back(p); });
  return out;
}

// DynamoDB filters after the key conditions and refuses filters on the queried key.
void reject_key_attributes_in_filter(const Condition& filter, const KeySchema& key, bool legacy) {
  visit_paths(filter, [&](const Path& p) {
    if (p.top() == key.hash.name || (key.range && p.top() == key.range->name))
      throw validation(
          std::string(legacy ? "QueryFilter" : "Filter Expression") +
          " can only contain non-primary key attributes: Primary key attribute: " + p.top());
  });
}

// Select, projection and index rules shared by Query and Scan; returns the projection to
// apply, if any.
std::optional<Projection> read_projection(const json::object& in, RequestExpressions& ex,
                                          bool& count_only) {
  auto projection = ex.projection();
  if (!projection) projection = legacy_attributes_to_get(in);
  auto select = opt_string(in, "Select");
  count_only = select && *select == "COUNT";
  if (select) {  // its value was checked by checked_read
    if (*select != "SPECIFIC_ATTRIBUTES" && projection)
      throw validation("Cannot specify the AttributesToGet when choosing to get " + *select);
    if (*select == "SPECIFIC_ATTRIBUTES" && !projection)
      throw validation(
          "One or more parameter values were invalid: Select type "
          "SPECIFIC_ATTRIBUTES requires either AttributesToGet or "
          "ProjectionExpression");
  }
  return projection;
}

// The checks that need the table: the index exists, and Select and ConsistentRead suit it.
void check_index(const json::object& in, const TableDef& t, const std::string& index) {
  auto select = opt_string(in, "Select");
  if (index.empty()) {
    if (select && *select == "ALL_PROJECTED_ATTRIBUTES")
      throw validation(
          "One or more parameter values were invalid: Select type "
          "ALL_PROJECTED_ATTRIBUTES is not supported on a table");
    return;
  }
  const IndexDef* i = t.index(index);
  if (!i) throw validation("The table does not have the specified index: " + index);
  if (i->global && opt_bool(in, "ConsistentRead"))
    throw validation("Consistent reads are not supported on global secondary indexes");
  if (select && *select == "ALL_ATTRIBUTES" && i->global &&
      i->projection.type != ProjectionType::kAll)
    throw validation(
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES "
        "is not supported for global secondary index " +
        index + " because its projection type is not ALL");
}

// ExclusiveStartKey names exactly the key attributes of what is read (the table's key, and
// the index's when reading an index), with their declared types.
void check_start_key(const ReadRequest& r, const TableDef& t, bool query) {
  if (!r.exclusive_start) return;
  std::set<std::string> want = {t.key.hash.name};
  if (t.key.range) want.insert(t.key.range->name);
  if (!r.index.empty()) {
    const IndexDef* i = t.index(r.index);
    want.insert(i->key.hash.name);
    if (i->key.range) want.insert(i->key.range->name);
  }
  const core::Map& esk = *r.exclusive_start;
  if (std::any_of(esk.begin(), esk.end(), [&](const auto& e) { return !want.count(e.first); }))
    throw validation("The provided starting key is invalid");
  bool table_key_missing =
      !esk.count(t.key.hash.name) || (t.key.range && !esk.count(t.key.range->name));
  if (table_key_missing && !query)
    throw validation(
        "The provided starting key is invalid: The provided key element does not match the "
        "schema");
  if (esk.size() != want.size()) throw validation("The provided starting key is invalid");
  for (const auto& [name, v] : esk) {
    auto ty = t.attribute_types.find(name);
    if (ty != t.attribute_types.end() && scalar_type(v) != ty->second)
      throw validation(std::string(query ? "" : "The provided starting key is invalid: ") +
                       "The provided key element does not match the schema");
  }
}

// A Query's starting key must lie inside what the key conditions select.
void check_start_key_in_range(const ReadRequest& r, const KeySchema& key) {
  if (!r.exclusive_start) return;
  const core::Map& esk = *r.exclusive_start;
  // DynamoDB's checks and messages, in its order.
  bool hash_matches = values_equal(esk.at(key.hash.name), *r.hash);
  if (!key.range || r.range.op == SortKeyCondition::Op::kNone ||
      r.range.op == SortKeyCondition::Op::kEq) {
    if (!hash_matches)
      throw validation(
          "The provided starting key is outside query boundaries based on provided conditions");
    return;
  }
  // The range condition as an expression over the starting key.
  expr::Condition c;
  expr::Operand path, a, b;
  path.kind = OperandKind::kPath;
  path.path.steps.push_back({key.range->name, -1});
  a.value = r.range.a;
  b.value = r.range.b;
  using Op = SortKeyCondition::Op;
  switch (r.range.op) {
    case Op::kBetween:
      c.kind = ConditionKind::kBetween;
      c.operands = {path, a, b};
      break;
    case Op::kBeginsWith:
      c.kind = ConditionKind::kBeginsWith;
      c.operands = {path, a};
      break;
    default: {
      static const std::map<Op, CompareOp> ops = {{Op::kLt, CompareOp::kLt},
                                                  {Op::kLe, CompareOp::kLe},
                                                  {Op::kGt, CompareOp::kGt},
                                                  {Op::kGe, CompareOp::kGe}};
      c.kind = ConditionKind::kCompare;
      c.op = ops.at(r.range.op);
      c.operands = {path, a};
    }
  }
  if (!evaluate(c, esk))
    throw validation("The provided starting key does not match the range key predicate");
  if (!hash_matches)
    throw validation("The query can return at most one row and cannot be restarted");
}

// Member constraints DynamoDB checks before anything else, reported together; returns the
// table name.
std::string checked_read(const json::object& in, bool scan) {
  Constraints cs;
  std::string table = cs.table_name(in);
  cs.return_options(in);
  cs.one_of(in, "Select",
            {"SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"});
  cs.one_of(in, "ConditionalOperator", {"OR", "AND"});
  if (member(in, "IndexName")) cs.table_name(in, "IndexName");
  if (auto limit = opt_int(in, "Limit"); limit && *limit < 1)
    cs.add("Limit", "'" + std::to_string(*limit) + "'",
           "Member must have value greater than or equal to 1");
  // (Scan's model has no length constraint on AttributesToGet; Query's has.)
  if (const json::array* a = opt_array(in, "AttributesToGet"); !scan && a && a->empty())
    cs.add("AttributesToGet", "'[]'", "Member must have length greater than or equal to 1");
  // Legacy conditions: each needs a ComparisonOperator (filters also a known one).
  for (const char* field : {"QueryFilter", "ScanFilter", "KeyConditions"}) {
    const json::object* conds = opt_object(in, field);
    if (!conds) continue;
    for (const auto& [name, spec] : *conds) {
      if (!spec.is_object()) continue;
      std::string at = std::string(field) + "." + std::string(name) + ".member.comparisonOperator";
      if (!member(spec.get_object(), "ComparisonOperator"))
        cs.add(at, "null", "Member must not be null");
      else if (std::string_view(field) != "KeyConditions")
        cs.one_of(spec.get_object(), "ComparisonOperator",
                  {"IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE",
                   "LE", "BEGINS_WITH", "GE", "CONTAINS"},
                  at);
    }
  }
  if (scan) {
    if (auto total = opt_int(in, "TotalSegments"); total && (*total < 1 || *total > 1000000))
      cs.add("TotalSegments", "'" + std::to_string(*total) + "'",
             *total < 1 ? "Member must have value greater than or equal to 1"
                        : "Member must have value less than or equal to 1000000");
    if (auto segment = opt_int(in, "Segment"); segment && *segment < 0)
      cs.add("Segment", "'" + std::to_string(*segment) + "'",
             "Member must have value greater than or equal to 0");
  }
  cs.check();
  return table;
}

// The paging parameters, checked before the table is looked up (DynamoDB's order).
ReadRequest common_request(DynamoContext& ctx, const std::string& table) {
  ReadRequest r;
  r.table = table;
  r.index = opt_string(ctx.in, "IndexName").value_or("");
  if (auto limit = opt_int(ctx.in, "Limit")) r.limit = static_cast<size_t>(*limit);  // >= 1
  if (const json::value* esk = member(ctx.in, "ExclusiveStartKey")) {
    try {
      r.exclusive_start = item_from_wire(*esk);
    } catch (const core::Error& e) {
      if (e.code() != "ValidationException") throw;
      throw validation("The provided starting key is invalid: " + e.message());
    }
  }
  return r;
}

// A local secondary index answers for attributes it does not project by reading them from the
// table (DynamoDB charges the extra read; a global index cannot and returns what it has).
void fetch_unprojected(DynamoContext& ctx, const TableDef& t, const std::string& index,
                       const std::optional<Projection>& projection, ReadResult& res) {
  if (index.empty()) return;
  const IndexDef* i = t.index(index);
  if (i->global || i->projection.type == ProjectionType::kAll) return;
  auto select = opt_string(ctx.in, "Select");
  if (!projection && !(select && *select == "ALL_ATTRIBUTES")) return;
  for (auto& item : res.items)
    if (auto full = ctx.store.get_encoded(t.name, key_of(t.key, decode_item(item))))
      item = std::move(*full);
}

// Writes the answer's text directly: Items straight from the stored encoding unless a
// projection applies.
json::object read_answer(DynamoContext& ctx, const ReadResult& res,
                         const std::optional<Projection>& projection, bool count_only) {
  std::string out = "{";
  if (!count_only) {
    out += "\"Items\":";
    append_items(out, res.items, projection);
    out += ",";
  }
  json::object tail{{"Count", res.count}, {"ScannedCount", res.scanned}};
  if (res.last_key) tail["LastEvaluatedKey"] = item_to_wire(*res.last_key);
  add_consumed_capacity(ctx, tail, required_string(ctx.in, "TableName"),
                        std::max(0.5, static_cast<double>(res.scanned) / 8));
  out += json::serialize(tail).substr(1);
  ctx.raw_reply = std::move(out);
  return {};
}

}  // namespace

json::object query(DynamoContext& ctx) {
  // DynamoDB's order: member constraints, parameter combinations, every expression parsed, the
  // starting key, what the key conditions mean; the table only after all of that.
  std::string table = checked_read(ctx.in, false);
  RequestExpressions ex(ctx.in, {"FilterExpression", "KeyConditionExpression"});
  auto kce = ex.condition("KeyConditionExpression");
  auto filter = ex.condition("FilterExpression");
  if (!filter) filter = legacy_condition(ctx.in, "QueryFilter");
  bool count_only = false;
  auto projection = read_projection(ctx.in, ex, count_only);
  ex.finish();
  ReadRequest r = common_request(ctx, table);
  std::vector<KeyCondition> conds;
  std::vector<std::string> unindexable;  // legacy KeyConditions a key cannot serve
  if (kce) {
    std::vector<const Condition*> parts;
    collect_conjuncts(*kce, parts);
    for (const Condition* c : parts) conds.push_back(key_condition(*c));
  } else if (auto kc = legacy_key_conditions(ctx.in)) {
    for (auto& k : *kc) {
      conds.push_back({k.attr, k.cond});
      if (!k.indexable) unindexable.push_back(k.attr);
    }
  } else {
    throw validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be "
        "specified in the request.");
  }
  check_condition_count(conds);
  // Everything above holds whatever the table; what follows needs its key schema.
  TablePtr t = ctx.store.get(table);
  check_index(ctx.in, *t, r.index);
  check_start_key(r, *t, true);
  const KeySchema& key = r.index.empty() ? t->key : t->index(r.index)->key;
  apply_key_conditions(conds, key, r, !unindexable.empty());
  check_start_key_in_range(r, key);
  if (filter) {
    reject_key_attributes_in_filter(*filter, key, member(ctx.in, "FilterExpression") == nullptr);
    reject_nested_key_paths(paths_of(*filter), *t);
  }
  r.filter = filter ? &*filter : nullptr;
  r.forward = opt_bool(ctx.in, "ScanIndexForward", true);
  r.keep_items = !count_only;
  ReadResult res = ctx.store.query(r);
  fetch_unprojected(ctx, *t, r.index, projection, res);
  return read_answer(ctx, res, projection, count_only);
}

json::object scan(DynamoContext& ctx) {
  std::string table = checked_read(ctx.in, true);
  RequestExpressions::check_combinations(ctx.in, {"FilterExpression"});
  auto legacy_filter = legacy_condition(ctx.in, "ScanFilter");
  // Ranges of Segment and TotalSegments were checked by checked_read; here, their pairing.
  auto segment = opt_int(ctx.in, "Segment");
  auto total = opt_int(ctx.in, "TotalSegments");
  if (segment && !total)
    throw validation(
        "The TotalSegments parameter is required but was not present in the "
        "request when Segment parameter is present");
  if (total && !segment)
    throw validation(
        "The Segment parameter is required but was not present in the request "
        "when parameter TotalSegments is present");
  if (total && *segment >= *total)
    throw validation(
        "The Segment parameter is zero-based and must be less than parameter "
        "TotalSegments: Segment: " +
        std::to_string(*segment) + " is not less than TotalSegments: " + std::to_string(*total));
  RequestExpressions ex(ctx.in, {"FilterExpression"});
  auto filter = ex.condition("FilterExpression");
  if (!filter) filter = std::move(legacy_filter);
  bool count_only = false;
  auto projection = read_projection(ctx.in, ex, count_only);
  ex.finish();
  ReadRequest r = common_request(ctx, table);
  if (total) {
    r.segment = static_cast<int>(*segment);
    r.total_segments = static_cast<int>(*total);
  }
  TablePtr t = ctx.store.get(table);
  check_index(ctx.in, *t, r.index);
  check_start_key(r, *t, false);
  if (filter) reject_nested_key_paths(paths_of(*filter), *t);
  r.filter = filter ? &*filter : nullptr;
  r.keep_items = !count_only;
  ReadResult res = ctx.store.scan(r);
  fetch_unprojected(ctx, *t, r.index, projection, res);
  return read_answer(ctx, res, projection, count_only);
}

}  // namespace wharf::dynamo
