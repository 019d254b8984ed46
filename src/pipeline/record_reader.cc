#include "pipeline/record_reader.h"

#include "core/encoding.h"
#include "pipeline/formats/charset.h"
#include "pipeline/formats/compression.h"
#include "pipeline/formats/csv.h"

namespace wharf::pipeline {

std::string format_from_name(const std::string& name) {
  std::string n = core::to_lower(name);
  if (n.ends_with(".gz")) n.resize(n.size() - 3);
  for (auto [ext, format] : {std::pair{".csv", "csv"}, {".tsv", "csv"}, {".ndjson", "ndjson"},
                             {".jsonl", "ndjson"}, {".json", "json"}, {".xml", "xml"}, {".sql", "sql"}})
    if (n.ends_with(ext)) return format;
  return "";
}

const std::vector<const char*>& FormatOptions::keys() {
  static const std::vector<const char*> k = {"format", "delimiter", "quote", "header",
                                             "columns", "encoding", "record", "sql_table"};
  return k;
}

namespace {
char single_char(const SpecNode& n) {
  std::string s = n.as_string();
  if (s == "\\t" || s == "tab") return '\t';
  if (s.size() != 1) n.fail("expected one character, got '" + s + "'");
  return s[0];
}
}  // namespace

FormatOptions FormatOptions::parse(const SpecNode& spec, const std::string& name) {
  FormatOptions o;
  o.format = spec.string_or("format", "");
  if (o.format.empty()) o.format = format_from_name(name);
  if (o.format.empty())
    spec.fail("cannot tell the format of '" + name + "' from its name: give format: csv, ndjson, json, xml or sql");
  if (o.format == "jsonl") o.format = "ndjson";
  if (o.format != "csv" && o.format != "ndjson" && o.format != "json" && o.format != "xml" && o.format != "sql")
    spec.at("format").fail("format is csv, ndjson, json, xml or sql, got '" + o.format + "'");
  if (auto d = spec.get("delimiter")) o.delimiter = single_char(*d);
  else if (core::to_lower(name).ends_with(".tsv") || core::to_lower(name).ends_with(".tsv.gz")) o.delimiter = '\t';
  if (auto q = spec.get("quote")) o.quote = single_char(*q);
  o.header = spec.bool_or("header", true);
  o.columns = spec.strings_or("columns");
  o.encoding = spec.string_or("encoding", "utf-8");
  o.record = spec.string_or("record", "");
  o.sql_table = spec.string_or("sql_table", "");
  if (o.format == "xml" && o.record.empty())
    spec.fail("an XML source needs record: the path of the record elements (e.g. /catalog/product)");
  return o;
}

namespace {

class CsvRecordReader : public RecordReader {
 public:
  CsvRecordReader(std::unique_ptr<core::ByteSource> bytes, const FormatOptions& o, std::string origin)
      : reader_(std::move(bytes), formats::CsvOptions{o.delimiter, o.quote, o.header}),
        options_(o),
        origin_(std::move(origin)) {
    if (!o.columns.empty()) schema_ = intern_schema(o.columns);
  }

  bool next(Batch& out, size_t max_rows, Rejects& rejects) override {
    out.rows.clear();
    out.origin = origin_;
    if (!schema_ && options_.header && !read_header(rejects)) return false;
    formats::CsvRecord rec;
    while (out.rows.size() < max_rows && reader_.next(rec)) {
      if (!rec.error.empty()) {
        rejects.add_unreadable(origin_, rec.line, "read", "malformed CSV: " + rec.error, rec.raw);
        continue;
      }
      if (!schema_) schema_ = numbered(rec.fields.size());
      if (rec.fields.size() != schema_->size()) {
        rejects.add_unreadable(origin_, rec.line, "read",
                               "line " + std::to_string(rec.line) + " has " +
                                   std::to_string(rec.fields.size()) + " fields, the header has " +
                                   std::to_string(schema_->size()),
                               rec.raw);
        continue;
      }
      if (auto bad = invalid_utf8(rec)) {
        rejects.add_unreadable(origin_, rec.line, "read", *bad, rec.raw);
        continue;
      }
      Row row;
      row.values.reserve(rec.fields.size());
      for (auto& f : rec.fields) row.values.emplace_back(std::move(f));
      row.position = rec.line;
      row.raw = std::move(rec.raw);
      out.rows.push_back(std::move(row));
    }
    out.schema = schema_ ? schema_ : intern_schema({});
    return !out.rows.empty();
  }

 private:
  bool read_header(Rejects& rejects) {
    formats::CsvRecord rec;
    while (reader_.next(rec)) {
      if (!rec.error.empty()) {
        rejects.add_unreadable(origin_, rec.line, "read", "malformed CSV header: " + rec.error, rec.raw);
        continue;
      }
      for (auto& f : rec.fields) f = std::string(core::trim(f));
      schema_ = intern_schema(rec.fields);
      if (schema_->size() != rec.fields.size())
        throw core::Error("MalformedInput", 400, origin_ + ": the CSV header names a column twice");
      return true;
    }
    return false;
  }
  static SchemaPtr numbered(size_t n) {
    std::vector<std::string> names;
    for (size_t i = 1; i <= n; ++i) names.push_back("column_" + std::to_string(i));
    return intern_schema(std::move(names));
  }
  std::optional<std::string> invalid_utf8(const formats::CsvRecord& rec) const {
    for (size_t i = 0; i < rec.fields.size(); ++i)
      if (auto at = formats::first_invalid_utf8(rec.fields[i]))
        return "invalid UTF-8 in field '" + schema_->names()[i] + "' at byte " + std::to_string(*at) +
               " (is the file in another encoding? set encoding:, e.g. gbk)";
    return std::nullopt;
  }

  formats::CsvReader reader_;
  FormatOptions options_;
  std::string origin_;
  SchemaPtr schema_;
};

}  // namespace

// JSON, NDJSON and XML (structured_reader.cc).
std::unique_ptr<RecordReader> open_structured_reader(std::unique_ptr<core::ByteSource> bytes,
                                                     const FormatOptions& options,
                                                     const std::string& origin);

std::unique_ptr<RecordReader> open_reader(std::unique_ptr<core::ByteSource> bytes,
                                          const FormatOptions& options, const std::string& origin) {
  bytes = formats::maybe_gunzip(std::move(bytes));
  if (!formats::is_utf8_charset(options.encoding))
    bytes = std::make_unique<formats::CharsetSource>(std::move(bytes), options.encoding);
  if (options.format == "csv") return std::make_unique<CsvRecordReader>(std::move(bytes), options, origin);
  return open_structured_reader(std::move(bytes), options, origin);
}

}  // namespace wharf::pipeline
