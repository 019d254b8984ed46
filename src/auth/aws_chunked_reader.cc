#include "auth/aws_chunked_reader.h"

#include <algorithm>
#include <cstring>

#include "auth/auth_error.h"
#include "core/encoding.h"

namespace wharf::auth {

namespace {
constexpr size_t kBufSize = 64 * 1024;
constexpr size_t kMaxLine = 4096;
[[noreturn]] void malformed(const std::string& why) {
  throw AuthError(AuthFailure::kChunkMalformed, why);
}
}  // namespace

AwsChunkedReader::AwsChunkedReader(core::ByteSource& raw, std::optional<ChunkSigning> signing,
                                   std::optional<uint64_t> decoded_length)
    : raw_(raw),
      signing_(std::move(signing)),
      decoded_length_(decoded_length),
      buf_(new char[kBufSize]) {
  if (signing_) previous_signature_ = signing_->seed_signature;
}

bool AwsChunkedReader::fill() {
  if (pos_ < len_) return true;
  pos_ = 0;
  len_ = raw_.read(buf_.get(), kBufSize);
  return len_ > 0;
}

char AwsChunkedReader::get() {
  if (!fill()) malformed("body ended inside chunk framing");
  return buf_[pos_++];
}

std::string AwsChunkedReader::read_line() {
  std::string line;
  for (;;) {
    char c = get();
    if (c == '\r') {
      if (get() != '\n') malformed("expected CRLF");
      return line;
    }
    if (c == '\n') return line;  // tolerate bare LF in trailers
    line.push_back(c);
    if (line.size() > kMaxLine) malformed("chunk header too long");
  }
}

void AwsChunkedReader::start_chunk() {
  std::string line = read_line();
  size_t semi = line.find(';');
  std::string size_hex = line.substr(0, semi);
  if (size_hex.empty() || size_hex.size() > 15) malformed("bad chunk size");
  uint64_t size = 0;
  for (char c : size_hex) {
    int v = (c >= '0' && c <= '9')   ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                     : -1;
    if (v < 0) malformed("bad chunk size");
    size = size * 16 + static_cast<uint64_t>(v);
  }
  chunk_signature_.clear();
  if (semi != std::string::npos) {
    std::string_view ext = std::string_view(line).substr(semi + 1);
    constexpr std::string_view kSig = "chunk-signature=";
    if (ext.substr(0, kSig.size()) == kSig) chunk_signature_ = std::string(ext.substr(kSig.size()));
  }
  if (signing_ && chunk_signature_.empty()) malformed("chunk signature missing");
  if (signing_) chunk_hash_.emplace(core::HashKind::kSha256);
  chunk_left_ = size;
  in_chunk_ = true;
}

void AwsChunkedReader::end_chunk() {
  if (signing_) {
    std::string sts = "AWS4-HMAC-SHA256-PAYLOAD\n" + signing_->amz_date + "\n" +
                      signing_->scope.str() + "\n" + previous_signature_ + "\n" +
                      std::string(kEmptySha256) + "\n" + core::to_hex(chunk_hash_->digest());
    std::string expected = signature(signing_->key, sts);
    if (!secure_equals(expected, chunk_signature_))
      throw AuthError(AuthFailure::kChunkSignatureMismatch, "chunk signature does not match");
    previous_signature_ = expected;
  }
  in_chunk_ = false;
}

void AwsChunkedReader::read_trailers() {
  std::string canonical;
  std::string trailer_signature;
  for (;;) {
    if (!fill()) break;  // some clients end right after the last chunk
    std::string line = read_line();
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string::npos) malformed("bad trailer line");
    std::string name = core::to_lower(core::trim(std::string_view(line).substr(0, colon)));
    std::string value(core::trim(std::string_view(line).substr(colon + 1)));
    if (name == "x-amz-trailer-signature") {
      trailer_signature = value;
      continue;
    }
    canonical += name + ":" + value + "\n";
    trailers_[name] = value;
  }
  if (signing_ && signing_->signed_trailer) {
    std::string sts = "AWS4-HMAC-SHA256-TRAILER\n" + signing_->amz_date + "\n" +
                      signing_->scope.str() + "\n" + previous_signature_ + "\n" +
                      core::sha256_hex(canonical);
    if (!secure_equals(signature(signing_->key, sts), trailer_signature))
      throw AuthError(AuthFailure::kChunkSignatureMismatch, "trailer signature does not match");
  }
}

size_t AwsChunkedReader::read(char* out, size_t n) {
  while (!done_) {
    if (!in_chunk_) {
      start_chunk();
      if (chunk_left_ == 0) {
        end_chunk();
        read_trailers();
        done_ = true;
        if (decoded_length_ && *decoded_length_ != total_)
          throw AuthError(AuthFailure::kDecodedLengthMismatch,
                          "body length differs from x-amz-decoded-content-length");
        return 0;
      }
    }
    if (chunk_left_ > 0) {
      if (!fill()) malformed("body ended inside a chunk");
      size_t take = static_cast<size_t>(
          std::min<uint64_t>({uint64_t{n}, chunk_left_, uint64_t{len_ - pos_}}));
      std::memcpy(out, buf_.get() + pos_, take);
      if (chunk_hash_) chunk_hash_->update({out, take});
      pos_ += take;
      chunk_left_ -= take;
      total_ += take;
      if (chunk_left_ == 0) {
        if (get() != '\r' || get() != '\n') malformed("chunk not followed by CRLF");
        end_chunk();
      }
      return take;
    }
  }
  return 0;
}

}  // namespace wharf::auth
