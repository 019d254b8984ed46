#include "core/hash.h"

#include <gtest/gtest.h>

#include "core/encoding.h"

namespace wharf::core {

// Check values of the CRC catalogue for the input "123456789".
TEST(Hash, CrcCheckValues) {
  EXPECT_EQ(crc32(0, "123456789"), 0xCBF43926u);
  EXPECT_EQ(crc32c(0, "123456789"), 0xE3069283u);
  EXPECT_EQ(crc64nvme(0, "123456789"), 0xAE8B14860A799888ull);
}

TEST(Hash, CrcIsIncremental) {
  EXPECT_EQ(crc32c(crc32c(0, "12345"), "6789"), 0xE3069283u);
  Hasher h(HashKind::kCrc32);
  h.update("1234");
  h.update("56789");
  EXPECT_EQ(to_hex(h.digest()), "cbf43926");
}

TEST(Hash, Digests) {
  EXPECT_EQ(to_hex(digest(HashKind::kMd5, "")), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(digest(HashKind::kSha1, "abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(Encoding, Base64RoundTripAndStrictness) {
  EXPECT_EQ(base64_encode("hello"), "aGVsbG8=");
  EXPECT_EQ(base64_decode("aGVsbG8=").value(), "hello");
  EXPECT_EQ(base64_decode("aGVsbA==").value(), "hell");
  EXPECT_FALSE(base64_decode("aGVsbG8").has_value());
  EXPECT_FALSE(base64_decode("a$==").has_value());
}

}  // namespace wharf::core

namespace wharf::core {

TEST(Hash, CrcCombineEqualsCrcOfConcatenation) {
  std::string a = "The quick brown fox ", b = "jumps over the lazy dog, and then some more bytes";
  EXPECT_EQ(crc_combine(HashKind::kCrc32, crc32(0, a), crc32(0, b), b.size()), crc32(0, a + b));
  EXPECT_EQ(crc_combine(HashKind::kCrc32c, crc32c(0, a), crc32c(0, b), b.size()), crc32c(0, a + b));
  EXPECT_EQ(crc_combine(HashKind::kCrc64Nvme, crc64nvme(0, a), crc64nvme(0, b), b.size()),
            crc64nvme(0, a + b));
  std::string big(5 << 20, 'x');  // a length with high bits, as real parts have
  EXPECT_EQ(crc_combine(HashKind::kCrc32, crc32(0, a), crc32(0, big), big.size()),
            crc32(0, a + big));
  EXPECT_EQ(crc_combine(HashKind::kCrc32, crc32(0, a), crc32(0, ""), 0), crc32(0, a));
}

}  // namespace wharf::core
