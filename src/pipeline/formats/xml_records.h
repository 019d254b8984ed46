// XML records: elements picked by a path become core::Maps, and Maps become elements.
//
// XmlRecordReader, the mapping from a record element to a Map:
//  - attributes become string fields of the same name (namespace declarations, xmlns and
//    xmlns:*, are dropped);
//  - a child element with neither attributes nor child elements becomes a string field with its
//    text ("" for <a/>);
//  - any other child element becomes a nested Map by the same rules;
//  - a name that occurs more than once (repeated children, or an attribute and a child of the same
//    name) becomes a core::List of the values in document order;
//  - text of an element that also has attributes or child elements goes under "#text" (trimmed of
//    surrounding whitespace when there are child elements, i.e. mixed content); the record
//    element's own text always goes under "#text";
//  - text that is only whitespace is dropped; CDATA is text; comments and processing
//    instructions are ignored. Every value is a string: XML carries no types.
// Element names are compared as written, prefix included ("dc:title").
//
// Record paths: "/catalog/product" names the absolute path from the root element. "product"
// (or "//product") means every element of that name anywhere, and "catalog/product" every product
// whose parent is a catalog. Records do not nest: the inside of a matched element is not searched
// for further matches. position = 1-based record index. raw is empty (use core::to_json(value)).
//
// LIMITATION: the whole document is loaded (pugixml builds a DOM), so memory grows with the file:
// about the file's size again for the DOM, capped by max_document_bytes. Fine for the XML exports
// pipelines meet today; a pull parser would be needed for multi-GB XML.
//
// Malformed XML throws MalformedInput with the line, column and byte offset pugixml reports, on
// the first next() (which is when the document is loaded).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/byte_source.h"
#include "pipeline/formats/byte_io.h"
#include "pipeline/formats/record.h"

namespace wharf::pipeline::formats {

struct XmlReaderOptions {
  std::string record_path;  // required; see above
  // true: the encoding comes from a byte-order mark (UTF-8/16/32) or the declaration
  // (ISO-8859-1), as pugixml detects it. false: the input is UTF-8 whatever the declaration says
  // (use this after a CharsetSource converted it).
  bool detect_encoding = true;
  size_t max_document_bytes = size_t{1} << 30;
};

class XmlRecordReader : public RecordReader {
 public:
  // Throws InvalidFormatOption for an empty record path.
  XmlRecordReader(std::unique_ptr<core::ByteSource> source, XmlReaderOptions options);
  ~XmlRecordReader() override;
  bool next(Record& out) override;

 private:
  struct Document;  // pugixml, kept out of this header
  void load();
  bool advance();  // moves to the next matching element

  std::unique_ptr<core::ByteSource> source_;
  XmlReaderOptions opt_;
  std::vector<std::string> steps_;
  bool absolute_ = false;
  std::unique_ptr<Document> doc_;
  uint64_t count_ = 0;
};

struct XmlWriterOptions {
  std::string root = "records";   // the document element
  std::string record = "record";  // one element per record
  bool indent = true;             // two spaces per level, an element per line
};

// Writes <?xml version="1.0" encoding="UTF-8"?>, the root element, then one record element per
// write(), streaming. Fields become child elements (in key order): a List becomes repeated
// elements of the field's name (a list inside a list becomes one element holding <item>
// children; an empty list writes nothing), a Map a nested element, a "#text" key the element's
// text, null an empty element, numbers their exact decimal text, binary base64, booleans
// true/false. A scalar record becomes the record element's text, a list record a record
// element holding <item>s.
// Names go through xml_name(). Text is escaped (& < > and CR as &#13;, so it reads back exactly).
// A value XML 1.0 cannot carry (control characters other than tab/LF/CR, invalid UTF-8) throws
// UnrepresentableValue naming the field, before anything of that record is written.
class XmlWriter : public RecordWriter {
 public:
  explicit XmlWriter(std::unique_ptr<ByteSink> sink, XmlWriterOptions options = {});
  void write(const core::Value& record) override;
  void finish() override;

 private:
  void start();
  void element(std::string& out, std::string_view name, const core::Value& v, int depth);
  void content(std::string& out, std::string_view name, const core::Value& v, int depth);
  void newline(std::string& out, int depth) const;

  std::unique_ptr<ByteSink> sink_;
  XmlWriterOptions opt_;
  std::string root_, record_;
  bool started_ = false;
  std::string buf_;
};

// A valid XML element name for a field name: every character that cannot be in an XML name
// (space, punctuation other than - . _, the namespace colon, invalid UTF-8) becomes '_'; a name
// that cannot start an XML name (a digit, '-', '.') gets a '_' in front; "" becomes "_".
// Letters of any script are kept ("名称" stays "名称"). Distinct fields can map to one name
// ("a b" and "a_b"); they then read back as a List.
std::string xml_name(std::string_view field);

}  // namespace wharf::pipeline::formats
