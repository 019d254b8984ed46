#include "core/hash.h"

// See Hasher below for why the deprecated digest functions.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <isa-l/crc.h>
#include <openssl/md5.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <new>

#include "core/encoding.h"
#include "core/error.h"

namespace wharf::core {

// OpenSSL's digest functions proper, not EVP: an EVP digest allocates a context and a provider
// context and dispatches through the provider on every use, which cost more than hashing the few
// hundred bytes that SigV4 hashes three or four times per request. The functions are deprecated
// in OpenSSL 3 in favour of EVP but remain, and run the same assembly (SHA-NI where present).
template <typename Ctx>
static Ctx* ctx(std::byte* state) {
  return std::launder(reinterpret_cast<Ctx*>(state));
}

Hasher::Hasher(HashKind kind) : kind_(kind) {
  static_assert(sizeof(MD5_CTX) <= kStateBytes && sizeof(SHA_CTX) <= kStateBytes &&
                    sizeof(SHA256_CTX) <= kStateBytes && alignof(SHA256_CTX) <= 8 &&
                    alignof(SHA_CTX) <= 8 && alignof(MD5_CTX) <= 8,
                "Hasher::state_ no longer fits OpenSSL's digest contexts");
  switch (kind) {
    case HashKind::kMd5:
      MD5_Init(new (state_) MD5_CTX);
      break;
    case HashKind::kSha1:
      SHA1_Init(new (state_) SHA_CTX);
      break;
    case HashKind::kSha256:
      SHA256_Init(new (state_) SHA256_CTX);
      break;
    default:
      break;
  }
}

void Hasher::update(std::string_view data) {
  switch (kind_) {
    case HashKind::kCrc32:
      crc_ = crc32(static_cast<uint32_t>(crc_), data);
      break;
    case HashKind::kCrc32c:
      crc_ = crc32c(static_cast<uint32_t>(crc_), data);
      break;
    case HashKind::kCrc64Nvme:
      crc_ = crc64nvme(crc_, data);
      break;
    case HashKind::kMd5:
      MD5_Update(ctx<MD5_CTX>(state_), data.data(), data.size());
      break;
    case HashKind::kSha1:
      SHA1_Update(ctx<SHA_CTX>(state_), data.data(), data.size());
      break;
    case HashKind::kSha256:
      SHA256_Update(ctx<SHA256_CTX>(state_), data.data(), data.size());
      break;
  }
}

std::string Hasher::digest() {
  switch (kind_) {
    case HashKind::kCrc32:
    case HashKind::kCrc32c: {
      std::string out;
      append_u32(out, static_cast<uint32_t>(crc_));
      return out;
    }
    case HashKind::kCrc64Nvme: {
      std::string out;
      append_u64(out, crc_);
      return out;
    }
    case HashKind::kMd5: {
      std::string out(MD5_DIGEST_LENGTH, '\0');
      MD5_Final(reinterpret_cast<unsigned char*>(out.data()), ctx<MD5_CTX>(state_));
      return out;
    }
    case HashKind::kSha1: {
      std::string out(SHA_DIGEST_LENGTH, '\0');
      SHA1_Final(reinterpret_cast<unsigned char*>(out.data()), ctx<SHA_CTX>(state_));
      return out;
    }
    case HashKind::kSha256: {
      std::string out(SHA256_DIGEST_LENGTH, '\0');
      SHA256_Final(reinterpret_cast<unsigned char*>(out.data()), ctx<SHA256_CTX>(state_));
      return out;
    }
  }
  return {};
}

std::string digest(HashKind kind, std::string_view data) {
  Hasher h(kind);
  h.update(data);
  return h.digest();
}

std::string sha256_hex(std::string_view data) { return to_hex(digest(HashKind::kSha256, data)); }

// HMAC (RFC 2104) over SHA-256, with the pads on the stack.
std::string hmac_sha256(std::string_view key, std::string_view data) {
  constexpr size_t kBlock = 64;
  char k[kBlock] = {};
  if (key.size() > kBlock) {
    SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(),
           reinterpret_cast<unsigned char*>(k));
  } else {
    std::copy(key.begin(), key.end(), k);
  }
  char inner_pad[kBlock], outer_pad[kBlock];
  for (size_t i = 0; i < kBlock; ++i) {
    inner_pad[i] = static_cast<char>(k[i] ^ 0x36);
    outer_pad[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  unsigned char inner_digest[SHA256_DIGEST_LENGTH];
  SHA256_CTX c;
  SHA256_Init(&c);
  SHA256_Update(&c, inner_pad, kBlock);
  SHA256_Update(&c, data.data(), data.size());
  SHA256_Final(inner_digest, &c);
  std::string out(SHA256_DIGEST_LENGTH, '\0');
  SHA256_Init(&c);
  SHA256_Update(&c, outer_pad, kBlock);
  SHA256_Update(&c, inner_digest, sizeof inner_digest);
  SHA256_Final(reinterpret_cast<unsigned char*>(out.data()), &c);
  return out;
}

uint32_t crc32(uint32_t crc, std::string_view data) {
  return crc32_gzip_refl(crc, reinterpret_cast<const unsigned char*>(data.data()), data.size());
}

uint32_t crc32c(uint32_t crc, std::string_view data) {
  // ISA-L's iSCSI CRC neither pre- nor post-inverts; CRC32C as S3 defines it does both.
  // It takes an int length, so longer inputs go in pieces.
  constexpr size_t kPiece = size_t{1} << 30;
  crc = ~crc;
  for (size_t at = 0; at < data.size(); at += kPiece) {
    std::string_view piece = data.substr(at, kPiece);
    crc = crc32_iscsi(reinterpret_cast<unsigned char*>(const_cast<char*>(piece.data())),
                      static_cast<int>(piece.size()), crc);
  }
  return ~crc;
}

// ISA-L 2.30 (Debian 12) predates its CRC64/NVME routine, so this one is table driven:
// reflected polynomial 0x9a6c9329ac4bc9b5, initial and final XOR all ones.
uint64_t crc64nvme(uint64_t crc, std::string_view data) {
  static const std::array<uint64_t, 256> table = [] {
    std::array<uint64_t, 256> t{};
    for (uint64_t i = 0; i < 256; ++i) {
      uint64_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x9a6c9329ac4bc9b5ULL : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (unsigned char b : data) crc = table[(crc ^ b) & 0xff] ^ (crc >> 8);
  return ~crc;
}

namespace {

// Arithmetic on polynomials over GF(2) modulo a reflected CRC polynomial of `width` bits.
struct CrcField {
  int width;
  uint64_t poly;  // reflected
  uint64_t top() const { return uint64_t{1} << (width - 1); }
  uint64_t multiply(uint64_t a, uint64_t b) const {  // a * b mod p
    uint64_t m = top(), p = 0;
    for (;;) {
      if (a & m) {
        p ^= b;
        if ((a & (m - 1)) == 0) break;
      }
      m >>= 1;
      b = (b & 1) ? (b >> 1) ^ poly : b >> 1;
    }
    return p;
  }
  uint64_t x_pow_8n(uint64_t n) const {            // x^(8n) mod p, by squaring x^(2^k)
    uint64_t result = top(), square = top() >> 1;  // x^0 and x^1
    for (int k = 0; k < 3; ++k) square = multiply(square, square);
    for (; n; n >>= 1) {
      if (n & 1) result = multiply(square, result);
      square = multiply(square, square);
    }
    return result;
  }
};

}  // namespace

uint64_t crc_combine(HashKind kind, uint64_t crc_a, uint64_t crc_b, uint64_t len_b) {
  CrcField f = kind == HashKind::kCrc32    ? CrcField{32, 0xEDB88320u}
               : kind == HashKind::kCrc32c ? CrcField{32, 0x82F63B78u}
                                           : CrcField{64, 0x9a6c9329ac4bc9b5ULL};
  if (kind != HashKind::kCrc32 && kind != HashKind::kCrc32c && kind != HashKind::kCrc64Nvme)
    throw_internal("crc_combine needs a CRC");
  return f.multiply(f.x_pow_8n(len_b), crc_a) ^ crc_b;
}

}  // namespace wharf::core
