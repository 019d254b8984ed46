// Load generator for the search benchmark: wharf's Elasticsearch-compatible API (HTTP, JSON)
// beside Sphinx 2.2 (an RT index queried over SphinxQL, the MySQL protocol, through the MariaDB
// client library), on the Debian packages corpus (../shared/data/debian-packages.ndjson.gz).
//
//   --load     bulk-loads the corpus: wharf through _bulk then _refresh, Sphinx through
//              multi-row INSERTs, batches of the same size; one row of docs/s per server.
//   --sanity   prints, as '#' lines, the hit counts (and top buckets) both servers give for two
//              sample queries of each kind.
//   --queries  runs each query kind for --seconds at each connection count: rows of queries/s
//              and p50/p99 latency per server.
//   --ceiling  GETs a static file from nginx at the same connection counts (the machine's
//              ceiling for a request/response server).
//
// Rows are those of bench/common/load_gen.h (target, operation, connections, ops/s, p50 ms,
// p99 ms, MB/s, errors); for the load, ops/s is documents/s and the latencies are per batch.
// Both servers index the same eight fields of each record: package, section, priority (keyword /
// string attribute), installed_size, size (long / integer attribute), tags (keyword array /
// multi-value attribute of CRC32s) and title, description (text / full-text field).
// bench/search/run.sh starts both servers, runs this and prints the comparison.
#include <mysql.h>

#include <CLI/CLI.hpp>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>

#include "bench/common/load_gen.h"

using namespace wharf;
namespace json = boost::json;
using bench::kStop;
using bench::ok;

namespace {

const std::string kHost = "127.0.0.1";

struct Doc {
  std::string package, section, priority, title, description;
  uint64_t installed_size = 0, size = 0;
  std::vector<std::string> tags;
};

std::string str(const json::object& o, const char* k) {
  const json::value* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

uint64_t num(const json::object& o, const char* k) {
  const json::value* v = o.if_contains(k);
  if (!v) return 0;
  if (v->is_uint64()) return v->as_uint64();
  if (v->is_int64()) return v->as_int64() < 0 ? 0 : static_cast<uint64_t>(v->as_int64());
  if (v->is_double()) return v->as_double() < 0 ? 0 : static_cast<uint64_t>(v->as_double());
  return 0;
}

// The corpus, plain or gzipped NDJSON.
std::vector<Doc> read_corpus(const std::string& path) {
  bool gz = path.ends_with(".gz");
  FILE* f = gz ? popen(("gzip -dc '" + path + "'").c_str(), "r") : std::fopen(path.c_str(), "r");
  if (!f) throw std::runtime_error("cannot read " + path);
  std::vector<Doc> docs;
  char* line = nullptr;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, f)) > 0) {
    json::error_code ec;
    json::value v = json::parse(std::string_view(line, static_cast<size_t>(n)), ec);
    if (ec || !v.is_object()) continue;
    const json::object& o = v.as_object();
    Doc d;
    d.package = str(o, "package");
    d.section = str(o, "section");
    d.priority = str(o, "priority");
    d.title = str(o, "title");
    d.description = str(o, "description");
    d.installed_size = num(o, "installed_size");
    d.size = num(o, "size");
    if (const json::value* t = o.if_contains("tags"); t && t->is_array())
      for (const auto& e : t->as_array())
        if (e.is_string()) d.tags.emplace_back(e.as_string());
    docs.push_back(std::move(d));
  }
  std::free(line);
  if (gz)
    pclose(f);
  else
    std::fclose(f);
  if (docs.empty()) throw std::runtime_error("no documents in " + path);
  return docs;
}

// zlib's CRC32 (Sphinx's CRC32() too): tag strings as the integers of a multi-value attribute.
uint32_t crc32(std::string_view s) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char ch : s) c = table[(c ^ ch) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

// A SphinxQL string literal. Control characters become spaces (the same token boundaries for
// both engines) so that no escape beyond \\ and \' is needed.
void sql_quote(std::string& out, std::string_view s) {
  out += '\'';
  for (char c : s) {
    if (c == '\\' || c == '\'') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  out += '\'';
}

std::string sql_quote(std::string_view s) {
  std::string out;
  sql_quote(out, s);
  return out;
}

// ---- query values picked from the corpus ----

bool plain_word(std::string_view w, size_t min_len) {
  if (w.size() < min_len) return false;
  for (char c : w)
    if (c < 'a' || c > 'z') return false;
  return true;
}

// Whitespace-separated tokens as they stand in the text (punctuation attached).
std::vector<std::string_view> raw_tokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t b = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

struct TermValue {
  std::string section;
};
struct PhraseValue {
  std::string phrase;   // two words of lowercase letters, adjacent in some description
  std::string section;  // that document's section
};
struct BoolValue {
  std::string words;  // two words (match: either), from one description
  std::string section;
  uint64_t size_lo = 0, size_hi = 0;  // installed_size range around that document's
};
struct WordValue {
  std::string word;
};

struct Values {
  std::vector<TermValue> term;
  std::vector<PhraseValue> phrase;
  std::vector<BoolValue> boolean;
  std::vector<WordValue> word;
};

// Deterministic picks spread over the corpus, so that every run asks the same questions.
Values pick_values(const std::vector<Doc>& docs, size_t per_kind) {
  Values v;
  // Sections at evenly spaced ranks of their frequency: from 'libs' (a tenth of the corpus) to
  // sections of a few dozen packages.
  std::map<std::string, size_t> freq;
  for (const auto& d : docs) ++freq[d.section];
  std::vector<std::pair<size_t, std::string>> ranked;
  for (auto& [s, n] : freq) ranked.emplace_back(n, s);
  std::sort(ranked.begin(), ranked.end(), std::greater<>());
  size_t nterm = std::min(per_kind, ranked.size());
  for (size_t i = 0; i < nterm; ++i)
    v.term.push_back({ranked[nterm > 1 ? i * (ranked.size() - 1) / (nterm - 1) : 0].second});

  size_t stride = std::max<size_t>(1, docs.size() / per_kind);
  // From the middle of the document's text onwards: a qualifying pair / word.
  auto pair_in = [](const Doc& d,
                    size_t min_len) -> std::optional<std::pair<std::string, std::string>> {
    auto toks = raw_tokens(d.description);
    for (size_t k = 0; k + 1 < toks.size(); ++k) {
      size_t i = (toks.size() / 2 + k) % (toks.size() - 1);
      if (plain_word(toks[i], min_len) && plain_word(toks[i + 1], min_len))
        return std::pair{std::string(toks[i]), std::string(toks[i + 1])};
    }
    return std::nullopt;
  };
  auto words_in = [](const Doc& d, size_t min_len) {
    std::vector<std::string> out;
    auto toks = raw_tokens(d.description);
    for (size_t k = 0; k < toks.size(); ++k) {
      auto t = toks[(toks.size() / 2 + k) % toks.size()];
      if (plain_word(t, min_len) && std::find(out.begin(), out.end(), t) == out.end())
        out.emplace_back(t);
    }
    return out;
  };
  for (size_t i = 0; i < docs.size() && v.phrase.size() < per_kind; i += stride)
    if (auto p = pair_in(docs[i], 4)) {
      std::string phrase = p->first + " " + p->second;
      if (std::none_of(v.phrase.begin(), v.phrase.end(),
                       [&](const PhraseValue& x) { return x.phrase == phrase; }))
        v.phrase.push_back({phrase, docs[i].section});
    }
  for (size_t i = stride / 2; i < docs.size() && v.boolean.size() < per_kind; i += stride) {
    auto w = words_in(docs[i], 5);
    if (w.size() < 2) continue;
    const Doc& d = docs[i];
    v.boolean.push_back(
        {w[0] + " " + w[1], d.section, d.installed_size / 2, d.installed_size * 2 + 16});
  }
  for (size_t i = stride / 4; i < docs.size() && v.word.size() < per_kind; i += stride) {
    auto w = words_in(docs[i], 5);
    for (const auto& word : w)
      if (std::none_of(v.word.begin(), v.word.end(),
                       [&](const WordValue& x) { return x.word == word; })) {
        v.word.push_back({word});
        break;
      }
  }
  return v;
}

// ---- the two servers' requests for one query ----

enum class Kind { kTerm, kPhrase, kPhraseFiltered, kBool, kAgg, kAggMatch };

struct QueryKind {
  Kind kind;
  const char* flag;  // --ops name
  const char* name;  // the operation column
};

const QueryKind kKinds[] = {
    {Kind::kTerm, "term", "term: section (keyword)"},
    {Kind::kPhrase, "phrase", "phrase: description"},
    {Kind::kPhraseFiltered, "phrase_filter", "phrase + term filter"},
    {Kind::kBool, "bool", "bool: match + term + range filters"},
    {Kind::kAgg, "agg", "terms agg: section, all docs"},
    {Kind::kAggMatch, "agg_match", "terms agg: section, docs matching a word"},
};

json::object terms_agg() {
  return {{"sections", {{"terms", {{"field", "section"}, {"size", 10}}}}}};
}

// The _search bodies for wharf, one per value (track_total_hits as given, or ES's default).
std::vector<std::string> wharf_bodies(Kind k, const Values& v, bool track_all, bool source) {
  std::vector<json::object> qs;
  switch (k) {
    case Kind::kTerm:
      for (const auto& t : v.term) qs.push_back({{"query", {{"term", {{"section", t.section}}}}}});
      break;
    case Kind::kPhrase:
      for (const auto& p : v.phrase)
        qs.push_back({{"query", {{"match_phrase", {{"description", p.phrase}}}}}});
      break;
    case Kind::kPhraseFiltered:
      for (const auto& p : v.phrase) {
        json::array must = {json::object{{"match_phrase", {{"description", p.phrase}}}}};
        json::array filter = {json::object{{"term", {{"section", p.section}}}}};
        qs.push_back({{"query", {{"bool", {{"must", must}, {"filter", filter}}}}}});
      }
      break;
    case Kind::kBool:
      for (const auto& b : v.boolean) {
        json::object range = {{"installed_size", {{"gte", b.size_lo}, {"lte", b.size_hi}}}};
        json::array filter = {json::object{{"term", {{"section", b.section}}}},
                              json::object{{"range", range}}};
        json::array must = {json::object{{"match", {{"description", b.words}}}}};
        qs.push_back({{"query", {{"bool", {{"must", must}, {"filter", filter}}}}}});
      }
      break;
    case Kind::kAgg:
      qs.push_back({{"size", 0}, {"aggs", terms_agg()}});
      break;
    case Kind::kAggMatch:
      for (const auto& w : v.word)
        qs.push_back({{"size", 0},
                      {"query", {{"match", {{"description", w.word}}}}},
                      {"aggs", terms_agg()}});
      break;
  }
  std::vector<std::string> out;
  for (auto& q : qs) {
    if (track_all) q["track_total_hits"] = true;
    if (!source && k != Kind::kAgg && k != Kind::kAggMatch) q["_source"] = false;
    out.push_back(json::serialize(q));
  }
  return out;
}

constexpr std::string_view kGroupSelect = "SELECT section, COUNT(*) AS c";

// The SphinxQL statements doing the same. A keyword's exact value is a string attribute's
// equality (Sphinx has no inverted index on attributes: a full scan, as a Sphinx user would
// write it); text queries are MATCH() on the description field.
std::vector<std::string> sphinx_queries(Kind k, const Values& v, const std::string& index,
                                        bool source) {
  std::vector<std::string> out;
  std::string select = std::string("SELECT ") + (source ? "*" : "id") + " FROM " + index;
  std::string group = std::string(kGroupSelect) + " FROM " + index;
  std::string group_tail = " GROUP BY section ORDER BY c DESC LIMIT 10";
  switch (k) {
    case Kind::kTerm:
      for (const auto& t : v.term)
        out.push_back(select + " WHERE section=" + sql_quote(t.section) + " LIMIT 10");
      break;
    case Kind::kPhrase:
      for (const auto& p : v.phrase)
        out.push_back(select + " WHERE MATCH('@description \"" + p.phrase + "\"') LIMIT 10");
      break;
    case Kind::kPhraseFiltered:
      for (const auto& p : v.phrase)
        out.push_back(select + " WHERE MATCH('@description \"" + p.phrase +
                      "\"') AND section=" + sql_quote(p.section) + " LIMIT 10");
      break;
    case Kind::kBool:
      for (const auto& b : v.boolean) {
        std::string either = b.words;
        either.replace(either.find(' '), 1, " | ");
        out.push_back(select + " WHERE MATCH('@description (" + either +
                      ")') AND section=" + sql_quote(b.section) + " AND installed_size BETWEEN " +
                      std::to_string(b.size_lo) + " AND " + std::to_string(b.size_hi) +
                      " LIMIT 10");
      }
      break;
    case Kind::kAgg:
      out.push_back(group + group_tail);
      break;
    case Kind::kAggMatch:
      for (const auto& w : v.word)
        out.push_back(group + " WHERE MATCH('@description " + w.word + "')" + group_tail);
      break;
  }
  return out;
}

// A short description of value i, for the sanity lines.
std::string describe(Kind k, const Values& v, size_t i) {
  switch (k) {
    case Kind::kTerm:
      return "section=" + v.term[i].section;
    case Kind::kPhrase:
      return "\"" + v.phrase[i].phrase + "\"";
    case Kind::kPhraseFiltered:
      return "\"" + v.phrase[i].phrase + "\" section=" + v.phrase[i].section;
    case Kind::kBool:
      return "(" + v.boolean[i].words + ") section=" + v.boolean[i].section + " installed_size " +
             std::to_string(v.boolean[i].size_lo) + ".." + std::to_string(v.boolean[i].size_hi);
    case Kind::kAgg:
      return "all docs";
    case Kind::kAggMatch:
      return "match " + v.word[i].word;
  }
  return "";
}

// ---- SphinxQL over libmariadb ----

using Rows = std::vector<std::vector<std::string>>;

class Sql {
 public:
  explicit Sql(uint16_t port) : port_(port) {}
  ~Sql() { close(); }
  Sql(const Sql&) = delete;
  Sql& operator=(const Sql&) = delete;

  // Runs one statement; the bytes of its result rows, or -1 (the error in error()). Rows go to
  // `rows` when given. A lost connection is reopened on the next call.
  long long run(const std::string& q, Rows* rows = nullptr) {
    if (!m_ && !connect()) return -1;
    if (mysql_real_query(m_, q.data(), q.size()) != 0) {
      error_ = mysql_error(m_);
      unsigned e = mysql_errno(m_);
      if (e == 2006 || e == 2013) close();  // CR_SERVER_GONE_ERROR, CR_SERVER_LOST
      return -1;
    }
    MYSQL_RES* res = mysql_store_result(m_);
    if (!res) {
      if (mysql_field_count(m_) == 0) return 0;  // INSERT and the like
      error_ = mysql_error(m_);
      return -1;
    }
    long long bytes = 0;
    unsigned nf = mysql_num_fields(res);
    while (MYSQL_ROW row = mysql_fetch_row(res)) {
      unsigned long* len = mysql_fetch_lengths(res);
      if (rows) rows->emplace_back();
      for (unsigned f = 0; f < nf; ++f) {
        bytes += static_cast<long long>(len[f]);
        if (rows) rows->back().emplace_back(row[f] ? std::string(row[f], len[f]) : "");
      }
    }
    mysql_free_result(res);
    return bytes;
  }

  // total_found of the last query (SHOW META), or -1.
  long long total_found() {
    Rows meta;
    if (run("SHOW META", &meta) < 0) return -1;
    for (const auto& r : meta)
      if (r.size() == 2 && r[0] == "total_found") return std::stoll(r[1]);
    return -1;
  }

  const std::string& error() const { return error_; }

 private:
  bool connect() {
    m_ = mysql_init(nullptr);
    unsigned timeout = 10;
    mysql_options(m_, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    if (!mysql_real_connect(m_, kHost.c_str(), "", "", nullptr, port_, nullptr, 0)) {
      error_ = mysql_error(m_);
      close();
      return false;
    }
    return true;
  }
  void close() {
    if (m_) mysql_close(m_);
    m_ = nullptr;
  }

  uint16_t port_;
  MYSQL* m_ = nullptr;
  std::string error_;
};

std::vector<std::unique_ptr<Sql>> sql_pool(uint16_t port, int n) {
  std::vector<std::unique_ptr<Sql>> pool;
  for (int i = 0; i < n; ++i) {
    pool.push_back(std::make_unique<Sql>(port));
    if (pool.back()->run("SHOW TABLES") < 0)
      throw std::runtime_error("sphinx: cannot connect: " + pool.back()->error());
  }
  return pool;
}

// ---- wharf over HTTP ----

net::Headers json_headers(uint16_t port, const char* type = "application/json") {
  return {{"host", kHost + ":" + std::to_string(port)}, {"content-type", type}};
}

json::value wharf_json(net::HttpClient& c, uint16_t port, const std::string& method,
                       const std::string& target, const std::string& body = {}) {
  auto r = c.send(method, target, json_headers(port), body);
  if (!ok(r.status))
    throw std::runtime_error("wharf: " + method + " " + target + ": " + std::to_string(r.status) +
                             " " + r.body.substr(0, 500));
  return json::parse(r.body);
}

void print_comment(const std::string& s) {
  std::printf("# %s\n", s.c_str());
  std::fflush(stdout);
}

// One load row: documents/s over the whole load, batch latencies.
void report_load(const std::string& target, const std::string& op, int conns, bench::Result r,
                 size_t docs, double seconds) {
  double p50 = bench::percentile(r.latencies_ms, 0.50),
         p99 = bench::percentile(r.latencies_ms, 0.99);
  std::printf("%s\t%s\t%d\t%.0f\t%.3f\t%.3f\t%.1f\t%llu\n", target.c_str(), op.c_str(), conns,
              static_cast<double>(docs) / seconds, p50, p99,
              static_cast<double>(r.bytes) / seconds / 1e6,
              static_cast<unsigned long long>(r.errors));
  std::fflush(stdout);
}

struct Options {
  std::string index = "packages";
  size_t batch = 1000;
  int load_conns = 2;
  std::vector<int> conns = {1, 16};
  double seconds = 5;
  bool source = true;
  bool warmup = true;
  bool index_phrases = false;  // wharf's description field with index_phrases (shingles)
};

std::string load_op_name(const Options& o, size_t docs) {
  return "bulk load " + std::to_string(docs) + " docs, " + std::to_string(o.batch) + "/batch";
}

void load_wharf(uint16_t port, const std::vector<Doc>& docs, const Options& o) {
  net::HttpClient setup(kHost, port);
  json::object props = {{"package", {{"type", "keyword"}}},  {"section", {{"type", "keyword"}}},
                        {"priority", {{"type", "keyword"}}}, {"installed_size", {{"type", "long"}}},
                        {"size", {{"type", "long"}}},        {"tags", {{"type", "keyword"}}},
                        {"title", {{"type", "text"}}},       {"description", {{"type", "text"}}}};
  if (o.index_phrases) {
    props["description"].as_object()["index_phrases"] = true;
    print_comment("wharf: description mapped with index_phrases: true");
  }
  json::object create = {{"settings", {{"number_of_shards", 1}, {"number_of_replicas", 0}}},
                         {"mappings", {{"dynamic", "strict"}, {"properties", props}}}};
  wharf_json(setup, port, "PUT", "/" + o.index, json::serialize(create));

  std::vector<std::string> bodies;
  std::string body;
  for (size_t i = 0; i < docs.size(); ++i) {
    const Doc& d = docs[i];
    json::array tags;
    for (const auto& t : d.tags) tags.emplace_back(t);
    json::object src = {{"package", d.package},   {"section", d.section},
                        {"priority", d.priority}, {"installed_size", d.installed_size},
                        {"size", d.size},         {"tags", std::move(tags)},
                        {"title", d.title},       {"description", d.description}};
    body += R"({"index":{"_id":")" + std::to_string(i + 1) + "\"}}\n";
    body += json::serialize(src);
    body += '\n';
    if ((i + 1) % o.batch == 0 || i + 1 == docs.size()) {
      bodies.push_back(std::move(body));
      body.clear();
    }
  }

  std::atomic<size_t> next{0};
  std::mutex mu;
  std::string first_error;
  auto headers = json_headers(port, "application/x-ndjson");
  auto t0 = bench::Clock::now();
  auto r = bench::run(
      kHost, port, o.load_conns, 1e9, [&](net::HttpClient& c, int, uint64_t) -> long long {
        size_t b = next++;
        if (b >= bodies.size()) return kStop;
        auto res = c.send("POST", "/" + o.index + "/_bulk", headers, bodies[b]);
        bool good = ok(res.status) && std::string_view(res.body).substr(0, 100).find(
                                          "\"errors\":false") != std::string::npos;
        if (!good) {
          std::lock_guard lock(mu);
          if (first_error.empty()) first_error = res.body.substr(0, 500);
        }
        return good ? static_cast<long long>(bodies[b].size()) : -1;
      });
  wharf_json(setup, port, "POST", "/" + o.index + "/_refresh");
  double secs = std::chrono::duration<double>(bench::Clock::now() - t0).count();
  if (!first_error.empty())
    std::fprintf(stderr, "wharf: a _bulk failed: %s\n", first_error.c_str());
  report_load("wharf", load_op_name(o, docs.size()), o.load_conns, std::move(r), docs.size(), secs);
  auto count = wharf_json(setup, port, "GET", "/" + o.index + "/_count");
  print_comment("wharf holds " + json::serialize(count.at("count")) +
                " documents after the load (" + std::to_string(docs.size()) + " sent)");
}

void load_sphinx(uint16_t port, const std::vector<Doc>& docs, const Options& o) {
  std::vector<std::string> inserts;
  const std::string head = "INSERT INTO " + o.index +
                           " (id,title,description,package,section,priority,installed_size,size,"
                           "tags) VALUES ";
  std::string q;
  for (size_t i = 0; i < docs.size(); ++i) {
    const Doc& d = docs[i];
    q += q.empty() ? head : ",";
    q += '(' + std::to_string(i + 1) + ',';
    sql_quote(q, d.title);
    q += ',';
    sql_quote(q, d.description);
    q += ',';
    sql_quote(q, d.package);
    q += ',';
    sql_quote(q, d.section);
    q += ',';
    sql_quote(q, d.priority);
    q += ',' + std::to_string(d.installed_size) + ',' + std::to_string(d.size) + ",(";
    for (size_t t = 0; t < d.tags.size(); ++t)
      q += (t ? "," : "") + std::to_string(crc32(d.tags[t]));
    q += "))";
    if ((i + 1) % o.batch == 0 || i + 1 == docs.size()) {
      inserts.push_back(std::move(q));
      q.clear();
    }
  }

  auto pool = sql_pool(port, o.load_conns);
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::string first_error;
  auto t0 = bench::Clock::now();
  auto r = bench::run(kHost, port, o.load_conns, 1e9,
                      [&](net::HttpClient&, int conn, uint64_t) -> long long {
                        size_t b = next++;
                        if (b >= inserts.size()) return kStop;
                        Sql& s = *pool[static_cast<size_t>(conn)];
                        if (s.run(inserts[b]) < 0) {
                          std::lock_guard lock(mu);
                          if (first_error.empty()) first_error = s.error();
                          return -1;
                        }
                        return static_cast<long long>(inserts[b].size());
                      });
  double secs = std::chrono::duration<double>(bench::Clock::now() - t0).count();
  if (!first_error.empty())
    std::fprintf(stderr, "sphinx: an INSERT failed: %s\n", first_error.c_str());
  report_load("sphinx", load_op_name(o, docs.size()), o.load_conns, std::move(r), docs.size(),
              secs);
  Sql& s = *pool[0];
  s.run("SELECT id FROM " + o.index + " LIMIT 1");
  print_comment("sphinx holds " + std::to_string(s.total_found()) + " documents after the load (" +
                std::to_string(docs.size()) + " sent)");
}

// ---- sanity: the same questions, comparable answers ----

using Buckets = std::vector<std::pair<std::string, long long>>;

std::string show(const Buckets& b, size_t n = 3) {
  std::string s;
  for (size_t i = 0; i < std::min(n, b.size()); ++i)
    s += (i ? " " : "") + b[i].first + ":" + std::to_string(b[i].second);
  return s;
}

void sanity(uint16_t wport, uint16_t sport, const Values& v, const Options& o) {
  net::HttpClient http(kHost, wport);
  Sql sql(sport);
  print_comment(
      "sanity: wharf's hits (track_total_hits) beside Sphinx's total_found for every query value, "
      "two shown per kind. Small differences are tokenization: Elasticsearch's standard tokenizer "
      "(UAX#29) keeps words joined by an apostrophe or a colon whole (client's, foo:server), "
      "Sphinx splits them.");
  auto by_count = [](Buckets b) {
    std::sort(b.begin(), b.end(), [](auto& x, auto& y) {
      return x.second != y.second ? x.second > y.second : x.first < y.first;
    });
    return b;
  };
  for (const auto& qk : kKinds) {
    bool agg = qk.kind == Kind::kAgg || qk.kind == Kind::kAggMatch;
    auto bodies = wharf_bodies(qk.kind, v, true, false);
    auto stmts = sphinx_queries(qk.kind, v, o.index, false);
    size_t same = 0, same_buckets = 0, errors = 0;
    double worst = 0;  // the largest relative difference of the counts
    for (size_t i = 0; i < bodies.size(); ++i) {
      json::value w = wharf_json(http, wport, "POST", "/" + o.index + "/_search", bodies[i]);
      long long whits = w.at("hits").at("total").at("value").to_number<long long>();
      std::string line = std::string(qk.flag) + " " + describe(qk.kind, v, i) + ": ";
      Rows rows;
      long long shits = -1;
      if (sql.run(stmts[i], &rows) >= 0) shits = sql.total_found();
      if (agg && shits >= 0) {
        // Sphinx's total_found counts the groups here: count the documents without grouping.
        std::string ungrouped = stmts[i];
        ungrouped.replace(0, kGroupSelect.size(), "SELECT id");
        ungrouped.resize(ungrouped.find(" GROUP BY"));
        Rows ignored;
        shits = sql.run(ungrouped + " LIMIT 1", &ignored) >= 0 ? sql.total_found() : -1;
      }
      if (shits < 0) {
        ++errors;
        print_comment(line + "sphinx error: " + sql.error());
        continue;
      }
      same += whits == shits;
      worst = std::max(worst, static_cast<double>(std::llabs(whits - shits)) /
                                  static_cast<double>(std::max(1LL, std::max(whits, shits))));
      if (agg) {
        Buckets wb, sb;
        for (const auto& b : w.at("aggregations").at("sections").at("buckets").as_array())
          wb.emplace_back(std::string(b.at("key").as_string()),
                          b.at("doc_count").to_number<long long>());
        for (const auto& r : rows)
          if (r.size() >= 2) sb.emplace_back(r[0], std::stoll(r[1]));
        bool identical = by_count(wb) == by_count(sb);
        same_buckets += identical;
        if (i < 2)
          print_comment(line + "wharf " + std::to_string(whits) + " docs [" + show(wb) +
                        " ...], sphinx " + std::to_string(shits) + " docs [" + show(sb) +
                        " ...]; top 10 buckets " + (identical ? "identical" : "differ"));
      } else if (i < 2) {
        print_comment(line + "wharf " + std::to_string(whits) + " hits, sphinx " +
                      std::to_string(shits) + (whits == shits ? " (same)" : " (differ)"));
      }
    }
    char summary[256];
    std::snprintf(summary, sizeof summary,
                  "%s: %zu of %zu values give the same count (largest difference %.1f%%)%s",
                  qk.flag, same, bodies.size(), 100 * worst, errors ? ", SPHINX ERRORS" : "");
    std::string text = summary;
    if (agg) text += ", " + std::to_string(same_buckets) + " the same top 10 buckets";
    print_comment(text);
  }
}

// ---- the timed queries ----

bool want(const std::string& ops, const char* op) {
  return ("," + ops + ",").find("," + std::string(op) + ",") != std::string::npos;
}

void queries_wharf(uint16_t port, const Values& v, const Options& o, const std::string& ops) {
  auto headers = json_headers(port);
  std::string target = "/" + o.index + "/_search";
  for (const auto& qk : kKinds) {
    if (!want(ops, qk.flag)) continue;
    auto bodies = wharf_bodies(qk.kind, v, false, o.source);
    bool agg = qk.kind == Kind::kAgg || qk.kind == Kind::kAggMatch;
    auto op = [&](net::HttpClient& c, int conn, uint64_t i, int conns) -> long long {
      const auto& b =
          bodies[(i * static_cast<uint64_t>(conns) + static_cast<uint64_t>(conn)) % bodies.size()];
      auto r = c.send("POST", target, headers, b);
      bool good = ok(r.status) && (!agg || r.body.find("\"buckets\"") != std::string::npos);
      return good ? static_cast<long long>(r.body.size()) : -1;
    };
    if (o.warmup) {
      net::HttpClient c(kHost, port);
      for (const auto& b : bodies) {
        auto r = c.send("POST", target, headers, b);
        if (!ok(r.status))
          std::fprintf(stderr, "wharf: %s: %d %s\n", b.c_str(), r.status,
                       r.body.substr(0, 300).c_str());
      }
    }
    for (int conns : o.conns)
      bench::report(
          "wharf", qk.name, conns,
          bench::run(kHost, port, conns, o.seconds, [&](net::HttpClient& c, int conn, uint64_t i) {
            return op(c, conn, i, conns);
          }));
  }
}

void queries_sphinx(uint16_t port, const Values& v, const Options& o, const std::string& ops) {
  int most = *std::max_element(o.conns.begin(), o.conns.end());
  auto pool = sql_pool(port, most);
  for (const auto& qk : kKinds) {
    if (!want(ops, qk.flag)) continue;
    auto stmts = sphinx_queries(qk.kind, v, o.index, o.source);
    auto op = [&](int conn, uint64_t i, int conns) -> long long {
      const auto& q =
          stmts[(i * static_cast<uint64_t>(conns) + static_cast<uint64_t>(conn)) % stmts.size()];
      return pool[static_cast<size_t>(conn)]->run(q);
    };
    if (o.warmup)
      for (uint64_t i = 0; i < stmts.size(); ++i)
        if (op(0, i, 1) < 0)
          std::fprintf(stderr, "sphinx: %s: %s\n", stmts[i].c_str(), pool[0]->error().c_str());
    for (int conns : o.conns)
      bench::report(
          "sphinx", qk.name, conns,
          bench::run(kHost, port, conns, o.seconds,
                     [&](net::HttpClient&, int conn, uint64_t i) { return op(conn, i, conns); }));
  }
}

void ceiling(uint16_t port, const std::string& path, const Options& o) {
  net::Headers h = {{"host", kHost + ":" + std::to_string(port)}};
  for (int conns : o.conns)
    bench::report("ceiling", "GET static file (a search answer's size)", conns,
                  bench::run(kHost, port, conns, o.seconds,
                             [&](net::HttpClient& c, int, uint64_t) -> long long {
                               auto r = c.send("GET", path, h);
                               return ok(r.status) ? static_cast<long long>(r.body.size()) : -1;
                             }));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Search load generator: wharf (Elasticsearch API) beside Sphinx (bench/search)"};
  Options o;
  std::string corpus, ops = "term,phrase,phrase_filter,bool,agg,agg_match", ceiling_path = "/answer";
  uint16_t wport = 0, sport = 0, cport = 0;
  bool do_load = false, do_sanity = false, do_queries = false;
  size_t per_kind = 32;
  app.add_option("--corpus", corpus, "NDJSON corpus, plain or .gz");
  app.add_option("--wharf", wport, "wharf's search port");
  app.add_option("--sphinx", sport, "searchd's mysql41 port");
  app.add_option("--ceiling", cport, "nginx port, for the ceiling");
  app.add_option("--ceiling-path", ceiling_path);
  app.add_flag("--load", do_load, "bulk-load the corpus into the servers given");
  app.add_flag("--sanity", do_sanity, "compare hit counts of sample queries (needs both)");
  app.add_flag("--queries", do_queries, "run the timed queries on the servers given");
  app.add_option("--ops", ops, "comma-separated: term,phrase,phrase_filter,bool,agg,agg_match");
  app.add_option("--index", o.index);
  app.add_option("--batch", o.batch, "documents per _bulk / INSERT")->check(CLI::PositiveNumber);
  app.add_option("--load-connections", o.load_conns)->check(CLI::PositiveNumber);
  app.add_option("--connections", o.conns)->delimiter(',');
  app.add_option("--seconds", o.seconds);
  app.add_option("--values", per_kind, "different query values per kind")
      ->check(CLI::PositiveNumber);
  app.add_option("--source", o.source,
                 "return the documents (wharf's _source, Sphinx's attributes) or only ids");
  app.add_option("--warmup", o.warmup, "ask every query value once before timing");
  app.add_option("--index-phrases", o.index_phrases,
                 "map wharf's description with index_phrases (exact phrases from shingles)");
  CLI11_PARSE(app, argc, argv);
  if (o.conns.empty()) o.conns = {1};

  try {
    if (cport) ceiling(cport, ceiling_path, o);
    if (!do_load && !do_sanity && !do_queries) return 0;
    if (corpus.empty()) throw std::runtime_error("--corpus is needed");
    if (mysql_library_init(0, nullptr, nullptr) != 0)
      throw std::runtime_error("mysql_library_init");
    auto docs = read_corpus(corpus);
    Values v = pick_values(docs, per_kind);
    if (do_load && wport) load_wharf(wport, docs, o);
    if (do_load && sport) load_sphinx(sport, docs, o);
    if (do_sanity) {
      if (!wport || !sport) throw std::runtime_error("--sanity needs --wharf and --sphinx");
      sanity(wport, sport, v, o);
    }
    if (do_queries && wport) queries_wharf(wport, v, o, ops);
    if (do_queries && sport) queries_sphinx(sport, v, o, ops);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "search_bench: %s\n", e.what());
    return 1;
  }
  mysql_library_end();
  return 0;
}
