#include "auth/aws_chunked_reader.h"

#include <gtest/gtest.h>

#include "auth/auth_error.h"
#include "core/hash.h"

namespace wharf::auth {
namespace aws_chunked_reader_test {

class StringSource : public core::ByteSource {
 public:
  explicit StringSource(std::string s, size_t step = 7) : s_(std::move(s)), step_(step) {}
  size_t read(char* buf, size_t n) override {
    size_t take = std::min({n, step_, s_.size() - pos_});
    std::copy_n(s_.data() + pos_, take, buf);
    pos_ += take;
    return take;
  }

 private:
  std::string s_;
  size_t step_, pos_ = 0;
};

std::string drain(core::ByteSource& src) {
  std::string out;
  char buf[5];
  while (size_t n = src.read(buf, sizeof buf)) out.append(buf, n);
  return out;
}

ChunkSigning test_signing() {
  Scope scope{"20130524", "us-east-1", "s3"};
  return {signing_key("secret", scope), "20130524T000000Z", scope, "seed", false};
}

// Frames `chunks` as a signed aws-chunked body, signing like the SDKs do.
std::string signed_body(const std::vector<std::string>& chunks, const ChunkSigning& s) {
  std::string out, prev = s.seed_signature;
  auto frame = [&](const std::string& data) {
    std::string sts = "AWS4-HMAC-SHA256-PAYLOAD\n" + s.amz_date + "\n" + s.scope.str() + "\n" +
                      prev + "\n" + std::string(kEmptySha256) + "\n" + core::sha256_hex(data);
    prev = signature(s.key, sts);
    char size[32];
    std::snprintf(size, sizeof size, "%zx", data.size());
    out += std::string(size) + ";chunk-signature=" + prev + "\r\n" + data + "\r\n";
  };
  for (const auto& c : chunks) frame(c);
  frame("");
  return out;
}

TEST(AwsChunkedReader, DecodesUnsignedChunksAndTrailers) {
  StringSource raw("5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");
  AwsChunkedReader r(raw, std::nullopt, 11);
  EXPECT_EQ(drain(r), "hello world");
  EXPECT_EQ(r.trailers().at("x-amz-checksum-crc32"), "AAAAAA==");
}

TEST(AwsChunkedReader, VerifiesChunkSignatures) {
  auto s = test_signing();
  StringSource raw(signed_body({std::string(100, 'a'), "tail"}, s));
  AwsChunkedReader r(raw, s, 104);
  EXPECT_EQ(drain(r), std::string(100, 'a') + "tail");
}

TEST(AwsChunkedReader, RejectsTamperedChunk) {
  auto s = test_signing();
  std::string body = signed_body({"original data"}, s);
  body.replace(body.find("original"), 8, "tampered");
  StringSource raw(body);
  AwsChunkedReader r(raw, s, std::nullopt);
  try {
    drain(r);
    FAIL() << "tampered chunk accepted";
  } catch (const AuthError& e) {
    EXPECT_EQ(e.kind(), AuthFailure::kChunkSignatureMismatch);
  }
}

TEST(AwsChunkedReader, RejectsTruncatedBodyAndWrongLength) {
  StringSource truncated("5\r\nhel");
  AwsChunkedReader r1(truncated, std::nullopt, std::nullopt);
  EXPECT_THROW(drain(r1), AuthError);
  StringSource raw("5\r\nhello\r\n0\r\n\r\n");
  AwsChunkedReader r2(raw, std::nullopt, 6);
  EXPECT_THROW(drain(r2), AuthError);
}

}  // namespace aws_chunked_reader_test
}  // namespace wharf::auth
