#include "dynamo/item_codec.h"

#include "core/encoding.h"
#include "core/error.h"
#include "dynamo/attribute_value.h"

namespace wharf::dynamo {

using core::Value;

namespace {

void encode_value(const Value& v, std::string& out) {
  out.push_back(static_cast<char>(v.type()));
  switch (v.type()) {
    case Value::Type::kNull:
      break;
    case Value::Type::kBool:
      out.push_back(v.as<bool>() ? 1 : 0);
      break;
    case Value::Type::kNumber:
      core::append_prefixed(out, format_number(v.as<core::Decimal>()));
      break;
    case Value::Type::kString:
      core::append_prefixed(out, v.as<std::string>());
      break;
    case Value::Type::kBinary:
      core::append_prefixed(out, v.as<core::Binary>().bytes);
      break;
    case Value::Type::kList:
      core::append_varint(out, v.as<core::List>().size());
      for (const auto& e : v.as<core::List>()) encode_value(e, out);
      break;
    case Value::Type::kMap:
      encode_item_to(v.as<core::Map>(), out);
      break;
    case Value::Type::kStringSet:
      core::append_varint(out, v.as<core::StringSet>().items.size());
      for (const auto& e : v.as<core::StringSet>().items) core::append_prefixed(out, e);
      break;
    case Value::Type::kNumberSet:
      core::append_varint(out, v.as<core::NumberSet>().items.size());
      for (const auto& e : v.as<core::NumberSet>().items)
        core::append_prefixed(out, format_number(e));
      break;
    case Value::Type::kBinarySet:
      core::append_varint(out, v.as<core::BinarySet>().items.size());
      for (const auto& e : v.as<core::BinarySet>().items) core::append_prefixed(out, e.bytes);
      break;
  }
}

core::Decimal read_number(ItemReader& r) {
  auto d = core::Decimal::parse(r.bytes());
  if (!d) ItemReader::corrupt();
  return std::move(*d);
}

size_t number_size(const core::Decimal& d) { return (d.precision() + 1) / 2 + 1; }

}  // namespace

void encode_item_to(const core::Map& item, std::string& out) {
  core::append_varint(out, item.size());
  for (const auto& [name, v] : item) {
    core::append_prefixed(out, name);
    encode_value(v, out);
  }
}

std::string encode_item(const core::Map& item) {
  std::string out;
  out.reserve(64);
  encode_item_to(item, out);
  return out;
}

core::Map decode_item(std::string_view bytes) { return ItemReader(bytes).map(); }

void ItemReader::corrupt() { core::throw_internal("corrupt stored item"); }

Value ItemReader::value() {
  auto type = static_cast<Value::Type>(byte());
  switch (type) {
    case Value::Type::kNull:
      return Value();
    case Value::Type::kBool:
      return Value(byte() != 0);
    case Value::Type::kNumber:
      return Value(read_number(*this));
    case Value::Type::kString:
      return Value(std::string(bytes()));
    case Value::Type::kBinary:
      return Value(core::Binary{std::string(bytes())});
    case Value::Type::kList: {
      core::List l(count());
      for (auto& e : l) e = value();
      return Value(std::move(l));
    }
    case Value::Type::kMap:
      return Value(map());
    case Value::Type::kStringSet: {
      core::StringSet s;
      s.items.resize(count());
      for (auto& e : s.items) e = std::string(bytes());
      return Value(std::move(s));
    }
    case Value::Type::kNumberSet: {
      core::NumberSet s;
      uint64_t n = count();
      for (uint64_t i = 0; i < n; ++i) s.items.push_back(read_number(*this));
      return Value(std::move(s));
    }
    case Value::Type::kBinarySet: {
      core::BinarySet s;
      s.items.resize(count());
      for (auto& e : s.items) e.bytes = std::string(bytes());
      return Value(std::move(s));
    }
  }
  corrupt();
}
core::Map ItemReader::map() {
  core::Map m;
  uint64_t n = count();
  for (uint64_t i = 0; i < n; ++i) {
    std::string name(bytes());
    m.emplace_hint(m.end(), std::move(name), value());
  }
  return m;
}

size_t value_size(const Value& v) {
  switch (v.type()) {
    case Value::Type::kNull:
    case Value::Type::kBool:
      return 1;
    case Value::Type::kNumber:
      return number_size(v.as<core::Decimal>());
    case Value::Type::kString:
      return v.as<std::string>().size();
    case Value::Type::kBinary:
      return v.as<core::Binary>().bytes.size();
    case Value::Type::kList: {
      size_t n = 3;
      for (const auto& e : v.as<core::List>()) n += 1 + value_size(e);
      return n;
    }
    case Value::Type::kMap: {
      size_t n = 3;
      for (const auto& [k, e] : v.as<core::Map>()) n += 1 + k.size() + value_size(e);
      return n;
    }
    case Value::Type::kStringSet: {
      size_t n = 0;
      for (const auto& e : v.as<core::StringSet>().items) n += e.size();
      return n;
    }
    case Value::Type::kNumberSet: {
      size_t n = 0;
      for (const auto& e : v.as<core::NumberSet>().items) n += number_size(e);
      return n;
    }
    case Value::Type::kBinarySet: {
      size_t n = 0;
      for (const auto& e : v.as<core::BinarySet>().items) n += e.bytes.size();
      return n;
    }
  }
  return 0;
}

size_t item_size(const core::Map& item) {
  size_t n = 0;
  for (const auto& [k, v] : item) n += k.size() + value_size(v);
  return n;
}

}  // namespace wharf::dynamo
