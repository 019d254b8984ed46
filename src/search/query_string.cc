// Lucene query syntax (query_string, q=) and the forgiving simple_query_string syntax, parsed into
// the same Query tree as the JSON DSL: terms and phrases become match / match_phrase queries on
// the requested fields, so analysis and scoring are the DSL's.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cctype>

#include "search/errors.h"
#include "search/query.h"

namespace wharf::search {

namespace json = boost::json;

namespace {

enum class Occur { kShould, kMust, kMustNot };

class QsParser {
 public:
  QsParser(const std::string& text, const std::vector<std::string>& fields, bool and_default,
           bool simple)
      : s_(text), fields_(fields), and_default_(and_default), simple_(simple) {}

  QueryPtr parse() {
    auto q = clauses(false);
    skip_ws();
    if (pos_ < s_.size() && !simple_) error("Encountered \" \")\" \") \"\"");
    return q;
  }

 private:
  [[noreturn]] void error(const std::string& what) {
    throw es_error("query_shard_exception",
                   fmt::format("Failed to parse query [{}]", s_))
        .with("caused_by.type", "parse_exception")
        .with("caused_by.reason", "Cannot parse '" + s_ + "': " + what);
  }

  void skip_ws() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }

  bool keyword(const char* kw) {
    size_t n = std::strlen(kw);
    if (s_.compare(pos_, n, kw) != 0) return false;
    if (pos_ + n < s_.size() && !std::isspace(static_cast<unsigned char>(s_[pos_ + n])) &&
        s_[pos_ + n] != '(')
      return false;
    pos_ += n;
    return true;
  }

  // A sequence of clauses up to ')' or the end.
  QueryPtr clauses(bool nested) {
    std::vector<std::pair<Occur, QueryPtr>> list;
    bool pending_and = false, pending_or = false;
    while (true) {
      skip_ws();
      if (pos_ >= s_.size()) break;
      if (s_[pos_] == ')') {
        if (!nested && !simple_) error("Encountered \" \")\"");
        if (!nested) {
          ++pos_;
          continue;
        }
        break;
      }
      if (!simple_ && (keyword("AND") || s_.compare(pos_, 2, "&&") == 0)) {
        if (s_[pos_] == '&') pos_ += 2;
        pending_and = true;
        if (!list.empty() && list.back().first == Occur::kShould) list.back().first = Occur::kMust;
        continue;
      }
      if ((!simple_ && (keyword("OR") || s_.compare(pos_, 2, "||") == 0)) ||
          (simple_ && s_[pos_] == '|')) {
        if (s_[pos_] == '|') pos_ += s_.compare(pos_, 2, "||") == 0 ? 2 : 1;
        pending_or = true;
        if (and_default_ && !list.empty() && list.back().first == Occur::kMust)
          list.back().first = Occur::kShould;
        continue;
      }
      Occur occur = and_default_ ? Occur::kMust : Occur::kShould;
      if (pending_and) occur = Occur::kMust;
      if (pending_or) occur = Occur::kShould;
      if (s_[pos_] == '+') {
        occur = Occur::kMust;
        ++pos_;
      } else if (s_[pos_] == '-' || s_[pos_] == '!') {
        occur = Occur::kMustNot;
        ++pos_;
      } else if (!simple_ && keyword("NOT")) {
        occur = Occur::kMustNot;
      }
      pending_and = pending_or = false;
      skip_ws();
      auto q = clause();
      if (q) list.emplace_back(occur, std::move(q));
    }
    if (list.size() == 1 && list[0].first != Occur::kMustNot) return std::move(list[0].second);
    auto b = std::make_unique<Query>();
    b->kind = QueryKind::kBool;
    for (auto& [occur, q] : list)
      (occur == Occur::kMust ? b->must : occur == Occur::kShould ? b->should : b->must_not)
          .push_back(std::move(q));
    if (b->must.empty() && b->should.empty() && !b->must_not.empty())
      b->must.push_back(std::make_unique<Query>());  // pure negative: everything else
    if (list.empty()) {
      auto none = std::make_unique<Query>();
      none->kind = QueryKind::kMatchNone;
      return none;
    }
    return b;
  }

  std::string read_term() {
    std::string out;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '\\' && pos_ + 1 < s_.size()) {
        out += s_[pos_ + 1];
        pos_ += 2;
        continue;
      }
      if (std::isspace(static_cast<unsigned char>(c)) || c == '(' || c == ')' || c == '"' ||
          (!simple_ && (c == ':' || c == '^' || c == '[' || c == ']' || c == '{' || c == '}')) ||
          c == '~' || (simple_ && c == '|'))
        break;
      out += c;
      ++pos_;
    }
    return out;
  }

  QueryPtr leaf(QueryKind kind, const std::vector<std::string>& fields, json::value value) {
    auto q = std::make_unique<Query>();
    if (fields.size() == 1 && fields[0].find('*') == std::string::npos) {
      q->kind = kind;
      q->field = fields[0];
    } else {
      q->kind = QueryKind::kMultiMatch;
      q->fields = fields;
      q->type = kind == QueryKind::kMatchPhrase ? "phrase" : "best_fields";
      if (kind == QueryKind::kPrefix || kind == QueryKind::kWildcard || kind == QueryKind::kRegexp ||
          kind == QueryKind::kFuzzy || kind == QueryKind::kRange) {
        // Term-level queries over several fields: a dis_max of one per field.
        q->kind = QueryKind::kDisMax;
        for (const auto& f : fields) {
          auto sub = std::make_unique<Query>();
          sub->kind = kind;
          sub->field = f;
          sub->value = value;
          q->should.push_back(std::move(sub));
        }
        return q;
      }
    }
    q->value = std::move(value);
    q->lenient = true;
    return q;
  }

  QueryPtr clause() {
    std::vector<std::string> fields = fields_;
    if (pos_ < s_.size() && s_[pos_] == '(') {
      ++pos_;
      auto q = clauses(true);
      if (pos_ < s_.size() && s_[pos_] == ')') ++pos_;
      else if (!simple_) error("Encountered \"<EOF>\"");
      boost(*q);
      return q;
    }
    if (pos_ < s_.size() && s_[pos_] == '"') {
      size_t close = s_.find('"', pos_ + 1);
      if (close == std::string::npos) {
        if (!simple_) error("Lexical error: encountered <EOF> after \"" + s_.substr(pos_) + "\"");
        close = s_.size();
      }
      std::string phrase = s_.substr(pos_ + 1, close - pos_ - 1);
      pos_ = std::min(close + 1, s_.size());
      auto q = leaf(QueryKind::kMatchPhrase, fields, json::value(phrase));
      if (pos_ < s_.size() && s_[pos_] == '~') {
        ++pos_;
        std::string n = read_term();
        q->slop = n.empty() ? 0 : std::atoi(n.c_str());
      }
      boost(*q);
      return q;
    }
    if (!simple_ && pos_ < s_.size() && (s_[pos_] == '[' || s_[pos_] == '{'))
      return range(fields);
    if (!simple_ && pos_ < s_.size() && s_[pos_] == '/') return regexp(fields);
    std::string term = read_term();
    if (!simple_ && pos_ < s_.size() && s_[pos_] == ':') {
      ++pos_;
      if (term == "_exists_") {
        auto q = std::make_unique<Query>();
        q->kind = QueryKind::kExists;
        q->field = read_term();
        return q;
      }
      fields = {term};
      skip_ws();
      if (pos_ < s_.size() && (s_[pos_] == '(' || s_[pos_] == '"' || s_[pos_] == '[' ||
                               s_[pos_] == '{' || s_[pos_] == '/')) {
        std::swap(fields_, fields);
        auto q = clause();
        std::swap(fields_, fields);
        return q;
      }
      if (pos_ < s_.size() && (s_[pos_] == '>' || s_[pos_] == '<')) {
        bool gt = s_[pos_] == '>';
        ++pos_;
        bool eq = pos_ < s_.size() && s_[pos_] == '=';
        if (eq) ++pos_;
        auto q = std::make_unique<Query>();
        q->kind = QueryKind::kRange;
        q->field = fields[0];
        json::value v(read_term());
        (gt ? (eq ? q->gte : q->gt) : (eq ? q->lte : q->lt)) = v;
        return q;
      }
      term = read_term();
    }
    if (term.empty()) {
      if (pos_ < s_.size() && !simple_) error("Encountered \"" + s_.substr(pos_, 1) + "\"");
      if (pos_ < s_.size()) ++pos_;
      return nullptr;
    }
    QueryPtr q;
    if (pos_ < s_.size() && s_[pos_] == '~') {
      ++pos_;
      std::string n = read_term();
      q = leaf(QueryKind::kFuzzy, fields, json::value(term));
      q->fuzziness = n.empty() ? "AUTO" : n;
      if (q->kind == QueryKind::kMultiMatch) q->type = "best_fields";
    } else if (term == "*" && fields.size() == 1 && fields[0] == "*") {
      q = std::make_unique<Query>();
    } else if (term.find_first_of("*?") != std::string::npos) {
      bool prefix = term.back() == '*' && term.find_first_of("*?") == term.size() - 1;
      std::string lowered = term;
      for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      q = leaf(prefix ? QueryKind::kPrefix : QueryKind::kWildcard, fields,
               json::value(prefix ? lowered.substr(0, lowered.size() - 1) : lowered));
    } else {
      q = leaf(QueryKind::kMatch, fields, json::value(term));
    }
    boost(*q);
    return q;
  }

  // /regular expression/ (Lucene syntax): up to the next slash not escaped by a backslash.
  QueryPtr regexp(const std::vector<std::string>& fields) {
    std::string re;
    size_t i = pos_ + 1;
    for (; i < s_.size() && s_[i] != '/'; ++i) {
      if (s_[i] == '\\' && i + 1 < s_.size() && s_[i + 1] == '/') ++i;
      re += s_[i];
    }
    if (i >= s_.size()) error("Lexical error: encountered <EOF> after \"" + s_.substr(pos_) + "\"");
    pos_ = i + 1;
    auto q = leaf(QueryKind::kRegexp, fields, json::value(re));
    boost(*q);
    return q;
  }

  QueryPtr range(const std::vector<std::string>& fields) {
    bool incl_lo = s_[pos_++] == '[';
    skip_ws();
    std::string lo = read_term();
    skip_ws();
    if (!keyword("TO")) error("Encountered range without TO");
    skip_ws();
    std::string hi = read_term();
    skip_ws();
    if (pos_ >= s_.size() || (s_[pos_] != ']' && s_[pos_] != '}')) error("Encountered \"<EOF>\"");
    bool incl_hi = s_[pos_++] == ']';
    auto q = std::make_unique<Query>();
    q->kind = QueryKind::kRange;
    q->field = fields.empty() ? "*" : fields[0];
    if (lo != "*") (incl_lo ? q->gte : q->gt) = json::value(lo);
    if (hi != "*") (incl_hi ? q->lte : q->lt) = json::value(hi);
    return q;
  }

  void boost(Query& q) {
    if (pos_ < s_.size() && s_[pos_] == '^' && !simple_) {
      ++pos_;
      std::string b = read_term();
      q.boost = b.empty() ? 1.0f : std::strtof(b.c_str(), nullptr);
    }
  }

  std::string s_;
  std::vector<std::string> fields_;
  bool and_default_;
  bool simple_;
  size_t pos_ = 0;
};

}  // namespace

QueryPtr parse_query_string(const std::string& text, const std::vector<std::string>& fields,
                            const std::string& default_operator, bool simple) {
  std::vector<std::string> f = fields.empty() ? std::vector<std::string>{"*"} : fields;
  return QsParser(text, f, default_operator == "and", simple).parse();
}

}  // namespace wharf::search
