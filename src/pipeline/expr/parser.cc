#include "pipeline/expr/parser.h"

#include <algorithm>
#include <stdexcept>

#include "core/encoding.h"
#include "pipeline/expr/errors.h"
#include "pipeline/expr/functions.h"
#include "pipeline/expr/lexer.h"
#include "pipeline/expr/like_pattern.h"

namespace wharf::pipeline::expr {

namespace {

constexpr std::string_view kKeywords[] = {"and",  "or",    "not",  "is",      "null",
                                          "true", "false", "in",   "between", "like",
                                          "case", "when",  "then", "else",    "end"};

bool is_keyword(const Token& t, std::string_view keyword) {
  return t.kind == TokenKind::kName && core::iequals(t.value, keyword);
}

bool reserved(const Token& t) {
  return std::any_of(std::begin(kKeywords), std::end(kKeywords),
                     [&](std::string_view k) { return is_keyword(t, k); });
}

// A token as messages show it.
std::string shown(const Token& t) {
  if (t.kind == TokenKind::kEnd) return "end of expression";
  if (t.kind == TokenKind::kString) return std::string(t.raw);  // already quoted
  return "'" + std::string(t.raw) + "'";
}

std::string arity_message(const Function& f, size_t got) {
  std::string expects;
  auto args = [](int n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); };
  if (f.max_args == kVariadic) {
    expects = "at least " + args(f.min_args);
  } else if (f.min_args == f.max_args) {
    expects = f.min_args == 0 ? "no arguments" : args(f.min_args);
  } else {
    expects = std::to_string(f.min_args) + " to " + args(f.max_args);
  }
  return "function '" + std::string(f.name) + "' expects " + expects + ", got " +
         std::to_string(got);
}

std::vector<Node> nodes(Node a) {
  std::vector<Node> v;
  v.push_back(std::move(a));
  return v;
}
std::vector<Node> nodes(Node a, Node b) {
  std::vector<Node> v;
  v.reserve(2);
  v.push_back(std::move(a));
  v.push_back(std::move(b));
  return v;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), tokens_(tokenize(text)) {}

  ParsedExpression run() {
    if (peek().kind == TokenKind::kEnd)
      throw core::Error(std::string(kSyntaxErrorCode), 400, "empty expression");
    Node root = expression();
    if (peek().kind != TokenKind::kEnd) throw unexpected(peek());
    return {std::move(root), std::move(fields_)};
  }

 private:
  // Counts recursion so that "((((...))))" or "- - - - x" cannot exhaust the stack.
  class Nesting {
   public:
    Nesting(Parser& p, const Token& at) : p_(p) {
      if (++p_.nesting_ > kMaxNesting) throw p_.too_deep(at, kMaxNesting);
    }
    ~Nesting() { --p_.nesting_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    Parser& p_;
  };

  const Token& peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& next() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool at_op(std::string_view op) const {
    return peek().kind == TokenKind::kOperator && peek().raw == op;
  }
  bool at_keyword(std::string_view keyword) const { return is_keyword(peek(), keyword); }

  core::Error error_at(size_t offset, const std::string& message) const {
    return syntax_error(text_, offset, message);
  }
  core::Error unexpected(const Token& t) const {
    if (t.kind == TokenKind::kEnd) return error_at(t.offset, "unexpected end of expression");
    return error_at(t.offset, "unexpected token " + shown(t));
  }
  core::Error too_deep(const Token& t, int limit) const {
    return error_at(
        t.offset, "expression nested too deeply (more than " + std::to_string(limit) + " levels)");
  }
  void expect_op(std::string_view op) {
    if (!at_op(op))
      throw error_at(peek().offset,
                     "expected '" + std::string(op) + "' but found " + shown(peek()));
    next();
  }
  void expect_keyword(std::string_view keyword) {
    if (!at_keyword(keyword))
      throw error_at(peek().offset,
                     "expected '" + std::string(keyword) + "' but found " + shown(peek()));
    next();
  }

  Node make(NodeKind kind, const Token& at, std::vector<Node> children, Op op = Op::kNone) {
    Node n;
    n.kind = kind;
    n.op = op;
    n.offset = at.offset;
    for (const Node& c : children) n.depth = std::max(n.depth, c.depth + 1);
    if (n.depth > kMaxDepth) throw too_deep(at, kMaxDepth);
    n.children = std::move(children);
    return n;
  }
  static Node literal(const Token& at, core::Value v) {
    Node n;
    n.value = std::move(v);
    n.offset = at.offset;
    return n;
  }
  Node field(const Token& name) {
    auto it = std::find(fields_.begin(), fields_.end(), name.value);
    if (it == fields_.end()) it = fields_.insert(fields_.end(), name.value);
    Node n;
    n.kind = NodeKind::kField;
    n.field = static_cast<int>(it - fields_.begin());
    n.offset = name.offset;
    return n;
  }
  // expression { ',' expression }, appended to `out`.
  void expression_list(std::vector<Node>& out) {
    while (true) {
      out.push_back(expression());
      if (!at_op(",")) return;
      next();
    }
  }

  Node expression() {
    Nesting guard(*this, peek());
    return or_();
  }

  // a or b or c: one node with every operand.
  template <typename Operand>
  Node chain(std::string_view keyword, NodeKind kind, Operand operand) {
    Node first = (this->*operand)();
    if (!at_keyword(keyword)) return first;
    const Token& t = next();
    std::vector<Node> operands = nodes(std::move(first));
    operands.push_back((this->*operand)());
    while (at_keyword(keyword)) {
      next();
      operands.push_back((this->*operand)());
    }
    return make(kind, t, std::move(operands));
  }
  Node or_() { return chain("or", NodeKind::kOr, &Parser::and_); }
  Node and_() { return chain("and", NodeKind::kAnd, &Parser::not_); }

  Node not_() {
    if (!at_keyword("not")) return is_();
    const Token& t = next();
    Nesting guard(*this, t);
    return make(NodeKind::kNot, t, nodes(not_()));
  }

  Node is_() {
    Node left = comparison();
    while (at_keyword("is")) {
      const Token& t = next();
      bool negated = false;
      if (at_keyword("not")) {
        next();
        negated = true;
      }
      Op op;
      if (at_keyword("null")) {
        op = Op::kIsNull;
      } else if (at_keyword("true")) {
        op = Op::kIsTrue;
      } else if (at_keyword("false")) {
        op = Op::kIsFalse;
      } else {
        throw error_at(peek().offset,
                       "expected 'null', 'true' or 'false' but found " + shown(peek()));
      }
      next();
      left = make(NodeKind::kIs, t, nodes(std::move(left)), op);
      left.negated = negated;
    }
    return left;
  }

  Node comparison() {
    Node left = predicate();
    static constexpr std::pair<std::string_view, Op> kOps[] = {
        {"=", Op::kEq}, {"==", Op::kEq}, {"!=", Op::kNe}, {"<>", Op::kNe},
        {"<", Op::kLt}, {"<=", Op::kLe}, {">", Op::kGt},  {">=", Op::kGe}};
    for (auto [text, op] : kOps)
      if (at_op(text)) {
        const Token& t = next();
        Node right = predicate();
        return make(NodeKind::kCompare, t, nodes(std::move(left), std::move(right)), op);
      }
    return left;
  }

  Node predicate() {
    Node left = concat();
    bool negated = false;
    if (at_keyword("not") && (is_keyword(peek(1), "in") || is_keyword(peek(1), "between") ||
                              is_keyword(peek(1), "like"))) {
      next();
      negated = true;
    }
    Node n;
    if (at_keyword("in")) {
      const Token& t = next();
      expect_op("(");
      std::vector<Node> items = nodes(std::move(left));
      expression_list(items);
      expect_op(")");
      n = make(NodeKind::kIn, t, std::move(items));
    } else if (at_keyword("between")) {
      const Token& t = next();
      Node low = concat();
      expect_keyword("and");
      Node high = concat();
      std::vector<Node> items = nodes(std::move(left), std::move(low));
      items.push_back(std::move(high));
      n = make(NodeKind::kBetween, t, std::move(items));
    } else if (at_keyword("like")) {
      const Token& t = next();
      Node pattern = concat();
      n = make(NodeKind::kLike, t, nodes(std::move(left), std::move(pattern)));
      const Node& p = n.children[1];
      if (p.kind == NodeKind::kLiteral && p.value.is<std::string>()) {
        try {
          n.like = std::make_shared<const LikePattern>(p.value.as<std::string>());
        } catch (const std::invalid_argument& e) {
          throw error_at(p.offset, std::string("invalid like pattern: ") + e.what());
        }
      }
    } else {
      return left;
    }
    n.negated = negated;
    return n;
  }

  template <typename Operand>
  Node binary(std::initializer_list<std::pair<std::string_view, Op>> ops, NodeKind kind,
              Operand operand) {
    Node left = (this->*operand)();
    while (true) {
      auto it = std::find_if(ops.begin(), ops.end(), [&](auto& o) { return at_op(o.first); });
      if (it == ops.end()) return left;
      const Token& t = next();
      Node right = (this->*operand)();
      left = make(kind, t, nodes(std::move(left), std::move(right)), it->second);
    }
  }
  Node concat() { return binary({{"||", Op::kNone}}, NodeKind::kConcat, &Parser::additive); }
  Node additive() {
    return binary({{"+", Op::kAdd}, {"-", Op::kSub}}, NodeKind::kArithmetic,
                  &Parser::multiplicative);
  }
  Node multiplicative() {
    return binary({{"*", Op::kMul}, {"/", Op::kDiv}, {"%", Op::kMod}}, NodeKind::kArithmetic,
                  &Parser::unary);
  }

  Node unary() {
    if (!at_op("-")) return postfix();
    const Token& t = next();
    Nesting guard(*this, t);
    Node operand = unary();
    if (operand.kind == NodeKind::kLiteral && operand.value.is<core::Decimal>()) {
      operand.value = core::Value(-operand.value.as<core::Decimal>());  // -5 is a literal
      operand.offset = t.offset;
      return operand;
    }
    return make(NodeKind::kNegate, t, nodes(std::move(operand)));
  }

  Node postfix() {
    Node base = primary();
    while (true) {
      if (at_op("[")) {
        const Token& t = next();
        Node index = expression();
        expect_op("]");
        if (base.kind == NodeKind::kField && index.kind == NodeKind::kLiteral) {
          const core::Value& v = index.value;
          if (v.is<std::string>()) {
            base.path.push_back({v.as<std::string>(), 0, false});
            continue;
          }
          if (v.is<core::Decimal>())
            if (auto i = v.as<core::Decimal>().to_int64()) {
              base.path.push_back({"", *i, true});
              continue;
            }
        }
        base = make(NodeKind::kIndex, t, nodes(std::move(base), std::move(index)));
      } else if (at_op(".")) {
        const Token& t = next();
        const Token& name = peek();
        if (name.kind != TokenKind::kName && name.kind != TokenKind::kQuotedName)
          throw error_at(name.offset, "expected a field name after '.' but found " + shown(name));
        next();
        if (base.kind == NodeKind::kField) {
          base.path.push_back({name.value, 0, false});
          continue;
        }
        base = make(NodeKind::kIndex, t, nodes(std::move(base), literal(name, name.value)));
      } else {
        return base;
      }
    }
  }

  Node primary() {
    const Token& t = peek();
    switch (t.kind) {
      case TokenKind::kNumber:
        next();
        return literal(t, *core::Decimal::parse(t.value));
      case TokenKind::kString:
        next();
        return literal(t, t.value);
      case TokenKind::kQuotedName:
        next();
        return field(t);
      case TokenKind::kName:
        if (is_keyword(t, "true") || is_keyword(t, "false")) {
          next();
          return literal(t, is_keyword(t, "true"));
        }
        if (is_keyword(t, "null")) {
          next();
          return literal(t, core::Value());
        }
        if (is_keyword(t, "case")) return case_();
        if (reserved(t)) throw unexpected(t);
        if (peek(1).kind == TokenKind::kOperator && peek(1).raw == "(") return call();
        next();
        return field(t);
      case TokenKind::kOperator:
        if (t.raw == "(") {
          next();
          Node inner = expression();
          expect_op(")");
          return inner;
        }
        if (t.raw == "[") return list();
        throw unexpected(t);
      case TokenKind::kEnd:
        break;
    }
    throw unexpected(t);
  }

  Node list() {
    const Token& t = next();
    std::vector<Node> items;
    if (!at_op("]")) expression_list(items);
    expect_op("]");
    if (std::all_of(items.begin(), items.end(),
                    [](const Node& n) { return n.kind == NodeKind::kLiteral; })) {
      core::List values;
      values.reserve(items.size());
      for (Node& n : items) values.push_back(std::move(n.value));
      return literal(t, std::move(values));
    }
    return make(NodeKind::kList, t, std::move(items));
  }

  Node case_() {
    const Token& t = next();
    std::vector<Node> parts;
    bool has_operand = !at_keyword("when");
    if (has_operand) parts.push_back(expression());
    if (!at_keyword("when"))
      throw error_at(peek().offset, "expected 'when' but found " + shown(peek()));
    while (at_keyword("when")) {
      next();
      parts.push_back(expression());
      expect_keyword("then");
      parts.push_back(expression());
    }
    bool has_else = at_keyword("else");
    if (has_else) {
      next();
      parts.push_back(expression());
    }
    expect_keyword("end");
    Node n = make(NodeKind::kCase, t, std::move(parts));
    n.has_operand = has_operand;
    n.has_else = has_else;
    return n;
  }

  Node call() {
    const Token& name = next();
    const Function* f = find_function(name.value);
    if (!f) throw error_at(name.offset, "unknown function '" + name.value + "'");
    next();  // (
    std::vector<Node> args;
    if (!at_op(")")) expression_list(args);
    expect_op(")");
    auto count = static_cast<int>(args.size());
    if (count < f->min_args || (f->max_args != kVariadic && count > f->max_args))
      throw error_at(name.offset, arity_message(*f, args.size()));
    Node n = make(NodeKind::kCall, name, std::move(args));
    n.function = f;
    if (f->prepare) {
      try {
        f->prepare(n);
      } catch (const std::invalid_argument& e) {
        throw error_at(name.offset, e.what());
      }
    }
    return n;
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int nesting_ = 0;
  std::vector<std::string> fields_;
};

}  // namespace

ParsedExpression parse(std::string_view text) { return Parser(text).run(); }

}  // namespace wharf::pipeline::expr
