// The order property of key encodings: comparing encoded bytes (std::string comparison, unsigned
// bytes) gives DynamoDB's order of the values (numbers by value, strings and binary by unsigned
// bytes), equal values encode equally, and encodings are self-delimiting: a concatenation
// (partition key, then sort key) sorts by the first component first.
#include "dynamo/key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <compare>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.h"
#include "core/value.h"

namespace wharf::dynamo {
namespace key_codec_test {

core::Decimal D(std::string_view text) { return core::Decimal::parse(text).value(); }

std::string encode(const core::Value& v) {
  std::string out;
  append_key_component(out, v);
  return out;
}

int sign_of(int c) { return (c > 0) - (c < 0); }
int sign_of(std::strong_ordering c) { return c < 0 ? -1 : c > 0 ? 1 : 0; }

// Byte strings compare as unsigned bytes (std::string's char_traits compare as unsigned char).
int compare_bytes(const std::string& a, const std::string& b) { return sign_of(a.compare(b)); }

// Renders bytes for failure messages.
std::string hex(std::string_view s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// Numbers in DynamoDB's range: hand-picked edge cases, random ones, and values close to each
// other (same digits at another exponent, one more digit, equal values written differently).
std::vector<std::string> number_texts() {
  std::vector<std::string> texts = {
      "0",
      "-0",
      "0.0",
      "0E+10",
      "1",
      "1.0",
      "1.00000",
      "10E-1",
      "0.1E1",
      "-1",
      "-1.0",
      "2",
      "9",
      "10",
      "1E1",
      "11",
      "99",
      "100",
      "1E2",
      "101",
      "1.2",
      "1.23",
      "1.22999",
      "1.3",
      "12",
      "-1.2",
      "-1.23",
      "-1.3",
      "-12",
      "0.5",
      "5E-1",
      "0.05",
      "-0.5",
      "-0.05",
      "1E-130",
      "-1E-130",
      "2E-130",
      "1E-129",
      "9.9999999999999999999999999999999999999E-130",
      "1E+125",
      "-1E+125",
      "9.9999999999999999999999999999999999999E+125",
      "-9.9999999999999999999999999999999999999E+125",
      "9.9999999999999999999999999999999999998E+125",
      "12345678901234567890123456789012345678",
      "12345678901234567890123456789012345679",
      "1234567890123456789012345678901234567.8",
      "-12345678901234567890123456789012345678",
      "0.00000000000000000000000000000000000001",
      "99999999999999999999999999999999999999",
      "100000000000000000000000000000000000000",
      "-99999999999999999999999999999999999999",
      "-100000000000000000000000000000000000000",
  };
  std::mt19937_64 rng(20240607);
  auto digits = [&](int n) {
    std::string d(1, static_cast<char>('1' + rng() % 9));
    for (int i = 1; i < n; ++i) d += static_cast<char>('0' + rng() % 10);
    return d;
  };
  for (int i = 0; i < 250; ++i) {
    int n = 1 + static_cast<int>(rng() % 38);
    std::string d = digits(n);
    // Exponents so that the magnitude stays within 1E-130 .. <1E+126.
    int lo = -130 - 0, hi = 125 - (n - 1);
    int e = lo + static_cast<int>(rng() % static_cast<uint64_t>(hi - lo + 1));
    if (rng() % 3 == 0) e = static_cast<int>(rng() % 7) - 3;  // many near 1
    std::string sign = rng() % 2 ? "-" : "";
    std::string text = sign + d + "E" + std::to_string(e);
    texts.push_back(text);
    // A neighbour: one more digit, or the next value in the last digit, or the same digits
    // written with a trailing zero and a smaller exponent (equal value).
    switch (rng() % 3) {
      case 0:
        if (n < 38) texts.push_back(sign + d + "5E" + std::to_string(e - 1));
        break;
      case 1: {
        std::string next = d;
        if (next.back() < '9') {
          ++next.back();
          texts.push_back(sign + next + "E" + std::to_string(e));
        }
        break;
      }
      default:
        if (n < 38) texts.push_back(sign + d + "0E" + std::to_string(e - 1));
        break;
    }
  }
  return texts;
}

// Byte strings over a small alphabet rich in the bytes an escaping scheme has to get right.
std::vector<std::string> byte_strings() {
  using namespace std::string_literals;
  std::vector<std::string> out = {
      ""s,        "a"s,          "ab"s,       "abc"s,  "b"s,        "\0"s,
      "\0\0"s,    "a\0"s,        "a\0\0"s,    "a\0b"s, "a\x01"s,    "a\xff"s,
      "a\xff\0"s, "\xff"s,       "\xff\xff"s, "\x01"s, "\x01\0"s,   "\x7f"s,
      "\x80"s,    "A"s,          "Z"s,        "ab\0"s, "ab\x01"s,   "\0\xff"s,
      "\0\x01"s,  "\0\x01\x01"s, "\0\xff\0"s, "\x02"s, "\xfe\xff"s, "h\xc3\xa9"s,
  };
  std::mt19937_64 rng(7);
  const char alphabet[] = {'\0', '\x01', '\x02', 'a', 'b', '\x7f', '\x80', '\xfe', '\xff'};
  for (int i = 0; i < 250; ++i) {
    std::string s;
    size_t n = rng() % 7;
    for (size_t j = 0; j < n; ++j) s += alphabet[rng() % sizeof(alphabet)];
    out.push_back(s);
    // Prefixes and extensions of it.
    if (!s.empty()) out.push_back(s.substr(0, rng() % s.size()));
    out.push_back(s + alphabet[rng() % sizeof(alphabet)]);
  }
  return out;
}

std::vector<core::Value> number_values() {
  std::vector<core::Value> out;
  for (const auto& t : number_texts()) out.emplace_back(D(t));
  return out;
}

std::vector<core::Value> string_values() {
  std::vector<core::Value> out;
  for (const auto& s : byte_strings()) out.emplace_back(s);
  return out;
}

std::vector<core::Value> binary_values() {
  std::vector<core::Value> out;
  for (const auto& s : byte_strings()) out.emplace_back(core::Binary{s});
  return out;
}

// DynamoDB's order of two key values of one type.
int compare_values(const core::Value& a, const core::Value& b) {
  if (a.is<core::Decimal>()) return sign_of(a.as<core::Decimal>() <=> b.as<core::Decimal>());
  if (a.is<std::string>()) return sign_of(a.as<std::string>().compare(b.as<std::string>()));
  return sign_of(a.as<core::Binary>().bytes.compare(b.as<core::Binary>().bytes));
}

std::string show(const core::Value& v) {
  if (v.is<core::Decimal>()) return v.as<core::Decimal>().to_string();
  if (v.is<std::string>()) return "S:" + hex(v.as<std::string>());
  return "B:" + hex(v.as<core::Binary>().bytes);
}

// Every pair of `values`: the encodings compare as the values do.
void expect_order_kept(const std::vector<core::Value>& values) {
  std::vector<std::string> enc;
  for (const auto& v : values) enc.push_back(encode(v));
  int failures = 0;
  for (size_t i = 0; i < values.size() && failures < 10; ++i)
    for (size_t j = 0; j < values.size() && failures < 10; ++j) {
      int want = compare_values(values[i], values[j]);
      int got = compare_bytes(enc[i], enc[j]);
      if (want != got) {
        ++failures;
        ADD_FAILURE() << show(values[i]) << " vs " << show(values[j]) << ": values " << want
                      << ", encodings " << got << " (" << hex(enc[i]) << " vs " << hex(enc[j])
                      << ")";
      }
      if (want == 0 && enc[i] != enc[j]) {
        ++failures;
        ADD_FAILURE() << "equal values " << show(values[i]) << " and " << show(values[j])
                      << " encode differently";
      }
    }
}

// ---------------------------------------------------------------------------------------------

TEST(KeyCodecOrder, Numbers) {
  const auto values = number_values();
  ASSERT_GT(values.size(), 300u);
  expect_order_kept(values);
}

TEST(KeyCodecOrder, EqualNumbersWrittenDifferently) {
  EXPECT_EQ(encode(D("1.0")), encode(D("1")));
  EXPECT_EQ(encode(D("100")), encode(D("1E2")));
  EXPECT_EQ(encode(D("0.50")), encode(D("5E-1")));
  EXPECT_EQ(encode(D("-0")), encode(D("0")));
  EXPECT_EQ(encode(D("0E+50")), encode(D("0")));
  EXPECT_EQ(encode(core::Value(7)), encode(D("7.000")));
  EXPECT_NE(encode(D("1")), encode(D("-1")));
  EXPECT_NE(encode(D("1")), encode(D("10")));
  EXPECT_NE(encode(D("1.2")), encode(D("1.23")));
}

TEST(KeyCodecOrder, NumbersSortLikeAScale) {
  // Sorting by encoding gives the numeric order of a list written in scrambled text forms.
  const char* texts[] = {"10", "-1E+125", "0.001",  "-2.5", "1E-130", "3",      "-1E-130",
                         "0",  "2.5",     "1E+125", "-3",   "25E-1",  "-0.001", "100"};
  std::vector<core::Decimal> numbers;
  for (const char* t : texts) numbers.push_back(D(t));
  std::vector<core::Decimal> by_value = numbers;
  std::sort(by_value.begin(), by_value.end());
  std::vector<core::Decimal> by_encoding = numbers;
  std::stable_sort(by_encoding.begin(), by_encoding.end(),
                   [](const core::Decimal& a, const core::Decimal& b) {
                     return encode(core::Value(a)) < encode(core::Value(b));
                   });
  EXPECT_EQ(by_encoding, by_value);
  EXPECT_EQ(by_encoding.front(), D("-1E+125"));
  EXPECT_EQ(by_encoding.back(), D("1E+125"));
}

TEST(KeyCodecOrder, Strings) {
  const auto values = string_values();
  ASSERT_GT(values.size(), 500u);
  expect_order_kept(values);
}

TEST(KeyCodecOrder, Binaries) {
  const auto values = binary_values();
  expect_order_kept(values);
  // Binary and string encodings of the same bytes agree (both are byte strings).
  for (const auto& s : byte_strings())
    EXPECT_EQ(encode(core::Value(core::Binary{s})), encode(core::Value(s))) << hex(s);
}

TEST(KeyCodecOrder, PrefixSortsBeforeExtensions) {
  using namespace std::string_literals;
  EXPECT_LT(encode("a"), encode("a\0"s));
  EXPECT_LT(encode("a\0"s), encode("a\x01"s));
  EXPECT_LT(encode("a"), encode("aa"));
  EXPECT_LT(encode(""), encode("\0"s));
  EXPECT_LT(encode("ab"), encode("b"));
  EXPECT_LT(encode("a\xff"s), encode("b"));
  // An encoding is never a prefix of another's (self-delimiting).
  const auto values = string_values();
  std::vector<std::string> enc;
  for (const auto& v : values) enc.push_back(encode(v));
  for (size_t i = 0; i < enc.size(); ++i)
    for (size_t j = 0; j < enc.size(); ++j)
      if (enc[i] != enc[j] && enc[j].starts_with(enc[i])) {
        ADD_FAILURE() << hex(enc[i]) << " is a prefix of " << hex(enc[j]);
        return;
      }
}

// Pairs (first, second) encoded as first ++ second sort as the pairs do, first component first.
void expect_pair_order_kept(const std::vector<core::Value>& firsts,
                            const std::vector<core::Value>& seconds, uint64_t seed) {
  struct Pair {
    const core::Value* a;
    const core::Value* b;
    std::string enc;
  };
  std::mt19937_64 rng(seed);
  std::vector<Pair> pairs;
  for (int i = 0; i < 400; ++i) {
    Pair p{&firsts[rng() % firsts.size()], &seconds[rng() % seconds.size()], ""};
    append_key_component(p.enc, *p.a);
    append_key_component(p.enc, *p.b);
    pairs.push_back(std::move(p));
  }
  int failures = 0;
  for (const auto& x : pairs)
    for (const auto& y : pairs) {
      int want = compare_values(*x.a, *y.a);
      if (want == 0) want = compare_values(*x.b, *y.b);
      int got = compare_bytes(x.enc, y.enc);
      if (want != got && ++failures <= 10)
        ADD_FAILURE() << "(" << show(*x.a) << ", " << show(*x.b) << ") vs (" << show(*y.a) << ", "
                      << show(*y.b) << "): pairs " << want << ", encodings " << got;
    }
  EXPECT_EQ(failures, 0);
}

TEST(KeyCodecOrder, ConcatenationsKeepTheFirstComponentsOrder) {
  const auto numbers = number_values();
  const auto strings = string_values();
  const auto binaries = binary_values();
  // A few first components, so that many pairs share one and the second decides.
  std::vector<core::Value> few_strings(strings.begin(), strings.begin() + 12);
  std::vector<core::Value> few_numbers(numbers.begin(), numbers.begin() + 30);
  expect_pair_order_kept(few_strings, strings, 1);
  expect_pair_order_kept(few_strings, numbers, 2);
  expect_pair_order_kept(few_numbers, strings, 3);
  expect_pair_order_kept(few_numbers, numbers, 4);
  expect_pair_order_kept(strings, binaries, 5);
  expect_pair_order_kept(binaries, numbers, 6);
}

TEST(KeyCodecOrder, ConcatenationWithPrefixFirstComponents) {
  using namespace std::string_literals;
  // "a" < "ab" as first components must win over any second component.
  auto pair = [](const core::Value& a, const core::Value& b) {
    std::string out;
    append_key_component(out, a);
    append_key_component(out, b);
    return out;
  };
  EXPECT_LT(pair("a", "zzz"), pair("ab", ""));
  EXPECT_LT(pair("a", "\xff\xff"s), pair("a\0"s, ""));
  EXPECT_LT(pair(D("1"), D("9E+100")), pair(D("1.5"), D("-9E+100")));
  EXPECT_LT(pair(D("-1.5"), D("9E+100")), pair(D("-1"), D("-9E+100")));
  EXPECT_LT(pair(D("0"), core::Value("\xff"s)), pair(D("1E-130"), core::Value("")));
  EXPECT_LT(pair(D("-1E-130"), core::Value("\xff"s)), pair(D("0"), core::Value("")));
}

// ---------------------------------------------------------------------------------------------
// Fixed-width integers and prefixes

TEST(KeyCodecLayout, FixedWidthIntegersAreBigEndian) {
  std::string s;
  append_u16(s, 0x0102);
  append_u32(s, 0x03040506);
  append_u64(s, 0x0708090a0b0c0d0eULL);
  EXPECT_EQ(s, std::string("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e", 14));
  EXPECT_EQ(read_u64(std::string_view(s).substr(6)), 0x0708090a0b0c0d0eULL);
  // Order follows value.
  const uint64_t values[] = {0, 1, 255, 256, 65535, 65536, 1ULL << 32, ~0ULL - 1, ~0ULL};
  for (uint64_t a : values)
    for (uint64_t b : values) {
      std::string x, y;
      append_u64(x, a);
      append_u64(y, b);
      EXPECT_EQ(compare_bytes(x, y), sign_of(a <=> b)) << a << " vs " << b;
      EXPECT_EQ(read_u64(x), a);
    }
}

TEST(KeyCodecLayout, Prefixes) {
  std::string expected = "Di";
  append_u64(expected, 42);
  EXPECT_EQ(table_prefix('i', 42), expected);
  EXPECT_EQ(table_prefix('i', 42).size(), 10u);
  std::string idx = "Dx";
  append_u64(idx, 42);
  append_u32(idx, 3);
  EXPECT_EQ(index_prefix(42, 3), idx);
  // Tables' prefixes never nest.
  EXPECT_FALSE(table_prefix('i', 1).starts_with(table_prefix('i', 256)));
  EXPECT_LT(table_prefix('i', 1), table_prefix('i', 2));
}

TEST(KeyCodecLayout, PartitionHash) {
  // Deterministic, and it spreads keys over the hash space.
  const std::string pk = encode(core::Value("user#1"));
  EXPECT_EQ(partition_hash(pk), partition_hash(encode(core::Value("user#1"))));
  std::vector<int> buckets(4, 0);
  for (int i = 0; i < 400; ++i)
    ++buckets[partition_hash(encode(core::Value("k" + std::to_string(i)))) * 4 / kHashSpace];
  for (int b : buckets) EXPECT_GT(b, 40);
}

}  // namespace key_codec_test
}  // namespace wharf::dynamo
