// _bulk: NDJSON read line by line straight from the request body (a 100 MB bulk is never held
// whole), each action applied as it arrives, per-item status and errors as Elasticsearch
// reports them.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <chrono>
#include <set>

#include "search/api/handlers.h"
#include "search/errors.h"
#include "search/source_filter.h"

namespace wharf::search::api {

namespace json = boost::json;

namespace {

class LineReader {
 public:
  explicit LineReader(core::ByteSource& src) : src_(src) {}
  // The next line without its newline; false at the end of the body.
  bool next(std::string& line) {
    while (true) {
      size_t nl = buf_.find('\n', pos_);
      if (nl != std::string::npos) {
        line.assign(buf_, pos_, nl - pos_);
        pos_ = nl + 1;
        ++number_;
        return true;
      }
      if (eof_) {
        if (pos_ >= buf_.size()) return false;
        line.assign(buf_, pos_);
        pos_ = buf_.size();
        ++number_;
        unterminated_ = line.find_first_not_of(" \t\r") != std::string::npos;
        return true;
      }
      buf_.erase(0, pos_);
      pos_ = 0;
      size_t old = buf_.size();
      buf_.resize(old + kChunk);
      size_t n = src_.read(buf_.data() + old, kChunk);
      buf_.resize(old + n);
      if (n == 0) eof_ = true;
    }
  }
  size_t line_number() const { return number_; }
  bool unterminated() const { return unterminated_; }  // the last line had no newline

 private:
  static constexpr size_t kChunk = 1 << 16;
  core::ByteSource& src_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  size_t number_ = 0;
  bool unterminated_ = false;
};

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r") == std::string::npos; }

}  // namespace

net::Response bulk(SearchService& service, EsRequest& req) {
  auto started = std::chrono::steady_clock::now();
  std::string default_index = req.parts.size() == 2 ? req.parts[0] : "";
  LineReader lines(*req.http.body);
  json::array items;
  bool errors = false;
  std::set<std::shared_ptr<SearchIndex>> touched;
  std::string action_line, source_line;
  while (lines.next(action_line)) {
    if (blank(action_line)) continue;
    size_t action_no = lines.line_number();
    json::error_code ec;
    json::value action = json::parse(action_line, ec);
    if (!ec && action.is_object() && action.as_object().empty())
      throw illegal_argument(fmt::format(
          "Malformed action/metadata line [{}], expected FIELD_NAME but found [END_OBJECT]",
          action_no));
    if (ec || !action.is_object() || action.as_object().size() != 1)
      throw illegal_argument(fmt::format(
          "Malformed action/metadata line [{}], expected START_OBJECT or END_OBJECT but found "
          "[{}]",
          action_no, ec ? "VALUE_STRING" : "FIELD_NAME"));
    const auto& [op_sv, meta_v] = *action.as_object().begin();
    std::string op(op_sv);
    if (op != "index" && op != "create" && op != "update" && op != "delete")
      throw illegal_argument(fmt::format(
          "Malformed action/metadata line [{}], expected field [create], [delete], [index] or "
          "[update] but found [{}]",
          action_no, op));
    if (!meta_v.is_object())
      throw illegal_argument(fmt::format(
          "Malformed action/metadata line [{}], expected START_OBJECT or END_OBJECT", action_no));
    const auto& meta = meta_v.as_object();
    std::string index = meta.contains("_index") && meta.at("_index").is_string()
                            ? std::string(meta.at("_index").as_string())
                            : default_index;
    std::string id;
    if (auto v = meta.if_contains("_id"))
      id = v->is_string() ? std::string(v->as_string()) : json::serialize(*v);
    bool has_source = op != "delete";
    if ((has_source && !lines.next(source_line)) || lines.unterminated())
      throw illegal_argument("The bulk request must be terminated by a newline [\\n]");
    json::object item{{"_index", index}, {"_type", "_doc"}, {"_id", id}};
    try {
      if (index.empty())
        throw validation_failed("index is missing");
      if (meta.contains("_id") && id.empty())
        throw illegal_argument("if _id is specified it must not be empty");
      WriteOptions opts;
      if (auto v = meta.if_contains("if_seq_no")) opts.if_seq_no = v->to_number<int64_t>();
      if (auto v = meta.if_contains("if_primary_term")) opts.if_primary_term = v->to_number<int64_t>();
      if (auto v = meta.if_contains("version")) opts.version = v->to_number<int64_t>();
      if (auto v = meta.if_contains("version_type"); v && v->is_string()) {
        opts.external = v->as_string() != "internal";
        opts.external_gte = v->as_string() == "external_gte";
      }
      WriteResult r;
      std::shared_ptr<SearchIndex> idx;
      if (op == "delete") {
        if (id.empty()) throw validation_failed("id is missing");
        idx = service.get(index);
        r = idx->remove(id, opts);
      } else {
        json::value src = json::parse(source_line, ec);
        if (ec || !src.is_object()) throw not_an_object();
        idx = service.find_or_create(index);
        if (op == "update") {
          if (id.empty()) throw validation_failed("id is missing");
          const auto& b = src.as_object();
          if (b.contains("script"))
            throw illegal_argument(
                "scripted updates are not supported by wharf; send a partial document in [doc]");
          auto doc = b.if_contains("doc");
          if (!doc || !doc->is_object()) throw validation_failed("script or doc is missing");
          bool as_upsert = b.contains("doc_as_upsert") && b.at("doc_as_upsert").is_bool() &&
                           b.at("doc_as_upsert").as_bool();
          bool detect_noop = !b.contains("detect_noop") || !b.at("detect_noop").is_bool() ||
                             b.at("detect_noop").as_bool();
          r = idx->update(id,
                          partial_update(doc->as_object(), as_upsert, b.if_contains("upsert"),
                                         detect_noop),
                          opts);
        } else {
          opts.create = op == "create";
          r = idx->index(id, source_line, src.as_object(), opts);
        }
      }
      touched.insert(idx);
      item = write_result_json(*idx, r, false);
      item["status"] = write_status(r);
      if (op == "update") {  // "_source" in the action, the update body or the URL
        std::optional<SourceFilter> want;
        if (auto v = meta.if_contains("_source")) want = SourceFilter::from_json(*v);
        json::error_code ec2;
        json::value body = json::parse(source_line, ec2);
        if (!ec2 && body.is_object())
          if (auto v = body.as_object().if_contains("_source")) want = SourceFilter::from_json(*v);
        if (!want && (req.param("_source") || req.param("_source_includes") || req.param("_source_excludes")))
          want = SourceFilter::from_params(req.param("_source"), req.param("_source_includes"),
                                           req.param("_source_excludes"));
        if (want && want->enabled)
          if (auto doc = idx->get(r.id))
            item["get"] = json::object{{"_seq_no", doc->meta.seq_no},
                                       {"_primary_term", doc->meta.primary_term},
                                       {"found", true},
                                       {"_source", want->apply(json::parse(doc->source))}};
      }
    } catch (const core::Error& e) {
      errors = true;
      item["status"] = e.http_status();
      item["error"] = [&] {
        json::object o = error_object(e);
        o.erase("root_cause");
        return o;
      }();
    }
    items.push_back(json::object{{op, std::move(item)}});
  }
  if (items.empty()) throw validation_failed("no requests added");
  bool forced = false;
  for (const auto& idx : touched) forced |= finish_write(req, *idx);
  if (forced)
    for (auto& item : items)
      for (auto& [op, body] : item.as_object())
        if (!body.as_object().contains("error")) body.as_object()["forced_refresh"] = true;
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
  return json_reply(req, 200,
                    json::object{{"took", took}, {"errors", errors}, {"items", std::move(items)}});
}

}  // namespace wharf::search::api
