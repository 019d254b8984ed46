#include "pipeline/formats/csv.h"

#include <gtest/gtest.h>

#include "tests/unit/pipeline/formats/formats_test_util.h"
#include "tests/unit/test_util.h"

namespace wharf::pipeline::formats {
namespace csv_test {

using Fields = std::vector<std::string>;
using wharf::testing::error_of;

std::vector<CsvRecord> read_csv(const std::string& text, CsvOptions options = {},
                                bool trickle = true) {
  CsvReader reader(trickle ? testing::trickle_source(text) : testing::string_source(text), options);
  std::vector<CsvRecord> out;
  CsvRecord rec;
  while (reader.next(rec)) out.push_back(rec);
  return out;
}

std::vector<Fields> fields_of(const std::vector<CsvRecord>& records) {
  std::vector<Fields> out;
  for (const auto& r : records) {
    EXPECT_EQ(r.error, "") << "line " << r.line;
    out.push_back(r.fields);
  }
  return out;
}

std::vector<Fields> parse(const std::string& text, CsvOptions options = {}) {
  return fields_of(read_csv(text, options));
}

std::string write_csv(const std::vector<Fields>& rows, CsvWriterOptions options = {}) {
  std::string out;
  CsvWriter writer(std::make_unique<StringByteSink>(out), std::move(options));
  for (const auto& r : rows) writer.write(r);
  writer.finish();
  return out;
}

// ---- RFC 4180 ----

TEST(CsvReader, SimpleRecordsWithLinesAndRaw) {
  auto recs = read_csv("id,name\n1,alice\n2,bob\n");
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].fields, (Fields{"id", "name"}));
  EXPECT_EQ(recs[1].fields, (Fields{"1", "alice"}));
  EXPECT_EQ(recs[2].fields, (Fields{"2", "bob"}));
  EXPECT_EQ(recs[0].line, 1u);
  EXPECT_EQ(recs[2].line, 3u);
  EXPECT_EQ(recs[1].raw, "1,alice");
}

TEST(CsvReader, QuotedFieldWithDelimiter) {
  EXPECT_EQ(parse("\"a,b\",c\n"), (std::vector<Fields>{{"a,b", "c"}}));
}

TEST(CsvReader, DoubledQuotesAreOneQuote) {
  EXPECT_EQ(parse("\"he said \"\"hi\"\"\",\"\"\"\"\n"),
            (std::vector<Fields>{{"he said \"hi\"", "\""}}));
}

TEST(CsvReader, EmbeddedLineBreaksInQuotes) {
  auto recs = read_csv("1,\"line1\nline2\",x\n2,\"a\r\nb\",y\r\n3,\"\n\",z\n");
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].fields, (Fields{"1", "line1\nline2", "x"}));
  EXPECT_EQ(recs[1].fields, (Fields{"2", "a\r\nb", "y"}));
  EXPECT_EQ(recs[2].fields, (Fields{"3", "\n", "z"}));
  EXPECT_EQ(recs[0].line, 1u);
  EXPECT_EQ(recs[1].line, 3u);
  EXPECT_EQ(recs[2].line, 5u);
  EXPECT_EQ(recs[0].raw, "1,\"line1\nline2\",x");
}

TEST(CsvReader, CrlfAndLoneCrLineEnds) {
  EXPECT_EQ(parse("a,b\r\n1,2\r\n"), (std::vector<Fields>{{"a", "b"}, {"1", "2"}}));
  auto recs = read_csv("a,b\r1,2\r3,4");
  EXPECT_EQ(fields_of(recs), (std::vector<Fields>{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(recs[2].line, 3u);
}

TEST(CsvReader, LastLineWithoutLineBreak) {
  EXPECT_EQ(parse("a,b\n1,2"), (std::vector<Fields>{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(parse("\"quoted\nlast\""), (std::vector<Fields>{{"quoted\nlast"}}));
}

TEST(CsvReader, EmptyFieldsAndEmptyQuotedFields) {
  EXPECT_EQ(parse(",,\n"), (std::vector<Fields>{{"", "", ""}}));
  EXPECT_EQ(parse("\"\",\"\"\n"), (std::vector<Fields>{{"", ""}}));
  EXPECT_EQ(parse("a,,b,\n"), (std::vector<Fields>{{"a", "", "b", ""}}));
  EXPECT_EQ(parse("\"\"\n"), (std::vector<Fields>{{""}}));
}

TEST(CsvReader, SpacesArePartOfFields) {
  EXPECT_EQ(parse(" a , b \n"), (std::vector<Fields>{{" a ", " b "}}));
}

TEST(CsvReader, BlankLinesAreSkippedButCounted) {
  auto recs = read_csv("\n\na\n\r\n\nb\n\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].fields, (Fields{"a"}));
  EXPECT_EQ(recs[0].line, 3u);
  EXPECT_EQ(recs[1].fields, (Fields{"b"}));
  EXPECT_EQ(recs[1].line, 6u);
}

TEST(CsvReader, EmptyInput) {
  EXPECT_TRUE(read_csv("").empty());
  EXPECT_TRUE(read_csv("\n\r\n").empty());
  EXPECT_TRUE(read_csv("\xEF\xBB\xBF").empty());
}

TEST(CsvReader, Utf8BomIsNotPartOfTheFirstHeader) {
  auto recs = read_csv(
      "\xEF\xBB\xBF"
      "id,name\n1,x\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].fields[0], "id");
  EXPECT_EQ(recs[0].line, 1u);
  // Only at the very start: a BOM later is data.
  EXPECT_EQ(parse("a\n\xEF\xBB\xBF"
                  "b\n")[1][0],
            "\xEF\xBB\xBF"
            "b");
}

TEST(CsvReader, SemicolonTabAndOtherQuote) {
  CsvOptions semi;
  semi.delimiter = ';';
  EXPECT_EQ(parse("a;\"b;c\";d,e\n", semi), (std::vector<Fields>{{"a", "b;c", "d,e"}}));
  CsvOptions tab;
  tab.delimiter = '\t';
  EXPECT_EQ(parse("a\tb c\t\"d\te\"\n", tab), (std::vector<Fields>{{"a", "b c", "d\te"}}));
  CsvOptions single;
  single.quote = '\'';
  EXPECT_EQ(parse("'it''s',\"x\"\n", single), (std::vector<Fields>{{"it's", "\"x\""}}));
}

TEST(CsvReader, ChineseText) {
  auto recs = read_csv("名称,城市\n张三,\"北京,海淀\"\n李四,上海\n");
  EXPECT_EQ(fields_of(recs),
            (std::vector<Fields>{{"名称", "城市"}, {"张三", "北京,海淀"}, {"李四", "上海"}}));
}

TEST(CsvReader, InvalidOptions) {
  CsvOptions o;
  o.quote = ',';
  EXPECT_EQ(error_of([&] { CsvReader r(testing::string_source(""), o); }).code(),
            "InvalidFormatOption");
  o.quote = '"';
  o.delimiter = '\n';
  EXPECT_EQ(error_of([&] { CsvReader r(testing::string_source(""), o); }).code(),
            "InvalidFormatOption");
}

// ---- malformed records: reported, and the rows after them still read ----

TEST(CsvReader, QuoteInsideUnquotedField) {
  auto recs = read_csv("a,b\"c,d\n1,2,3\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_TRUE(recs[0].fields.empty());
  EXPECT_EQ(recs[0].line, 1u);
  EXPECT_EQ(recs[0].raw, "a,b\"c,d");
  EXPECT_NE(recs[0].error.find("line 1, column 4"), std::string::npos) << recs[0].error;
  EXPECT_NE(recs[0].error.find("quote character inside an unquoted field"), std::string::npos);
  EXPECT_EQ(recs[1].error, "");
  EXPECT_EQ(recs[1].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ(recs[1].line, 2u);
}

TEST(CsvReader, TextAfterClosingQuote) {
  auto recs = read_csv("\"ab\"x,1\nok,2\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_NE(recs[0].error.find("line 1, column 5"), std::string::npos) << recs[0].error;
  EXPECT_NE(recs[0].error.find("unexpected 'x' after the closing quote"), std::string::npos)
      << recs[0].error;
  EXPECT_EQ(recs[1].fields, (Fields{"ok", "2"}));
  EXPECT_EQ(recs[1].line, 2u);
}

TEST(CsvReader, UnterminatedQuoteDoesNotEatTheRestOfTheFile) {
  auto recs = read_csv("ok,1\n\"never closed,2\nnext,3\nlast,4\n");
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_EQ(recs[0].fields, (Fields{"ok", "1"}));
  EXPECT_EQ(recs[1].line, 2u);
  EXPECT_EQ(recs[1].raw, "\"never closed,2");
  EXPECT_NE(recs[1].error.find("line 2, column 1"), std::string::npos) << recs[1].error;
  EXPECT_NE(recs[1].error.find("never closed"), std::string::npos) << recs[1].error;
  EXPECT_EQ(recs[2].fields, (Fields{"next", "3"}));
  EXPECT_EQ(recs[2].line, 3u);
  EXPECT_EQ(recs[3].fields, (Fields{"last", "4"}));
  EXPECT_EQ(recs[3].line, 4u);
}

TEST(CsvReader, UnterminatedQuoteOnTheLastLine) {
  auto recs = read_csv("a,1\nb,\"2");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[1].line, 2u);
  EXPECT_NE(recs[1].error.find("never closed"), std::string::npos);
  EXPECT_EQ(recs[1].raw, "b,\"2");
}

TEST(CsvReader, StrayQuoteDoesNotSwallowFollowingRows) {
  // The stray quote on line 1 pairs with the quote on line 3 when scanning; the rows in between
  // must still come out.
  auto recs = read_csv("1,x\"y\n2,ok\n3,\"q\"\n4,end\n");
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_NE(recs[0].error, "");
  EXPECT_EQ(recs[0].raw, "1,x\"y");
  EXPECT_EQ(recs[1].fields, (Fields{"2", "ok"}));
  EXPECT_EQ(recs[1].line, 2u);
  EXPECT_EQ(recs[2].fields, (Fields{"3", "q"}));
  EXPECT_EQ(recs[2].line, 3u);
  EXPECT_EQ(recs[3].fields, (Fields{"4", "end"}));
  EXPECT_EQ(recs[3].line, 4u);
}

TEST(CsvReader, ErrorOnTheSecondLineOfAMultiLineRecord) {
  auto recs = read_csv("1,\"multi\nline\",x\"y\n2,ok\n");
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].line, 1u);
  EXPECT_EQ(recs[0].raw, "1,\"multi");
  EXPECT_NE(recs[0].error.find("line 2, column 8"), std::string::npos) << recs[0].error;
  EXPECT_EQ(recs[1].line, 2u);  // the record's second line is read again, and is bad too
  EXPECT_NE(recs[1].error.find("line 2, column 5"), std::string::npos) << recs[1].error;
  EXPECT_EQ(recs[2].fields, (Fields{"2", "ok"}));
  EXPECT_EQ(recs[2].line, 3u);
}

TEST(CsvReader, ErrorColumnsCountCharacters) {
  auto recs = read_csv("张三,北\"京\n");
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_NE(recs[0].error.find("line 1, column 5"), std::string::npos) << recs[0].error;
}

TEST(CsvReader, OversizedRecordIsRejectedAndReadingGoesOn) {
  CsvOptions o;
  o.max_record_bytes = 100;
  std::string long_line(300, 'x');
  auto recs = read_csv("a,1\n" + long_line + "\nb,2\n", o);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[1].line, 2u);
  EXPECT_NE(recs[1].error.find("longer than 100 bytes"), std::string::npos) << recs[1].error;
  EXPECT_EQ(recs[2].fields, (Fields{"b", "2"}));
  EXPECT_EQ(recs[2].line, 3u);

  // An unclosed quote is cut off at the cap, and the lines it swallowed are read again.
  std::string text = "\"open,1\n";
  for (int i = 0; i < 50; ++i) text += "row" + std::to_string(i) + ",v\n";
  recs = read_csv(text, o);
  ASSERT_EQ(recs.size(), 51u);
  EXPECT_NE(recs[0].error, "");
  EXPECT_EQ(recs[0].raw, "\"open,1");
  EXPECT_EQ(recs[50].fields, (Fields{"row49", "v"}));
  EXPECT_EQ(recs[50].line, 51u);
}

TEST(CsvReader, MalformedRowsBetweenGoodOnes) {
  auto recs = read_csv("h1,h2\n1,ok\n2,bad\"\n3,\"fine \"\"quoted\"\"\"\n4,\"x\"y\n5,last\n");
  std::vector<uint64_t> good_lines, bad_lines;
  for (const auto& r : recs) (r.error.empty() ? good_lines : bad_lines).push_back(r.line);
  EXPECT_EQ(good_lines, (std::vector<uint64_t>{1, 2, 4, 6}));
  EXPECT_EQ(bad_lines, (std::vector<uint64_t>{3, 5}));
  EXPECT_EQ(recs[3].fields, (Fields{"3", "fine \"quoted\""}));
}

// ---- writer ----

TEST(CsvWriter, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(write_csv({{"plain", "with,comma", "with\"quote", "two\nlines", "cr\rhere"}}),
            "plain,\"with,comma\",\"with\"\"quote\",\"two\nlines\",\"cr\rhere\"\n");
  EXPECT_EQ(write_csv({{" lead", "trail\t", "in side", "", "中文"}}),
            "\" lead\",\"trail\t\",in side,,中文\n");
}

TEST(CsvWriter, SingleEmptyFieldIsQuoted) {
  // Unquoted it would be a blank line, which reads back as no record.
  EXPECT_EQ(write_csv({{""}, {"x"}}), "\"\"\nx\n");
  EXPECT_EQ(parse(write_csv({{""}, {"x"}})), (std::vector<Fields>{{""}, {"x"}}));
}

TEST(CsvWriter, HeaderCrlfAndDelimiter) {
  CsvWriterOptions o;
  o.header = {"id", "name;full"};
  o.crlf = true;
  o.delimiter = ';';
  EXPECT_EQ(write_csv({{"1", "a,b"}}, o), "id;\"name;full\"\r\n1;a,b\r\n");
  EXPECT_EQ(write_csv({}, o), "id;\"name;full\"\r\n");  // header even with no records
  EXPECT_EQ(write_csv({}), "");
}

TEST(CsvWriter, FinishFinishesTheSink) {
  auto sink = std::make_unique<StringByteSink>();
  StringByteSink* seen = sink.get();
  CsvWriter w(std::move(sink));
  w.write({"a"});
  EXPECT_FALSE(seen->finished());
  w.finish();
  EXPECT_TRUE(seen->finished());
}

// ---- round trips and buffer boundaries ----

std::vector<Fields> tricky_rows(size_t n) {
  std::vector<std::string> cells = {"plain",
                                    "",
                                    "a,b",
                                    "say \"hi\"",
                                    "two\nlines",
                                    "crlf\r\nx",
                                    " padded ",
                                    "中文字段",
                                    "\"",
                                    ",",
                                    "end\r",
                                    "x;y\tz",
                                    "\xEF\xBB\xBF"
                                    "bom-ish"};
  std::vector<Fields> rows;
  for (size_t i = 0; i < n; ++i) {
    Fields r = {std::to_string(i)};
    for (size_t k = 0; k < 4; ++k) r.push_back(cells[(i * 7 + k * 3) % cells.size()]);
    rows.push_back(r);
  }
  return rows;
}

TEST(CsvRoundTrip, WriterThenReaderThroughTinyReads) {
  auto rows = tricky_rows(3000);
  for (bool crlf : {false, true}) {
    CsvWriterOptions wo;
    wo.crlf = crlf;
    std::string text = write_csv(rows, wo);
    auto recs = read_csv(text, {}, /*trickle=*/true);
    ASSERT_EQ(recs.size(), rows.size());
    uint64_t line = 1;
    for (size_t i = 0; i < rows.size(); ++i) {
      ASSERT_EQ(recs[i].error, "") << "record " << i;
      ASSERT_EQ(recs[i].fields, rows[i]) << "record " << i;
      ASSERT_EQ(recs[i].line, line) << "record " << i;
      for (const auto& f : rows[i])  // line breaks inside fields advance the line count
        for (size_t k = 0; k < f.size(); ++k)
          if (f[k] == '\n' || (f[k] == '\r' && (k + 1 == f.size() || f[k + 1] != '\n'))) ++line;
      ++line;
    }
  }
}

TEST(CsvRoundTrip, SemicolonDialect) {
  auto rows = tricky_rows(200);
  CsvWriterOptions wo;
  wo.delimiter = ';';
  CsvOptions ro;
  ro.delimiter = ';';
  EXPECT_EQ(fields_of(read_csv(write_csv(rows, wo), ro)), rows);
}

TEST(CsvReader, LargeInputStreamsWithBigAndSmallReads) {
  std::string text;
  for (int i = 0; i < 50000; ++i)
    text += std::to_string(i) + ",\"name " + std::to_string(i) + ", \"\"q\"\"\",北京\n";
  for (bool trickle : {false, true}) {
    CsvReader reader(trickle ? testing::trickle_source(text) : testing::string_source(text));
    CsvRecord rec;
    int n = 0;
    while (reader.next(rec)) {
      ASSERT_EQ(rec.error, "");
      ASSERT_EQ(rec.fields.size(), 3u);
      ASSERT_EQ(rec.fields[0], std::to_string(n));
      ASSERT_EQ(rec.fields[1], "name " + std::to_string(n) + ", \"q\"");
      ASSERT_EQ(rec.line, static_cast<uint64_t>(n + 1));
      ++n;
    }
    EXPECT_EQ(n, 50000);
  }
}

}  // namespace csv_test
}  // namespace wharf::pipeline::formats
