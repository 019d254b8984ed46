#include "pipeline/expr/expression.h"

#include "core/error.h"
#include "pipeline/expr/ast.h"
#include "pipeline/expr/evaluator.h"
#include "pipeline/expr/parser.h"

namespace wharf::pipeline {

struct Expression::Compiled {
  std::string text;
  expr::ParsedExpression parsed;
};

namespace {

// Row and slots for evaluating against a record keyed by name.
struct RecordRow {
  std::vector<core::Value> values;
  std::vector<int> slots;

  RecordRow(const std::vector<std::string>& fields, const core::Map& record) {
    values.reserve(fields.size());
    for (const std::string& f : fields) {
      auto it = record.find(f);
      slots.push_back(static_cast<int>(values.size()));
      values.push_back(it == record.end() ? core::Value() : it->second);
    }
  }
};

}  // namespace

Expression::Expression() {
  static const auto empty = std::make_shared<const Compiled>();
  compiled_ = empty;
}

Expression::Expression(std::shared_ptr<const Compiled> compiled)
    : compiled_(std::move(compiled)), slots_(compiled_->parsed.fields.size(), -1) {}

Expression Expression::parse(std::string_view text) {
  auto compiled = std::make_shared<Compiled>();
  compiled->text = std::string(text);
  compiled->parsed = expr::parse(text);
  return Expression(std::move(compiled));
}

const std::vector<std::string>& Expression::fields() const { return compiled_->parsed.fields; }
const std::string& Expression::text() const { return compiled_->text; }

void Expression::bind(const std::function<int(std::string_view)>& resolve) {
  const auto& fields = compiled_->parsed.fields;
  slots_.resize(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) slots_[i] = resolve(fields[i]);
  bound_ = true;
}

void Expression::check_bound() const {
  if (!bound_ && !slots_.empty())
    throw core::Error("InternalError", 500,
                      "expression \"" + text() + "\" evaluated before its fields were bound");
}

core::Value Expression::eval(std::span<const core::Value> row, const EvalContext& ctx) const {
  check_bound();
  return expr::evaluate(compiled_->parsed.root, expr::Frame{row, slots_, ctx});
}

bool Expression::test(std::span<const core::Value> row, const EvalContext& ctx) const {
  check_bound();
  return expr::evaluate_condition(compiled_->parsed.root, expr::Frame{row, slots_, ctx});
}

core::Value Expression::eval(const core::Map& record, const EvalContext& ctx) const {
  RecordRow r(fields(), record);
  return expr::evaluate(compiled_->parsed.root, expr::Frame{r.values, r.slots, ctx});
}

bool Expression::test(const core::Map& record, const EvalContext& ctx) const {
  RecordRow r(fields(), record);
  return expr::evaluate_condition(compiled_->parsed.root, expr::Frame{r.values, r.slots, ctx});
}

}  // namespace wharf::pipeline
