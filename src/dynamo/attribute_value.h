// DynamoDB's wire form of values ({"S": "x"}, {"N": "1.5"}, {"M": {...}}, ...) <-> core::Value,
// with DynamoDB's validation: one type per value, numbers within 38 digits and DynamoDB's range,
// non-empty sets without duplicates, NULL only as true, strict base64 for binary.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "core/value.h"

namespace wharf::dynamo {

// Throws ValidationException / SerializationException with DynamoDB's messages.
core::Value from_wire(const boost::json::value& v);
core::Map item_from_wire(const boost::json::value& v);  // an item or key: {"name": {...}, ...}

boost::json::value to_wire(const core::Value& v);
boost::json::object item_to_wire(const core::Map& item);

// Parses a DynamoDB number with DynamoDB's checks (range, 38 significant digits).
core::Decimal parse_number(std::string_view text);
// A number as DynamoDB answers it.
std::string format_number(const core::Decimal& d);
// Range and precision checks for a computed number (ADD, SET a = b + c).
void check_number(const core::Decimal& d);

// 'S', 'N' or 'B' for the scalar types a key attribute may have; 0 for every other type.
char scalar_type(const core::Value& v);

// "S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS".
const char* type_code(core::Value::Type t);

// DynamoDB's rendering of a value inside error messages: {S:abc}, {N:5}, ...
std::string describe(const core::Value& v);

}  // namespace wharf::dynamo
