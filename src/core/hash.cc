#include "core/hash.h"

#include <isa-l/crc.h>
#include <openssl/evp.h>

#include <array>

#include "core/encoding.h"
#include "core/error.h"

namespace wharf::core {

struct Hasher::Evp {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Evp() { EVP_MD_CTX_free(ctx); }
};

// OpenSSL 3 looks an algorithm up in its provider store (under a global lock) on every init
// that passes a legacy EVP_sha256()-style handle. Fetching each digest once avoids that on the
// per-request path (SigV4 verification, ETags).
static const EVP_MD* fetched(const char* name) {
  const EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (!md) throw_internal(std::string("digest unavailable: ") + name);
  return md;
}

static const EVP_MD* evp_md(HashKind kind) {
  static const EVP_MD* const kMd5 = fetched("MD5");
  static const EVP_MD* const kSha1 = fetched("SHA1");
  static const EVP_MD* const kSha256 = fetched("SHA256");
  switch (kind) {
    case HashKind::kMd5:
      return kMd5;
    case HashKind::kSha1:
      return kSha1;
    case HashKind::kSha256:
      return kSha256;
    default:
      return nullptr;
  }
}

Hasher::Hasher(HashKind kind) : kind_(kind) {
  if (const EVP_MD* md = evp_md(kind)) {
    evp_ = std::make_unique<Evp>();
    if (EVP_DigestInit_ex(evp_->ctx, md, nullptr) != 1) throw_internal("EVP_DigestInit_ex");
  }
}
Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

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
    default:
      EVP_DigestUpdate(evp_->ctx, data.data(), data.size());
  }
}

template <typename T>
static std::string big_endian(T v) {
  std::string out(sizeof(T), '\0');
  for (size_t i = 0; i < sizeof(T); ++i)
    out[sizeof(T) - 1 - i] = static_cast<char>((v >> (8 * i)) & 0xff);
  return out;
}

std::string Hasher::digest() {
  switch (kind_) {
    case HashKind::kCrc32:
    case HashKind::kCrc32c:
      return big_endian(static_cast<uint32_t>(crc_));
    case HashKind::kCrc64Nvme:
      return big_endian(crc_);
    default: {
      unsigned char out[EVP_MAX_MD_SIZE];
      unsigned int n = 0;
      EVP_DigestFinal_ex(evp_->ctx, out, &n);
      return std::string(reinterpret_cast<char*>(out), n);
    }
  }
}

std::string digest(HashKind kind, std::string_view data) {
  Hasher h(kind);
  h.update(data);
  return h.digest();
}

std::string sha256_hex(std::string_view data) { return to_hex(digest(HashKind::kSha256, data)); }

// HMAC (RFC 2104) over the prefetched SHA-256: OpenSSL 3's one-shot HMAC() fetches the MAC and
// the digest by name on every call, which SigV4 verification pays on every request.
std::string hmac_sha256(std::string_view key, std::string_view data) {
  constexpr size_t kBlock = 64;
  std::string k = key.size() > kBlock ? digest(HashKind::kSha256, key) : std::string(key);
  k.resize(kBlock, '\0');
  std::string inner_pad(kBlock, '\0'), outer_pad(kBlock, '\0');
  for (size_t i = 0; i < kBlock; ++i) {
    inner_pad[i] = static_cast<char>(k[i] ^ 0x36);
    outer_pad[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  Hasher inner(HashKind::kSha256);
  inner.update(inner_pad);
  inner.update(data);
  Hasher outer(HashKind::kSha256);
  outer.update(outer_pad);
  outer.update(inner.digest());
  return outer.digest();
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
