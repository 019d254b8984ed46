// Values in PostgreSQL's text format, COPY escaping, and the one UTC timestamp spelling; no server
// needed (postgres_store_test.cc checks the same against a real one).
#include "sql/pg_codec.h"

#include <gtest/gtest.h>

#include "core/json_codec.h"
#include "sql/errors.h"
#include "sql/timestamp_text.h"
#include "tests/unit/test_util.h"

namespace wharf::sql {
namespace pg_codec_test {

using core::Value;

Value N(const char* text) { return Value(core::Decimal::parse(text).value()); }

TEST(PgCodec, ParametersAsText) {
  EXPECT_EQ(to_pg_text(Value()), std::nullopt);
  EXPECT_EQ(to_pg_text(Value(true)), "true");
  EXPECT_EQ(to_pg_text(N("12345678901234567890.123456789")), "12345678901234567890.123456789");
  EXPECT_EQ(to_pg_text(N("1e3")), "1000");
  EXPECT_EQ(to_pg_text(Value("東京")), "東京");
  EXPECT_EQ(to_pg_text(Value(core::Binary{std::string("\0\x01\xff", 3)})), "\\x0001ff");
  EXPECT_EQ(to_pg_text(core::parse_json(R"({"b":[1,2.5],"a":null})")), R"({"a":null,"b":[1,2.5]})");
  core::Error e = testing::error_of([] { to_pg_text(Value(std::string("a\0b", 3))); });
  EXPECT_EQ(e.code(), "SqlError");
  EXPECT_EQ(sqlstate_of(e), "22021");
}

TEST(PgCodec, ResultsByType) {
  EXPECT_EQ(from_pg_text(16, "t"), Value(true));
  EXPECT_EQ(from_pg_text(16, "f"), Value(false));
  EXPECT_EQ(from_pg_text(20, "-9223372036854775808"), N("-9223372036854775808"));
  EXPECT_EQ(from_pg_text(1700, "12345678901234567890.123456789"),
            N("12345678901234567890.123456789"));
  EXPECT_EQ(from_pg_text(1700, "NaN"), Value("NaN"));
  EXPECT_EQ(from_pg_text(701, "1e+20"), N("1e20"));
  EXPECT_EQ(from_pg_text(701, "-Infinity"), Value("-Infinity"));
  EXPECT_EQ(from_pg_text(17, "\\x00ff"), Value(core::Binary{std::string("\0\xff", 2)}));
  EXPECT_EQ(from_pg_text(17, "\\x"), Value(core::Binary{}));
  EXPECT_EQ(from_pg_text(3802, R"({"a": [1, 2.50]})"), core::parse_json(R"({"a":[1,2.5]})"));
  EXPECT_EQ(from_pg_text(1184, "2026-11-21 10:04:05+00"), Value("2026-11-21T10:04:05Z"));
  EXPECT_EQ(from_pg_text(1114, "2026-11-21 10:04:05.5"), Value("2026-11-21T10:04:05.5Z"));
  EXPECT_EQ(from_pg_text(1082, "2026-11-21"), Value("2026-11-21"));
  EXPECT_EQ(from_pg_text(2950, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
            Value("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
}

TEST(PgCodec, CopyFields) {
  std::string line;
  append_copy_field(line, std::nullopt);
  line += '\t';
  append_copy_field(line, std::string("a\tb\nc\\d\re"));
  line += '\t';
  append_copy_field(line, std::string("\\N"));
  EXPECT_EQ(line, "\\N\ta\\tb\\nc\\\\d\\re\t\\\\N");
}

TEST(TimestampText, IsoUtc) {
  EXPECT_EQ(iso_utc_timestamp("2026-11-21 10:04:05"), "2026-11-21T10:04:05Z");
  EXPECT_EQ(iso_utc_timestamp("2026-11-21 10:04:05.123456+00"), "2026-11-21T10:04:05.123456Z");
  EXPECT_EQ(iso_utc_timestamp("2026-11-21T10:04:05Z"), "2026-11-21T10:04:05Z");
  EXPECT_EQ(iso_utc_timestamp("2026-11-21T10:04:05+00:00"), "2026-11-21T10:04:05Z");
  // Not ours to reinterpret.
  EXPECT_EQ(iso_utc_timestamp("2026-11-21T10:04:05+02:00"), "2026-11-21T10:04:05+02:00");
  EXPECT_EQ(iso_utc_timestamp("infinity"), "infinity");
  EXPECT_EQ(iso_utc_timestamp("0044-03-15 10:00:00+00 BC"), "0044-03-15 10:00:00+00 BC");
  EXPECT_EQ(iso_utc_timestamp("2026-11-21"), "2026-11-21");
}

}  // namespace pg_codec_test
}  // namespace wharf::sql
