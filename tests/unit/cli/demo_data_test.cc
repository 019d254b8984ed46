#include "cli/demo_data.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iterator>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/encoding.h"
#include "core/error.h"
#include "core/json_codec.h"
#include "core/value.h"

namespace wharf::cli {
namespace demo_data_test {

using core::List;
using core::Map;
using core::Value;

constexpr uint64_t kSeed = 7;
const char* const kKeys[] = {"users/users.csv", "users/users_cn_gbk.csv", "products/catalog.xml",
                             "orders/orders-2026-H1.json", "orders/orders-2026-H2.ndjson"};

const std::vector<DemoFile>& defaults() {
  static const std::vector<DemoFile> files = generate_demo_data(kSeed, {});
  return files;
}

const std::string& bytes_of(const std::vector<DemoFile>& files, std::string_view key) {
  for (const DemoFile& f : files)
    if (f.key == key) return f.bytes;
  ADD_FAILURE() << "no file " << key;
  static const std::string none;
  return none;
}
const std::string& bytes_of(std::string_view key) { return bytes_of(defaults(), key); }

// Lines without their terminator; a final terminator does not start another line.
std::vector<std::string> lines_of(std::string_view text, std::string_view terminator) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(terminator, start);
    if (end == std::string_view::npos) end = text.size();
    out.emplace_back(text.substr(start, end - start));
    start = end + terminator.size();
  }
  return out;
}

// The RFC 4180 fields of one line (the demo files have no line breaks inside fields), or nullopt
// when it is malformed: a quote inside an unquoted field, text after a closing quote, or a quote
// never closed.
std::optional<std::vector<std::string>> csv_fields(std::string_view line) {
  std::vector<std::string> fields;
  size_t i = 0;
  while (true) {
    std::string field;
    if (i < line.size() && line[i] == '"') {
      for (++i;; ++i) {
        if (i >= line.size()) return std::nullopt;
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            ++i;
            continue;
          }
          ++i;
          break;
        }
        field += line[i];
      }
      if (i < line.size() && line[i] != ',') return std::nullopt;
    } else {
      const size_t end = std::min(line.find(',', i), line.size());
      field = std::string(line.substr(i, end - i));
      if (field.find('"') != std::string::npos) return std::nullopt;
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) return fields;
    ++i;  // the comma
  }
}

std::optional<std::string> gbk_to_utf8(const std::string& gbk) {
  iconv_t cd = iconv_open("UTF-8", "GBK");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(gbk.size() * 2, '\0');
  char* in = const_cast<char*>(gbk.data());
  size_t in_left = gbk.size();
  char* o = out.data();
  size_t out_left = out.size();
  const size_t r = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1) || in_left != 0) return std::nullopt;
  out.resize(out.size() - out_left);
  return out;
}

constexpr std::string_view kSpaces[] = {" ", "\t", "\u3000", "\u00A0"};

bool starts_or_ends_with_space(const std::string& s) {
  for (std::string_view space : kSpaces) {
    if (s.starts_with(space) || s.ends_with(space)) return true;
  }
  return false;
}

std::string without_spaces_around(std::string s) {
  for (bool again = true; again;) {
    again = false;
    for (std::string_view space : kSpaces) {
      if (s.starts_with(space)) s.erase(0, space.size()), again = true;
      if (s.ends_with(space)) s.resize(s.size() - space.size()), again = true;
    }
  }
  return s;
}

bool has_han(const std::string& s) {  // a CJK ideograph (3-byte UTF-8, lead byte E4..E9)
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0xE4 && b <= 0xE9) return true;
  }
  return false;
}

// Seconds since the epoch of "2026-03-05T10:04:05Z" or "...+08:00".
int64_t instant(const std::string& ts) {
  std::tm tm{};
  int offset_hours = 0, offset_minutes = 0;
  char zone = 0;
  EXPECT_GE(
      std::sscanf(ts.c_str(), "%d-%d-%dT%d:%d:%d%c%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &zone, &offset_hours, &offset_minutes),
      7)
      << ts;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const int64_t local = timegm(&tm);
  return zone == '+' ? local - int64_t{offset_hours} * 3600 - int64_t{offset_minutes} * 60 : local;
}

// One NDJSON line as an object, or nullopt when it is malformed. core::parse_json stops at the
// end of the first value, so text after it is checked here.
std::optional<Value> parse_ndjson_line(const std::string& line) {
  try {
    Value v = core::parse_json(line);
    if (v.is<Map>() && line.ends_with("}")) return v;
  } catch (const core::Error&) {
  }
  return std::nullopt;
}

// Has an @ with something before it and a dotted domain after it.
bool looks_like_email(const std::string& s) {
  const size_t at = s.find('@');
  return at != std::string::npos && at > 0 && s.find('.', at) != std::string::npos &&
         !s.ends_with(".");
}

struct UserRows {
  std::vector<std::vector<std::string>> rows;  // well-formed rows, in file order
  std::vector<std::string> malformed;
};

UserRows read_users(const std::string& text, std::string_view terminator) {
  UserRows u;
  const std::vector<std::string> lines = lines_of(text, terminator);
  for (size_t i = 1; i < lines.size(); ++i) {
    if (auto f = csv_fields(lines[i]))
      u.rows.push_back(std::move(*f));
    else
      u.malformed.push_back(lines[i]);
  }
  return u;
}

const std::string kHeader = "user_id,name,email,phone,city,signup_date,age,vip,updated_at";

TEST(DemoData, FilesInOrderWithContentTypes) {
  const auto& files = defaults();
  ASSERT_EQ(files.size(), std::size(kKeys));
  for (size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ(files[i].key, kKeys[i]);
    EXPECT_FALSE(files[i].bytes.empty()) << files[i].key;
  }
  EXPECT_EQ(files[0].content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(files[1].content_type, "text/csv; charset=GBK");
  EXPECT_EQ(files[2].content_type, "application/xml");
  EXPECT_EQ(files[3].content_type, "application/json");
  EXPECT_EQ(files[4].content_type, "application/x-ndjson");
}

TEST(DemoData, SameSeedSameBytesOtherSeedOtherBytes) {
  const std::vector<DemoFile> again = generate_demo_data(kSeed, {});
  const std::vector<DemoFile> other = generate_demo_data(kSeed + 1, {});
  ASSERT_EQ(again.size(), defaults().size());
  ASSERT_EQ(other.size(), defaults().size());
  for (size_t i = 0; i < again.size(); ++i) {
    EXPECT_EQ(again[i].bytes, defaults()[i].bytes) << again[i].key;
    EXPECT_NE(other[i].bytes, defaults()[i].bytes) << other[i].key;
  }
}

TEST(DemoData, OrdersCountLeavesUsersAndCatalogAlone) {
  const std::vector<DemoFile> fewer = generate_demo_data(kSeed, {.orders = 500});
  EXPECT_EQ(fewer[0].bytes, defaults()[0].bytes);
  EXPECT_EQ(fewer[1].bytes, defaults()[1].bytes);
  EXPECT_EQ(fewer[2].bytes, defaults()[2].bytes);
  EXPECT_LT(fewer[3].bytes.size(), defaults()[3].bytes.size() / 10);
}

TEST(DemoData, TinyAndOddSizesStillWellFormed) {
  for (const DemoSize& size :
       {DemoSize{1, 1, 1}, DemoSize{0, -5, 0}, DemoSize{30, 12, 60}, DemoSize{150, 400, 900}}) {
    SCOPED_TRACE(::testing::Message() << size.users << "/" << size.products << "/" << size.orders);
    const std::vector<DemoFile> files = generate_demo_data(1, size);
    ASSERT_EQ(files.size(), 5u);
    EXPECT_TRUE(gbk_to_utf8(files[1].bytes).has_value());
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_buffer(files[2].bytes.data(), files[2].bytes.size()));
    const auto products = doc.child("catalog").children("product");
    EXPECT_EQ(std::distance(products.begin(), products.end()), std::max(size.products, 1));
    EXPECT_TRUE(core::parse_json(files[3].bytes).is<List>());
    for (const std::string& line : lines_of(files[4].bytes, "\n")) {
      if (!line.empty() && !parse_ndjson_line(line)) {
        EXPECT_GE(size.orders, 100) << "malformed line in a small file: " << line;
      }
    }
  }
}

TEST(DemoDataUsers, Utf8CsvWithBomHeaderAndCrlf) {
  const std::string& csv = bytes_of("users/users.csv");
  ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF" + kHeader + "\r\n"));
  for (size_t i = csv.find('\n'); i != std::string::npos; i = csv.find('\n', i + 1))
    ASSERT_EQ(csv[i - 1], '\r') << "bare LF at byte " << i;
  EXPECT_TRUE(csv.ends_with("\r\n"));
}

TEST(DemoDataUsers, UsersAndTheirDirt) {
  const std::string& csv = bytes_of("users/users.csv");
  const UserRows users = read_users(csv.substr(3), "\r\n");

  // 2000 users, 60 of them twice; 10 malformed lines.
  EXPECT_EQ(users.rows.size() + users.malformed.size(), 2000u + 60u);
  EXPECT_EQ(users.malformed.size(), 10u);
  for (const std::string& line : users.malformed) EXPECT_NE(line.find('"'), std::string::npos);

  std::map<std::string, std::vector<const std::vector<std::string>*>> by_id;
  int short_rows = 0, empty_email = 0, invalid_email = 0, stray_space = 0, comma = 0, quote = 0,
      chinese = 0, plain = 0;
  std::set<std::string> vip_spellings, date_shapes, bad_age_ids;
  const std::regex email(R"([a-z0-9._]+@[a-z0-9]+(\.[a-z0-9]+)+)");
  const std::regex date_shape(R"(\d{4}-\d\d-\d\d|\d{4}/\d\d/\d\d|\d\d\.\d\d\.\d{4})");
  const std::regex digit(R"(\d)");
  for (const auto& f : users.rows) {
    if (f.size() != 9) {
      ++short_rows;
      EXPECT_TRUE(f.size() == 8 || f.size() == 7) << f[0];
      continue;
    }
    by_id[f[0]].push_back(&f);
    if (starts_or_ends_with_space(f[1]) || starts_or_ends_with_space(f[2])) {
      ++stray_space;
      continue;
    }
    ++plain;
    if (f[2].empty())
      ++empty_email;
    else if (!looks_like_email(f[2]))
      ++invalid_email;
    else
      EXPECT_TRUE(std::regex_match(core::to_lower(f[2]), email)) << f[2];
    comma += f[1].find(',') != std::string::npos;
    quote += f[1].find('"') != std::string::npos;
    const bool age_ok = !f[6].empty() && f[6].size() <= 3 &&
                        f[6].find_first_not_of("0123456789") == std::string::npos &&
                        std::stoi(f[6]) >= 18 && std::stoi(f[6]) <= 70;
    if (!age_ok) bad_age_ids.insert(f[0]);
    chinese += has_han(f[1]);
    vip_spellings.insert(f[7]);
    EXPECT_TRUE(std::regex_match(f[5], date_shape)) << f[5];
    date_shapes.insert(std::regex_replace(f[5], digit, "9"));
    EXPECT_TRUE(f[8].ends_with("Z") || f[8].ends_with("+08:00")) << f[8];
  }
  EXPECT_EQ(short_rows, 2);
  EXPECT_EQ(empty_email, 40);
  EXPECT_EQ(invalid_email, 20);
  EXPECT_EQ(stray_space, 100);
  EXPECT_EQ(comma, 3);
  EXPECT_EQ(quote, 3);
  // 40, less those in rows counted above as other dirt.
  EXPECT_GE(bad_age_ids.size(), 30u);
  EXPECT_LE(bad_age_ids.size(), 40u);
  EXPECT_GT(chinese, plain * 30 / 100);  // about 40% Chinese names
  EXPECT_LT(chinese, plain * 50 / 100);
  EXPECT_EQ(vip_spellings,
            (std::set<std::string>{"yes", "no", "Y", "N", "true", "false", "1", "0"}));
  EXPECT_EQ(date_shapes, (std::set<std::string>{"9999-99-99", "9999/99/99", "99.99.9999"}));

  // Duplicates: the same id and email but for case; the newer row has a later updated_at and
  // a new city or phone, and is not always the later row in the file.
  int duplicates = 0, newer_first = 0;
  for (const auto& [id, rows] : by_id) {
    if (rows.size() == 1) continue;
    ASSERT_EQ(rows.size(), 2u) << id;
    ++duplicates;
    const auto& a = *rows[0];
    const auto& b = *rows[1];
    EXPECT_NE(a[2], b[2]) << id;
    EXPECT_EQ(core::to_lower(a[2]), core::to_lower(b[2])) << id;
    EXPECT_EQ(a[1], b[1]) << id;
    EXPECT_TRUE(a[3] != b[3] || a[4] != b[4]) << id;
    EXPECT_NE(instant(a[8]), instant(b[8])) << id;
    newer_first += instant(a[8]) > instant(b[8]);
  }
  EXPECT_EQ(duplicates, 60);
  EXPECT_GT(newer_first, 5);
  EXPECT_LT(newer_first, 55);
}

TEST(DemoDataUsers, EmailsIdentifyUsers) {
  std::map<std::string, std::string> owner;  // lowercased email -> user id
  const UserRows a = read_users(bytes_of("users/users.csv").substr(3), "\r\n");
  const UserRows b = read_users(gbk_to_utf8(bytes_of("users/users_cn_gbk.csv")).value(), "\n");
  for (const UserRows* users : {&a, &b}) {
    for (const auto& f : users->rows) {
      if (!looks_like_email(f[2])) continue;  // invalid ones may coincide ("wangwei@")
      const std::string email = core::to_lower(without_spaces_around(f[2]));
      const auto [it, inserted] = owner.emplace(email, f[0]);
      if (!inserted) {
        EXPECT_EQ(it->second, f[0]) << email;
      }
    }
  }
}

TEST(DemoDataUsers, GbkFileIsValidGbkAndMostlyChinese) {
  const std::string& gbk = bytes_of("users/users_cn_gbk.csv");
  EXPECT_EQ(gbk.find('\r'), std::string::npos);
  EXPECT_FALSE(gbk.starts_with("\xEF\xBB\xBF"));
  const std::optional<std::string> utf8 = gbk_to_utf8(gbk);
  ASSERT_TRUE(utf8.has_value());
  EXPECT_NE(*utf8, gbk);  // there was something to convert
  ASSERT_TRUE(utf8->starts_with(kHeader + "\n"));
  const UserRows users = read_users(*utf8, "\n");
  EXPECT_TRUE(users.malformed.empty());
  ASSERT_EQ(users.rows.size(), 100u);
  int chinese = 0, stray_space = 0;
  for (size_t i = 0; i < users.rows.size(); ++i) {
    const auto& f = users.rows[i];
    ASSERT_EQ(f.size(), 9u);
    EXPECT_EQ(f[0], "u-0" + std::to_string(2001 + i));
    chinese += has_han(f[1]);
    stray_space += starts_or_ends_with_space(f[1]) || starts_or_ends_with_space(f[2]);
  }
  EXPECT_GE(chinese, 75);
  EXPECT_EQ(stray_space, 5);
}

TEST(DemoDataCatalog, ParsesWithTheRequestedProducts) {
  const std::string& xml = bytes_of("products/catalog.xml");
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  ASSERT_TRUE(parsed) << parsed.description();
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  const std::set<std::string> categories = {"electronics", "books",  "home",  "clothing",
                                            "food",        "beauty", "sports"};
  std::set<std::string> seen_categories;
  int count = 0, not_available = 0, empty_price = 0, negative = 0, thousands = 0, no_stock = 0,
      cdata = 0, ampersand = 0;
  const std::regex plain_price(R"(\d+\.\d\d)");
  for (pugi::xml_node p : doc.child("catalog").children("product")) {
    ++count;
    char id[16];
    std::snprintf(id, sizeof id, "p-%04d", count);
    EXPECT_STREQ(p.attribute("id").value(), id);
    EXPECT_TRUE(categories.count(p.attribute("category").value())) << id;
    seen_categories.insert(p.attribute("category").value());
    EXPECT_FALSE(std::string(p.child_value("name")).empty()) << id;
    EXPECT_STREQ(p.child("price").attribute("currency").value(), "CNY");
    const std::string price = p.child("price").text().get();
    if (price == "N/A")
      ++not_available;
    else if (price.empty())
      ++empty_price;
    else if (price.starts_with("-"))
      ++negative;
    else if (price.find(',') != std::string::npos)
      ++thousands;
    else
      EXPECT_TRUE(std::regex_match(price, plain_price)) << price;
    no_stock += !p.child("stock");
    const pugi::xml_node description = p.child("description");
    cdata += description.first_child().type() == pugi::node_cdata;
    ampersand += std::string(description.text().get()).find("& 包邮") != std::string::npos &&
                 description.first_child().type() == pugi::node_pcdata;
    EXPECT_TRUE(p.child("tags").child("tag")) << id;
  }
  EXPECT_EQ(count, 300);
  EXPECT_EQ(seen_categories, categories);
  EXPECT_EQ(not_available, 3);
  EXPECT_EQ(empty_price, 3);
  EXPECT_EQ(negative, 3);
  EXPECT_EQ(thousands, 3);
  EXPECT_EQ(no_stock, 9);
  EXPECT_EQ(cdata, 6);
  EXPECT_EQ(ampersand, 9);
  EXPECT_NE(xml.find("&amp;"), std::string::npos);
}

TEST(DemoDataCatalog, SearchTermsFindSeveralProducts) {
  const std::string& xml = bytes_of("products/catalog.xml");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_buffer(xml.data(), xml.size()));
  for (const char* term : {"手机", "耳机", "tea", "bluetooth", "茶", "coffee", "book"}) {
    int hits = 0;
    for (pugi::xml_node p : doc.child("catalog").children("product")) {
      const std::string text = core::to_lower(std::string(p.child_value("name")) + " " +
                                              p.child("description").text().get());
      hits += text.find(term) != std::string::npos;
    }
    EXPECT_GE(hits, 5) << term;
  }
}

struct Orders {
  std::vector<Value> h1, h2;
  std::vector<std::string> h2_bad;
  int h2_blank = 0;
  std::vector<std::string> texts;  // every order's JSON text, both files
};

const Orders& orders() {
  static const Orders o = [] {
    Orders o;
    const Value array = core::parse_json(bytes_of("orders/orders-2026-H1.json"));
    o.h1 = array.as<List>();
    for (std::string line : lines_of(bytes_of("orders/orders-2026-H1.json"), "\n")) {
      if (line == "[" || line == "]") continue;
      if (line.ends_with(",")) line.pop_back();
      o.texts.push_back(line.substr(2));
    }
    for (const std::string& line : lines_of(bytes_of("orders/orders-2026-H2.ndjson"), "\n")) {
      if (line.empty()) {
        ++o.h2_blank;
        continue;
      }
      if (std::optional<Value> order = parse_ndjson_line(line)) {
        o.h2.push_back(std::move(*order));
        o.texts.push_back(line);
      } else {
        o.h2_bad.push_back(line);
      }
    }
    return o;
  }();
  return o;
}

const std::string* string_field(const Value& order, const std::string& name) {
  const Map& m = order.as<Map>();
  const auto it = m.find(name);
  return it == m.end() || !it->second.is<std::string>() ? nullptr : &it->second.as<std::string>();
}

TEST(DemoDataOrders, EveryOrderParsesButTheTwoBrokenLines) {
  const Orders& o = orders();
  EXPECT_EQ(o.h2_blank, 1);
  ASSERT_EQ(o.h2_bad.size(), 2u);
  int stray_comma = 0;
  for (const std::string& line : o.h2_bad) {
    if (line.ends_with("},")) {
      ++stray_comma;
      EXPECT_TRUE(core::parse_json(line.substr(0, line.size() - 1)).is<Map>());
    }
  }
  EXPECT_EQ(stray_comma, 1);
  for (const std::vector<Value>* file : {&o.h1, &o.h2}) {
    for (const Value& order : *file) {
      ASSERT_TRUE(order.is<Map>());
      ASSERT_TRUE(string_field(order, "order_id"));
      ASSERT_TRUE(string_field(order, "user_id"));
      ASSERT_TRUE(string_field(order, "status"));
      const List& lines = order.as<Map>().at("lines").as<List>();
      EXPECT_GE(lines.size(), 1u);
      EXPECT_LE(lines.size(), 4u);
      for (const Value& line : lines) {
        EXPECT_TRUE(string_field(line, "product_id"));
        EXPECT_TRUE(line.as<Map>().at("unit_price").is<core::Decimal>());
      }
    }
  }
}

TEST(DemoDataOrders, SizesDatesAndDirt) {
  const Orders& o = orders();
  std::set<std::string> user_ids;
  for (const char* key : {"users/users.csv", "users/users_cn_gbk.csv"}) {
    const std::string text =
        key == std::string("users/users.csv") ? bytes_of(key) : gbk_to_utf8(bytes_of(key)).value();
    for (const std::string& line : lines_of(text, "\n"))
      user_ids.insert(line.substr(0, line.find(',')));
  }
  std::map<std::string, int> seen;
  int unknown_user = 0, no_created_at = 0, odd_status = 0, bad_qty = 0;
  const std::set<std::string> statuses = {"paid", "shipped", "cancelled", "refunded"};
  for (const auto& [file, first, last] : {std::tuple{&o.h1, "2026-01-01", "2026-06-30"},
                                          std::tuple{&o.h2, "2026-07-01", "2026-11-20"}}) {
    for (const Value& order : *file) {
      if (++seen[*string_field(order, "order_id")] > 1) continue;
      unknown_user += !user_ids.count(*string_field(order, "user_id"));
      const std::string* created = string_field(order, "created_at");
      if (!created) {
        ++no_created_at;
      } else {
        EXPECT_GE(created->substr(0, 10), first) << *created;
        EXPECT_LE(created->substr(0, 10), last) << *created;
        EXPECT_TRUE(created->ends_with("+08:00")) << *created;
      }
      const std::string status = *string_field(order, "status");
      if (!statuses.count(status)) {
        ++odd_status;
        EXPECT_TRUE(statuses.count(core::to_lower(core::trim(status)))) << status;
      }
      bool bad = false;
      for (const Value& line : order.as<Map>().at("lines").as<List>()) {
        const Value& qty = line.as<Map>().at("qty");
        bad = bad || !qty.is<core::Decimal>() || qty.as<core::Decimal>().sign() <= 0;
      }
      bad_qty += bad;
    }
  }
  int twice = 0;
  for (const auto& [id, n] : seen) twice += n == 2;
  EXPECT_EQ(seen.size(), 12000u - 2);  // less the two orders on the broken lines
  EXPECT_EQ(twice, 30);
  EXPECT_EQ(unknown_user, 60);
  EXPECT_EQ(no_created_at, 60);
  EXPECT_EQ(odd_status, 360);
  EXPECT_EQ(bad_qty, 120);
  EXPECT_GT(o.h1.size(), 5000u);
  EXPECT_GT(o.h2.size(), 5000u);

  // A duplicate is the same order byte for byte.
  std::map<std::string, std::set<std::string>> texts_by_id;
  for (const std::string& text : o.texts) texts_by_id[text.substr(0, 30)].insert(text);
  for (const auto& [prefix, texts] : texts_by_id) EXPECT_EQ(texts.size(), 1u) << prefix;
}

TEST(DemoDataOrders, BusierOnWeekendsAndShoppingFestivals) {
  std::map<std::string, int> per_day;
  for (const std::vector<Value>* file : {&orders().h1, &orders().h2})
    for (const Value& order : *file)
      if (const std::string* created = string_field(order, "created_at"))
        ++per_day[created->substr(0, 10)];
  const double mean = 12000.0 / 324;
  EXPECT_GT(per_day["2026-11-11"], 3.5 * mean);
  EXPECT_GT(per_day["2026-06-18"], 2.0 * mean);
  EXPECT_LT(per_day["2026-02-17"], 0.7 * mean);  // Spring Festival
  // Weekends against weekdays over the quiet March-May stretch: 2026-03-02 is a Monday.
  int weekend = 0, weekday = 0;
  for (int d = 0; d < 13 * 7; ++d) {
    std::tm tm{};
    tm.tm_year = 126;
    tm.tm_mon = 2;
    tm.tm_mday = 2 + d;
    const time_t t = timegm(&tm);
    char date[11];
    std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&t));
    (d % 7 >= 5 ? weekend : weekday) += per_day[date];
  }
  EXPECT_GT(weekend / 2.0, 1.2 * weekday / 5.0);
}

// Plain decimal notation with at most 2 decimals and no trailing zero: 1299, 59.9, 0.5.
bool exact_price(std::string_view s) {
  const size_t point = std::min(s.find('.'), s.size());
  const std::string_view whole = s.substr(0, point);
  const std::string_view decimals = point < s.size() ? s.substr(point + 1) : "";
  const auto digits = [](std::string_view d) {
    return !d.empty() && d.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (!digits(whole) || (whole.size() > 1 && whole[0] == '0')) return false;
  return point == s.size() || (digits(decimals) && decimals.size() <= 2 && decimals.back() != '0');
}

TEST(DemoDataOrders, UnitPricesAreExactDecimalNumbers) {
  EXPECT_TRUE(exact_price("1299"));
  EXPECT_TRUE(exact_price("59.9"));
  EXPECT_TRUE(exact_price("0.5"));
  for (const char* bad : {"59.90", "1.234", "1e3", "059", "", "5.", "-1"})
    EXPECT_FALSE(exact_price(bad)) << bad;
  constexpr std::string_view kKey = "\"unit_price\": ";
  int count = 0;
  for (const std::string& text : orders().texts) {
    for (size_t at = text.find(kKey); at != std::string::npos; at = text.find(kKey, at + 1)) {
      const size_t start = at + kKey.size();
      const std::string number = text.substr(start, text.find_first_of(",}", start) - start);
      ASSERT_TRUE(exact_price(number)) << number;
      ++count;
    }
  }
  EXPECT_GT(count, 12000);
}

TEST(DemoDataOrders, BasketsRevealAffinityGroups) {
  // Independent picks from 300 products would give each pair about 0.5 orders; an affinity group
  // makes its pairs common.
  std::map<std::pair<std::string, std::string>, int> pairs;
  for (const std::vector<Value>* file : {&orders().h1, &orders().h2}) {
    for (const Value& order : *file) {
      std::vector<std::string> products;
      for (const Value& line : order.as<Map>().at("lines").as<List>())
        products.push_back(*string_field(line, "product_id"));
      std::sort(products.begin(), products.end());
      for (size_t i = 0; i < products.size(); ++i)
        for (size_t j = i + 1; j < products.size(); ++j) ++pairs[{products[i], products[j]}];
    }
  }
  int frequent = 0;
  for (const auto& [pair, n] : pairs) frequent += n >= 20;
  EXPECT_GE(frequent, 50);
}

}  // namespace demo_data_test
}  // namespace wharf::cli
