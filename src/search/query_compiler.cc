#include "search/query_compiler.h"

#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <optional>
#include <regex>
#include <type_traits>

#include "search/bm25.h"
#include "search/date_format.h"
#include "search/document_indexer.h"
#include "search/errors.h"
#include "search/index_terms.h"
#include "search/patterns.h"

namespace wharf::search {

namespace json = boost::json;
using XQ = Xapian::Query;

namespace {

// One plain spec: "2", "-1", "75%", "-25%".
int plain_msm(const std::string& spec, int optional) {
  int result;
  if (!spec.empty() && spec.back() == '%') {
    double pct = std::atof(spec.substr(0, spec.size() - 1).c_str());
    int calc = static_cast<int>(optional * pct / 100.0);
    result = pct < 0 ? optional + calc : calc;
  } else {
    int n = std::atoi(spec.c_str());
    result = n < 0 ? optional + n : n;
  }
  return result;
}

}  // namespace

int minimum_should_match(const std::string& raw_spec, int optional) {
  std::string spec_in;  // spaces around '<' belong to the condition, not between conditions
  for (size_t i = 0; i < raw_spec.size(); ++i) {
    if (raw_spec[i] == ' ') {
      size_t j = raw_spec.find_first_not_of(' ', i);
      bool around_lt = (j != std::string::npos && raw_spec[j] == '<') ||
                       (!spec_in.empty() && spec_in.back() == '<');
      if (around_lt) continue;
    }
    spec_in += raw_spec[i];
  }
  // Conditions "n<spec" separated by spaces: the spec of the largest n below the number of
  // optional clauses applies; with no such n, every clause is required.
  std::vector<std::pair<int, std::string>> conditions;
  std::string plain;
  size_t pos = 0;
  while (pos < spec_in.size()) {
    size_t sp = spec_in.find(' ', pos);
    std::string part = spec_in.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos);
    pos = sp == std::string::npos ? spec_in.size() : sp + 1;
    if (part.empty()) continue;
    if (auto lt = part.find('<'); lt != std::string::npos)
      conditions.emplace_back(std::atoi(part.substr(0, lt).c_str()), part.substr(lt + 1));
    else
      plain = part;
  }
  int result;
  if (!conditions.empty()) {
    std::sort(conditions.begin(), conditions.end());
    if (optional <= conditions.front().first) return optional;
    const std::string* use = &conditions.front().second;
    for (const auto& [n, spec] : conditions)
      if (optional > n) use = &spec;
    result = plain_msm(*use, optional);
  } else {
    if (plain.empty()) return 0;
    result = plain_msm(plain, optional);
  }
  return std::clamp(result, 0, optional);
}

std::vector<std::pair<Xapian::docid, double>> run_to_list(const Xapian::Database& db,
                                                          const XQ& q) {
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  enquire.set_weighting_scheme(SourceOnlyWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  Xapian::MSet m = enquire.get_mset(0, db.get_doccount(), db.get_doccount());
  std::vector<std::pair<Xapian::docid, double>> out;
  out.reserve(m.size());
  for (auto it = m.begin(); it != m.end(); ++it) out.emplace_back(*it, it.get_weight());
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

XQ zero(XQ q) { return q.empty() ? q : XQ(XQ::OP_SCALE_WEIGHT, q, 0.0); }

XQ constant(XQ q, double boost, bool scoring) {
  if (q.empty()) return q;
  if (!scoring || boost == 0) return zero(q);
  return XQ(XQ::OP_FILTER, XQ((new Xapian::FixedWeightPostingSource(boost))->release()), q);
}

XQ scored_list(std::vector<std::pair<Xapian::docid, double>> docs) {
  if (docs.empty()) return XQ::MatchNothing;
  auto shared = std::make_shared<const std::vector<std::pair<Xapian::docid, double>>>(std::move(docs));
  return XQ((new ScoredDocsSource(shared))->release());
}

XQ any_of(std::vector<XQ> qs, XQ::op op = XQ::OP_OR) {
  std::erase_if(qs, [](const XQ& q) { return q.empty(); });
  if (qs.empty()) return XQ::MatchNothing;
  if (qs.size() == 1) return qs[0];
  return XQ(op, qs.begin(), qs.end());
}

// Edit distance with adjacent transpositions (Damerau, optimal string alignment), on code points.
int edit_distance(const std::u32string& a, const std::u32string& b, bool transpositions, int cap) {
  size_t n = a.size(), m = b.size();
  if (static_cast<int>(n > m ? n - m : m - n) > cap) return cap + 1;
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i)
    for (size_t j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

std::u32string to_u32(std::string_view s) {
  std::u32string out;
  for (Xapian::Utf8Iterator it(s.data(), s.size()); it != Xapian::Utf8Iterator(); ++it)
    out.push_back(*it);
  return out;
}

int auto_fuzziness(const std::string& spec, size_t len) {
  if (spec.empty()) return 0;
  if (spec.starts_with("AUTO") || spec.starts_with("auto")) {
    size_t lo = 3, hi = 6;
    if (auto colon = spec.find(':'); colon != std::string::npos) {
      lo = std::stoul(spec.substr(colon + 1));
      hi = std::stoul(spec.substr(spec.find(',', colon) + 1));
    }
    return len < lo ? 0 : len < hi ? 1 : 2;
  }
  return std::min(2, std::max(0, static_cast<int>(std::atof(spec.c_str()))));
}

bool wildcard_match(std::u32string_view p, std::u32string_view s) {
  size_t pi = 0, si = 0, star = std::u32string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && (p[pi] == U'?' || p[pi] == s[si])) {
      ++pi, ++si;
    } else if (pi < p.size() && p[pi] == U'*') {
      star = pi++;
      mark = si;
    } else if (star != std::u32string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == U'*') ++pi;
  return pi == p.size();
}

std::string lower_ascii_utf8(std::string_view s) {
  std::string out;
  for (Xapian::Utf8Iterator it(s.data(), s.size()); it != Xapian::Utf8Iterator(); ++it)
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
  return out;
}

class Compiler {
 public:
  explicit Compiler(CompileContext& ctx) : ctx_(ctx) {}

  XQ compile(const Query& q, bool scoring) {
    XQ out = compile_inner(q, scoring);
    if (scoring && q.boost != 1.0f && !out.empty() && !boost_applied_) {
      out = XQ(XQ::OP_SCALE_WEIGHT, out, q.boost);
    }
    boost_applied_ = false;
    return out;
  }

 private:
  // Fields named by a pattern ("title", "title^2", "*", "name.*"), with their boosts.
  std::vector<std::pair<const FieldMapping*, float>> resolve_fields(
      const std::vector<std::string>& specs, bool text_like_only) {
    std::vector<std::pair<const FieldMapping*, float>> out;
    for (const auto& spec : specs) {
      std::string name = spec;
      float boost = 1;
      if (auto caret = spec.rfind('^'); caret != std::string::npos) {
        name = spec.substr(0, caret);
        boost = std::strtof(spec.c_str() + caret + 1, nullptr);
      }
      if (name.find('*') != std::string::npos) {
        for (const FieldMapping* f : ctx_.mapping.match(name))
          if (!text_like_only || f->type == FieldType::kText || f->type == FieldType::kKeyword)
            out.emplace_back(f, boost);
      } else if (const FieldMapping* f = ctx_.mapping.field(name); f && f->leaf()) {
        out.emplace_back(f, boost);
      }
    }
    return out;
  }

  const FieldStats& stats(uint32_t id) {
    static const FieldStats kEmpty;
    auto it = ctx_.stats.find(id);
    return it == ctx_.stats.end() ? kEmpty : it->second;
  }

  void note_term(const FieldMapping& f, const std::string& token) {
    if (ctx_.highlight_terms) {
      const std::string& path = f.source_path();
      (*ctx_.highlight_terms)[path].insert(token);
    }
  }

  // `stats_id`: the field whose statistics give avgdl (a text field's phrase field, for
  // shingles).
  std::shared_ptr<const Bm25Params> params(const FieldMapping& f, float boost, float idf,
                                           std::optional<uint32_t> stats_id = std::nullopt) {
    const FieldStats& s = stats(stats_id.value_or(f.id));
    float avgdl = s.doc_count == 0
                      ? 1.0f
                      : static_cast<float>(static_cast<double>(s.sum_ttf) /
                                           static_cast<double>(s.doc_count));
    bool text = f.type == FieldType::kText;
    return Bm25Params::make(boost, idf, avgdl, text && f.has_norms, text, ctx_.columns);
  }

  // A BM25-scored term (or an unweighted one in filter context).
  XQ term(const FieldMapping& f, const std::string& token, float boost, bool scoring,
          std::optional<uint64_t> df_override = std::nullopt) {
    std::string t = field_term(f.id, token);
    note_term(f, token);
    Xapian::doccount df = ctx_.db.get_termfreq(t);
    if (df == 0) return XQ::MatchNothing;
    if (!scoring) return zero(XQ(t));
    float idf = bm25_idf(df_override.value_or(df), std::max<uint64_t>(stats(f.id).doc_count, df));
    auto* scorer = new TermScorer(t, length_slot(f.id), params(f, boost, idf));
    if (ctx_.leaves)
      ctx_.leaves->push_back({fmt::format("{}:{}", f.path, token),
                              std::shared_ptr<Bm25Source>(scorer->clone())});
    XQ leaf(scorer->release());
    if (ctx_.term_scorers) ctx_.term_scorers->emplace_back(scorer, leaf);
    return leaf;
  }

  std::shared_ptr<const Analyzer> analyzer_for(const FieldMapping& f, const std::string& name) {
    std::string n = !name.empty()                     ? name
                    : f.type == FieldType::kText      ? f.query_analyzer()
                                                      : "keyword";
    auto a = ctx_.analyzers.find(n);
    if (!a) throw illegal_argument(fmt::format("analyzer [{}] has not been configured in mappings", n));
    return a;
  }

  std::optional<double> numeric(const FieldMapping& f, const json::value& v, bool round_up,
                                const std::string& format, bool lenient) {
    if (f.type == FieldType::kDate) {
      if (v.is_number()) {  // epoch millis, or seconds where that is the format (as indexed)
        const std::string& effective = !format.empty() ? format : f.formats.empty() ? std::string() : f.formats[0];
        return v.to_number<double>() * (effective == "epoch_second" ? 1000 : 1);
      }
      if (v.is_string()) {
        std::vector<std::string> formats = f.formats;
        if (!format.empty()) formats.insert(formats.begin(), format);
        if (auto ms = parse_date_math(v.as_string(), ctx_.now_ms, round_up, formats))
          return static_cast<double>(*ms);
      }
      if (lenient) return std::nullopt;
      throw es_error("parse_exception",
                     fmt::format("failed to parse date field [{}] with format [{}]",
                                 scalar_text(v), fmt::join(f.formats, "||")));
    }
    if (f.type == FieldType::kBoolean) {
      if (v.is_bool()) return v.as_bool() ? 1 : 0;
      if (v.is_string() && (v.as_string() == "true" || v.as_string() == "false"))
        return v.as_string() == "true" ? 1 : 0;
    }
    if (v.is_number()) return v.to_number<double>();
    if (v.is_string()) {
      std::string s(v.as_string());
      char* end = nullptr;
      double d = std::strtod(s.c_str(), &end);
      if (!s.empty() && end == s.c_str() + s.size()) return d;
    }
    if (lenient) return std::nullopt;
    throw es_error("query_shard_exception",
                   fmt::format("failed to create query: For input string: \"{}\"", scalar_text(v)))
        .with("caused_by.type", "number_format_exception")
        .with("caused_by.reason", fmt::format("For input string: \"{}\"", scalar_text(v)));
  }

  // Exact value match on one field (term query semantics).
  XQ exact(const FieldMapping& f, const json::value& v, float boost, bool scoring, bool lenient,
           bool case_insensitive = false) {
    switch (f.type) {
      case FieldType::kText:
      case FieldType::kKeyword: {
        std::string s = scalar_text(v);
        if (case_insensitive) return expand(f, "", [&](const std::string& t) {
          return lower_ascii_utf8(t) == lower_ascii_utf8(s);
        }, boost, scoring);
        return term(f, s, boost, scoring);
      }
      case FieldType::kBoolean: {
        auto n = numeric(f, v, false, "", lenient);
        if (!n) return XQ::MatchNothing;
        return term(f, *n != 0 ? "T" : "F", boost, scoring);
      }
      default: {
        auto n = numeric(f, v, false, "", lenient);
        if (!n) return XQ::MatchNothing;
        double x = *n;
        if (f.type == FieldType::kFloat) x = static_cast<float>(x);
        return XQ((new NumericRangeSource(values_slot(f.id), x, true, x, true,
                                          scoring ? boost : 0, ctx_.columns))->release());
      }
    }
  }

  template <typename Pred>
  XQ expand(const FieldMapping& f, const std::string& literal_prefix, Pred pred, float boost,
            bool scoring, size_t limit = 100000) {
    std::string prefix = field_term(f.id, literal_prefix);
    std::string base = term_prefix(f.id);
    std::vector<XQ> terms;
    for (auto it = ctx_.db.allterms_begin(prefix); it != ctx_.db.allterms_end(prefix); ++it) {
      std::string t = (*it).substr(base.size());
      if (!pred(t)) continue;
      note_term(f, t);
      terms.emplace_back(*it);
      if (terms.size() >= limit) break;
    }
    return constant(any_of(std::move(terms)), boost, scoring);
  }

  XQ match_field(const Query& q, const FieldMapping& f, float boost, bool scoring) {
    if (f.type != FieldType::kText && f.type != FieldType::kKeyword) {
      bool lenient = q.lenient;
      auto r = exact(f, q.value, boost, scoring, lenient);
      return r;
    }
    std::string text = scalar_text(q.value);
    auto tokens = analyzer_for(f, q.analyzer)->analyze(text);
    if (tokens.empty()) return q.zero_terms_query == "all" ? constant(XQ::MatchAll, boost, scoring)
                                                          : XQ::MatchNothing;
    bool prefix_last = q.kind == QueryKind::kMatchBoolPrefix;
    // One clause per position (tokens at the same position are alternatives).
    std::vector<XQ> clauses;
    for (size_t i = 0; i < tokens.size();) {
      size_t j = i;
      std::vector<XQ> alts;
      while (j < tokens.size() && tokens[j].position == tokens[i].position) {
        bool last = j + 1 == tokens.size();
        const std::string& tok = tokens[j].term;
        if (prefix_last && last) {
          alts.push_back(expand(f, tok, [](const std::string&) { return true; }, boost, scoring,
                                q.max_expansions));
        } else if (!q.fuzziness.empty()) {
          alts.push_back(fuzzy(f, tok, q.fuzziness, q.prefix_length, q.max_expansions,
                               q.transpositions, boost, scoring));
        } else {
          alts.push_back(term(f, tok, boost, scoring));
        }
        ++j;
      }
      clauses.push_back(any_of(std::move(alts)));
      i = j;
    }
    if (clauses.size() == 1) return clauses[0];
    if (q.op == "and") {
      for (const auto& c : clauses)
        if (c.empty()) return XQ::MatchNothing;
      return XQ(XQ::OP_AND, clauses.begin(), clauses.end());
    }
    int msm = q.minimum_should_match.empty()
                  ? 1
                  : minimum_should_match(q.minimum_should_match, static_cast<int>(clauses.size()));
    return at_least(std::move(clauses), std::max(1, msm));
  }

  // Documents matching at least `k` of `clauses`, scored by the sum of those that match.
  XQ at_least(std::vector<XQ> clauses, int k) {
    if (k <= 1) return any_of(std::move(clauses));
    if (k >= static_cast<int>(clauses.size())) {
      for (const auto& c : clauses)
        if (c.empty()) return XQ::MatchNothing;
      return XQ(XQ::OP_AND, clauses.begin(), clauses.end());
    }
    std::map<Xapian::docid, std::pair<int, double>> acc;
    for (const auto& c : clauses) {
      if (c.empty()) continue;
      for (const auto& [did, w] : run_to_list(ctx_.db, c)) {
        auto& a = acc[did];
        a.first++;
        a.second += w;
      }
    }
    std::vector<std::pair<Xapian::docid, double>> docs;
    for (const auto& [did, a] : acc)
      if (a.first >= k) docs.emplace_back(did, a.second);
    return scored_list(std::move(docs));
  }

  XQ fuzzy(const FieldMapping& f, const std::string& token, const std::string& fuzziness,
           int prefix_length, int max_expansions, bool transpositions, float boost, bool scoring) {
    auto target = to_u32(token);
    int max_edits = auto_fuzziness(fuzziness.empty() ? "AUTO" : fuzziness, target.size());
    if (max_edits == 0) return term(f, token, boost, scoring);
    std::string literal;
    {
      auto it = Xapian::Utf8Iterator(token);
      for (int i = 0; i < prefix_length && it != Xapian::Utf8Iterator(); ++i, ++it)
        Xapian::Unicode::append_utf8(literal, *it);
    }
    struct Cand { int edits; Xapian::doccount df; std::string term; };
    std::vector<Cand> cands;
    std::string prefix = field_term(f.id, literal), base = term_prefix(f.id);
    for (auto it = ctx_.db.allterms_begin(prefix); it != ctx_.db.allterms_end(prefix); ++it) {
      std::string t = (*it).substr(base.size());
      int d = edit_distance(to_u32(t), target, transpositions, max_edits);
      if (d <= max_edits) cands.push_back({d, it.get_termfreq(), t});
    }
    std::sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) {
      return a.edits != b.edits ? a.edits < b.edits : a.term < b.term;
    });
    if (static_cast<int>(cands.size()) > max_expansions) cands.resize(max_expansions);
    // Lucene blends the variants' document frequencies (the highest wins) and boosts each
    // variant by its similarity.
    Xapian::doccount max_df = 0;
    for (const auto& c : cands) max_df = std::max(max_df, c.df);
    std::vector<XQ> qs;
    for (const auto& c : cands) {
      float sim = 1.0f - static_cast<float>(c.edits) /
                             static_cast<float>(std::min(to_u32(c.term).size(), target.size()));
      qs.push_back(term(f, c.term, boost * std::max(sim, 0.0f), scoring, max_df));
    }
    return any_of(std::move(qs));
  }

  XQ phrase_field(const Query& q, const FieldMapping& f, float boost, bool scoring, bool prefix) {
    if (f.type != FieldType::kText && f.type != FieldType::kKeyword)
      return exact(f, q.value, boost, scoring, q.lenient);
    auto tokens = analyzer_for(f, q.analyzer)->analyze(scalar_text(q.value));
    if (tokens.empty()) return XQ::MatchNothing;
    if (tokens.size() == 1 && !prefix) return term(f, tokens[0].term, boost, scoring);
    std::vector<PhraseScorer::Slot> slots;
    float idf_sum = 0;
    const FieldStats& s = stats(f.id);
    for (size_t i = 0; i < tokens.size(); ++i) {
      PhraseScorer::Slot slot;
      slot.offset = tokens[i].position - tokens[0].position;
      bool last = i + 1 == tokens.size();
      if (prefix && last) {
        std::string p = field_term(f.id, tokens[i].term);
        for (auto it = ctx_.db.allterms_begin(p); it != ctx_.db.allterms_end(p); ++it) {
          slot.terms.push_back(*it);
          note_term(f, (*it).substr(term_prefix(f.id).size()));
          idf_sum += bm25_idf(it.get_termfreq(), s.doc_count);
          if (static_cast<int>(slot.terms.size()) >= q.max_expansions) break;
        }
      } else {
        std::string t = field_term(f.id, tokens[i].term);
        Xapian::doccount df = ctx_.db.get_termfreq(t);
        if (df == 0) return XQ::MatchNothing;
        note_term(f, tokens[i].term);
        idf_sum += bm25_idf(df, s.doc_count);
        slot.terms.push_back(t);
      }
      if (slot.terms.empty()) return XQ::MatchNothing;
      slots.push_back(std::move(slot));
    }
    if (slots.size() == 1) {  // a single prefix word
      std::vector<XQ> alts;
      for (const auto& t : slots[0].terms)
        alts.push_back(term(f, t.substr(term_prefix(f.id).size()), boost, scoring));
      return any_of(std::move(alts));
    }
    std::string label;
    for (const auto& t : tokens) label += (label.empty() ? "" : " ") + t.term;
    // index_phrases, as Elasticsearch applies it: an exact phrase without gaps is a phrase of
    // its shingles in the phrase field, scored with that field's statistics. Two words are one
    // shingle: a term, whose posting list holds the phrase's documents and whose wdf its count.
    uint32_t phrase_id = phrase_field_id(f.id);
    bool shingled = f.index_phrases && q.slop == 0 && !prefix;
    for (size_t i = 0; shingled && i + 1 < tokens.size(); ++i)
      shingled = tokens[i + 1].position == tokens[i].position + 1;
    std::vector<std::string> shingles;
    if (shingled) {
      idf_sum = 0;
      const FieldStats& ps = stats(phrase_id);
      label.clear();  // the shingles, as Lucene prints a phrase of them: "a b b c"
      for (size_t i = 0; i + 1 < tokens.size(); ++i) {
        shingles.push_back(shingle_term(f.id, tokens[i].term, tokens[i + 1].term));
        Xapian::doccount df = ctx_.db.get_termfreq(shingles.back());
        if (df == 0) return XQ::MatchNothing;
        idf_sum += bm25_idf(df, std::max<uint64_t>(ps.doc_count, df));
        label += (label.empty() ? "" : " ") + tokens[i].term + " " + tokens[i + 1].term;
      }
      if (shingles.size() == 1) {
        if (!scoring) return zero(XQ(shingles[0]));
        auto* scorer = new TermScorer(shingles[0], length_slot(phrase_id),
                                      params(f, boost, idf_sum, phrase_id));
        if (ctx_.leaves)
          ctx_.leaves->push_back({fmt::format("{}._index_phrase:{}", f.path, label),
                                  std::shared_ptr<Bm25Source>(scorer->clone())});
        return XQ(scorer->release());
      }
    }
    // Xapian's own phrase matcher finds the documents (it reads positions with one cursor per
    // term); the scorer then only counts the phrase in those, for the score.
    std::vector<XQ> parts;
    for (const auto& slot : slots)
      parts.push_back(slot.terms.size() == 1 ? XQ(slot.terms[0])
                                             : XQ(XQ::OP_OR, slot.terms.begin(), slot.terms.end()));
    Xapian::termcount window = static_cast<Xapian::termcount>(slots.back().offset + 1 + q.slop);
    XQ native(q.slop == 0 ? XQ::OP_PHRASE : XQ::OP_NEAR, parts.begin(), parts.end(), window);
    // Shingled, the words' positions give the shingles' phrase count (a shingle sits at its
    // first word's position), and Xapian reads positions only where every shingle is.
    if (!shingles.empty())
      native = XQ(XQ::OP_FILTER, native, XQ(XQ::OP_AND, shingles.begin(), shingles.end()));
    if (ctx_.phrase_seen && required_) *ctx_.phrase_seen = true;
    if (!scoring) return zero(native);
    uint32_t scored_id = shingled ? phrase_id : f.id;
    auto p = params(f, boost, idf_sum, scored_id);
    auto* scorer = new PhraseScorer(std::move(slots), q.slop, length_slot(scored_id), p);
    if (ctx_.leaves)
      ctx_.leaves->push_back({fmt::format("{}{}:\"{}\"", f.path, shingled ? "._index_phrase" : "", label),
                              std::shared_ptr<Bm25Source>(scorer->clone())});
    // Where matches are known, the scorer alone: it reads the positions only of documents that
    // can still rank (see PhraseScorer::check).
    if (ctx_.matches_known && required_) return XQ(scorer->release());
    return XQ(XQ::OP_FILTER, XQ(scorer->release()), native);
  }

  XQ per_fields(const Query& q, const std::vector<std::string>& specs, bool /*scoring*/,
                const std::function<XQ(const FieldMapping&, float)>& one) {
    auto fields = resolve_fields(specs, specs.size() == 1 && specs[0] == "*");
    std::vector<XQ> per;
    if (fields.size() == 1)
      per.push_back(one(*fields[0].first, fields[0].second));
    else
      as_optional([&] {
        for (const auto& [f, b] : fields) per.push_back(one(*f, b));
        return 0;
      });
    std::erase_if(per, [](const XQ& x) { return x.empty(); });
    if (per.empty()) return XQ::MatchNothing;
    if (per.size() == 1) return per[0];
    if (q.type == "most_fields") return XQ(XQ::OP_OR, per.begin(), per.end());
    return dis_max(std::move(per), q.tie_breaker);
  }

  XQ dis_max(std::vector<XQ> per, float tie) {
    std::erase_if(per, [](const XQ& x) { return x.empty(); });
    if (per.empty()) return XQ::MatchNothing;
    if (per.size() == 1) return per[0];
    XQ max(XQ::OP_MAX, per.begin(), per.end());
    if (tie <= 0) return max;
    XQ sum(XQ::OP_OR, per.begin(), per.end());
    if (tie >= 1) return sum;
    return XQ(XQ::OP_OR, XQ(XQ::OP_SCALE_WEIGHT, max, 1 - tie), XQ(XQ::OP_SCALE_WEIGHT, sum, tie));
  }

  XQ range(const Query& q, const FieldMapping& f, bool scoring) {
    double boost = scoring ? q.boost : 0;
    boost_applied_ = true;
    if (f.type == FieldType::kText || f.type == FieldType::kKeyword) {
      auto lo = q.gte ? q.gte : q.gt;
      auto hi = q.lte ? q.lte : q.lt;
      std::string los = lo ? scalar_text(*lo) : "", his = hi ? scalar_text(*hi) : "";
      return expand(f, "", [&](const std::string& t) {
        if (lo && (q.gte ? t < los : t <= los)) return false;
        if (hi && (q.lte ? t > his : t >= his)) return false;
        return true;
      }, q.boost, scoring);
    }
    double lo = -INFINITY, hi = INFINITY;
    bool lo_incl = true, hi_incl = true;
    if (q.gte) lo = numeric(f, *q.gte, false, q.format, false).value_or(-INFINITY);
    if (q.gt) {
      lo = numeric(f, *q.gt, true, q.format, false).value_or(-INFINITY);
      lo_incl = false;
    }
    if (q.lte) hi = numeric(f, *q.lte, true, q.format, false).value_or(INFINITY);
    if (q.lt) {
      hi = numeric(f, *q.lt, false, q.format, false).value_or(INFINITY);
      hi_incl = false;
    }
    return XQ((new NumericRangeSource(values_slot(f.id), lo, lo_incl, hi, hi_incl, boost,
                                      ctx_.columns))->release());
  }

  XQ compile_bool(const Query& q, bool scoring) {
    std::vector<XQ> must, should, filter, must_not;
    for (const auto& c : q.must) must.push_back(compile(*c, scoring));
    as_optional([&] {
      for (const auto& c : q.should) should.push_back(compile(*c, scoring));
      for (const auto& c : q.filter) filter.push_back(compile(*c, false));
      for (const auto& c : q.must_not) must_not.push_back(compile(*c, false));
      return 0;
    });
    for (const auto& m : must)
      if (m.empty()) return XQ::MatchNothing;
    for (const auto& m : filter)
      if (m.empty()) return XQ::MatchNothing;
    int optional = static_cast<int>(should.size());
    int msm = q.minimum_should_match.empty()
                  ? (must.empty() && filter.empty() && optional > 0 ? 1 : 0)
                  : minimum_should_match(q.minimum_should_match, optional);
    XQ required;
    if (!must.empty()) required = XQ(XQ::OP_AND, must.begin(), must.end());
    if (msm > 0) {
      XQ s = at_least(should, msm);
      if (s.empty()) return XQ::MatchNothing;
      required = required.empty() ? s : XQ(XQ::OP_AND, required, s);
    }
    XQ filters;
    if (!filter.empty()) filters = XQ(XQ::OP_AND, filter.begin(), filter.end());
    XQ out = required;
    if (out.empty()) out = filters.empty() ? XQ((new Xapian::FixedWeightPostingSource(0))->release()) : zero(filters);
    else if (!filters.empty()) out = XQ(XQ::OP_FILTER, out, filters);
    if (msm == 0 && !should.empty()) {
      XQ opt = any_of(should);
      if (!opt.empty()) out = XQ(XQ::OP_AND_MAYBE, out, opt);
    }
    XQ neg = any_of(must_not);
    if (!neg.empty()) out = XQ(XQ::OP_AND_NOT, out, neg);
    return scoring ? out : zero(out);
  }

  double field_number(const Xapian::Document& doc, const FieldMapping& f) {
    auto values = unpack_numbers(doc.get_value(values_slot(f.id)));
    if (values.empty()) return NAN;
    return values.front();
  }

  XQ function_score(const Query& q, bool scoring) {
    return as_optional([&] { return function_score_parts(q, scoring); });
  }

  XQ function_score_parts(const Query& q, bool scoring) {
    XQ inner = compile(*q.inner, true);
    if (inner.empty()) return inner;
    auto docs = run_to_list(ctx_.db, inner);
    struct Fn {
      std::vector<std::pair<Xapian::docid, double>> filter;  // docs the filter matches
      bool has_filter = false;
      const ScoreFunction* f;
      const FieldMapping* field = nullptr;
    };
    std::vector<Fn> fns;
    for (const auto& sf : q.functions) {
      Fn fn{{}, false, &sf, nullptr};
      if (sf.filter) {
        fn.filter = run_to_list(ctx_.db, compile(*sf.filter, false));
        fn.has_filter = true;
      }
      if (sf.field_value_factor) {
        fn.field = ctx_.mapping.field(sf.field_value_factor->field);
        if (!fn.field || !fn.field->leaf())
          throw es_error("illegal_argument_exception",
                         fmt::format("Unable to find a field mapper for field [{}]. No field "
                                     "mapping can be found for the field with name [{}]",
                                     sf.field_value_factor->field, sf.field_value_factor->field));
      }
      fns.push_back(std::move(fn));
    }
    std::vector<std::pair<Xapian::docid, double>> out;
    for (auto [did, score] : docs) {
      std::vector<double> values;
      for (const auto& fn : fns) {
        if (fn.has_filter && !std::binary_search(
                                 fn.filter.begin(), fn.filter.end(), std::make_pair(did, -INFINITY),
                                 [](auto& a, auto& b) { return a.first < b.first; }))
          continue;
        double v = 1;
        if (fn.f->field_value_factor) {
          const auto& fvf = *fn.f->field_value_factor;
          double x = field_number(ctx_.db.get_document(did), *fn.field);
          if (std::isnan(x)) {
            if (!fvf.missing)
              throw es_error("exception", fmt::format("Missing value for field [{}]", fvf.field));
            x = *fvf.missing;
          }
          x *= fvf.factor;
          const std::string& m = fvf.modifier;
          if (m == "log") v = std::log10(x);
          else if (m == "log1p") v = std::log10(x + 1);
          else if (m == "log2p") v = std::log10(x + 2);
          else if (m == "ln") v = std::log(x);
          else if (m == "ln1p") v = std::log1p(x);
          else if (m == "ln2p") v = std::log(x + 2);
          else if (m == "square") v = x * x;
          else if (m == "sqrt") v = std::sqrt(x);
          else if (m == "reciprocal") v = 1 / x;
          else v = x;
          v = static_cast<float>(v);
        }
        if (fn.f->weight) v *= *fn.f->weight;
        values.push_back(v);
      }
      double fs = 1;
      if (!values.empty()) {
        const std::string& sm = q.score_mode;
        if (sm == "sum") fs = 0; 
        if (sm == "max") fs = -INFINITY;
        if (sm == "min") fs = INFINITY;
        for (double v : values) {
          if (sm == "sum" || sm == "avg") fs = (sm == "avg" && &v == &values.front()) ? v : fs + v;
          else if (sm == "max") fs = std::max(fs, v);
          else if (sm == "min") fs = std::min(fs, v);
          else if (sm == "first") { fs = v; break; }
          else fs *= v;
        }
        if (sm == "avg") {
          double sum = 0;
          for (double v : values) sum += v;
          fs = sum / values.size();
        }
      }
      if (q.max_boost) fs = std::min(fs, *q.max_boost);
      const std::string& bm = q.boost_mode;
      double final_score = bm == "replace" ? fs
                           : bm == "sum"   ? score + fs
                           : bm == "avg"   ? (score + fs) / 2
                           : bm == "max"   ? std::max(score, fs)
                           : bm == "min"   ? std::min(score, fs)
                                           : score * fs;
      final_score = static_cast<float>(final_score);
      if (q.min_score && final_score < *q.min_score) continue;
      out.emplace_back(did, final_score);
    }
    XQ result = scored_list(std::move(out));
    return scoring ? result : zero(result);
  }

  // _id, _index and the other metadata fields, which have no mapping.
  std::optional<XQ> metadata_field(const Query& q, bool scoring) {
    if (q.field != "_id" && q.field != "_index" && q.field != "_seq_no" && q.field != "_source")
      return std::nullopt;
    boost_applied_ = true;
    std::vector<json::value> values = q.values;
    if (!q.value.is_null()) values.push_back(q.value);
    if (q.kind == QueryKind::kExists) {
      if (q.field == "_source")
        throw es_error("query_shard_exception", "Field [_source] of type [_source] does not support exists queries");
      return constant(XQ::MatchAll, q.boost, scoring);
    }
    bool exact = q.kind == QueryKind::kTerm || q.kind == QueryKind::kTerms ||
                 q.kind == QueryKind::kMatch || q.kind == QueryKind::kMatchPhrase;
    bool pattern = q.kind == QueryKind::kPrefix || q.kind == QueryKind::kWildcard;
    if (!exact && !pattern) return std::nullopt;
    if (q.field == "_index") {
      for (const auto& v : values) {
        std::string s = scalar_text(v);
        if (q.kind == QueryKind::kPrefix ? ctx_.index_name.starts_with(s)
            : q.kind == QueryKind::kWildcard ? glob_match(s, ctx_.index_name)
                                             : s == ctx_.index_name)
          return constant(XQ::MatchAll, q.boost, scoring);
      }
      return XQ::MatchNothing;
    }
    if (q.field != "_id") return std::nullopt;
    std::vector<XQ> alts;
    if (exact) {
      for (const auto& v : values) alts.emplace_back(id_term(scalar_text(v)));
    } else {
      std::string p = scalar_text(q.value);
      std::string literal = q.kind == QueryKind::kPrefix ? p : p.substr(0, p.find_first_of("*?"));
      auto pattern_u32 = to_u32(p);
      for (auto it = ctx_.db.allterms_begin(id_term(literal)); it != ctx_.db.allterms_end(id_term(literal)); ++it)
        if (q.kind == QueryKind::kPrefix || wildcard_match(pattern_u32, to_u32((*it).substr(1))))
          alts.emplace_back(*it);
    }
    return constant(any_of(std::move(alts)), q.boost, scoring);
  }

  XQ compile_inner(const Query& q, bool scoring) {
    if (auto meta = metadata_field(q, scoring)) return *meta;
    switch (q.kind) {
      case QueryKind::kMatchAll:
        boost_applied_ = true;
        return scoring ? XQ((new Xapian::FixedWeightPostingSource(q.boost))->release()) : zero(XQ::MatchAll);
      case QueryKind::kMatchNone:
        return XQ::MatchNothing;
      case QueryKind::kMatch:
      case QueryKind::kMatchBoolPrefix:
        return per_fields(q, {q.field}, scoring, [&](const FieldMapping& f, float b) {
          return match_field(q, f, b, scoring);
        });
      case QueryKind::kMatchPhrase:
      case QueryKind::kMatchPhrasePrefix:
        return per_fields(q, {q.field}, scoring, [&](const FieldMapping& f, float b) {
          return phrase_field(q, f, b, scoring, q.kind == QueryKind::kMatchPhrasePrefix);
        });
      case QueryKind::kMultiMatch: {
        std::vector<std::string> specs = q.fields.empty() ? std::vector<std::string>{"*"} : q.fields;
        if (q.type == "phrase" || q.type == "phrase_prefix")
          return per_fields(q, specs, scoring, [&](const FieldMapping& f, float b) {
            return phrase_field(q, f, b, scoring, q.type == "phrase_prefix");
          });
        if (q.type == "cross_fields") return cross_fields(q, specs, scoring);
        Query one;
        one.value = q.value;
        one.op = q.op;
        one.minimum_should_match = q.minimum_should_match;
        one.fuzziness = q.fuzziness;
        one.analyzer = q.analyzer;
        one.lenient = q.lenient || specs == std::vector<std::string>{"*"};
        one.kind = q.type == "bool_prefix" ? QueryKind::kMatchBoolPrefix : QueryKind::kMatch;
        one.prefix_length = q.prefix_length;
        one.max_expansions = q.max_expansions;
        return per_fields(q, specs, scoring, [&](const FieldMapping& f, float b) {
          return match_field(one, f, b, scoring);
        });
      }
      case QueryKind::kQueryString:
      case QueryKind::kSimpleQueryString: {
        auto parsed = parse_query_string(scalar_text(q.value), q.fields, q.op,
                                         q.kind == QueryKind::kSimpleQueryString);
        return compile(*parsed, scoring);
      }
      case QueryKind::kTerm:
        return per_fields(q, {q.field}, scoring, [&](const FieldMapping& f, float b) {
          return exact(f, q.value, b, scoring, false, q.case_insensitive);
        });
      case QueryKind::kTerms: {
        boost_applied_ = true;
        return per_fields(q, {q.field}, scoring, [&](const FieldMapping& f, float) {
          std::vector<XQ> alts;
          for (const auto& v : q.values) alts.push_back(zero(exact(f, v, 1, false, false)));
          return constant(any_of(std::move(alts)), q.boost, scoring);
        });
      }
      case QueryKind::kRange:
        return per_fields(q, {q.field}, scoring,
                          [&](const FieldMapping& f, float) { return range(q, f, scoring); });
      case QueryKind::kExists: {
        // The field itself, the leaves of an object, or the fields a pattern names.
        std::vector<XQ> alts;
        for (const auto& f : ctx_.mapping.fields())
          if (f->leaf() && (f->path == q.field || f->path.starts_with(q.field + ".") ||
                            glob_match(q.field, f->path)))
            alts.emplace_back(exists_term(f->id));
        boost_applied_ = true;
        return constant(any_of(std::move(alts)), q.boost, scoring);
      }
      case QueryKind::kIds: {
        std::vector<XQ> alts;
        for (const auto& v : q.values) alts.emplace_back(id_term(scalar_text(v)));
        boost_applied_ = true;
        return constant(any_of(std::move(alts)), q.boost, scoring);
      }
      case QueryKind::kPrefix:
        boost_applied_ = true;
        return per_fields(q, {q.field}, scoring, [&](const FieldMapping& f, float) {
          std::string p = scalar_text(q.value);
          if (q.case_insensitive)
            return expand(f, "", [&](const std::string& t) {
              return lower_ascii_utf8(t).starts_with(lower_ascii_utf8(p));
            }, q.boost, scoring);
          return expand(f, p, [](const std::string&) { return true; }, q.boost, scoring);
        });
      case QueryKind::kWildcard:
        boost_applied_ = true;
        return per_fields(q, {q.field}, scoring, [&](const FieldMapping& f, float) {
          std::string p = scalar_text(q.value);
          if (q.case_insensitive) p = lower_ascii_utf8(p);
          std::string literal = q.case_insensitive ? "" : p.substr(0, p.find_first_of("*?"));
          auto pattern = to_u32(p);
          return expand(f, literal, [&](const std::string& t) {
            return wildcard_match(pattern, to_u32(q.case_insensitive ? lower_ascii_utf8(t) : t));
          }, q.boost, scoring);
        });
      case QueryKind::kRegexp:
        boost_applied_ = true;
        return per_fields(q, {q.field}, scoring, [&](const FieldMapping& f, float) {
          constexpr size_t kMaxRegexLength = 1000;  // index.max_regex_length
          if (scalar_text(q.value).size() > kMaxRegexLength)
            throw illegal_argument(fmt::format(
                "The length of regex [{}] used in the Regexp Query request has exceeded the "
                "allowed maximum of [{}]. This maximum can be set by changing the "
                "[index.max_regex_length] index level setting.",
                scalar_text(q.value).size(), kMaxRegexLength));
          std::regex re;
          try {
            re = std::regex(scalar_text(q.value),
                            q.case_insensitive ? std::regex::ECMAScript | std::regex::icase
                                               : std::regex::ECMAScript);
          } catch (const std::regex_error& e) {
            throw illegal_argument(fmt::format("invalid regular expression [{}]: {}",
                                               scalar_text(q.value), e.what()));
          }
          return expand(f, "", [&](const std::string& t) { return std::regex_match(t, re); },
                        q.boost, scoring);
        });
      case QueryKind::kFuzzy:
        return per_fields(q, {q.field}, scoring, [&](const FieldMapping& f, float b) {
          if (f.type != FieldType::kText && f.type != FieldType::kKeyword)
            return exact(f, q.value, b, scoring, false);
          return fuzzy(f, scalar_text(q.value), q.fuzziness.empty() ? "AUTO" : q.fuzziness,
                       q.prefix_length, q.max_expansions, q.transpositions, b, scoring);
        });
      case QueryKind::kBool:
        return compile_bool(q, scoring);
      case QueryKind::kConstantScore:
        boost_applied_ = false;
        {
          XQ inner = as_optional([&] { return compile(*q.inner, false); });
          boost_applied_ = true;
          return constant(inner, q.boost, scoring);
        }
      case QueryKind::kDisMax: {
        std::vector<XQ> per;
        as_optional([&] {
          for (const auto& c : q.should) per.push_back(compile(*c, scoring));
          return 0;
        });
        return dis_max(std::move(per), q.tie_breaker);
      }
      case QueryKind::kBoosting: {
        XQ pos = as_optional([&] { return compile(*q.inner, scoring); });
        if (pos.empty() || !scoring) return pos;
        XQ neg = as_optional([&] { return compile(*q.negative, false); });
        auto docs = run_to_list(ctx_.db, pos);
        auto negs = run_to_list(ctx_.db, neg);
        std::set<Xapian::docid> neg_set;
        for (auto& [d, w] : negs) neg_set.insert(d);
        for (auto& [d, w] : docs)
          if (neg_set.count(d)) w = static_cast<float>(w * q.negative_boost);
        return scored_list(std::move(docs));
      }
      case QueryKind::kFunctionScore:
        return function_score(q, scoring);
    }
    return XQ::MatchNothing;
  }

  // cross_fields: each term is looked up in every field as if they were one (a dis_max per term,
  // terms combined by the operator).
  XQ cross_fields(const Query& q, const std::vector<std::string>& specs, bool scoring) {
    auto fields = resolve_fields(specs, specs.size() == 1 && specs[0] == "*");
    if (fields.empty()) return XQ::MatchNothing;
    const FieldMapping* first_text = nullptr;
    for (const auto& [f, b] : fields)
      if (f->type == FieldType::kText) first_text = f;
    auto tokens = analyzer_for(first_text ? *first_text : *fields[0].first, q.analyzer)
                      ->analyze(scalar_text(q.value));
    std::vector<XQ> per_term;
    for (const auto& tok : tokens) {
      std::vector<XQ> per_field;
      Xapian::doccount max_df = 0;
      for (const auto& [f, b] : fields)
        max_df = std::max(max_df, ctx_.db.get_termfreq(field_term(f->id, tok.term)));
      for (const auto& [f, b] : fields)
        if (f->type == FieldType::kText || f->type == FieldType::kKeyword)
          per_field.push_back(term(*f, tok.term, b, scoring, max_df));
      per_term.push_back(dis_max(std::move(per_field), q.tie_breaker));
    }
    if (q.op == "and") {
      for (const auto& t : per_term)
        if (t.empty()) return XQ::MatchNothing;
      return per_term.empty() ? XQ::MatchNothing : XQ(XQ::OP_AND, per_term.begin(), per_term.end());
    }
    int msm = q.minimum_should_match.empty()
                  ? 1
                  : minimum_should_match(q.minimum_should_match, static_cast<int>(per_term.size()));
    return at_least(std::move(per_term), std::max(1, msm));
  }

  CompileContext& ctx_;
  bool boost_applied_ = false;
  // False while compiling a clause a match need not satisfy (should, must_not, one field of
  // several, the parts of a compound score): only a required phrase may be scored without Xapian's
  // phrase matcher once the matches are known.
  bool required_ = true;
  // Runs `f` (which compiles clauses) with `required_` false, restoring it after.
  template <typename F>
  std::invoke_result_t<F> as_optional(F f) {
    struct Restore {
      bool& flag;
      bool was;
      ~Restore() { flag = was; }
    } restore{required_, required_};
    required_ = false;
    return f();
  }
};

}  // namespace

XQ compile_query(const Query& q, CompileContext& ctx, bool scoring) {
  return Compiler(ctx).compile(q, scoring);
}

}  // namespace wharf::search
