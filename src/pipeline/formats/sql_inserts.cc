#include "pipeline/formats/sql_inserts.h"

#include <cstring>

#include "core/decimal.h"
#include "core/encoding.h"
#include "pipeline/formats/byte_io.h"

namespace wharf::pipeline::formats {
namespace {

enum class Tok { kEnd, kIdent, kQuotedIdent, kString, kNumber, kPunct };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;  // identifier, string contents, number text, or the punctuation ("::" or one char)
  bool is(const char* p) const { return kind == Tok::kPunct && text == p; }
  bool keyword(const char* k) const { return kind == Tok::kIdent && core::to_lower(text) == k; }
};

constexpr size_t kMaxRaw = 64 * 1024;

bool ident_char(int c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

}  // namespace

struct SqlInsertReader::Impl {
  std::unique_ptr<core::ByteSource> src;
  SqlInsertOptions opt;
  std::unique_ptr<char[]> buf{new char[kIoChunk]};
  size_t pos = 0, len = 0;
  uint64_t line = 1;
  bool capturing = false;
  std::string raw;
  std::string unterminated;  // the lexer's complaint about the last token (an unclosed string)

  enum class State { kStatement, kTuple, kAfterTuple } state = State::kStatement;
  std::string table;
  std::vector<std::string> columns;

  // ---- bytes
  bool fill(size_t want) {  // at least `want` bytes buffered, unless the input ends first
    while (len - pos < want) {
      if (pos > 0) {
        std::memmove(buf.get(), buf.get() + pos, len - pos);
        len -= pos;
        pos = 0;
      }
      size_t n = src->read(buf.get() + len, kIoChunk - len);
      if (n == 0) return false;
      len += n;
    }
    return true;
  }
  int peek(size_t ahead = 0) { return fill(ahead + 1) ? static_cast<unsigned char>(buf[pos + ahead]) : -1; }
  int get() {
    int c = peek();
    if (c < 0) return c;
    ++pos;
    if (c == '\n') ++line;
    if (capturing && raw.size() < kMaxRaw) raw += static_cast<char>(c);
    return c;
  }

  // ---- tokens
  void skip_space_and_comments() {
    for (;;) {
      int c = peek();
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
        get();
      } else if (c == '-' && peek(1) == '-') {
        while ((c = get()) >= 0 && c != '\n') {
        }
      } else if (c == '/' && peek(1) == '*') {
        get();
        get();
        while ((c = get()) >= 0 && !(c == '*' && peek() == '/')) {
        }
        get();
      } else {
        return;
      }
    }
  }

  // A quoted run up to `close` (doubled: one); with backslashes, E'' escapes.
  bool quoted(char close, bool backslashes, std::string& out) {
    for (;;) {
      int c = get();
      if (c < 0) return false;
      if (c == close) {
        if (peek() != close) return true;
        get();
      } else if (backslashes && c == '\\') {
        c = get();
        if (c < 0) return false;
        switch (c) {
          case 'n': c = '\n'; break;
          case 't': c = '\t'; break;
          case 'r': c = '\r'; break;
          case 'b': c = '\b'; break;
          case 'f': c = '\f'; break;
          case '0': c = '\0'; break;
          default: break;
        }
      }
      out += static_cast<char>(c);
    }
  }

  Token next_token() {
    skip_space_and_comments();
    Token t;
    int c = peek();
    if (c < 0) return t;
    if (c == '\'' || ((c == 'E' || c == 'e') && peek(1) == '\'')) {
      bool escapes = c != '\'';
      if (escapes) get();
      get();
      t.kind = Tok::kString;
      if (!quoted('\'', escapes, t.text)) unterminated = "a string that is never closed";
      return t;
    }
    if (c == '"' || c == '`' || c == '[') {
      get();
      t.kind = Tok::kQuotedIdent;
      if (!quoted(c == '[' ? ']' : static_cast<char>(c), false, t.text))
        unterminated = "a quoted name that is never closed";
      return t;
    }
    if (std::isdigit(c) || (c == '.' && peek(1) >= 0 && std::isdigit(peek(1)))) {
      t.kind = Tok::kNumber;
      while ((c = peek()) >= 0 && (std::isdigit(c) || c == '.')) t.text += static_cast<char>(get());
      if (c == 'e' || c == 'E') {
        t.text += static_cast<char>(get());
        if (peek() == '+' || peek() == '-') t.text += static_cast<char>(get());
        while ((c = peek()) >= 0 && std::isdigit(c)) t.text += static_cast<char>(get());
      }
      return t;
    }
    if (ident_char(c)) {
      t.kind = Tok::kIdent;
      while ((c = peek()) >= 0 && ident_char(c)) t.text += static_cast<char>(get());
      return t;
    }
    t.kind = Tok::kPunct;
    t.text = std::string(1, static_cast<char>(get()));
    if (t.text == ":" && peek() == ':') t.text += static_cast<char>(get());
    return t;
  }

  // ---- statements
  void skip_statement() {
    for (Token t = next_token(); t.kind != Tok::kEnd && !t.is(";"); t = next_token()) {
    }
  }

  // COPY ... FROM stdin; is followed by data lines up to a line `\.`.
  void skip_copy() {
    bool from_stdin = false;
    Token prev;
    for (Token t = next_token(); t.kind != Tok::kEnd && !t.is(";"); t = next_token()) {
      if (prev.keyword("from") && t.keyword("stdin")) from_stdin = true;
      prev = t;
    }
    if (!from_stdin) return;
    std::string l;
    for (int c; (c = get()) >= 0;) {
      if (c != '\n') {
        l += static_cast<char>(c);
        continue;
      }
      if (l == "\\." || l == "\\.\r") return;
      l.clear();
    }
  }

  // After INSERT: [OR x | IGNORE] [INTO] name [(columns)] VALUES. False: not rows we read.
  bool insert_header() {
    Token t = next_token();
    while (t.kind == Tok::kIdent && !t.keyword("into") && (t.keyword("or") || t.keyword("ignore") ||
                                                           t.keyword("replace") || t.keyword("abort") ||
                                                           t.keyword("rollback") || t.keyword("fail")))
      t = next_token();
    if (t.keyword("into")) t = next_token();
    if (t.kind != Tok::kIdent && t.kind != Tok::kQuotedIdent) return false;
    table = t.text;
    t = next_token();
    while (t.is(".")) {
      t = next_token();
      if (t.kind != Tok::kIdent && t.kind != Tok::kQuotedIdent) return false;
      table = t.text;
      t = next_token();
    }
    columns.clear();
    if (t.is("(")) {
      for (t = next_token(); t.kind == Tok::kIdent || t.kind == Tok::kQuotedIdent; t = next_token()) {
        columns.push_back(t.text);
        t = next_token();
        if (t.is(")")) break;
        if (!t.is(",")) return false;
      }
      if (!t.is(")")) return false;
      t = next_token();
    }
    return t.keyword("values");
  }

  // ---- one row
  // The values of one tuple (its "(" read) into out.value, or out.error when a value is not a
  // literal or the count does not match the columns.
  void tuple(Record& out) {
    core::List values;
    std::string error;
    for (;;) {
      std::vector<Token> toks;
      int depth = 0;
      Token t;
      for (t = next_token(); t.kind != Tok::kEnd; t = next_token()) {
        if (depth == 0 && (t.is(",") || t.is(")"))) break;
        if (t.is("(")) ++depth;
        if (t.is(")")) --depth;
        toks.push_back(t);
      }
      if (t.kind == Tok::kEnd) {
        out.error = unterminated.empty() ? "the input ends inside a row" : "the input ends inside " + unterminated;
        state = State::kStatement;
        return;
      }
      if (error.empty()) {
        auto v = literal(toks);
        if (v)
          values.push_back(std::move(*v));
        else
          error = "value " + std::to_string(values.size() + 1) + " is not a literal (only strings, numbers, NULL, "
                  "TRUE and FALSE are read)";
      }
      if (t.is(")")) break;
    }
    state = State::kAfterTuple;
    if (!error.empty()) {
      out.error = error;
      return;
    }
    const auto& names = columns.empty() ? opt.columns : columns;
    if (!names.empty() && names.size() != values.size()) {
      out.error = "the row has " + std::to_string(values.size()) + " values for " + std::to_string(names.size()) +
                  " columns";
      return;
    }
    core::Map row;
    for (size_t i = 0; i < values.size(); ++i)
      row[names.empty() ? "column_" + std::to_string(i + 1) : names[i]] = std::move(values[i]);
    out.value = std::move(row);
  }

  static std::optional<core::Value> literal(std::vector<Token>& toks) {
    // A cast after the literal ('x'::date, 1::int) does not change what was written.
    for (size_t i = 0; i < toks.size(); ++i)
      if (toks[i].is("::")) {
        toks.resize(i);
        break;
      }
    if (toks.size() == 1) {
      auto& t = toks[0];
      if (t.kind == Tok::kString) return core::Value(std::move(t.text));
      if (t.kind == Tok::kNumber) {
        if (auto d = core::Decimal::parse(t.text)) return core::Value(*d);
        return std::nullopt;
      }
      if (t.keyword("null")) return core::Value();
      if (t.keyword("true")) return core::Value(true);
      if (t.keyword("false")) return core::Value(false);
    }
    if (toks.size() == 2 && (toks[0].is("-") || toks[0].is("+")) && toks[1].kind == Tok::kNumber) {
      if (auto d = core::Decimal::parse(toks[0].text + toks[1].text)) return core::Value(*d);
    }
    return std::nullopt;
  }

  bool next(Record& out) {
    for (;;) {
      if (state == State::kStatement) {
        Token t = next_token();
        if (t.kind == Tok::kEnd) return false;
        if (t.is(";")) continue;
        if (t.keyword("insert") || t.keyword("replace")) {
          if (insert_header())
            state = State::kTuple;
          else
            skip_statement();
        } else if (t.keyword("copy")) {
          skip_copy();
        } else {
          skip_statement();
        }
        continue;
      }
      if (state == State::kAfterTuple) {
        Token t = next_token();
        if (t.is(","))
          state = State::kTuple;
        else if (t.is(";") || t.kind == Tok::kEnd)
          state = State::kStatement;
        else {  // ON CONFLICT ..., RETURNING ...
          skip_statement();
          state = State::kStatement;
        }
        continue;
      }
      // kTuple
      Token t = next_token();
      if (!t.is("(")) {
        if (!t.is(";")) skip_statement();
        state = State::kStatement;
        continue;
      }
      out = Record();
      out.position = line;
      raw = "(";
      capturing = true;
      unterminated.clear();
      tuple(out);
      capturing = false;
      out.raw = std::move(raw);
      raw.clear();
      if (!opt.only_table.empty() && table != opt.only_table) continue;
      return true;
    }
  }
};

SqlInsertReader::SqlInsertReader(std::unique_ptr<core::ByteSource> source, SqlInsertOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->src = std::move(source);
  impl_->opt = std::move(options);
}

SqlInsertReader::~SqlInsertReader() = default;

bool SqlInsertReader::next(Record& out) { return impl_->next(out); }

}  // namespace wharf::pipeline::formats
