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

KeyCondition key_condition(const Condition& c) {
  auto fail = [&] {
    throw validation(std::string("Invalid operator used in KeyConditionExpression: ") +
                     operator_name(c));
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
      const Operand *p = &c.operands[0], *v = &c.operands[1];
      CompareOp op = c.op;
      if (p->kind != OperandKind::kPath) {
        std::swap(p, v);
        op = flipped(op);
      }
      if (p->kind != OperandKind::kPath || v->kind != OperandKind::kValue)
        throw validation(
            "Invalid condition in KeyConditionExpression: Multiple attribute names "
            "used in one condition");
      k.attr = attr_of(*p);
      static const Op ops[] = {Op::kEq, Op::kNone, Op::kLt, Op::kLe, Op::kGt, Op::kGe};
      k.cond.op = ops[static_cast<int>(op)];
      k.cond.a = v->value;
      return k;
    }
    case ConditionKind::kBetween:
      if (c.operands[0].kind != OperandKind::kPath || c.operands[1].kind != OperandKind::kValue ||
          c.operands[2].kind != OperandKind::kValue)
        fail();
      k.attr = attr_of(c.operands[0]);
      k.cond = {Op::kBetween, c.operands[1].value, c.operands[2].value};
      return k;
    case ConditionKind::kBeginsWith:
      if (c.operands[0].kind != OperandKind::kPath || c.operands[1].kind != OperandKind::kValue)
        fail();
      k.attr = attr_of(c.operands[0]);
      k.cond = {Op::kBeginsWith, c.operands[1].value, {}};
      return k;
    default:
      fail();
  }
  return k;
}

// Splits the key conditions into the partition-key value and the sort-key condition, checking
// them against the key schema of what is queried.
void apply_key_conditions(const std::vector<KeyCondition>& conds, const KeySchema& key,
                          ReadRequest& r) {
  if (conds.size() > 2)
    throw validation("KeyConditionExpressions must only contain one condition per key");
  bool have_hash = false;
  for (const auto& k : conds) {
    if (k.attr == key.hash.name) {
      if (have_hash)
        throw validation("KeyConditionExpressions must only contain one condition per key");
      if (k.cond.op != SortKeyCondition::Op::kEq)
        throw validation("Query key condition not supported");
      have_hash = true;
      r.hash = k.cond.a;
    } else if (key.range && k.attr == key.range->name) {
      if (r.range.op != SortKeyCondition::Op::kNone)
        throw validation("KeyConditionExpressions must only contain one condition per key");
      r.range = k.cond;
    } else {
      throw validation("Query condition missed key schema element: " + key.hash.name);
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

// DynamoDB filters after the key conditions and refuses filters on the queried key.
void reject_key_attributes_in_filter(const Condition& filter, const KeySchema& key) {
  visit_paths(filter, [&](const Path& p) {
    if (p.top() == key.hash.name || (key.range && p.top() == key.range->name))
      throw validation(
          "Filter Expression can only contain non-primary key attributes: Primary "
          "key attribute: " +
          p.top());
  });
}

// Select, projection and index rules shared by Query and Scan; returns the projection to
// apply, if any.
std::optional<Projection> read_projection(const json::object& in, RequestExpressions& ex,
                                          const TableDef& t, const std::string& index,
                                          bool& count_only) {
  auto projection = ex.projection();
  if (!projection) projection = legacy_attributes_to_get(in);
  auto select = opt_string(in, "Select");
  count_only = select && *select == "COUNT";
  if (select) {
    static const std::set<std::string> all = {"ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES",
                                              "SPECIFIC_ATTRIBUTES", "COUNT"};
    if (!all.count(*select))
      throw constraint_error("Select", "'" + *select + "'",
                             "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, "
                             "ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
    if (*select != "SPECIFIC_ATTRIBUTES" && projection)
      throw validation("Cannot specify the AttributesToGet when choosing to get " + *select);
    if (*select == "SPECIFIC_ATTRIBUTES" && !projection)
      throw validation(
          "One or more parameter values were invalid: Select type "
          "SPECIFIC_ATTRIBUTES requires either AttributesToGet or "
          "ProjectionExpression");
    if (*select == "ALL_PROJECTED_ATTRIBUTES" && index.empty())
      throw validation(
          "One or more parameter values were invalid: Select type "
          "ALL_PROJECTED_ATTRIBUTES is not supported on a table");
    if (*select == "ALL_ATTRIBUTES" && !index.empty()) {
      const IndexDef* i = t.index(index);
      if (i && i->global && i->projection.type != ProjectionType::kAll)
        throw validation(
            "One or more parameter values were invalid: Select type ALL_ATTRIBUTES "
            "is not supported for global secondary index " +
            index + " because its projection type is not ALL");
    }
  }
  return projection;
}

ReadRequest common_request(DynamoContext& ctx, const TableDef& t) {
  ReadRequest r;
  r.table = t.name;
  r.index = opt_string(ctx.in, "IndexName").value_or("");
  if (!r.index.empty()) {
    const IndexDef* i = t.index(r.index);
    if (!i) throw validation("The table does not have the specified index: " + r.index);
    if (i->global && opt_bool(ctx.in, "ConsistentRead"))
      throw validation("Consistent reads are not supported on global secondary indexes");
  }
  if (auto limit = opt_int(ctx.in, "Limit")) {
    if (*limit < 1)
      throw constraint_error("Limit", std::to_string(*limit),
                             "Member must have value greater than or equal to 1");
    r.limit = static_cast<size_t>(*limit);
  }
  if (const json::value* esk = member(ctx.in, "ExclusiveStartKey"))
    r.exclusive_start = item_from_wire(*esk);
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
  if (res.last_key) tail["LastEvaluatedKey"] = item_json(*res.last_key);
  add_consumed_capacity(ctx, tail, required_string(ctx.in, "TableName"),
                        std::max(0.5, static_cast<double>(res.scanned) / 8));
  out += json::serialize(tail).substr(1);
  ctx.raw_reply = std::move(out);
  return {};
}

}  // namespace

json::object query(DynamoContext& ctx) {
  std::string table = table_name(ctx.in);
  TablePtr t = ctx.store.get(table);
  reject_mixed_parameters(ctx.in);
  RequestExpressions ex(ctx.in);
  ReadRequest r = common_request(ctx, *t);
  const KeySchema& key = r.index.empty() ? t->key : t->index(r.index)->key;
  std::vector<KeyCondition> conds;
  if (auto kce = ex.condition("KeyConditionExpression")) {
    std::vector<const Condition*> parts;
    collect_conjuncts(*kce, parts);
    for (const Condition* c : parts) conds.push_back(key_condition(*c));
  } else if (auto kc = legacy_key_conditions(ctx.in)) {
    for (const auto& [n, v] : kc->hash) conds.push_back({n, {SortKeyCondition::Op::kEq, v, {}}});
    if (kc->range.op != SortKeyCondition::Op::kNone) conds.push_back({kc->range_name, kc->range});
  } else {
    throw validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be "
        "specified in the request.");
  }
  // Legacy KeyConditions with two EQs: the schema decides which is the partition key.
  if (conds.size() == 2 && conds[0].attr != key.hash.name && conds[1].attr == key.hash.name)
    std::swap(conds[0], conds[1]);
  apply_key_conditions(conds, key, r);
  auto filter = ex.condition("FilterExpression");
  if (!filter) filter = legacy_condition(ctx.in, "QueryFilter");
  bool count_only = false;
  auto projection = read_projection(ctx.in, ex, *t, r.index, count_only);
  ex.finish();
  if (filter) reject_key_attributes_in_filter(*filter, key);
  r.filter = filter ? &*filter : nullptr;
  r.forward = opt_bool(ctx.in, "ScanIndexForward", true);
  r.keep_items = !count_only;
  ReadResult res = ctx.store.query(r);
  fetch_unprojected(ctx, *t, r.index, projection, res);
  return read_answer(ctx, res, projection, count_only);
}

json::object scan(DynamoContext& ctx) {
  std::string table = table_name(ctx.in);
  TablePtr t = ctx.store.get(table);
  reject_mixed_parameters(ctx.in);
  RequestExpressions ex(ctx.in);
  ReadRequest r = common_request(ctx, *t);
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
  if (total) {
    if (*total < 1 || *total > 1000000)
      throw constraint_error("TotalSegments", std::to_string(*total),
                             *total < 1 ? "Member must have value greater than or equal to 1"
                                        : "Member must have value less than or equal to 1000000");
    if (*segment < 0)
      throw constraint_error("Segment", std::to_string(*segment),
                             "Member must have value greater than or equal to 0");
    if (*segment >= *total)
      throw validation(
          "The Segment parameter is zero-based and must be less than parameter "
          "TotalSegments: Segment: " +
          std::to_string(*segment) + " is not less than TotalSegments: " + std::to_string(*total));
    r.segment = static_cast<int>(*segment);
    r.total_segments = static_cast<int>(*total);
  }
  auto filter = ex.condition("FilterExpression");
  if (!filter) filter = legacy_condition(ctx.in, "ScanFilter");
  bool count_only = false;
  auto projection = read_projection(ctx.in, ex, *t, r.index, count_only);
  ex.finish();
  r.filter = filter ? &*filter : nullptr;
  r.keep_items = !count_only;
  ReadResult res = ctx.store.scan(r);
  fetch_unprojected(ctx, *t, r.index, projection, res);
  return read_answer(ctx, res, projection, count_only);
}

}  // namespace wharf::dynamo
