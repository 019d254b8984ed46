#include "pipeline/expr/lexer.h"

#include "core/decimal.h"
#include "pipeline/expr/errors.h"
#include "pipeline/expr/utf8.h"

namespace wharf::pipeline::expr {

namespace {

bool name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool digit(char c) { return c >= '0' && c <= '9'; }
bool name_char(char c) { return name_start(c) || digit(c); }

int hex_value(char c) {
  if (digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    while (true) {
      while (i_ < s_.size() &&
             (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
        ++i_;
      if (i_ == s_.size()) break;
      out.push_back(next());
    }
    out.push_back({TokenKind::kEnd, s_.substr(s_.size()), "", s_.size()});
    return out;
  }

 private:
  Token make(TokenKind kind, size_t begin, std::string value) {
    return {kind, s_.substr(begin, i_ - begin), std::move(value), begin};
  }
  Token make(TokenKind kind, size_t begin) {
    return make(kind, begin, std::string(s_.substr(begin, i_ - begin)));
  }

  Token next() {
    size_t b = i_;
    char c = s_[i_];
    if (digit(c)) return number();
    if (name_start(c)) {
      while (i_ < s_.size() && name_char(s_[i_])) ++i_;
      return make(TokenKind::kName, b);
    }
    if (c == '\'' || c == '"') return string();
    if (c == '`') return quoted_name();
    static constexpr std::string_view kTwo[] = {"||", "==", "!=", "<>", "<=", ">="};
    for (std::string_view op : kTwo)
      if (s_.substr(i_).starts_with(op)) {
        i_ += 2;
        return make(TokenKind::kOperator, b);
      }
    if (std::string_view("()[],.+-*/%=<>").find(c) != std::string_view::npos) {
      ++i_;
      return make(TokenKind::kOperator, b);
    }
    throw syntax_error(
        s_, b,
        "unexpected character '" + std::string(s_.substr(b, utf8::char_length(s_, b))) + "'");
  }

  Token number() {
    size_t b = i_;
    auto digits = [&] {
      size_t start = i_;
      while (i_ < s_.size() && digit(s_[i_])) ++i_;
      return i_ > start;
    };
    digits();
    bool ok = true;
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      ok = digits();
    }
    if (ok && i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      ok = digits();
    }
    // A number glued to a name ("12abc", "1e") is one malformed token.
    while (i_ < s_.size() && (name_char(s_[i_]) || (s_[i_] == '.' && !ok))) {
      ++i_;
      ok = false;
    }
    Token t = make(TokenKind::kNumber, b);
    if (!ok || !core::Decimal::parse(t.value))
      throw syntax_error(s_, b, "invalid number '" + t.value + "'");
    return t;
  }

  Token string() {
    size_t b = i_;
    char quote = s_[i_++];
    std::string value;
    while (true) {
      if (i_ >= s_.size()) throw syntax_error(s_, b, "unterminated string");
      char c = s_[i_++];
      if (c == quote) {
        if (i_ < s_.size() && s_[i_] == quote) {  // 'it''s'
          value += quote;
          ++i_;
          continue;
        }
        break;
      }
      if (c != '\\' || i_ >= s_.size()) {
        value += c;
        continue;
      }
      char e = s_[i_++];
      switch (e) {
        case '\\':
        case '\'':
        case '"':
          value += e;
          break;
        case 'n':
          value += '\n';
          break;
        case 'r':
          value += '\r';
          break;
        case 't':
          value += '\t';
          break;
        case 'u':
          unicode_escape(value);
          break;
        default:  // kept: regexes and like patterns use their own escapes
          value += '\\';
          value += e;
          break;
      }
    }
    return make(TokenKind::kString, b, std::move(value));
  }

  // After "\u": four hex digits, and a second \uXXXX when the first is a high surrogate.
  void unicode_escape(std::string& out) {
    size_t b = i_ - 2;
    auto hex4 = [&](uint32_t& v) {
      v = 0;
      for (int k = 0; k < 4; ++k) {
        int h = i_ < s_.size() ? hex_value(s_[i_]) : -1;
        if (h < 0) return false;
        v = v * 16 + static_cast<uint32_t>(h);
        ++i_;
      }
      return true;
    };
    auto bad = [&] {
      size_t e = std::min(i_, s_.size());
      return syntax_error(s_, b, "invalid escape '" + std::string(s_.substr(b, e - b)) + "'");
    };
    uint32_t cp;
    if (!hex4(cp)) throw bad();
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      uint32_t low;
      if (!s_.substr(i_).starts_with("\\u")) throw bad();
      i_ += 2;
      if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) throw bad();
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      throw bad();
    }
    utf8::append(out, cp);
  }

  Token quoted_name() {
    size_t b = i_++;
    std::string value;
    while (true) {
      if (i_ >= s_.size()) throw syntax_error(s_, b, "unterminated quoted name");
      char c = s_[i_++];
      if (c == '`') {
        if (i_ < s_.size() && s_[i_] == '`') {
          value += '`';
          ++i_;
          continue;
        }
        break;
      }
      value += c;
    }
    if (value.empty()) throw syntax_error(s_, b, "empty quoted name");
    return make(TokenKind::kQuotedName, b, std::move(value));
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text) { return Lexer(text).run(); }

}  // namespace wharf::pipeline::expr
