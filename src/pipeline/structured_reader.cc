// JSON, NDJSON, XML and SQL INSERT records as rows: each record must be an object (a map); the
// batch's schema is the union of its records' fields (batch.h fill_batch).
#include "core/json_codec.h"
#include "pipeline/formats/charset.h"
#include "pipeline/formats/json_records.h"
#include "pipeline/formats/sql_inserts.h"
#include "pipeline/formats/xml_records.h"
#include "pipeline/record_reader.h"

namespace wharf::pipeline {

namespace {

class StructuredReader : public RecordReader {
 public:
  StructuredReader(std::unique_ptr<formats::RecordReader> reader, std::string origin)
      : reader_(std::move(reader)), origin_(std::move(origin)) {}

  bool next(Batch& out, size_t max_rows, Rejects& rejects) override {
    records_.clear();
    formats::Record rec;
    while (records_.size() < max_rows && reader_->next(rec)) {
      if (!rec.error.empty()) {
        rejects.add_unreadable(origin_, rec.position, "read", "malformed record: " + rec.error, rec.raw);
        continue;
      }
      if (!rec.value.is<core::Map>()) {
        rejects.add_unreadable(origin_, rec.position, "read",
                               std::string("a record must be an object, got a ") +
                                   core::type_name(rec.value.type()),
                               rec.raw.empty() ? core::to_json(rec.value) : rec.raw);
        continue;
      }
      records_.push_back(MapRecord{std::move(rec.value.as<core::Map>()), rec.position, std::move(rec.raw)});
    }
    fill_batch(out, records_);
    out.origin = origin_;
    return !out.rows.empty();
  }

 private:
  std::unique_ptr<formats::RecordReader> reader_;
  std::string origin_;
  std::vector<MapRecord> records_;
};

}  // namespace

std::unique_ptr<RecordReader> open_structured_reader(std::unique_ptr<core::ByteSource> bytes,
                                                     const FormatOptions& options,
                                                     const std::string& origin) {
  std::unique_ptr<formats::RecordReader> r;
  if (options.format == "ndjson")
    r = std::make_unique<formats::NdjsonReader>(std::move(bytes));
  else if (options.format == "json")
    r = std::make_unique<formats::JsonArrayReader>(std::move(bytes));
  else if (options.format == "sql")
    r = std::make_unique<formats::SqlInsertReader>(std::move(bytes),
                                                   formats::SqlInsertOptions{options.sql_table, options.columns});
  else
    // A declared encoding is pugixml's to honour unless the source was already converted.
    r = std::make_unique<formats::XmlRecordReader>(
        std::move(bytes), formats::XmlReaderOptions{options.record, formats::is_utf8_charset(options.encoding)});
  return std::make_unique<StructuredReader>(std::move(r), origin);
}

}  // namespace wharf::pipeline
