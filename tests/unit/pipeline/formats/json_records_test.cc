#include "pipeline/formats/json_records.h"

#include <gtest/gtest.h>

#include "core/json_codec.h"
#include "tests/unit/pipeline/formats/formats_test_util.h"
#include "tests/unit/test_util.h"

namespace wharf::pipeline::formats {
namespace json_records_test {

using core::Decimal;
using core::List;
using core::Map;
using core::Value;
using wharf::testing::error_of;

Value number(const char* text) { return Value(*Decimal::parse(text)); }

std::vector<Record> read_all(RecordReader& reader) {
  std::vector<Record> out;
  Record rec;
  while (reader.next(rec)) out.push_back(rec);
  return out;
}

std::vector<Record> ndjson(const std::string& text, JsonReaderOptions o = {}) {
  NdjsonReader reader(testing::trickle_source(text), o);
  return read_all(reader);
}

std::vector<Value> array_values(const std::string& text, bool trickle = true) {
  JsonArrayReader reader(trickle ? testing::trickle_source(text) : testing::string_source(text));
  std::vector<Value> out;
  uint64_t expected_position = 0;
  for (auto& r : read_all(reader)) {
    EXPECT_EQ(r.position, ++expected_position);
    EXPECT_EQ(r.error, "");
    out.push_back(std::move(r.value));
  }
  return out;
}

// ---- NDJSON ----

TEST(NdjsonReader, OneValuePerLineWithLineNumbersAndRaw) {
  auto recs = ndjson("{\"id\":1,\"name\":\"a\"}\n\n  \r\n{\"id\":2}\r\n[1,2]\n\"text\"\n");
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_EQ(recs[0].value, Value(Map{{"id", 1}, {"name", "a"}}));
  EXPECT_EQ(recs[0].position, 1u);
  EXPECT_EQ(recs[0].raw, "{\"id\":1,\"name\":\"a\"}");
  EXPECT_EQ(recs[1].value, Value(Map{{"id", 2}}));
  EXPECT_EQ(recs[1].position, 4u);  // blank lines count
  EXPECT_EQ(recs[1].raw, "{\"id\":2}");
  EXPECT_EQ(recs[2].value, Value(List{1, 2}));
  EXPECT_EQ(recs[3].value, Value("text"));
  EXPECT_EQ(recs[3].position, 6u);
}

TEST(NdjsonReader, LastLineWithoutNewlineAndBom) {
  auto recs = ndjson("\xEF\xBB\xBF{\"a\":1}\n{\"a\":2}");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].error, "");
  EXPECT_EQ(recs[1].value, Value(Map{{"a", 2}}));
  EXPECT_EQ(recs[1].position, 2u);
}

TEST(NdjsonReader, ExactDecimals) {
  auto recs = ndjson(
      "{\"a\":0.1,\"b\":1e400,\"c\":12345678901234567890123456789012345678,"
      "\"d\":-0.000000000000000000000000000000000000001,\"e\":1E+2,\"f\":2.50}\n");
  ASSERT_EQ(recs.size(), 1u);
  ASSERT_EQ(recs[0].error, "");
  const Map& m = recs[0].value.as<Map>();
  EXPECT_EQ(m.at("a"), number("0.1"));
  EXPECT_EQ(m.at("a").as<Decimal>().to_string(), "0.1");
  EXPECT_EQ(m.at("b"), number("1e400"));
  EXPECT_EQ(m.at("b").as<Decimal>().exponent(), 400);
  EXPECT_EQ(m.at("c").as<Decimal>().to_string(), "12345678901234567890123456789012345678");
  EXPECT_EQ(m.at("d").as<Decimal>().to_string(), "-0.000000000000000000000000000000000000001");
  EXPECT_EQ(m.at("e"), Value(100));
  EXPECT_EQ(m.at("f").as<Decimal>().to_string(), "2.5");
}

TEST(NdjsonReader, NestedValuesAndUnicodeEscapes) {
  auto recs = ndjson(
      "{\"user\":{\"name\":\"\\u5f20\\u4e09\",\"tags\":[\"a\",null,true,{\"k\":[]}]},"
      "\"emoji\":\"\\ud83d\\ude00\",\"raw\":\"北京\",\"esc\":\"q\\\"\\\\\\n\"}\n");
  ASSERT_EQ(recs.size(), 1u);
  ASSERT_EQ(recs[0].error, "");
  Value expected(
      Map{{"user", Map{{"name", "张三"}, {"tags", List{"a", Value(), true, Map{{"k", List{}}}}}}},
          {"emoji", "😀"},
          {"raw", "北京"},
          {"esc", "q\"\\\n"}});
  EXPECT_EQ(recs[0].value, expected);
}

TEST(NdjsonReader, MalformedLinesAreReturnedAndReadingGoesOn) {
  auto recs =
      ndjson("{\"ok\":1}\n{\"a\":tru}\n{\"ok\":2}\n{\"a\":1} {\"b\":2}\n{\"a\":\n{\"ok\":3}\n");
  ASSERT_EQ(recs.size(), 6u);
  EXPECT_EQ(recs[0].error, "");
  EXPECT_EQ(recs[1].position, 2u);
  EXPECT_EQ(recs[1].raw, "{\"a\":tru}");
  EXPECT_TRUE(recs[1].value.is_null());
  EXPECT_NE(recs[1].error.find("line 2, column"), std::string::npos) << recs[1].error;
  EXPECT_NE(recs[1].error.find("malformed JSON"), std::string::npos) << recs[1].error;
  EXPECT_EQ(recs[2].value, Value(Map{{"ok", 2}}));
  EXPECT_NE(recs[3].error.find("line 4, column 9"), std::string::npos) << recs[3].error;
  EXPECT_NE(recs[3].error.find("unexpected text after the JSON value"), std::string::npos);
  EXPECT_NE(recs[4].error.find("line 5"), std::string::npos) << recs[4].error;
  EXPECT_EQ(recs[5].value, Value(Map{{"ok", 3}}));
  EXPECT_EQ(recs[5].position, 6u);
}

TEST(NdjsonReader, InvalidUtf8InAStringIsAnError) {
  auto recs = ndjson("{\"a\":\"\xFF\"}\n{\"a\":1}\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_NE(recs[0].error, "");
  EXPECT_EQ(recs[1].error, "");
}

TEST(NdjsonReader, LongLinesAndTheCap) {
  std::string big(200000, 'x');
  auto recs = ndjson("{\"big\":\"" + big + "\"}\n{\"a\":1}\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].value, Value(Map{{"big", big}}));

  JsonReaderOptions o;
  o.max_record_bytes = 1000;
  recs = ndjson("{\"big\":\"" + big + "\"}\n{\"a\":1}\n", o);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_NE(recs[0].error.find("longer than 1000 bytes"), std::string::npos) << recs[0].error;
  EXPECT_LE(recs[0].raw.size(), 64u * 1024);
  EXPECT_EQ(recs[1].value, Value(Map{{"a", 1}}));
  EXPECT_EQ(recs[1].position, 2u);
}

// ---- JSON array ----

TEST(JsonArrayReader, StreamsElements) {
  auto values =
      array_values(" [ {\"id\":1}, {\"id\":2,\"n\":[1,[2,{}]]} ,\n3, \"s\", null, [] ]\n");
  ASSERT_EQ(values.size(), 6u);
  EXPECT_EQ(values[0], Value(Map{{"id", 1}}));
  EXPECT_EQ(values[1], Value(Map{{"id", 2}, {"n", List{1, List{2, Map{}}}}}));
  EXPECT_EQ(values[2], Value(3));
  EXPECT_EQ(values[3], Value("s"));
  EXPECT_TRUE(values[4].is_null());
  EXPECT_EQ(values[5], Value(List{}));
}

TEST(JsonArrayReader, SingleTopLevelObjectIsOneRecord) {
  auto values = array_values("\xEF\xBB\xBF{\"a\":{\"b\":[1,2]}}\n");
  ASSERT_EQ(values.size(), 1u);
  EXPECT_EQ(values[0], Value(Map{{"a", Map{{"b", List{1, 2}}}}}));
}

TEST(JsonArrayReader, EmptyInputsHaveNoRecords) {
  EXPECT_TRUE(array_values("").empty());
  EXPECT_TRUE(array_values(" \n ").empty());
  EXPECT_TRUE(array_values("[]").empty());
  EXPECT_TRUE(array_values("[ ]\n").empty());
}

TEST(JsonArrayReader, ExactDecimalsSplitAcrossReads) {
  auto values = array_values("[0.1, 1e400, -12345678901234567890123456789012345678, 3.14159]");
  ASSERT_EQ(values.size(), 4u);
  EXPECT_EQ(values[0].as<Decimal>().to_string(), "0.1");
  EXPECT_EQ(values[1], number("1e400"));
  EXPECT_EQ(values[2].as<Decimal>().to_string(), "-12345678901234567890123456789012345678");
  EXPECT_EQ(values[3].as<Decimal>().to_string(), "3.14159");
}

TEST(JsonArrayReader, ManyElementsThroughSmallAndLargeReads) {
  std::string text = "[";
  for (int i = 0; i < 20000; ++i)
    text += (i ? "," : "") + std::string("{\"i\":") + std::to_string(i) +
            ",\"price\":" + std::to_string(i) + ".25,\"name\":\"名" + std::to_string(i) + "\"}";
  text += "]";
  for (bool trickle : {true, false}) {
    auto values = array_values(text, trickle);
    ASSERT_EQ(values.size(), 20000u);
    EXPECT_EQ(values[12345],
              Value(Map{{"i", 12345}, {"price", number("12345.25")}, {"name", "名12345"}}));
  }
}

TEST(JsonArrayReader, SyntaxErrorIsThrownAfterTheGoodElements) {
  JsonArrayReader reader(testing::trickle_source("[{\"a\":1},{\"a\":2},{\"a\":tru},{\"a\":4}]"));
  Record rec;
  ASSERT_TRUE(reader.next(rec));
  ASSERT_TRUE(reader.next(rec));
  EXPECT_EQ(rec.value, Value(Map{{"a", 2}}));
  core::Error e = error_of([&] { reader.next(rec); });
  EXPECT_EQ(e.code(), "MalformedInput");
  EXPECT_NE(e.message().find("element 3"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("byte offset"), std::string::npos) << e.message();
}

TEST(JsonArrayReader, StructuralErrors) {
  auto error = [](const std::string& text) { return error_of([&] { array_values(text); }); };
  EXPECT_NE(error("42").message().find("must be an array or an object"), std::string::npos);
  EXPECT_NE(error("[1,2").message().find("ends"), std::string::npos) << error("[1,2").message();
  EXPECT_NE(error("[1,2] x").message().find("after the end of the top-level value"),
            std::string::npos);
  EXPECT_NE(error("{\"a\":1} {\"b\":2}").message().find("after the end"), std::string::npos);
  EXPECT_EQ(error("[1 2]").code(), "MalformedInput");
  EXPECT_EQ(error("[1,]").code(), "MalformedInput");
}

TEST(JsonArrayReader, ElementLargerThanTheCap) {
  JsonReaderOptions o;
  o.max_record_bytes = 100000;
  std::string text = "[{\"a\":1},{\"big\":\"" + std::string(300000, 'x') + "\"}]";
  JsonArrayReader reader(testing::string_source(text), o);
  Record rec;
  ASSERT_TRUE(reader.next(rec));
  EXPECT_EQ(error_of([&] { reader.next(rec); }).code(), "InputTooLarge");
}

// ---- writers ----

TEST(NdjsonWriter, OneLinePerRecordExactNumbers) {
  std::string out;
  NdjsonWriter w(std::make_unique<StringByteSink>(out));
  w.write(Value(Map{{"a", number("0.1")}, {"b", "中"}}));
  w.write(Value(List{number("1e40"), Value(), false}));
  w.finish();
  EXPECT_EQ(out,
            "{\"a\":0.1,\"b\":\"中\"}\n[10000000000000000000000000000000000000000,null,false]\n");
}

TEST(JsonArrayWriter, StreamsAnArray) {
  std::string out;
  {
    JsonArrayWriter w(std::make_unique<StringByteSink>(out));
    w.write(Value(Map{{"a", 1}}));
    w.write(Value(Map{{"a", 2}}));
    w.finish();
  }
  EXPECT_EQ(out, "[\n{\"a\":1},\n{\"a\":2}\n]\n");
  out.clear();
  JsonArrayWriter empty(std::make_unique<StringByteSink>(out));
  empty.finish();
  EXPECT_EQ(out, "[]\n");
}

TEST(JsonRoundTrip, WritersThenReaders) {
  std::vector<Value> values = {
      Value(Map{{"id", 1}, {"price", number("19.99")}, {"name", "张三 \"q\"\n"}}),
      Value(Map{{"nested", Map{{"list", List{1, "two", Value(), Map{{"x", true}}}}}}}),
      Value(Map{{"huge", number("123456789012345678901234567890123456789e-50")}}),
  };
  std::string nd, arr;
  {
    NdjsonWriter a(std::make_unique<StringByteSink>(nd));
    JsonArrayWriter b(std::make_unique<StringByteSink>(arr));
    for (const auto& v : values) {
      a.write(v);
      b.write(v);
    }
    a.finish();
    b.finish();
  }
  auto recs = ndjson(nd);
  ASSERT_EQ(recs.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(recs[i].value, values[i]);
  EXPECT_EQ(array_values(arr), values);
}

}  // namespace json_records_test
}  // namespace wharf::pipeline::formats
