// Decodes an aws-chunked request body (Content-Encoding: aws-chunked):
//   <hex size>[;chunk-signature=<sig>]\r\n<data>\r\n ...
//   0[;chunk-signature=<sig>]\r\n[trailers]\r\n
// With a signing context every chunk signature is verified against the previous signature (the
// seed is the request's own signature), and a trailer signature when trailers are signed. Bytes of
// a chunk are handed out as they arrive and checked when the chunk ends: callers must not commit
// anything before read() has returned 0.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "auth/sigv4.h"
#include "core/byte_source.h"
#include "core/hash.h"

namespace wharf::auth {

struct ChunkSigning {
  std::string key;  // the request's signing key
  std::string amz_date;
  Scope scope;
  std::string seed_signature;
  bool signed_trailer = false;
};

class AwsChunkedReader : public core::ByteSource {
 public:
  AwsChunkedReader(core::ByteSource& raw, std::optional<ChunkSigning> signing,
                   std::optional<uint64_t> decoded_length);
  size_t read(char* buf, size_t n) override;
  // Trailer headers (lowercase names), complete once read() returned 0.
  const std::map<std::string, std::string>& trailers() const { return trailers_; }

 private:
  bool fill();
  char get();
  std::string read_line();
  void start_chunk();
  void end_chunk();
  void read_trailers();

  core::ByteSource& raw_;
  std::optional<ChunkSigning> signing_;
  std::optional<uint64_t> decoded_length_;
  std::unique_ptr<char[]> buf_;
  size_t pos_ = 0, len_ = 0;
  uint64_t chunk_left_ = 0;
  std::string chunk_signature_;
  std::optional<core::Hasher> chunk_hash_;
  std::string previous_signature_;
  uint64_t total_ = 0;
  bool in_chunk_ = false, done_ = false;
  std::map<std::string, std::string> trailers_;
};

}  // namespace wharf::auth
