#include "dynamo/expression_parser.h"

#include <optional>

#include "core/encoding.h"
#include "dynamo/attribute_value.h"
#include "dynamo/errors.h"
#include "dynamo/reserved_words.h"

namespace wharf::dynamo {

using namespace expr;

// ---------------------------------------------------------------------------------------------
// Placeholders

const std::string& Placeholders::name(const std::string& placeholder, std::string_view kind) {
  if (names_) {
    auto it = names_->find(placeholder);
    if (it != names_->end()) {
      used_names_.insert(placeholder);
      return it->second;
    }
  }
  throw validation("Invalid " + std::string(kind) +
                   ": An expression attribute name used in the document path is not defined; "
                   "attribute name: " +
                   placeholder);
}

const core::Value& Placeholders::value(const std::string& placeholder, std::string_view kind) {
  if (values_) {
    auto it = values_->find(placeholder);
    if (it != values_->end()) {
      used_values_.insert(placeholder);
      return it->second;
    }
  }
  throw validation("Invalid " + std::string(kind) +
                   ": An expression attribute value used in expression is not defined; "
                   "attribute value: " +
                   placeholder);
}

void Placeholders::check_all_used() const {
  auto unused = [](const auto* defined, const std::set<std::string>& used) {
    std::string keys;
    if (defined)
      for (const auto& [k, v] : *defined)
        if (!used.count(k)) keys += (keys.empty() ? "" : ", ") + k;
    return keys;
  };
  if (std::string k = unused(names_, used_names_); !k.empty())
    throw validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {" +
                     k + "}");
  if (std::string k = unused(values_, used_values_); !k.empty())
    throw validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {" +
                     k + "}");
}

// ---------------------------------------------------------------------------------------------
// Rendering helpers used in messages

std::string Path::render() const {
  std::string out = "[";
  for (size_t i = 0; i < steps.size(); ++i) {
    if (i) out += ", ";
    out += steps[i].is_index() ? "[" + std::to_string(steps[i].index) + "]" : steps[i].name;
  }
  return out + "]";
}

const char* expr::op_text(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "=";
    case CompareOp::kNe:
      return "<>";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
  }
  return "?";
}

namespace {

// ---------------------------------------------------------------------------------------------
// Tokens

enum class Tok { kIdent, kName, kValue, kNumber, kPunct, kEof, kBad };

struct Token {
  Tok kind;
  std::string text;
  size_t begin, end;  // byte offsets in the expression
};

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }
bool digit(char c) { return c >= '0' && c <= '9'; }

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (true) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    if (i == s.size()) break;
    size_t b = i;
    char c = s[i];
    Tok kind;
    if (c == '#' || c == ':') {
      ++i;
      while (i < s.size() && ident_char(s[i])) ++i;
      kind = i - b > 1 ? (c == '#' ? Tok::kName : Tok::kValue) : Tok::kBad;
    } else if (ident_start(c)) {
      while (i < s.size() && ident_char(s[i])) ++i;
      kind = Tok::kIdent;
    } else if (digit(c)) {
      while (i < s.size() && digit(s[i])) ++i;
      kind = Tok::kNumber;
    } else if ((c == '<' || c == '>') && i + 1 < s.size() && s[i + 1] == '=') {
      i += 2;
      kind = Tok::kPunct;
    } else if (c == '<' && i + 1 < s.size() && s[i + 1] == '>') {
      i += 2;
      kind = Tok::kPunct;
    } else if (std::string_view("()[],.=<>+-").find(c) != std::string_view::npos) {
      ++i;
      kind = Tok::kPunct;
    } else {
      // One UTF-8 character as the offending token.
      ++i;
      while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
      kind = Tok::kBad;
    }
    out.push_back({kind, std::string(s.substr(b, i - b)), b, i});
  }
  out.push_back({Tok::kEof, "<EOF>", s.size(), s.size()});
  return out;
}

bool keyword(const Token& t, std::string_view kw) {
  if (t.kind != Tok::kIdent || t.text.size() != kw.size()) return false;
  for (size_t i = 0; i < kw.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(t.text[i])) != kw[i]) return false;
  return true;
}

enum class FunctionKind { kCondition, kOperand, kUpdateOperand, kUnknown };

FunctionKind function_kind(std::string_view name) {
  if (name == "attribute_exists" || name == "attribute_not_exists" || name == "attribute_type" ||
      name == "begins_with" || name == "contains")
    return FunctionKind::kCondition;
  if (name == "size") return FunctionKind::kOperand;
  if (name == "if_not_exists" || name == "list_append") return FunctionKind::kUpdateOperand;
  return FunctionKind::kUnknown;
}

const char* long_type_name(const core::Value& v) {
  switch (v.type()) {
    case core::Value::Type::kString:
      return "STRING";
    case core::Value::Type::kNumber:
      return "NUMBER";
    case core::Value::Type::kBinary:
      return "BINARY";
    case core::Value::Type::kBool:
      return "BOOLEAN";
    case core::Value::Type::kNull:
      return "NULL";
    case core::Value::Type::kList:
      return "LIST";
    case core::Value::Type::kMap:
      return "MAP";
    case core::Value::Type::kStringSet:
      return "STRING_SET";
    case core::Value::Type::kNumberSet:
      return "NUMBER_SET";
    case core::Value::Type::kBinarySet:
      return "BINARY_SET";
  }
  return "?";
}

bool is_set(const core::Value& v) {
  return v.is<core::StringSet>() || v.is<core::NumberSet>() || v.is<core::BinarySet>();
}

// A syntax error, kept apart from other errors so that the parser can try one reading of
// "(" and fall back to another.
struct SyntaxFailure : core::Error {
  explicit SyntaxFailure(core::Error e) : core::Error(std::move(e)) {}
};

// ---------------------------------------------------------------------------------------------
// The parser: recursive descent over the token list. Syntax errors throw at once; semantic
// errors (reserved words, undefined placeholders, operand types) are kept until the whole
// expression has parsed, because DynamoDB reports a syntax error anywhere first.

class Parser {
 public:
  Parser(std::string_view text, std::string_view kind, Placeholders& ph)
      : text_(text), kind_(kind), ph_(ph), toks_(tokenize(text)) {
    if (core::trim(text).empty()) fail("The expression can not be empty;");
    reject_redundant_parentheses();
  }

  Condition condition_expression() {
    Condition c = or_condition();
    expect_end();
    return c;
  }

  Update update_expression() {
    Update u;
    bool seen[4] = {false, false, false, false};
    do {
      const Token& t = peek();
      UpdateKind kind;
      if (keyword(t, "SET"))
        kind = UpdateKind::kSet;
      else if (keyword(t, "REMOVE"))
        kind = UpdateKind::kRemove;
      else if (keyword(t, "ADD"))
        kind = UpdateKind::kAdd;
      else if (keyword(t, "DELETE"))
        kind = UpdateKind::kDelete;
      else
        syntax_error();
      next();
      auto k = static_cast<size_t>(kind);
      if (seen[k]) {
        static const char* names[] = {"SET", "REMOVE", "ADD", "DELETE"};
        fail(std::string("The \"") + names[k] +
             "\" section can only be used once in an update expression;");
      }
      seen[k] = true;
      do {
        u.actions.push_back(update_action(kind));
      } while (accept(","));
    } while (peek().kind != Tok::kEof);
    std::vector<Path> paths;
    for (const auto& a : u.actions) paths.push_back(a.path);
    check_paths(paths);
    finish();
    return u;
  }

  Projection projection_expression() {
    Projection p;
    do {
      p.paths.push_back(path());
    } while (accept(","));
    check_paths(p.paths);
    expect_end();
    return p;
  }

  void expect_end() {
    if (peek().kind != Tok::kEof) syntax_error();
    finish();
  }

 private:
  // -- token helpers ----------------------------------------------------------------------------
  const Token& peek(size_t ahead = 0) const {
    return toks_[std::min(pos_ + ahead, toks_.size() - 1)];
  }
  const Token& next() {
    const Token& t = toks_[pos_];
    if (pos_ + 1 < toks_.size()) ++pos_;
    return t;
  }
  bool is(std::string_view punct) const {
    return peek().kind == Tok::kPunct && peek().text == punct;
  }
  bool accept(std::string_view punct) {
    if (!is(punct)) return false;
    next();
    return true;
  }
  void expect(std::string_view punct) {
    if (!accept(punct)) syntax_error();
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw validation("Invalid " + std::string(kind_) + ": " + what);
  }
  void fail_later(const std::string& what) {
    if (!deferred_) deferred_ = what;
  }
  // Unknown function names are reported before any other semantic error (DynamoDB does so).
  void fail_function_later(const std::string& what) {
    if (!deferred_function_) deferred_function_ = what;
  }
  void finish() {
    if (deferred_function_) fail(*deferred_function_);
    if (deferred_) fail(*deferred_);
  }
  // DynamoDB names the offending token and the text around it: from the token before it to
  // the token after it.
  [[noreturn]] void syntax_error() const {
    const Token& t = peek();
    size_t from = pos_ > 0 ? toks_[pos_ - 1].begin : t.begin;
    size_t to = t.kind == Tok::kEof         ? text_.size()
                : peek(1).kind == Tok::kEof ? t.end
                                            : peek(1).end;
    throw SyntaxFailure(validation("Invalid " + std::string(kind_) + ": Syntax error; token: \"" +
                                   t.text + "\", near: \"" +
                                   std::string(text_.substr(from, to - from)) + "\""));
  }

  // The words of the grammar cannot be attribute names, even where a name could stand.
  static bool grammar_keyword(const Token& t) {
    for (const char* k : {"AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE"})
      if (keyword(t, k)) return true;
    return false;
  }

  // Two pairs of parentheses around the same thing: DynamoDB refuses "((a))" before parsing.
  void reject_redundant_parentheses() const {
    std::vector<size_t> open, match(toks_.size(), 0);
    for (size_t i = 0; i < toks_.size(); ++i) {
      if (toks_[i].kind != Tok::kPunct) continue;
      if (toks_[i].text == "(") open.push_back(i);
      if (toks_[i].text == ")") {
        if (open.empty()) return;  // unbalanced: the parser reports it
        match[open.back()] = i;
        open.pop_back();
      }
    }
    if (!open.empty()) return;
    for (size_t i = 0; i + 1 < toks_.size(); ++i)
      if (i > 0 && toks_[i - 1].kind == Tok::kIdent && !grammar_keyword(toks_[i - 1]))
        continue;  // a call's parentheses are not a group
      else if (toks_[i].text == "(" && toks_[i + 1].text == "(" && toks_[i].kind == Tok::kPunct &&
               toks_[i + 1].kind == Tok::kPunct && match[i + 1] + 1 == match[i])
        fail("The expression has redundant parentheses;");
  }

  // -- paths and operands -------------------------------------------------------------------------
  std::string path_name() {
    const Token& t = peek();
    if (t.kind == Tok::kName) {
      next();
      try {
        return ph_.name(t.text, kind_);
      } catch (const core::Error& e) {
        fail_later(e.message().substr(kind_.size() + 10));  // strip "Invalid <kind>: "
        return t.text;
      }
    }
    if (t.kind == Tok::kIdent && !grammar_keyword(t)) {
      next();
      if (is_reserved_word(t.text))
        fail_later("Attribute name is a reserved keyword; reserved keyword: " + t.text);
      return t.text;
    }
    syntax_error();
  }

  Path path() {
    Path p;
    p.steps.push_back({path_name(), -1});
    while (true) {
      if (accept(".")) {
        p.steps.push_back({path_name(), -1});
      } else if (is("[")) {
        next();
        const Token& n = peek();
        if (n.kind != Tok::kNumber) syntax_error();
        next();
        long index = n.text.size() > 9 ? -1 : std::stol(n.text);
        if (index < 0)
          fail_later("List index is not within the allowable range; index: [" + n.text + "]");
        p.steps.push_back({"", std::max(index, 0L)});
        expect("]");
      } else {
        break;
      }
    }
    if (p.steps.size() > kMaxPathDepth)
      fail_later("The document path has too many nesting levels; nesting levels: " +
                 std::to_string(p.steps.size()));
    return p;
  }

  Operand value_operand() {
    const Token& t = next();
    Operand o;
    o.kind = OperandKind::kValue;
    o.placeholder = t.text;
    try {
      o.value = ph_.value(t.text, kind_);
    } catch (const core::Error& e) {
      fail_later(e.message().substr(kind_.size() + 10));
    }
    return o;
  }

  // A function call as written: name and arguments (their meaning is checked by the caller,
  // which knows whether a condition or an operand stands here).
  struct Call {
    std::string name;
    std::vector<Operand> args;
  };

  bool at_call() const {
    return peek().kind == Tok::kIdent && peek(1).kind == Tok::kPunct && peek(1).text == "(";
  }

  Call call(bool update_context) {
    Call c{next().text, {}};
    expect("(");
    if (!is(")")) {
      do {
        c.args.push_back(operand(update_context));
      } while (accept(","));
    }
    expect(")");
    return c;
  }

  void arity(const std::string& fn, const std::vector<Operand>& args, size_t n) {
    if (args.size() != n)
      fail_later("Incorrect number of operands for operator or function; operator or function: " +
                 fn + ", number of operands: " + std::to_string(args.size()));
  }

  void require_path(const std::string& fn, const Operand& o) {
    if (o.kind != OperandKind::kPath)
      fail_later("Operator or function requires a document path; operator or function: " + fn);
  }

  void incorrect_type(const std::string& fn, const char* type) {
    fail_later("Incorrect operand type for operator or function; operator or function: " + fn +
               ", operand type: " + type);
  }

  // path | :value | function(...) | ( operand ) in conditions.
  Operand operand(bool update_context) {
    const Token& t = peek();
    if (t.kind == Tok::kValue) return value_operand();
    if (!update_context && is("(")) {
      next();
      Operand o = operand(false);
      expect(")");
      return o;
    }
    if (at_call()) return function_operand(call(update_context), update_context);
    if (t.kind == Tok::kIdent || t.kind == Tok::kName) {
      Operand o;
      o.kind = OperandKind::kPath;
      o.path = path();
      return o;
    }
    syntax_error();
  }

  Operand function_operand(Call c, bool update_context) {
    Operand o;
    FunctionKind fk = function_kind(c.name);
    if (fk == FunctionKind::kUnknown) {
      fail_function_later("Invalid function name; function: " + c.name);
      return o;
    }
    if (update_context && fk != FunctionKind::kUpdateOperand) {
      fail_later("The function is not allowed in an update expression; function: " + c.name);
      return o;
    }
    if (!update_context && fk == FunctionKind::kUpdateOperand) {
      fail_later("The function is not allowed in a condition expression; function: " + c.name);
      return o;
    }
    if (fk == FunctionKind::kCondition) {
      fail_later("The function is not allowed to be used this way in an expression; function: " +
                 c.name);
      return o;
    }
    o.args = std::move(c.args);
    if (c.name == "size") {
      o.kind = OperandKind::kSize;
      arity(c.name, o.args, 1);
      if (o.args.size() == 1) {
        const Operand& a = o.args[0];
        if (a.kind == OperandKind::kSize) {
          incorrect_type(c.name, "N");
        } else if (a.kind == OperandKind::kValue) {
          auto t = a.value.type();
          if (t == core::Value::Type::kNumber || t == core::Value::Type::kBool ||
              t == core::Value::Type::kNull)
            incorrect_type(c.name, type_code(t));
        }
      }
    } else if (c.name == "if_not_exists") {
      o.kind = OperandKind::kIfNotExists;
      arity(c.name, o.args, 2);
      if (o.args.size() == 2) require_path(c.name, o.args[0]);
    } else {
      o.kind = OperandKind::kListAppend;
      arity(c.name, o.args, 2);
      for (const auto& a : o.args)
        if (a.kind == OperandKind::kValue && !a.value.is<core::List>())
          incorrect_type(c.name, type_code(a.value.type()));
    }
    return o;
  }

  // -- conditions -----------------------------------------------------------------------------
  // operand (word operand)*, left-associative: OR over AND over NOT.
  Condition chain(const char* word, ConditionKind kind, Condition (Parser::*operand)()) {
    Condition left = (this->*operand)();
    while (keyword(peek(), word)) {
      next();
      Condition c;
      c.kind = kind;
      c.children.push_back(std::move(left));
      c.children.push_back((this->*operand)());
      left = std::move(c);
    }
    return left;
  }
  Condition or_condition() { return chain("OR", ConditionKind::kOr, &Parser::and_condition); }
  Condition and_condition() { return chain("AND", ConditionKind::kAnd, &Parser::not_condition); }

  Condition not_condition() {
    if (keyword(peek(), "NOT")) {
      next();
      Condition c;
      c.kind = ConditionKind::kNot;
      c.children.push_back(not_condition());
      return c;
    }
    return primary_condition();
  }

  bool at_comparison() const {
    static const char* ops[] = {"=", "<>", "<", "<=", ">", ">="};
    for (const char* op : ops)
      if (is(op)) return true;
    return keyword(peek(), "BETWEEN") || keyword(peek(), "IN");
  }

  Condition primary_condition() {
    if (is("(")) {
      // A parenthesized operand that starts a comparison, "(a) = :v", or a parenthesized
      // condition: try the first, fall back to the second.
      size_t saved_pos = pos_;
      auto saved_deferred = deferred_, saved_function = deferred_function_;
      try {
        Operand o = operand(false);
        if (at_comparison()) return comparison(std::move(o));
      } catch (const SyntaxFailure&) {
      }
      pos_ = saved_pos;
      deferred_ = saved_deferred;
      deferred_function_ = saved_function;
      next();
      Condition c = or_condition();
      expect(")");
      return c;
    }
    if (at_call()) {
      Call c = call(false);
      if (at_comparison()) return comparison(function_operand(std::move(c), false));
      return function_condition(std::move(c));
    }
    return comparison(operand(false));
  }

  // The rest of a comparison, BETWEEN or IN whose first operand is `left`.
  Condition comparison(Operand left) {
    Condition c;
    if (keyword(peek(), "BETWEEN")) {
      next();
      c.kind = ConditionKind::kBetween;
      c.operands.push_back(std::move(left));
      c.operands.push_back(operand(false));
      if (!keyword(peek(), "AND")) syntax_error();
      next();
      c.operands.push_back(operand(false));
      check_distinct("BETWEEN", c.operands);
      check_between(c);
      return c;
    }
    if (keyword(peek(), "IN")) {
      next();
      c.kind = ConditionKind::kIn;
      c.operands.push_back(std::move(left));
      expect("(");
      do {
        c.operands.push_back(operand(false));
      } while (accept(","));
      expect(")");
      if (c.operands.size() > 101)
        fail_later("The IN operator is provided with too many operands; number of operands: " +
                   std::to_string(c.operands.size() - 1));
      check_distinct("IN", c.operands);
      return c;
    }
    static const std::pair<const char*, CompareOp> ops[] = {
        {"=", CompareOp::kEq},  {"<>", CompareOp::kNe}, {"<", CompareOp::kLt},
        {"<=", CompareOp::kLe}, {">", CompareOp::kGt},  {">=", CompareOp::kGe}};
    for (const auto& [text, op] : ops) {
      if (is(text)) {
        next();
        c.kind = ConditionKind::kCompare;
        c.op = op;
        c.operands.push_back(std::move(left));
        c.operands.push_back(operand(false));
        check_distinct(text, c.operands);
        if (op != CompareOp::kEq && op != CompareOp::kNe)
          for (const auto& o : c.operands) check_orderable(text, o);
        return c;
      }
    }
    syntax_error();
  }

  // "a = a" compares a path with itself: DynamoDB refuses it.
  void check_distinct(const std::string& op, const std::vector<Operand>& operands) {
    if (operands.empty() || operands[0].kind != OperandKind::kPath) return;
    for (size_t i = 1; i < operands.size(); ++i)
      if (operands[i].kind == OperandKind::kPath && operands[i].path == operands[0].path) {
        fail_later(
            "The first operand must be distinct from the remaining operands for this "
            "operator or function; operator: " +
            op + ", first operand: " + operands[0].path.render());
        return;
      }
  }

  void check_orderable(const std::string& op, const Operand& o) {
    if (o.kind != OperandKind::kValue) return;
    auto t = o.value.type();
    if (t != core::Value::Type::kString && t != core::Value::Type::kNumber &&
        t != core::Value::Type::kBinary)
      incorrect_type(op, type_code(t));
  }

  void check_between(const Condition& c) {
    for (const auto& o : c.operands) check_orderable("BETWEEN", o);
    const Operand& lo = c.operands[1];
    const Operand& hi = c.operands[2];
    if (lo.kind != OperandKind::kValue || hi.kind != OperandKind::kValue) return;
    if (lo.value.type() != hi.value.type()) {
      fail_later(
          "The BETWEEN operator requires same data type for lower and upper bounds; lower "
          "bound operand: AttributeValue: " +
          describe(lo.value) + ", upper bound operand: AttributeValue: " + describe(hi.value));
      return;
    }
    bool greater = false;
    if (lo.value.is<core::Decimal>())
      greater = lo.value.as<core::Decimal>() > hi.value.as<core::Decimal>();
    else if (lo.value.is<std::string>())
      greater = lo.value.as<std::string>() > hi.value.as<std::string>();
    else if (lo.value.is<core::Binary>())
      greater = lo.value.as<core::Binary>().bytes > hi.value.as<core::Binary>().bytes;
    if (greater)
      fail_later(
          "The BETWEEN operator requires upper bound to be greater than or equal to lower "
          "bound; lower bound operand: AttributeValue: " +
          describe(lo.value) + ", upper bound operand: AttributeValue: " + describe(hi.value));
  }

  Condition function_condition(Call call) {
    const std::string& fn = call.name;
    Condition c;
    FunctionKind fk = function_kind(fn);
    if (fk == FunctionKind::kUnknown) {
      fail_function_later("Invalid function name; function: " + fn);
      return c;
    }
    if (fk == FunctionKind::kUpdateOperand) {
      fail_later("The function is not allowed in a condition expression; function: " + fn);
      return c;
    }
    if (fk == FunctionKind::kOperand) {
      fail_later("The function is not allowed to be used this way in an expression; function: " +
                 fn);
      return c;
    }
    c.operands = std::move(call.args);
    auto& a = c.operands;
    if (fn == "attribute_exists" || fn == "attribute_not_exists") {
      c.kind = fn == "attribute_exists" ? ConditionKind::kAttributeExists
                                        : ConditionKind::kAttributeNotExists;
      arity(fn, a, 1);
      if (a.size() == 1) require_path(fn, a[0]);
    } else if (fn == "attribute_type") {
      c.kind = ConditionKind::kAttributeType;
      arity(fn, a, 2);
      if (a.size() == 2) {
        require_path(fn, a[0]);
        if (a[1].kind == OperandKind::kValue) {
          if (!a[1].value.is<std::string>()) {
            incorrect_type(fn, type_code(a[1].value.type()));
          } else {
            static const std::set<std::string> types = {"S", "N", "B",  "BOOL", "NULL",
                                                        "L", "M", "SS", "NS",   "BS"};
            if (!types.count(a[1].value.as<std::string>()))
              fail_later(
                  "Invalid attribute type name found; type: " + a[1].value.as<std::string>() +
                  ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
          }
        }
      }
    } else {
      c.kind = fn == "begins_with" ? ConditionKind::kBeginsWith : ConditionKind::kContains;
      arity(fn, a, 2);
      if (fn == "begins_with")
        for (const auto& o : a)
          if (o.kind == OperandKind::kValue && !o.value.is<std::string>() &&
              !o.value.is<core::Binary>())
            incorrect_type(fn, type_code(o.value.type()));
      if (a.size() == 2) check_distinct(fn, a);
    }
    return c;
  }

  // -- updates --------------------------------------------------------------------------------
  // An operand of a SET value, possibly in parentheses: "SET a = (b + :c)".
  Operand set_term() {
    if (!accept("(")) return operand(true);
    Operand first = set_term();
    if (is("+") || is("-")) {
      Operand arith;
      arith.kind = next().text == "+" ? OperandKind::kPlus : OperandKind::kMinus;
      arith.args.push_back(std::move(first));
      arith.args.push_back(set_term());
      for (const auto& o : arith.args)
        if (o.kind == OperandKind::kValue && !o.value.is<core::Decimal>())
          incorrect_type(arith.kind == OperandKind::kPlus ? "+" : "-", type_code(o.value.type()));
      first = std::move(arith);
    }
    expect(")");
    return first;
  }

  UpdateAction update_action(UpdateKind kind) {
    UpdateAction a{kind, path(), {}};
    switch (kind) {
      case UpdateKind::kSet: {
        expect("=");
        Operand first = set_term();
        if (is("+") || is("-")) {
          Operand arith;
          arith.kind = next().text == "+" ? OperandKind::kPlus : OperandKind::kMinus;
          arith.args.push_back(std::move(first));
          arith.args.push_back(set_term());
          for (const auto& o : arith.args)
            if (o.kind == OperandKind::kValue && !o.value.is<core::Decimal>())
              fail_later(std::string("Incorrect operand type for operator or function; "
                                     "operator or function: ") +
                         (arith.kind == OperandKind::kPlus ? "+" : "-") +
                         ", operand type: " + type_code(o.value.type()));
          a.value = std::move(arith);
        } else {
          a.value = std::move(first);
        }
        break;
      }
      case UpdateKind::kRemove:
        break;
      case UpdateKind::kAdd:
      case UpdateKind::kDelete: {
        if (peek().kind != Tok::kValue) syntax_error();
        a.value = value_operand();
        const core::Value& v = a.value.value;
        bool ok = kind == UpdateKind::kAdd ? (v.is<core::Decimal>() || is_set(v)) : is_set(v);
        if (!ok && !a.value.placeholder.empty() &&
            deferred_.value_or("").find("not defined") == std::string::npos)
          fail_later(std::string("Incorrect operand type for operator or function; operator: ") +
                     (kind == UpdateKind::kAdd ? "ADD" : "DELETE") +
                     ", operand type: " + long_type_name(v));
        break;
      }
    }
    return a;
  }

  // Two actions (or projected paths) may not name the same document path or one inside the
  // other.
  // DynamoDB takes the paths last to first and names the later-taken one first.
  void check_paths(const std::vector<Path>& paths) {
    for (size_t i = paths.size(); i-- > 0;)
      for (size_t j = paths.size(); --j > i;) {
        const Path& a = paths[i];
        const Path& b = paths[j];
        size_t n = std::min(a.steps.size(), b.steps.size());
        size_t k = 0;
        while (k < n && a.steps[k] == b.steps[k]) ++k;
        if (k == n) {
          fail_later(
              "Two document paths overlap with each other; must remove or rewrite one of "
              "these paths; path one: " +
              a.render() + ", path two: " + b.render());
          return;
        }
        if (a.steps[k].is_index() != b.steps[k].is_index()) {
          fail_later(
              "Two document paths conflict with each other; must remove or rewrite one of "
              "these paths; path one: " +
              a.render() + ", path two: " + b.render());
          return;
        }
      }
  }

  std::string_view text_;
  std::string_view kind_;
  Placeholders& ph_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  std::optional<std::string> deferred_, deferred_function_;
};

}  // namespace

Condition parse_condition(std::string_view text, std::string_view kind, Placeholders& ph) {
  return Parser(text, kind, ph).condition_expression();
}

Update parse_update(std::string_view text, Placeholders& ph) {
  return Parser(text, "UpdateExpression", ph).update_expression();
}

Projection parse_projection(std::string_view text, Placeholders& ph) {
  return Parser(text, "ProjectionExpression", ph).projection_expression();
}

}  // namespace wharf::dynamo
