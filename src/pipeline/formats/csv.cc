#include "pipeline/formats/csv.h"

#include <algorithm>
#include <cstdio>

#include "pipeline/formats/charset.h"
#include "pipeline/formats/errors.h"
#include "pipeline/formats/record.h"

namespace wharf::pipeline::formats {

namespace {

bool is_break(char c) { return c == '\n' || c == '\r'; }

// How a character is named in an error message: "','", "tab", "'中'", "byte 0x8F".
std::string describe(std::string_view at) {
  if (at.empty()) return "end of input";
  unsigned char c = static_cast<unsigned char>(at[0]);
  if (c == '\t') return "tab";
  if (c == ' ') return "space";
  if (c > 0x20 && c < 0x7f) return std::string("'") + at[0] + "'";
  if (c >= 0xC2 && c <= 0xF4) {
    size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (at.size() >= len && !first_invalid_utf8(at.substr(0, len)))
      return "'" + std::string(at.substr(0, len)) + "'";
  }
  char hex[16];
  std::snprintf(hex, sizeof hex, "byte 0x%02X", c);
  return hex;
}

void check_dialect(char delimiter, char quote) {
  if (delimiter == quote) fail(FormatError::kInvalidOption, "CSV delimiter and quote must differ");
  if (is_break(delimiter) || is_break(quote))
    fail(FormatError::kInvalidOption, "CSV delimiter and quote cannot be CR or LF");
}

}  // namespace

// ---- CsvReader ----

CsvReader::CsvReader(std::unique_ptr<core::ByteSource> source, CsvOptions options)
    : in_(std::move(source)), opt_(options) {
  check_dialect(opt_.delimiter, opt_.quote);
}

bool CsvReader::next(CsvRecord& out) {
  if (!started_) {
    started_ = true;
    skip_utf8_bom(in_);
  }
  out.fields.clear();
  out.raw.clear();
  out.error.clear();
  if (!skip_blank_lines()) return false;
  record_line_ = out.line = line_;
  if (scan_record() == Scan::kTooLarge) {
    reject(out, "line " + std::to_string(record_line_) + ": the record is longer than " +
                    std::to_string(opt_.max_record_bytes) + " bytes (is a quote never closed?)");
    return true;
  }
  if (!split_fields(out)) return true;
  uint64_t breaks = 0;
  for (size_t i = 0; i < raw_.size(); ++i)
    if (raw_[i] == '\n' || (raw_[i] == '\r' && (i + 1 == raw_.size() || raw_[i + 1] != '\n')))
      ++breaks;
  line_ = record_line_ + breaks + (terminator_.empty() ? 0 : 1);
  out.raw.swap(raw_);  // raw_ is refilled from scratch by the next scan
  return true;
}

bool CsvReader::skip_blank_lines() {
  for (;;) {
    std::string_view v = in_.peek(1);
    if (v.empty()) return false;
    if (!is_break(v[0])) return true;
    in_.skip(1);
    if (v[0] == '\r' && in_.peek(1) == "\n") in_.skip(1);
    ++line_;
  }
}

// Finds where the record ends: the first line break outside quotes. Quotes are only counted here
// (every quote toggles); whether they sit where quotes may is split_fields' business. A
// malformed record can therefore run on over several lines, which reject() undoes.
CsvReader::Scan CsvReader::scan_record() {
  raw_.clear();
  terminator_.clear();
  bool quoted = false;
  for (;;) {
    std::string_view v = in_.buffered();
    if (v.empty()) return Scan::kRecord;  // ended by the end of input
    size_t i = 0;
    for (; i < v.size(); ++i) {
      char c = v[i];
      if (c == opt_.quote)
        quoted = !quoted;
      else if (is_break(c) && !quoted)
        break;
    }
    raw_.append(v.data(), i);
    bool at_break = i < v.size();
    char brk = at_break ? v[i] : '\0';
    in_.skip(i);
    if (raw_.size() > opt_.max_record_bytes) return Scan::kTooLarge;
    if (at_break) {
      in_.skip(1);
      terminator_ = brk;
      if (brk == '\r' && in_.peek(1) == "\n") {
        in_.skip(1);
        terminator_ += '\n';
      }
      return Scan::kRecord;
    }
  }
}

bool CsvReader::split_fields(CsvRecord& out) {
  const char q = opt_.quote, d = opt_.delimiter;
  const size_t n = raw_.size();
  size_t i = 0;
  for (;;) {
    std::string& f = out.fields.emplace_back();
    if (i < n && raw_[i] == q) {
      size_t open = i++;
      for (;;) {
        size_t j = raw_.find(q, i);
        if (j == std::string::npos) {
          reject(out, position(open) +
                          ": quoted field is never closed (the input ends first); expected a "
                          "closing " +
                          describe(std::string_view(&q, 1)));
          return false;
        }
        f.append(raw_, i, j - i);
        i = j + 1;
        if (i < n && raw_[i] == q) {  // doubled quote: one literal quote
          f += q;
          ++i;
          continue;
        }
        break;
      }
      if (i == n) return true;
      if (raw_[i] == d) {
        ++i;
        continue;
      }
      reject(out, position(i) + ": unexpected " + describe(std::string_view(raw_).substr(i)) +
                      " after the closing quote of a field; expected " +
                      describe(std::string_view(&d, 1)) + " or the end of the line");
      return false;
    }
    size_t k = i;
    while (k < n && raw_[k] != d && raw_[k] != q) ++k;
    if (k < n && raw_[k] == q) {
      reject(out, position(k) +
                      ": quote character inside an unquoted field; a field that contains "
                      "quotes must be enclosed in quotes, with each inner quote doubled");
      return false;
    }
    f.append(raw_, i, k - i);
    if (k == n) return true;
    i = k + 1;
  }
}

std::string CsvReader::position(size_t offset) const {
  uint64_t line = record_line_;
  uint64_t column = 1;
  for (size_t i = 0; i < offset && i < raw_.size(); ++i) {
    char c = raw_[i];
    if (c == '\n' || (c == '\r' && (i + 1 >= raw_.size() || raw_[i + 1] != '\n'))) {
      ++line;
      column = 1;
    } else if (c != '\r' && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column;  // count characters, not UTF-8 continuation bytes
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// The bad record is its first physical line; everything after that line is read again as new
// records. A stray quote makes scan_record() swallow the lines after it into one "record", and
// those lines are usually good rows.
void CsvReader::reject(CsvRecord& out, std::string error) {
  out.fields.clear();
  out.error = std::move(error);
  size_t brk = 0;
  while (brk < raw_.size() && !is_break(raw_[brk])) ++brk;
  out.raw.assign(raw_, 0, std::min(brk, kMaxRejectRaw));
  if (brk < raw_.size()) {
    size_t after = brk + 1;
    if (raw_[brk] == '\r' && after < raw_.size() && raw_[after] == '\n') ++after;
    std::string again = raw_.substr(after) + terminator_;
    in_.unread(again);
    line_ = record_line_ + 1;
  } else if (terminator_.empty() && raw_.size() > opt_.max_record_bytes) {
    skip_rest_of_line();  // one line too long: its rest is still unread
    line_ = record_line_ + 1;
  } else {
    line_ = record_line_ + (terminator_.empty() ? 0 : 1);
  }
}

void CsvReader::skip_rest_of_line() {
  for (;;) {
    std::string_view v = in_.buffered();
    if (v.empty()) return;
    size_t k = 0;
    while (k < v.size() && !is_break(v[k])) ++k;
    if (k == v.size()) {
      in_.skip(k);
      continue;
    }
    char brk = v[k];
    in_.skip(k + 1);
    if (brk == '\r' && in_.peek(1) == "\n") in_.skip(1);
    return;
  }
}

// ---- CsvWriter ----

CsvWriter::CsvWriter(std::unique_ptr<ByteSink> sink, CsvWriterOptions options)
    : sink_(std::move(sink)), opt_(std::move(options)) {
  check_dialect(opt_.delimiter, opt_.quote);
}

bool CsvWriter::needs_quotes(std::string_view f, size_t field_count) const {
  if (f.empty()) return field_count == 1;
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  if (blank(f.front()) || blank(f.back())) return true;
  for (char c : f)
    if (c == opt_.delimiter || c == opt_.quote || is_break(c)) return true;
  return false;
}

void CsvWriter::write_row(const std::vector<std::string>& fields) {
  row_.clear();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) row_ += opt_.delimiter;
    const std::string& f = fields[i];
    if (!needs_quotes(f, fields.size())) {
      row_ += f;
      continue;
    }
    row_ += opt_.quote;
    for (char c : f) {
      if (c == opt_.quote) row_ += opt_.quote;
      row_ += c;
    }
    row_ += opt_.quote;
  }
  row_ += opt_.crlf ? "\r\n" : "\n";
  sink_->write(row_);
}

void CsvWriter::write(const std::vector<std::string>& fields) {
  if (!header_written_) {
    header_written_ = true;
    if (!opt_.header.empty()) write_row(opt_.header);
  }
  write_row(fields);
}

void CsvWriter::finish() {
  if (!header_written_) {
    header_written_ = true;
    if (!opt_.header.empty()) write_row(opt_.header);
  }
  sink_->finish();
}

}  // namespace wharf::pipeline::formats
