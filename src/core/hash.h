// Streaming digests and checksums: MD5 (ETags), SHA-1, SHA-256 (SigV4, x-amz-content-sha256),
// CRC32 and CRC32C (ISA-L), CRC64/NVME, and HMAC-SHA256 for request signing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wharf::core {

enum class HashKind { kMd5, kSha1, kSha256, kCrc32, kCrc32c, kCrc64Nvme };

// Incremental hasher; digest() returns raw bytes (big-endian for the CRCs, as S3 transmits them).
class Hasher {
 public:
  explicit Hasher(HashKind kind);
  void update(std::string_view data);
  std::string digest();  // may be called once
  HashKind kind() const { return kind_; }

 private:
  HashKind kind_;
  // OpenSSL's MD5_CTX, SHA_CTX or SHA256_CTX, constructed in place (hash.cc checks the size):
  // a hasher needs no allocation, and request signing makes several per request.
  static constexpr size_t kStateBytes = 112;
  alignas(8) std::byte state_[kStateBytes];
  uint64_t crc_ = 0;
};

std::string digest(HashKind kind, std::string_view data);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);

uint32_t crc32(uint32_t crc, std::string_view data);
uint32_t crc32c(uint32_t crc, std::string_view data);
uint64_t crc64nvme(uint64_t crc, std::string_view data);

// The CRC of A+B from crc(A), crc(B) and len(B), without the data (zlib's crc32_combine method,
// for any of the three CRCs above): how a multipart object's FULL_OBJECT checksum is derived from
// its parts'. `kind` must be kCrc32, kCrc32c or kCrc64Nvme.
uint64_t crc_combine(HashKind kind, uint64_t crc_a, uint64_t crc_b, uint64_t len_b);

}  // namespace wharf::core
