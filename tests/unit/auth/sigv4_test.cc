#include "auth/sigv4.h"

#include <gtest/gtest.h>

#include "core/hash.h"

namespace wharf::auth {

// The GET Object example of the S3 SigV4 documentation ("Example: GET Object").
TEST(SigV4, MatchesAwsDocumentedGetObjectExample) {
  Scope scope{"20130524", "us-east-1", "s3"};
  std::string headers =
      "host:examplebucket.s3.amazonaws.com\n"
      "range:bytes=0-9\n"
      "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
      "x-amz-date:20130524T000000Z\n";
  std::string creq =
      canonical_request("GET", canonical_uri("/test.txt"), canonical_query({}), headers,
                        "host;range;x-amz-content-sha256;x-amz-date", std::string(kEmptySha256));
  std::string key = signing_key("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", scope);
  EXPECT_EQ(signature(key, string_to_sign("20130524T000000Z", scope, creq)),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4, CanonicalUriEncodesOnceAndKeepsSlashes) {
  EXPECT_EQ(canonical_uri("/bucket/a%20b/c+d"), "/bucket/a%20b/c%2Bd");
  EXPECT_EQ(canonical_uri("/b/%E6%97%A5"), "/b/%E6%97%A5");
  EXPECT_EQ(canonical_uri(""), "/");
}

TEST(SigV4, CanonicalQuerySortsAndEncodes) {
  EXPECT_EQ(canonical_query({{"prefix", "a b"}, {"list-type", "2"}, {"delimiter", "/"}}),
            "delimiter=%2F&list-type=2&prefix=a%20b");
  EXPECT_EQ(canonical_query({{"uploads", ""}}), "uploads=");
  EXPECT_EQ(canonical_query({{"X-Amz-Signature", "x"}, {"a", "1"}}, "X-Amz-Signature"), "a=1");
}

TEST(SigV4, HeaderValuesAreTrimmedAndCollapsed) {
  EXPECT_EQ(canonical_header_value("  a   b  c "), "a b c");
}

TEST(SigV4, SecureEquals) {
  EXPECT_TRUE(secure_equals("abc", "abc"));
  EXPECT_FALSE(secure_equals("abc", "abd"));
  EXPECT_FALSE(secure_equals("abc", "ab"));
}

}  // namespace wharf::auth
