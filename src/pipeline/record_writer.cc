#include "pipeline/record_writer.h"

#include "core/encoding.h"
#include "core/json_codec.h"
#include "pipeline/formats/compression.h"
#include "pipeline/formats/csv.h"
#include "pipeline/formats/json_records.h"
#include "pipeline/formats/record.h"
#include "pipeline/formats/xml_records.h"
#include "pipeline/record_reader.h"

namespace wharf::pipeline {

std::string cell_text(const core::Value& v) {
  if (v.is<core::List>() || v.is<core::Map>() || v.is<core::StringSet>() || v.is<core::NumberSet>() ||
      v.is<core::BinarySet>())
    return core::to_json(v);
  return formats::scalar_text(v);
}

const std::vector<const char*>& WriterOptions::keys() {
  static const std::vector<const char*> k = {"format", "columns", "delimiter", "gzip",
                                             "xml_root", "xml_record", "sql_table"};
  return k;
}

WriterOptions WriterOptions::parse(const SpecNode& spec, const std::string& name) {
  WriterOptions o;
  o.format = spec.string_or("format", "");
  std::string lower = core::to_lower(name);
  if (o.format.empty()) o.format = format_from_name(name);
  if (o.format == "jsonl") o.format = "ndjson";
  if (o.format != "csv" && o.format != "ndjson" && o.format != "json" && o.format != "xml" && o.format != "sql")
    spec.fail("cannot tell the output format of '" + name + "': give format: csv, ndjson, json, xml or sql");
  o.columns = spec.strings_or("columns");
  if (auto d = spec.get("delimiter")) {
    auto s = d->as_string();
    if (s == "\\t" || s == "tab") s = "\t";
    if (s.size() != 1) d->fail("expected one character");
    o.delimiter = s[0];
  }
  o.gzip = spec.bool_or("gzip", lower.ends_with(".gz"));
  o.xml_root = spec.string_or("xml_root", "records");
  o.xml_record = spec.string_or("xml_record", "record");
  o.sql_table = spec.string_or("sql_table", "");
  if (o.format == "sql" && o.sql_table.empty()) spec.fail("format sql needs sql_table: the table to INSERT INTO");
  return o;
}

namespace {

// CSV and SQL INSERT write columns; the order is fixed by the options or the first batch.
class ColumnWriter : public RowWriter {
 protected:
  explicit ColumnWriter(std::vector<std::string> columns) : columns_(std::move(columns)) {}
  // The cells of each row of `b`, in column order.
  template <typename F>
  void for_each_row(const Batch& b, F&& f) {
    if (columns_.empty()) columns_ = b.schema->names();
    if (slots_schema_ != b.schema) {
      slots_.clear();
      for (auto& c : columns_) slots_.push_back(b.schema->find(c));
      slots_schema_ = b.schema;
    }
    for (const auto& row : b.rows) f(row, slots_);
  }
  std::vector<std::string> columns_;

 private:
  SchemaPtr slots_schema_;
  std::vector<int> slots_;
};

class CsvRowWriter : public ColumnWriter {
 public:
  CsvRowWriter(std::unique_ptr<formats::ByteSink> sink, const WriterOptions& o)
      : ColumnWriter(o.columns), sink_(std::move(sink)), delimiter_(o.delimiter) {}
  void write(const Batch& b) override {
    for_each_row(b, [&](const Row& row, const std::vector<int>& slots) {
      if (!writer_) start();
      cells_.clear();
      for (int s : slots) cells_.push_back(cell_text(row.at(s)));
      writer_->write(cells_);
    });
  }
  void finish() override {
    if (!writer_) start();
    writer_->finish();
  }

 private:
  void start() {
    formats::CsvWriterOptions o;
    o.delimiter = delimiter_;
    o.header = columns_;
    writer_ = std::make_unique<formats::CsvWriter>(std::move(sink_), o);
  }
  std::unique_ptr<formats::ByteSink> sink_;
  char delimiter_;
  std::unique_ptr<formats::CsvWriter> writer_;
  std::vector<std::string> cells_;
};

std::string sql_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string sql_literal(const core::Value& v) {
  if (v.is_null()) return "NULL";
  if (v.is<core::Decimal>()) return v.as<core::Decimal>().to_string();
  if (v.is<bool>()) return v.as<bool>() ? "TRUE" : "FALSE";
  std::string text = cell_text(v), out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// INSERT statements, 500 rows each, in standard SQL that PostgreSQL, SQLite and MySQL (in
// ANSI_QUOTES mode) read.
class SqlRowWriter : public ColumnWriter {
 public:
  SqlRowWriter(std::unique_ptr<formats::ByteSink> sink, const WriterOptions& o)
      : ColumnWriter(o.columns), sink_(std::move(sink)), table_(o.sql_table) {}
  void write(const Batch& b) override {
    for_each_row(b, [&](const Row& row, const std::vector<int>& slots) {
      if (in_statement_ == 0) {
        buf_ = "INSERT INTO " + sql_identifier(table_) + " (";
        for (size_t i = 0; i < columns_.size(); ++i) buf_ += (i ? ", " : "") + sql_identifier(columns_[i]);
        buf_ += ") VALUES\n  (";
      } else {
        buf_ = ",\n  (";
      }
      for (size_t i = 0; i < slots.size(); ++i) buf_ += (i ? ", " : "") + sql_literal(row.at(slots[i]));
      buf_ += ")";
      if (++in_statement_ == 500) {
        buf_ += ";\n";
        in_statement_ = 0;
      }
      sink_->write(buf_);
    });
  }
  void finish() override {
    if (in_statement_) sink_->write(";\n");
    sink_->finish();
  }

 private:
  std::unique_ptr<formats::ByteSink> sink_;
  std::string table_, buf_;
  int in_statement_ = 0;
};

// NDJSON, JSON and XML take each row as a record (a map without its null fields).
class StructuredRowWriter : public RowWriter {
 public:
  explicit StructuredRowWriter(std::unique_ptr<formats::RecordWriter> w) : writer_(std::move(w)) {}
  void write(const Batch& b) override {
    for (const auto& row : b.rows) writer_->write(core::Value(row_to_map(*b.schema, row)));
  }
  void finish() override { writer_->finish(); }

 private:
  std::unique_ptr<formats::RecordWriter> writer_;
};

}  // namespace

std::unique_ptr<RowWriter> open_writer(std::unique_ptr<formats::ByteSink> sink, const WriterOptions& o) {
  if (o.gzip) sink = std::make_unique<formats::GzipSink>(std::move(sink));
  if (o.format == "csv") return std::make_unique<CsvRowWriter>(std::move(sink), o);
  if (o.format == "sql") return std::make_unique<SqlRowWriter>(std::move(sink), o);
  if (o.format == "ndjson")
    return std::make_unique<StructuredRowWriter>(std::make_unique<formats::NdjsonWriter>(std::move(sink)));
  if (o.format == "json")
    return std::make_unique<StructuredRowWriter>(std::make_unique<formats::JsonArrayWriter>(std::move(sink)));
  formats::XmlWriterOptions xo;
  xo.root = o.xml_root;
  xo.record = o.xml_record;
  return std::make_unique<StructuredRowWriter>(std::make_unique<formats::XmlWriter>(std::move(sink), xo));
}

}  // namespace wharf::pipeline
