#include "pipeline/rejects.h"

#include <unistd.h>

#include <charconv>
#include <filesystem>

#include <fmt/format.h>

#include "core/encoding.h"
#include "core/error.h"
#include "core/json_codec.h"
#include "pipeline/formats/charset.h"

namespace wharf::pipeline {
namespace {

// `s` with every byte that does not belong to a valid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view s) {
  std::string out;
  while (!s.empty()) {
    auto bad = formats::first_invalid_utf8(s);
    if (!bad) {
      out += s;
      break;
    }
    out += s.substr(0, *bad);
    out += "\xEF\xBF\xBD";
    s.remove_prefix(*bad + 1);
  }
  return out;
}

}  // namespace

RejectLimit RejectLimit::parse(const std::string& text) {
  RejectLimit l;
  std::string t = text;
  bool percent = !t.empty() && t.back() == '%';
  if (percent) t.pop_back();
  double v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size() || v < 0 || (percent && v > 100))
    throw core::Error("PipelineSpecError", 400,
                      "max_rejects must be a count (100) or a percentage (5%), got '" + text + "'");
  if (percent)
    l.ratio = v / 100;
  else
    l.count = static_cast<uint64_t>(v);
  return l;
}

std::string RejectLimit::describe() const {
  if (count) return std::to_string(*count) + " rows";
  if (ratio) return fmt::format("{:g}% of the rows read", *ratio * 100);
  return "unlimited";
}

Rejects::Rejects(std::string run_id, std::string path, RejectLimit limit)
    : run_id_(std::move(run_id)), path_(std::move(path)), limit_(limit) {
  if (path_.empty()) return;
  std::filesystem::path p(path_);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  out_ = std::fopen(path_.c_str(), "a");
  if (!out_) throw core::Error("PipelineIoError", 500, "cannot write the rejects file " + path_);
}

Rejects::~Rejects() {
  if (out_) std::fclose(out_);
}

void Rejects::add(const Batch& batch, const Row& row, const std::string& step,
                  const std::string& reason) {
  std::string raw = row.raw;
  if (raw.empty()) raw = core::to_json(row_to_map(*batch.schema, row));
  write(batch.origin, row.position, step, reason, raw);
}

void Rejects::add_unreadable(const std::string& origin, uint64_t position, const std::string& step,
                             const std::string& reason, const std::string& raw) {
  ++unreadable_;
  write(origin, position, step, reason, raw);
}

void Rejects::write(const std::string& origin, uint64_t position, const std::string& step,
                    const std::string& reason, const std::string& raw) {
  ++count_;
  if (!out_) return;
  core::Map m{{"run", run_id_},
              {"source", origin},
              {"position", static_cast<long long>(position)},
              {"step", step},
              {"reason", reason},
              {"raw", raw}};
  // The reject file is JSON, hence UTF-8: a record that is not (the reason it was rejected,
  // often) shows its text with U+FFFD for the bad bytes, and its exact bytes in base64.
  if (formats::first_invalid_utf8(raw)) {
    m["raw"] = valid_utf8(raw);
    m["raw_base64"] = core::base64_encode(raw);
  }
  write_line(core::to_json(core::Value(std::move(m))));
}

void Rejects::write_line(const std::string& line) {
  std::lock_guard lock(mu_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fputc('\n', out_);
}

void Rejects::check(uint64_t rows_read, bool input_complete) const {
  uint64_t n = count_.load();
  bool over = (limit_.count && n > *limit_.count) ||
              (input_complete && limit_.ratio && rows_read > 0 &&
               static_cast<double>(n) / static_cast<double>(rows_read) > *limit_.ratio);
  if (over)
    throw core::Error("TooManyRejects", 422,
                      std::to_string(n) + " rows rejected (of " + std::to_string(rows_read) +
                          " read), over max_rejects " + limit_.describe() +
                          "; nothing was published" + (path_.empty() ? "" : "; see " + path_));
}

void Rejects::flush() {
  std::lock_guard lock(mu_);
  if (out_) {
    std::fflush(out_);
    ::fsync(fileno(out_));
  }
}

}  // namespace wharf::pipeline
