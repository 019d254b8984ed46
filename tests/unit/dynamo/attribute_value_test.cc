// DynamoDB's wire form of values against core::Value: every type round-trips, and malformed
// values fail with DynamoDB's exception and message (messages as DynamoDB and dynalite give them).
#include "dynamo/attribute_value.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/decimal.h"
#include "core/error.h"
#include "core/value.h"

namespace wharf::dynamo {
namespace attribute_value_test {

using ::testing::HasSubstr;
namespace json = boost::json;

core::Decimal D(std::string_view text) { return core::Decimal::parse(text).value(); }

core::Value from_text(std::string_view wire) { return from_wire(json::parse(wire)); }

// The exception from_wire throws for `wire` ("" code when it succeeds).
core::Error error_of(std::string_view wire) {
  try {
    from_wire(json::parse(wire));
  } catch (const core::Error& e) {
    return e;
  }
  return core::Error("", 0, "");
}

std::string validation_error(std::string_view wire) {
  core::Error e = error_of(wire);
  EXPECT_EQ(e.code(), "ValidationException") << wire << ": " << e.message();
  EXPECT_EQ(e.http_status(), 400) << wire;
  return e.message();
}

std::string serialization_error(std::string_view wire) {
  core::Error e = error_of(wire);
  EXPECT_EQ(e.code(), "SerializationException") << wire << ": " << e.message();
  EXPECT_EQ(e.http_status(), 400) << wire;
  return e.message();
}

// ---------------------------------------------------------------------------------------------
// Round trips

TEST(AttributeValueWire, EveryTypeDecodesToItsValue) {
  EXPECT_EQ(from_text(R"({"S":"hello"})"), core::Value("hello"));
  EXPECT_EQ(from_text(R"({"S":""})"), core::Value(""));
  EXPECT_EQ(from_text(R"({"N":"-12.5"})"), core::Value(D("-12.5")));
  EXPECT_EQ(from_text(R"({"B":"AAEC/w=="})"),
            core::Value(core::Binary{std::string("\x00\x01\x02\xff", 4)}));
  EXPECT_EQ(from_text(R"({"BOOL":true})"), core::Value(true));
  EXPECT_EQ(from_text(R"({"BOOL":false})"), core::Value(false));
  EXPECT_EQ(from_text(R"({"NULL":true})"), core::Value());
  EXPECT_EQ(from_text(R"({"L":[{"S":"a"},{"N":"1"},{"L":[]}]})"),
            core::Value(core::List{core::Value("a"), core::Value(1), core::Value(core::List{})}));
  EXPECT_EQ(from_text(R"({"M":{"a":{"N":"1"},"b":{"M":{}}}})"),
            core::Value(core::Map{{"a", core::Value(1)}, {"b", core::Value(core::Map{})}}));
  EXPECT_EQ(from_text(R"({"SS":["b","a"]})"), core::Value(core::StringSet{{"b", "a"}}));
  EXPECT_EQ(from_text(R"({"NS":["1","2.5","-3"]})"),
            core::Value(core::NumberSet{{D("1"), D("2.5"), D("-3")}}));
  EXPECT_EQ(
      from_text(R"({"BS":["AA==","AQ=="]})"),
      core::Value(core::BinarySet{{core::Binary{std::string(1, '\0')}, core::Binary{"\x01"}}}));
}

TEST(AttributeValueWire, EveryTypeRoundTripsThroughTheWire) {
  const char* cases[] = {
      R"({"S":"hello"})",
      R"({"S":""})",
      R"({"S":"h\u00e9llo \u0000 nul"})",
      R"({"N":"-12.5"})",
      R"({"N":"0"})",
      R"({"N":"0.001"})",
      R"({"N":"12345678901234567890123456789012345678"})",
      R"({"B":"AAEC/w=="})",
      R"({"B":""})",
      R"({"BOOL":true})",
      R"({"BOOL":false})",
      R"({"NULL":true})",
      R"({"L":[]})",
      R"({"L":[{"S":"a"},{"N":"1"},{"L":[{"NULL":true}]},{"M":{"k":{"BOOL":false}}}]})",
      R"({"M":{}})",
      R"({"M":{"a":{"N":"1"},"b":{"M":{"c":{"SS":["x"]}}}}})",
      R"({"SS":["b","a","c"]})",
      R"({"NS":["1","2.5","-3"]})",
      R"({"BS":["AA==","AQ==","/w=="]})",
  };
  for (const char* text : cases) {
    const json::value wire = json::parse(text);
    EXPECT_EQ(to_wire(from_wire(wire)), wire) << text;
  }
}

TEST(AttributeValueWire, ValuesRoundTripThroughTheWire) {
  const core::Map item{
      {"s", core::Value("text")},
      {"n", core::Value(D("-0.000123"))},
      {"big", core::Value(D("1E+125"))},
      {"bin", core::Value(core::Binary{std::string("a\0b", 3)})},
      {"l", core::Value(core::List{core::Value(), core::Value(true),
                                   core::Value(core::Map{{"x", core::Value(1)}})})},
      {"ss", core::Value(core::StringSet{{"x", "y"}})},
      {"ns", core::Value(core::NumberSet{{D("1"), D("1E+100"), D("-7.25")}})},
      {"bs", core::Value(core::BinarySet{{core::Binary{std::string(2, '\0')}}})},
  };
  const json::object wire = item_to_wire(item);
  EXPECT_EQ(wire.size(), item.size());
  EXPECT_EQ(item_from_wire(wire), item);
  for (const auto& [name, value] : item) EXPECT_EQ(from_wire(to_wire(value)), value) << name;
}

TEST(AttributeValueWire, NumbersAreNormalized) {
  EXPECT_EQ(to_wire(from_text(R"({"N":"1.50"})")), json::parse(R"({"N":"1.5"})"));
  EXPECT_EQ(to_wire(from_text(R"({"N":"1e2"})")), json::parse(R"({"N":"100"})"));
  EXPECT_EQ(to_wire(from_text(R"({"N":"-0.0"})")), json::parse(R"({"N":"0"})"));
  EXPECT_EQ(to_wire(from_text(R"({"N":"007"})")), json::parse(R"({"N":"7"})"));
  EXPECT_EQ(from_text(R"({"N":"1.0"})"), from_text(R"({"N":"1"})"));
}

TEST(AttributeValueWire, ItemFromWire) {
  const core::Map item = item_from_wire(json::parse(R"({"pk":{"S":"a"},"n":{"N":"3"}})"));
  EXPECT_EQ(item, (core::Map{{"pk", core::Value("a")}, {"n", core::Value(3)}}));
  EXPECT_EQ(item_from_wire(json::parse("{}")), core::Map{});
  try {
    item_from_wire(json::parse(R"([1])"));
    ADD_FAILURE() << "a list is not an item";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), "SerializationException");
  }
  // An invalid attribute inside the item fails the item.
  try {
    item_from_wire(json::parse(R"({"a":{"S":"x"},"b":{"NULL":false}})"));
    ADD_FAILURE() << "NULL false accepted inside an item";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), "ValidationException");
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

TEST(AttributeValueValidation, EmptySets) {
  EXPECT_EQ(validation_error(R"({"SS":[]})"),
            "One or more parameter values were invalid: An string set  may not be empty");
  EXPECT_THAT(validation_error(R"({"NS":[]})"), HasSubstr("may not be empty"));
  EXPECT_THAT(validation_error(R"({"NS":[]})"), HasSubstr("number set"));
  EXPECT_THAT(validation_error(R"({"BS":[]})"), HasSubstr("may not be empty"));
  EXPECT_THAT(validation_error(R"({"BS":[]})"), HasSubstr("binary set"));
}

TEST(AttributeValueValidation, DuplicatesInSets) {
  EXPECT_EQ(validation_error(R"({"SS":["a","b","a"]})"),
            "One or more parameter values were invalid: Input collection [a, b, a] contains "
            "duplicates.");
  // Numbers are duplicates by value, however they are written.
  EXPECT_THAT(validation_error(R"({"NS":["1","1.0"]})"), HasSubstr("contains duplicates"));
  EXPECT_THAT(validation_error(R"({"NS":["100","1E2"]})"), HasSubstr("contains duplicates"));
  EXPECT_THAT(validation_error(R"({"BS":["AQ==","AA==","AQ=="]})"),
              HasSubstr("contains duplicates"));
  // Large sets take the sorted path; a duplicate anywhere is still found.
  std::string large = R"({"SS":[)";
  for (int i = 0; i < 100; ++i) large += "\"s" + std::to_string(i) + "\",";
  std::string ok = large + "\"last\"]}";
  EXPECT_EQ(from_text(ok).as<core::StringSet>().items.size(), 101u);
  large += "\"s57\"]}";
  EXPECT_THAT(validation_error(large), HasSubstr("contains duplicates"));
  std::string numbers = R"({"NS":[)";
  for (int i = 0; i < 50; ++i) numbers += "\"" + std::to_string(i) + "\",";
  numbers += "\"3.0\"]}";
  EXPECT_THAT(validation_error(numbers), HasSubstr("contains duplicates"));
  // Distinct values that merely look alike are fine.
  EXPECT_EQ(from_text(R"({"SS":["a","A","a "]})").as<core::StringSet>().items.size(), 3u);
}

TEST(AttributeValueValidation, NullMustBeTrue) {
  EXPECT_EQ(validation_error(R"({"NULL":false})"),
            "One or more parameter values were invalid: Null attribute value types must have the "
            "value of true");
  EXPECT_EQ(error_of(R"({"NULL":"true"})").code(), "SerializationException");
}

TEST(AttributeValueValidation, ExactlyOneType) {
  EXPECT_EQ(validation_error(R"({"S":"a","N":"1"})"),
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes");
  EXPECT_EQ(validation_error(R"({})"),
            "Supplied AttributeValue is empty, must contain exactly one of the supported "
            "datatypes");
  // Nested values are checked too.
  EXPECT_THAT(validation_error(R"({"L":[{"S":"a"},{}]})"), HasSubstr("is empty"));
  EXPECT_THAT(validation_error(R"({"M":{"x":{"BOOL":true,"NULL":true}}})"),
              HasSubstr("more than one datatypes"));
}

TEST(AttributeValueValidation, NumberLimits) {
  EXPECT_EQ(validation_error(R"({"N":"123456789012345678901234567890123456789"})"),
            "Attempting to store more than 38 significant digits in a Number");
  EXPECT_EQ(validation_error(R"({"N":"1.23456789012345678901234567890123456789"})"),
            "Attempting to store more than 38 significant digits in a Number");
  EXPECT_EQ(validation_error(R"({"N":"1E+126"})"),
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range");
  EXPECT_EQ(validation_error(R"({"N":"-1E+126"})"),
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range");
  EXPECT_EQ(validation_error(R"({"N":"1E-131"})"),
            "Number underflow. Attempting to store a number with magnitude smaller than supported "
            "range");
  EXPECT_EQ(validation_error(R"({"N":"abc"})"),
            "The parameter cannot be converted to a numeric value: abc");
  EXPECT_EQ(validation_error(R"({"N":""})"),
            "The parameter cannot be converted to a numeric value: ");
  for (const char* bad : {"NaN", "Infinity", "1e", "1.2.3", "--1", "0x10"})
    EXPECT_THAT(validation_error(std::string(R"({"N":")") + bad + "\"}"),
                HasSubstr("cannot be converted to a numeric value"))
        << bad;
  // Numbers in sets are checked like single numbers.
  EXPECT_THAT(validation_error(R"({"NS":["1","1E+126"]})"), HasSubstr("Number overflow"));
  // The limits themselves are accepted.
  EXPECT_EQ(from_text(R"({"N":"12345678901234567890123456789012345678"})"),
            core::Value(D("12345678901234567890123456789012345678")));
  EXPECT_EQ(from_text(R"({"N":"9.9999999999999999999999999999999999999E+125"})"),
            core::Value(D("9.9999999999999999999999999999999999999E+125")));
  EXPECT_EQ(from_text(R"({"N":"-9.9999999999999999999999999999999999999E+125"})"),
            core::Value(D("-9.9999999999999999999999999999999999999E+125")));
  EXPECT_EQ(from_text(R"({"N":"1E-130"})"), core::Value(D("1E-130")));
}

TEST(AttributeValueValidation, ParseAndCheckNumber) {
  EXPECT_EQ(parse_number("42"), D("42"));
  EXPECT_EQ(parse_number(" 12 "), D("12"));
  EXPECT_EQ(parse_number("-0.5e1"), D("-5"));
  EXPECT_THROW(parse_number("1E+126"), core::Error);
  EXPECT_NO_THROW(check_number(D("0")));
  EXPECT_NO_THROW(check_number(D("1E+125")));
  try {
    // A computed value can leave the range even when its operands did not.
    check_number(D("9.9999999999999999999999999999999999999E+125") + D("1E+125"));
    ADD_FAILURE() << "sum beyond the range accepted";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), "ValidationException");
    EXPECT_THAT(e.message(), HasSubstr("Number overflow"));
  }
  try {
    check_number(D("1E+30") + D("1E-30"));  // 61 significant digits
    ADD_FAILURE() << "61 significant digits accepted";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.message(), "Attempting to store more than 38 significant digits in a Number");
  }
}

TEST(AttributeValueValidation, MalformedPayloads) {
  EXPECT_EQ(serialization_error(R"({"B":"not base64!"})"), "Base64 encoded string is not valid");
  EXPECT_EQ(serialization_error(R"({"BS":["AA==","@@"]})"), "Base64 encoded string is not valid");
  serialization_error(R"({"S":5})");
  serialization_error(R"({"N":5})");
  serialization_error(R"({"BOOL":"true"})");
  serialization_error(R"({"L":{"S":"a"}})");
  serialization_error(R"({"M":[]})");
  serialization_error(R"({"SS":"a"})");
  serialization_error(R"({"SS":[1]})");
  serialization_error(R"("S")");
}

// Members DynamoDB does not know are ignored: alone they leave the value empty.
TEST(AttributeValueValidation, UnknownMembersAreIgnored) {
  EXPECT_THROW(
      {
        try {
          from_wire(boost::json::parse(R"({"X":"a"})"));
        } catch (const core::Error& e) {
          EXPECT_EQ(e.code(), "ValidationException");
          EXPECT_EQ(e.message(),
                    "Supplied AttributeValue is empty, must contain exactly one of the supported "
                    "datatypes");
          throw;
        }
      },
      core::Error);
  EXPECT_EQ(from_wire(boost::json::parse(R"({"X":"a","S":"b"})")), core::Value("b"));
}

// ---------------------------------------------------------------------------------------------
// Rendering

TEST(AttributeValueFormat, FormatNumber) {
  EXPECT_EQ(format_number(D("100")), "100");
  EXPECT_EQ(format_number(D("0")), "0");
  EXPECT_EQ(format_number(D("0.001")), "0.001");
  EXPECT_EQ(format_number(D("-1.5")), "-1.5");
  EXPECT_EQ(format_number(D("123456.789")), "123456.789");
  // Always plain, as DynamoDB answers (dynalite's getItem tests: 1E+125 is 1 and 125 zeros).
  EXPECT_EQ(format_number(D("1E+37")), "10000000000000000000000000000000000000");
  EXPECT_EQ(format_number(D("9.9999999999999999999999999999999999999E+125")),
            std::string(38, '9') + std::string(88, '0'));
  EXPECT_EQ(format_number(D("-1E+125")), "-1" + std::string(125, '0'));
  // Small magnitudes stay plain.
  EXPECT_EQ(format_number(D("1.5E-5")), "0.000015");
  // Whatever the notation, the text parses back to the same number.
  for (const char* text :
       {"1E+125", "-3.25E+60", "1E-130", "12345678901234567890123456789012345678",
        "1.2345678901234567890123456789012345678E+100"})
    EXPECT_EQ(parse_number(format_number(D(text))), D(text)) << text;
}

TEST(AttributeValueFormat, TypeCodesAndDescribe) {
  EXPECT_STREQ(type_code(core::Value::Type::kNull), "NULL");
  EXPECT_STREQ(type_code(core::Value::Type::kBool), "BOOL");
  EXPECT_STREQ(type_code(core::Value::Type::kNumber), "N");
  EXPECT_STREQ(type_code(core::Value::Type::kString), "S");
  EXPECT_STREQ(type_code(core::Value::Type::kBinary), "B");
  EXPECT_STREQ(type_code(core::Value::Type::kList), "L");
  EXPECT_STREQ(type_code(core::Value::Type::kMap), "M");
  EXPECT_STREQ(type_code(core::Value::Type::kStringSet), "SS");
  EXPECT_STREQ(type_code(core::Value::Type::kNumberSet), "NS");
  EXPECT_STREQ(type_code(core::Value::Type::kBinarySet), "BS");
  EXPECT_EQ(describe(core::Value("abc")), "{S:abc}");
  EXPECT_EQ(describe(core::Value(5)), "{N:5}");
  EXPECT_EQ(describe(core::Value(true)), "{BOOL:true}");
  EXPECT_EQ(describe(core::Value()), "{NULL:true}");
}

}  // namespace attribute_value_test
}  // namespace wharf::dynamo
