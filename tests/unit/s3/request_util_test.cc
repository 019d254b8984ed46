#include "s3/api/request_util.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "s3/bucket_name.h"
#include "s3/errors.h"

namespace wharf::s3 {

TEST(ParseRange, Forms) {
  auto r = parse_range("bytes=0-9", 100);
  EXPECT_EQ(r->first, 0u);
  EXPECT_EQ(r->last, 9u);
  r = parse_range("bytes=90-", 100);
  EXPECT_EQ(r->first, 90u);
  EXPECT_EQ(r->last, 99u);
  r = parse_range("bytes=-5", 100);
  EXPECT_EQ(r->first, 95u);
  r = parse_range("bytes=50-1000", 100);
  EXPECT_EQ(r->last, 99u);
  EXPECT_FALSE(parse_range("bytes=5-1", 100));  // invalid: ignored, whole object
  EXPECT_FALSE(parse_range("items=0-1", 100));
  EXPECT_FALSE(parse_range("bytes=0-1,5-6", 100));  // S3 serves no multi-range
  EXPECT_THROW(parse_range("bytes=100-", 100), core::Error);
  EXPECT_THROW(parse_range("bytes=0-0", 0), core::Error);
}

TEST(BucketName, Rules) {
  const std::string max_len(63, 'a'), too_long(64, 'a');
  for (const std::string ok : {"abc", "my-bucket.data", "a1b2c3", max_len.c_str()})
    EXPECT_TRUE(valid_bucket_name(ok)) << ok;
  for (const std::string bad : {"ab", "ABC", "my_bucket", "-abc", "abc-", "a..b", "192.168.1.1",
                                "xn--abc", "a.-b", too_long.c_str()})
    EXPECT_FALSE(valid_bucket_name(bad)) << bad;
}

TEST(CopySource, Parses) {
  EXPECT_EQ(parse_copy_source("/b/k%20x"), (std::pair<std::string, std::string>{"b", "k x"}));
  EXPECT_EQ(parse_copy_source("b/dir/k?versionId=null"),
            (std::pair<std::string, std::string>{"b", "dir/k"}));
  EXPECT_THROW(parse_copy_source("nokey"), core::Error);
}

}  // namespace wharf::s3

namespace wharf::s3 {

TEST(ParseRangeSpec, KeepsTheNumbersAsWritten) {
  auto s = parse_range_spec("bytes=5-");
  ASSERT_TRUE(s);
  EXPECT_EQ(*s->first, 5u);
  EXPECT_FALSE(s->last);
  s = parse_range_spec("bytes=-7");
  EXPECT_FALSE(s->first);
  EXPECT_EQ(*s->last, 7u);
  EXPECT_FALSE(parse_range_spec("bytes=-"));
  EXPECT_FALSE(parse_range_spec("bytes=+1-2"));
  EXPECT_FALSE(parse_range_spec("bytes=1--2"));
}

TEST(S3Errors, UnknownCodeIsAnInternalError) {
  EXPECT_EQ(s3_error("NoSuchKey").http_status(), 404);
  EXPECT_EQ(s3_error("NoSuchThingAtAll").http_status(), 500);
}

}  // namespace wharf::s3
