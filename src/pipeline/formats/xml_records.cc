#include "pipeline/formats/xml_records.h"

#include <cstdio>
#include <pugixml.hpp>

#include "core/encoding.h"
#include "pipeline/formats/charset.h"
#include "pipeline/formats/errors.h"

namespace wharf::pipeline::formats {

namespace {

// Deeper nesting inside one record is refused rather than risking the stack.
constexpr int kMaxXmlDepth = 256;

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim_xml_space(std::string_view s) {
  while (!s.empty() && is_xml_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_xml_space(s.back())) s.remove_suffix(1);
  return s;
}

// Adds a field; a second value under the same name turns the field into a List. Values read
// from XML are strings and Maps only, so a List here always means "repeated".
void add_field(core::Map& m, const std::string& name, core::Value v) {
  auto [it, inserted] = m.try_emplace(name, std::move(v));
  if (inserted) return;
  if (!it->second.is<core::List>()) {
    core::List list;
    list.push_back(std::move(it->second));
    it->second = core::Value(std::move(list));
  }
  it->second.as<core::List>().push_back(std::move(v));
}

core::Value to_value(const pugi::xml_node& e, bool is_record, int depth, uint64_t record) {
  if (depth > kMaxXmlDepth)
    fail(FormatError::kMalformedInput, "XML record " + std::to_string(record) +
                                           ": elements nested more than " +
                                           std::to_string(kMaxXmlDepth) + " levels deep");
  core::Map m;
  bool has_attributes = false, has_children = false;
  for (const pugi::xml_attribute& a : e.attributes()) {
    std::string_view name = a.name();
    if (name == "xmlns" || name.starts_with("xmlns:")) continue;
    has_attributes = true;
    add_field(m, std::string(name), core::Value(std::string(a.value())));
  }
  std::string text;
  for (const pugi::xml_node& c : e.children()) {
    if (c.type() == pugi::node_element) {
      has_children = true;
      add_field(m, c.name(), to_value(c, false, depth + 1, record));
    } else if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      text += c.value();
    }
  }
  if (!is_record && !has_attributes && !has_children) return core::Value(std::move(text));
  std::string_view t = has_children ? trim_xml_space(text) : std::string_view(text);
  if (!t.empty()) add_field(m, "#text", core::Value(std::string(t)));
  return core::Value(std::move(m));
}

std::string line_and_column(std::string_view doc, size_t offset) {
  uint64_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < doc.size(); ++i) {
    if (doc[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(doc[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

// ---- XmlRecordReader ----

struct XmlRecordReader::Document {
  pugi::xml_document doc;
  pugi::xml_node cursor;  // the last record returned
  int depth = 0;          // of cursor (the root element is 1)
  bool started = false;
};

XmlRecordReader::XmlRecordReader(std::unique_ptr<core::ByteSource> source, XmlReaderOptions options)
    : source_(std::move(source)), opt_(std::move(options)) {
  std::string_view p = opt_.record_path;
  if (p.starts_with("//")) {
    p.remove_prefix(2);
  } else if (p.starts_with("/")) {
    absolute_ = true;
    p.remove_prefix(1);
  }
  while (!p.empty()) {
    size_t slash = p.find('/');
    std::string_view step = p.substr(0, slash);
    if (!step.empty()) steps_.emplace_back(step);
    p = slash == std::string_view::npos ? std::string_view() : p.substr(slash + 1);
  }
  if (steps_.empty())
    fail(FormatError::kInvalidOption,
         "XML record path '" + opt_.record_path +
             "' names no element; give the record element, as \"product\" or "
             "\"/catalog/product\"");
}

XmlRecordReader::~XmlRecordReader() = default;

void XmlRecordReader::load() {
  std::string text;
  char chunk[16384];
  while (size_t n = source_->read(chunk, sizeof chunk)) {
    if (text.size() + n > opt_.max_document_bytes)
      fail(FormatError::kInputTooLarge,
           "XML document is larger than " + std::to_string(opt_.max_document_bytes) +
               " bytes; XML input is loaded whole, so its size is capped");
    text.append(chunk, n);
  }
  source_.reset();
  pugi::xml_encoding encoding = pugi::encoding_auto;
  if (!opt_.detect_encoding) {
    encoding = pugi::encoding_utf8;
    if (text.starts_with(kUtf8Bom)) text.erase(0, kUtf8Bom.size());
  }
  doc_ = std::make_unique<Document>();
  // load_buffer copies, which keeps `text` intact for the error position below.
  pugi::xml_parse_result r =
      doc_->doc.load_buffer(text.data(), text.size(), pugi::parse_default, encoding);
  if (!r) {
    size_t offset = r.offset < 0 ? 0 : static_cast<size_t>(r.offset);
    fail(FormatError::kMalformedInput, "malformed XML at " + line_and_column(text, offset) +
                                           " (byte offset " + std::to_string(offset) +
                                           "): " + r.description());
  }
}

bool XmlRecordReader::advance() {
  Document& d = *doc_;
  const size_t k = steps_.size();
  auto matches = [&](const pugi::xml_node& n, int depth) {
    if (steps_.back() != n.name()) return false;
    if (absolute_) return static_cast<size_t>(depth) == k;  // ancestors checked on the way down
    pugi::xml_node a = n.parent();
    for (size_t i = k - 1; i-- > 0; a = a.parent())
      if (a.type() != pugi::node_element || steps_[i] != a.name()) return false;
    return true;
  };
  // An absolute path only needs the elements along it; a relative one searches everywhere.
  auto may_descend = [&](const pugi::xml_node& n, int depth) {
    if (n.type() != pugi::node_element) return false;
    if (!absolute_) return true;
    return static_cast<size_t>(depth) < k && steps_[depth - 1] == n.name();
  };
  // Document order, skipping a subtree unless descend is set.
  auto step = [&](pugi::xml_node n, int& depth, bool descend) -> pugi::xml_node {
    if (descend && n.first_child()) {
      ++depth;
      return n.first_child();
    }
    while (n && n.type() != pugi::node_document) {
      if (pugi::xml_node s = n.next_sibling()) return s;
      n = n.parent();
      --depth;
    }
    return {};
  };

  int depth = d.depth;
  pugi::xml_node n;
  if (!d.started) {
    d.started = true;
    n = d.doc.first_child();
    depth = 1;
  } else {
    n = step(d.cursor, depth, false);  // records do not nest
  }
  while (n) {
    if (n.type() == pugi::node_element && matches(n, depth)) {
      d.cursor = n;
      d.depth = depth;
      return true;
    }
    n = step(n, depth, may_descend(n, depth));
  }
  d.cursor = {};
  return false;
}

bool XmlRecordReader::next(Record& out) {
  if (!doc_) load();
  if (!doc_->started || doc_->cursor) {
    if (!advance()) return false;
  } else {
    return false;
  }
  out.raw.clear();
  out.error.clear();
  out.position = ++count_;
  out.value = to_value(doc_->cursor, true, 1, count_);
  return true;
}

// ---- XmlWriter ----

namespace {

bool name_start(uint32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (c >= 0xC0 && c <= 0xD6) ||
         (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
         (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

bool name_char(uint32_t c) {
  return name_start(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

// The code point at s[i] and its length in bytes; false for invalid UTF-8.
bool decode_utf8(std::string_view s, size_t i, uint32_t& cp, size_t& len) {
  auto c = static_cast<unsigned char>(s[i]);
  len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (i + len > s.size() || first_invalid_utf8(s.substr(i, len))) return false;
  cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return true;
}

void escape_text(std::string& out, std::string_view s, std::string_view field) {
  if (auto bad = first_invalid_utf8(s))
    fail(FormatError::kUnrepresentableValue, "field '" + std::string(field) +
                                                 "' is not valid UTF-8 (at byte " +
                                                 std::to_string(*bad) + "); XML output is UTF-8");
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\r':
        out += "&#13;";  // a literal CR would be normalised away by every XML parser
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
          char code[8];
          std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
          fail(FormatError::kUnrepresentableValue, "field '" + std::string(field) +
                                                       "' contains the control character " + code +
                                                       ", which XML 1.0 cannot represent");
        }
        out += c;
    }
  }
}

bool is_list_like(const core::Value& v) {
  auto t = v.type();
  return t == core::Value::Type::kList || t == core::Value::Type::kStringSet ||
         t == core::Value::Type::kNumberSet || t == core::Value::Type::kBinarySet;
}

core::List as_list(const core::Value& v) {
  switch (v.type()) {
    case core::Value::Type::kStringSet:
      return {v.as<core::StringSet>().items.begin(), v.as<core::StringSet>().items.end()};
    case core::Value::Type::kNumberSet:
      return {v.as<core::NumberSet>().items.begin(), v.as<core::NumberSet>().items.end()};
    case core::Value::Type::kBinarySet:
      return {v.as<core::BinarySet>().items.begin(), v.as<core::BinarySet>().items.end()};
    default:
      return v.as<core::List>();
  }
}


}  // namespace

std::string xml_name(std::string_view field) {
  std::string out;
  for (size_t i = 0; i < field.size();) {
    uint32_t cp = 0;
    size_t len = 1;
    bool valid = decode_utf8(field, i, cp, len);
    if (!valid) len = 1;
    if (out.empty() && valid && !name_start(cp) && name_char(cp)) out += '_';  // "1st" -> "_1st"
    if (valid && name_char(cp) && cp != ':')
      out.append(field.substr(i, len));
    else
      out += '_';
    i += len;
  }
  if (out.empty()) out = "_";
  return out;
}

XmlWriter::XmlWriter(std::unique_ptr<ByteSink> sink, XmlWriterOptions options)
    : sink_(std::move(sink)),
      opt_(std::move(options)),
      root_(xml_name(opt_.root)),
      record_(xml_name(opt_.record)) {}

void XmlWriter::newline(std::string& out, int depth) const {
  if (!opt_.indent) return;
  out += '\n';
  out.append(static_cast<size_t>(depth) * 2, ' ');
}

void XmlWriter::start() {
  if (started_) return;
  started_ = true;
  sink_->write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root_ + ">");
}

// One element per list item, or per field otherwise.
void XmlWriter::element(std::string& out, std::string_view name, const core::Value& v, int depth) {
  if (depth > kMaxXmlDepth)
    fail(FormatError::kUnrepresentableValue,
         "value nested more than " + std::to_string(kMaxXmlDepth) + " levels deep");
  if (is_list_like(v)) {
    for (const core::Value& item : as_list(v)) {
      if (is_list_like(item)) {  // a list in a list: one element holding <item>s
        newline(out, depth);
        out += '<';
        out += name;
        out += '>';
        element(out, "item", item, depth + 1);
        newline(out, depth);
        out += "</";
        out += name;
        out += '>';
      } else {
        element(out, name, item, depth);
      }
    }
    return;
  }
  newline(out, depth);
  out += '<';
  out += name;
  if (v.is_null()) {
    out += "/>";
    return;
  }
  out += '>';
  content(out, name, v, depth);
  out += "</";
  out += name;
  out += '>';
}

void XmlWriter::content(std::string& out, std::string_view name, const core::Value& v, int depth) {
  if (!v.is<core::Map>()) {
    escape_text(out, scalar_text(v), name);
    return;
  }
  const core::Map& m = v.as<core::Map>();
  bool children = false;
  for (const auto& [key, field] : m) {
    if (key == "#text" && !field.is<core::Map>() && !is_list_like(field)) {
      escape_text(out, scalar_text(field), name);
      continue;
    }
    element(out, xml_name(key), field, depth + 1);
    children = true;
  }
  if (children) newline(out, depth);
}

void XmlWriter::write(const core::Value& record) {
  start();
  buf_.clear();
  if (is_list_like(record)) {  // not a Map: its items become <item>s of one record element
    newline(buf_, 1);
    buf_ += '<' + record_ + '>';
    element(buf_, "item", record, 2);
    newline(buf_, 1);
    buf_ += "</" + record_ + '>';
  } else {
    element(buf_, record_, record, 1);
  }
  sink_->write(buf_);
}

void XmlWriter::finish() {
  start();
  std::string end;
  newline(end, 0);
  end += "</" + root_ + ">\n";
  sink_->write(end);
  sink_->finish();
}

}  // namespace wharf::pipeline::formats
