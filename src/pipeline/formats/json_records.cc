#include "pipeline/formats/json_records.h"

#include <boost/json/basic_parser_impl.hpp>
#include <deque>
#include <vector>

#include "core/json_codec.h"
#include "core/json_value_builder.h"
#include "pipeline/formats/charset.h"
#include "pipeline/formats/errors.h"

namespace wharf::pipeline::formats {

namespace {

constexpr size_t kMaxJsonDepth = 64;

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool all_space(std::string_view s) {
  for (char c : s)
    if (!is_json_space(c)) return false;
  return true;
}

// 1-based column of byte `offset` in `line`, counted in characters.
uint64_t column_of(std::string_view line, size_t offset) {
  uint64_t column = 1;
  for (size_t i = 0; i < offset && i < line.size(); ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;
  return column;
}

boost::json::parse_options parse_options() {
  boost::json::parse_options o;
  o.max_depth = kMaxJsonDepth;
  return o;
}

}  // namespace

class JsonParser {
 public:
  explicit JsonParser(bool array_mode) : p_(parse_options()) {
    p_.handler().array_mode = array_mode;
  }
  core::JsonValueBuilder& builder() { return p_.handler(); }
  boost::json::basic_parser<core::JsonValueBuilder>& parser() { return p_; }
  // Boost's reason, or the builder's own when it stopped the parse.
  std::string reason(const boost::system::error_code& ec) {
    return builder().reason.empty() ? ec.message() : builder().reason;
  }

 private:
  boost::json::basic_parser<core::JsonValueBuilder> p_;
};

// ---- NdjsonReader ----

NdjsonReader::NdjsonReader(std::unique_ptr<core::ByteSource> source, JsonReaderOptions options)
    : in_(std::move(source)), opt_(options), parser_(std::make_unique<JsonParser>(false)) {}

NdjsonReader::~NdjsonReader() = default;

bool NdjsonReader::read_line(std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  bool any = false;
  for (;;) {
    std::string_view v = in_.buffered();
    if (v.empty()) return any;
    any = true;
    size_t nl = v.find('\n');
    size_t take = nl == std::string_view::npos ? v.size() : nl;
    if (!too_long && line.size() + take > opt_.max_record_bytes) {
      too_long = true;  // keep reading to the end of the line, keeping only a bounded prefix
      if (line.size() > kMaxRejectRaw) line.resize(kMaxRejectRaw);
    }
    if (!too_long)
      line.append(v.data(), take);
    else if (line.size() < kMaxRejectRaw)
      line.append(v.data(), std::min(take, kMaxRejectRaw - line.size()));
    in_.skip(nl == std::string_view::npos ? take : take + 1);
    if (nl != std::string_view::npos) return true;
  }
}

bool NdjsonReader::next(Record& out) {
  if (!started_) {
    started_ = true;
    skip_utf8_bom(in_);
  }
  out.value = core::Value();
  out.error.clear();
  bool too_long = false;
  for (;;) {
    if (!read_line(out.raw, too_long)) return false;
    ++line_;
    if (!out.raw.empty() && out.raw.back() == '\r') out.raw.pop_back();
    if (too_long || !all_space(out.raw)) break;
  }
  out.position = line_;
  std::string at = "line " + std::to_string(line_);
  if (too_long) {
    out.error =
        at + ": the line is longer than " + std::to_string(opt_.max_record_bytes) + " bytes";
    return true;
  }
  auto& p = parser_->parser();
  p.reset();
  parser_->builder().clear();
  boost::system::error_code ec;
  size_t n = p.write_some(false, out.raw.data(), out.raw.size(), ec);
  if (ec) {
    out.error = at + ", column " + std::to_string(column_of(out.raw, n)) +
                ": malformed JSON: " + parser_->reason(ec);
    return true;
  }
  if (n < out.raw.size()) {
    out.error = at + ", column " + std::to_string(column_of(out.raw, n)) +
                ": unexpected text after the JSON value (one value per line)";
    return true;
  }
  out.value = std::move(parser_->builder().ready.front());
  return true;
}

// ---- JsonArrayReader ----

JsonArrayReader::JsonArrayReader(std::unique_ptr<core::ByteSource> source,
                                 JsonReaderOptions options)
    : in_(std::move(source)), opt_(options), parser_(std::make_unique<JsonParser>(true)) {}

JsonArrayReader::~JsonArrayReader() = default;

bool JsonArrayReader::next(Record& out) {
  out.raw.clear();
  out.error.clear();
  auto& ready = parser_->builder().ready;
  for (;;) {
    if (!ready.empty()) {
      out.value = std::move(ready.front());
      ready.pop_front();
      out.position = ++returned_;
      return true;
    }
    if (!error_.empty()) fail(error_kind_, error_);
    if (finished_) return false;
    feed();
  }
}

std::string JsonArrayReader::where(uint64_t offset) const {
  std::string s = "at byte offset " + std::to_string(offset);
  if (parser_->builder().in_top_array || !parser_->builder().stack.empty())
    s += " (element " + std::to_string(parser_->builder().emitted + 1) + ")";
  return s;
}

void JsonArrayReader::feed() {
  if (!started_) {
    started_ = true;
    if (skip_utf8_bom(in_)) offset_ = kUtf8Bom.size();
  }
  auto& p = parser_->parser();
  if (p.done()) {
    check_only_whitespace_follows();
    return;
  }
  std::string_view v = in_.buffered();
  boost::system::error_code ec;
  if (v.empty()) {
    finished_ = true;
    if (!saw_content_) return;  // empty input: no records
    static const char kNothing[1] = {0};
    p.write_some(false, kNothing, 0, ec);
    if (ec && !parser_->builder().reason.empty())  // e.g. a top-level scalar, known only now
      error_ = "malformed JSON " + where(offset_) + ": " + parser_->builder().reason;
    else if (ec)
      error_ = "malformed JSON: the input ends " + where(offset_) +
               " before the top-level value is complete";
    return;
  }
  if (!saw_content_) saw_content_ = !all_space(v);
  uint64_t emitted_before = parser_->builder().emitted;
  size_t n = p.write_some(true, v.data(), v.size(), ec);
  if (ec) {
    error_ = "malformed JSON " + where(offset_ + n) + ": " + parser_->reason(ec);
    finished_ = true;
    return;
  }
  in_.skip(n);
  offset_ += n;
  // Bounds memory: the bytes of one element, counted per buffer given to the parser.
  bytes_in_element_ = parser_->builder().emitted != emitted_before ? 0 : bytes_in_element_ + n;
  if (bytes_in_element_ > opt_.max_record_bytes) {
    error_kind_ = FormatError::kInputTooLarge;
    error_ = "JSON element " + std::to_string(parser_->builder().emitted + 1) + " is larger than " +
             std::to_string(opt_.max_record_bytes) + " bytes";
    finished_ = true;
    return;
  }
  if (p.done()) check_only_whitespace_follows();
}

void JsonArrayReader::check_only_whitespace_follows() {
  for (;;) {
    std::string_view v = in_.buffered();
    if (v.empty()) break;
    for (size_t i = 0; i < v.size(); ++i)
      if (!is_json_space(v[i])) {
        error_ =
            "malformed JSON: unexpected text after the end of the top-level value at byte "
            "offset " +
            std::to_string(offset_ + i);
        finished_ = true;
        return;
      }
    in_.skip(v.size());
    offset_ += v.size();
  }
  finished_ = true;
}

// ---- writers ----

NdjsonWriter::NdjsonWriter(std::unique_ptr<ByteSink> sink) : sink_(std::move(sink)) {}

void NdjsonWriter::write(const core::Value& record) {
  line_ = core::to_json(record);
  line_ += '\n';
  sink_->write(line_);
}

void NdjsonWriter::finish() { sink_->finish(); }

JsonArrayWriter::JsonArrayWriter(std::unique_ptr<ByteSink> sink) : sink_(std::move(sink)) {}

void JsonArrayWriter::write(const core::Value& record) {
  sink_->write(count_++ == 0 ? "[\n" : ",\n");
  sink_->write(core::to_json(record));
}

void JsonArrayWriter::finish() {
  sink_->write(count_ == 0 ? "[]\n" : "\n]\n");
  sink_->finish();
}

}  // namespace wharf::pipeline::formats
