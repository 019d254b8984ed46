#include "pipeline/formats/sql_inserts.h"

#include <cstring>

#include "core/decimal.h"
#include "core/encoding.h"
#include "pipeline/expr/utf8.h"
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
constexpr size_t kMaxValue = 16 * 1024 * 1024;  // a longer string is an error, not a memory hog

bool ident_char(int c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

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
  bool too_long = false;     // a string of the current row went past kMaxValue

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

  void append(std::string& out, char c) {
    if (out.size() < kMaxValue)
      out += c;
    else
      too_long = true;  // keep scanning for the end, holding no more
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
      append(out, static_cast<char>(c));
    }
  }

  // PostgreSQL's $tag$ ... $tag$ (function bodies in dumps); the opening tag is read.
  bool dollar_quoted(const std::string& tag, std::string& out) {
    size_t matched = 0;  // how much of the closing tag the last bytes were
    for (int c; (c = get()) >= 0;) {
      if (static_cast<char>(c) == tag[matched]) {
        if (++matched == tag.size()) return true;
        continue;
      }
      for (size_t i = 0; i < matched; ++i) append(out, tag[i]);
      matched = static_cast<char>(c) == tag[0] ? 1 : 0;
      if (!matched) append(out, static_cast<char>(c));
    }
    return false;
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
    if (c == '$') {  // $$ or $tag$ opens a dollar-quoted string; anything else is punctuation
      size_t n = 1;
      while (peek(n) >= 0 && (std::isalnum(peek(n)) || peek(n) == '_')) ++n;
      if (peek(n) == '$' && (n == 1 || !std::isdigit(peek(1)))) {
        std::string tag;
        for (size_t i = 0; i <= n; ++i) tag += static_cast<char>(get());
        t.kind = Tok::kString;
        if (!dollar_quoted(tag, t.text)) unterminated = "a " + tag + " string that is never closed";
        return t;
      }
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

  // CREATE ...: a SQLite trigger's body holds statements of its own (BEGIN ... END;), which are
  // not rows. (PostgreSQL's triggers name a function; function bodies are $$ strings.)
  void skip_create() {
    bool trigger = false, body = false;
    Token prev;
    int n = 0;
    for (Token t = next_token(); t.kind != Tok::kEnd; prev = t, t = next_token(), ++n) {
      if (n < 4 && t.keyword("trigger")) trigger = true;  // CREATE [TEMP] TRIGGER, not RETURNS trigger
      if (trigger && t.keyword("begin")) body = true;
      if (t.is(";") && (!body || prev.keyword("end"))) return;
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
        if (too_long)
          error = "value " + std::to_string(values.size() + 1) + " is longer than 16 MiB";
        else if (v)
          values.push_back(std::move(*v));
        else
          error = "value " + std::to_string(values.size() + 1) + " is not a literal (only strings, numbers, NULL, "
                  "TRUE, FALSE, X'hex' and what sqlite3 .dump writes are read)";
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
    size_t i = 0;
    auto v = expression(toks, i);
    if (v && i < toks.size() && toks[i].is("::")) i = toks.size();  // a cast does not change what was written
    return v && i == toks.size() ? v : std::nullopt;
  }

  // A literal, or the few functions dumps write values with: sqlite3 .dump's
  // replace('a\nb','\n',char(10)) and unistr('\u00e9'), and char(...).
  static std::optional<core::Value> expression(std::vector<Token>& toks, size_t& i) {
    if (i >= toks.size()) return std::nullopt;
    Token& t = toks[i];
    if (t.kind == Tok::kString) return core::Value(std::move(toks[i++].text));
    if (t.kind == Tok::kNumber || ((t.is("-") || t.is("+")) && i + 1 < toks.size() && toks[i + 1].kind == Tok::kNumber)) {
      std::string text = t.kind == Tok::kNumber ? t.text : t.text + toks[++i].text;
      ++i;
      if (auto d = core::Decimal::parse(text)) return core::Value(*d);
      return std::nullopt;
    }
    if (t.kind != Tok::kIdent) return std::nullopt;
    std::string name = core::to_lower(t.text);
    ++i;
    if (name == "null") return core::Value();
    if (name == "true") return core::Value(true);
    if (name == "false") return core::Value(false);
    if (name == "x" && i < toks.size() && toks[i].kind == Tok::kString) {
      if (auto bytes = core::from_hex(toks[i++].text)) return core::Value(core::Binary{std::move(*bytes)});
      return std::nullopt;
    }
    if (i >= toks.size() || !toks[i].is("(")) return std::nullopt;
    ++i;
    std::vector<core::Value> args;
    while (i < toks.size() && !toks[i].is(")")) {
      auto a = expression(toks, i);
      if (!a) return std::nullopt;
      args.push_back(std::move(*a));
      if (i < toks.size() && toks[i].is(",")) ++i;
    }
    if (i >= toks.size()) return std::nullopt;
    ++i;  // ")"
    auto text = [&](size_t k) { return args[k].is<std::string>() ? &args[k].as<std::string>() : nullptr; };
    if (name == "char") {
      std::string out;
      for (auto& a : args) {
        if (!a.is<core::Decimal>()) return std::nullopt;
        auto code = a.as<core::Decimal>().to_int64();
        if (!code || *code < 0 || *code > 0x10FFFF) return std::nullopt;
        expr::utf8::append(out, static_cast<uint32_t>(*code));
      }
      return core::Value(std::move(out));
    }
    if (name == "replace" && args.size() == 3 && text(0) && text(1) && text(2)) {
      std::string out, &from = *text(1), &to = *text(2), &in = *text(0);
      if (from.empty()) return core::Value(in);
      for (size_t pos = 0;;) {
        size_t hit = in.find(from, pos);
        out.append(in, pos, hit == std::string::npos ? std::string::npos : hit - pos);
        if (hit == std::string::npos) break;
        out += to;
        pos = hit + from.size();
      }
      return core::Value(std::move(out));
    }
    if (name == "unistr" && args.size() == 1 && text(0)) {
      const std::string& in = *text(0);
      std::string out;
      for (size_t k = 0; k < in.size(); ++k) {
        if (in[k] != '\\' || k + 1 >= in.size()) {
          out += in[k];
          continue;
        }
        if (in[k + 1] == '\\') {
          out += '\\';
          ++k;
          continue;
        }
        size_t digits = in[k + 1] == 'u' ? 4 : in[k + 1] == 'U' ? 8 : in[k + 1] == '+' ? 6 : 4;
        size_t from = std::isdigit(static_cast<unsigned char>(in[k + 1])) ? k + 1 : k + 2;
        if (from + digits > in.size()) return std::nullopt;
        uint32_t cp = 0;
        for (size_t d = from; d < from + digits; ++d) {
          int h = std::isdigit(static_cast<unsigned char>(in[d])) ? in[d] - '0'
                  : std::isxdigit(static_cast<unsigned char>(in[d])) ? (std::tolower(in[d]) - 'a' + 10) : -1;
          if (h < 0) return std::nullopt;
          cp = cp * 16 + static_cast<uint32_t>(h);
        }
        expr::utf8::append(out, cp);
        k = from + digits - 1;
      }
      return core::Value(std::move(out));
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
        } else if (t.keyword("create")) {
          skip_create();
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
      too_long = false;
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
