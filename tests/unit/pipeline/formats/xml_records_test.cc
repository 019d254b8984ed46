#include "pipeline/formats/xml_records.h"

#include <gtest/gtest.h>

#include "tests/unit/pipeline/formats/formats_test_util.h"
#include "tests/unit/test_util.h"

namespace wharf::pipeline::formats {
namespace xml_records_test {

using core::List;
using core::Map;
using core::Value;
using wharf::testing::error_of;

std::vector<Value> read_xml(const std::string& text, const std::string& path,
                            bool detect_encoding = true) {
  XmlReaderOptions o;
  o.record_path = path;
  o.detect_encoding = detect_encoding;
  XmlRecordReader reader(testing::trickle_source(text), o);
  std::vector<Value> out;
  Record rec;
  while (reader.next(rec)) {
    EXPECT_EQ(rec.position, out.size() + 1);
    EXPECT_EQ(rec.error, "");
    out.push_back(rec.value);
  }
  return out;
}

std::string write_xml(const std::vector<Value>& records, XmlWriterOptions o = {}) {
  std::string out;
  XmlWriter w(std::make_unique<StringByteSink>(out), std::move(o));
  for (const auto& r : records) w.write(r);
  w.finish();
  return out;
}

const char* kCatalog = R"(<?xml version="1.0" encoding="UTF-8"?>
<catalog>
  <!-- two products -->
  <product id="1" status="active">
    <name>Widget</name>
    <tag>a</tag>
    <tag>b</tag>
    <price currency="USD">12.50</price>
    <dims><w>10</w><h>20</h></dims>
    <empty/>
  </product>
  <product id="2"><name>Gadget &amp; Co</name></product>
</catalog>
)";

// ---- reader ----

TEST(XmlRecordReader, MapsElementsToRecords) {
  auto recs = read_xml(kCatalog, "/catalog/product");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0], Value(Map{{"id", "1"},
                               {"status", "active"},
                               {"name", "Widget"},
                               {"tag", List{"a", "b"}},
                               {"price", Map{{"currency", "USD"}, {"#text", "12.50"}}},
                               {"dims", Map{{"w", "10"}, {"h", "20"}}},
                               {"empty", ""}}));
  EXPECT_EQ(recs[1], Value(Map{{"id", "2"}, {"name", "Gadget & Co"}}));
}

TEST(XmlRecordReader, NameAloneMatchesAnywhere) {
  auto recs =
      read_xml("<root><a><product>x</product></a><b><c><product n=\"2\"/></c></b><product/></root>",
               "product");
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0], Value(Map{{"#text", "x"}}));  // a record's own text goes under #text
  EXPECT_EQ(recs[1], Value(Map{{"n", "2"}}));
  EXPECT_EQ(recs[2], Value(Map{}));
  EXPECT_EQ(read_xml("<r><product/></r>", "//product").size(), 1u);
}

TEST(XmlRecordReader, RelativePathChecksParents) {
  std::string doc =
      "<r><catalog><product>1</product></catalog><other><product>2</product></other>"
      "<x><catalog><product>3</product></catalog></x></r>";
  auto recs = read_xml(doc, "catalog/product");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0], Value(Map{{"#text", "1"}}));
  EXPECT_EQ(recs[1], Value(Map{{"#text", "3"}}));
}

TEST(XmlRecordReader, AbsolutePathMatchesOnlyThatPath) {
  std::string doc =
      "<catalog><group><product a=\"deep\"/></group><product a=\"1\"/><product a=\"2\"/></catalog>";
  auto recs = read_xml(doc, "/catalog/product");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0], Value(Map{{"a", "1"}}));
  EXPECT_EQ(recs[1], Value(Map{{"a", "2"}}));
  EXPECT_TRUE(read_xml(doc, "/other/product").empty());
  EXPECT_EQ(read_xml(doc, "/catalog").size(), 1u);
}

TEST(XmlRecordReader, RecordsDoNotNest) {
  auto recs = read_xml("<r><product><product>inner</product></product></r>", "product");
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0], Value(Map{{"product", "inner"}}));
}

TEST(XmlRecordReader, ChineseNamesAndText) {
  auto recs = read_xml("<目录><商品 编号=\"7\"><名称>龙井茶</名称></商品></目录>", "商品");
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0], Value(Map{{"编号", "7"}, {"名称", "龙井茶"}}));
}

TEST(XmlRecordReader, EntitiesAndCdata) {
  auto recs = read_xml(
      "<r><p><t><![CDATA[a < b & c]]></t><e>&lt;&gt;&amp;&quot;&#x4E2D;&#13;</e></p></r>", "p");
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0], Value(Map{{"t", "a < b & c"}, {"e", "<>&\"中\r"}}));
}

TEST(XmlRecordReader, NamespacesAttributeClashesAndMixedContent) {
  auto recs = read_xml(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/\">"
      "<entry id=\"a\"><dc:title>T</dc:title><id>b</id>"
      "<note lang=\"en\">\n  some <b>bold</b> text\n</note></entry></feed>",
      "entry");
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0],
            Value(Map{{"dc:title", "T"},
                      {"id", List{"a", "b"}},
                      {"note", Map{{"lang", "en"}, {"b", "bold"}, {"#text", "some  text"}}}}));
}

TEST(XmlRecordReader, EncodingsFromBomAndDeclaration) {
  // UTF-16LE with a BOM: <r><p>中</p></r>
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("<r><p>")) utf16 += std::string{c, '\0'};
  utf16 += "\x2D\x4E";
  for (char c : std::string("</p></r>")) utf16 += std::string{c, '\0'};
  auto recs = read_xml(utf16, "r");
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0], Value(Map{{"p", "中"}}));

  recs = read_xml("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r><p>caf\xE9</p></r>", "r");
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0], Value(Map{{"p", "café"}}));

  // Already converted to UTF-8 (CharsetSource): the declaration is ignored, a BOM dropped.
  recs = read_xml("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"GBK\"?><r><p>中</p></r>", "r",
                  /*detect_encoding=*/false);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0], Value(Map{{"p", "中"}}));
}

TEST(XmlRecordReader, MalformedDocumentsNameTheLine) {
  core::Error e = error_of([] { read_xml("<root>\n  <a>\n  <b></a>\n</root>", "a"); });
  EXPECT_EQ(e.code(), "MalformedInput");
  EXPECT_EQ(e.http_status(), 400);
  EXPECT_NE(e.message().find("line 3"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("byte offset"), std::string::npos) << e.message();
  EXPECT_EQ(error_of([] { read_xml("<a><b/>", "b"); }).code(), "MalformedInput");
  EXPECT_EQ(error_of([] { read_xml("", "b"); }).code(), "MalformedInput");
  EXPECT_EQ(error_of([] { read_xml("<a x=1/>", "a"); }).code(), "MalformedInput");
}

TEST(XmlRecordReader, EmptyPathIsAnOptionError) {
  for (const char* path : {"", "/", "//"}) {
    XmlReaderOptions o;
    o.record_path = path;
    EXPECT_EQ(error_of([&] { XmlRecordReader r(testing::string_source("<a/>"), o); }).code(),
              "InvalidFormatOption")
        << path;
  }
}

TEST(XmlRecordReader, DocumentSizeCap) {
  XmlReaderOptions o;
  o.record_path = "p";
  o.max_document_bytes = 1000;
  XmlRecordReader r(testing::string_source("<r>" + std::string(5000, ' ') + "</r>"), o);
  Record rec;
  EXPECT_EQ(error_of([&] { r.next(rec); }).code(), "InputTooLarge");
}

// ---- writer ----

TEST(XmlWriter, WritesRecordsAsElements) {
  Value rec(Map{{"id", 1},
                {"name", "Widget"},
                {"tags", List{"a", "b"}},
                {"dims", Map{{"w", 10}}},
                {"note", Value()},
                {"flag", true}});
  EXPECT_EQ(write_xml({rec}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<records>\n"
            "  <record>\n"
            "    <dims>\n"
            "      <w>10</w>\n"
            "    </dims>\n"
            "    <flag>true</flag>\n"
            "    <id>1</id>\n"
            "    <name>Widget</name>\n"
            "    <note/>\n"
            "    <tags>a</tags>\n"
            "    <tags>b</tags>\n"
            "  </record>\n"
            "</records>\n");
}

TEST(XmlWriter, CompactNamesAndEmptyOutput) {
  XmlWriterOptions o;
  o.root = "my products";
  o.record = "product";
  o.indent = false;
  EXPECT_EQ(write_xml({Value(Map{{"a", "1"}}), Value("just text")}, o),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<my_products><product><a>1</a></product><product>just text</product>"
            "</my_products>\n");
  EXPECT_EQ(write_xml({}, o),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<my_products></my_products>\n");
  EXPECT_TRUE(read_xml(write_xml({}), "/records/record").empty());
}

TEST(XmlWriter, Escaping) {
  XmlWriterOptions o;
  o.indent = false;
  std::string out = write_xml({Value(Map{{"t", "a < b & c > d \"q\" 'x'\r\n]]>"}})}, o);
  EXPECT_NE(out.find("<t>a &lt; b &amp; c &gt; d \"q\" 'x'&#13;\n]]&gt;</t>"), std::string::npos)
      << out;
}

TEST(XmlWriter, NestedListsBecomeItems) {
  XmlWriterOptions o;
  o.indent = false;
  std::string out = write_xml({Value(Map{{"m", List{List{1, 2}, List{}}}, {"e", List{}}})}, o);
  EXPECT_NE(out.find("<record><m><item>1</item><item>2</item></m><m></m></record>"),
            std::string::npos)
      << out;
}

TEST(XmlWriter, NameSanitising) {
  EXPECT_EQ(xml_name("name"), "name");
  EXPECT_EQ(xml_name("x-y.z_1"), "x-y.z_1");
  EXPECT_EQ(xml_name("first name"), "first_name");
  EXPECT_EQ(xml_name("price($)"), "price___");
  EXPECT_EQ(xml_name("a:b"), "a_b");
  EXPECT_EQ(xml_name("1st"), "_1st");
  EXPECT_EQ(xml_name("-x"), "_-x");
  EXPECT_EQ(xml_name(".x"), "_.x");
  EXPECT_EQ(xml_name(""), "_");
  EXPECT_EQ(xml_name("#text"), "_text");
  EXPECT_EQ(xml_name("名称"), "名称");
  EXPECT_EQ(xml_name("a×b"), "a_b");  // U+00D7 is not a name character
  EXPECT_EQ(xml_name("a\xFF"
                     "b"),
            "a_b");
}

TEST(XmlWriter, UnrepresentableValuesWriteNothingOfTheRecord) {
  std::string out;
  XmlWriter w(std::make_unique<StringByteSink>(out));
  w.write(Value(Map{{"ok", "1"}}));
  core::Error e = error_of([&] { w.write(Value(Map{{"a", "fine"}, {"bad", "bell\x07"}})); });
  EXPECT_EQ(e.code(), "UnrepresentableValue");
  EXPECT_NE(e.message().find("'bad'"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("U+0007"), std::string::npos) << e.message();
  EXPECT_EQ(error_of([&] { w.write(Value(Map{{"x", "\xC3"}})); }).code(), "UnrepresentableValue");
  w.finish();
  auto recs = read_xml(out, "/records/record");
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0], Value(Map{{"ok", "1"}}));
}

TEST(XmlRoundTrip, WriterThenReader) {
  std::vector<Value> records = {
      Value(Map{{"id", "7"},
                {"名称", "茶 & <tea>"},
                {"tags", List{"x", "y", "z"}},
                {"dims", Map{{"w", "1"}, {"h", "2"}}},
                {"multi", "line1\nline2\r\nline3"},
                {"space", "  padded  "}}),
      Value(Map{{"#text", "hello"}, {"a", "1"}}),
      Value(Map{{"deep", Map{{"er", Map{{"est", List{"1", "2"}}}}}}}),
  };
  for (bool indent : {true, false}) {
    XmlWriterOptions o;
    o.indent = indent;
    EXPECT_EQ(read_xml(write_xml(records, o), "/records/record"), records);
  }
}

}  // namespace xml_records_test
}  // namespace wharf::pipeline::formats
