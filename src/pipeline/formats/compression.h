// gzip (RFC 1952) streams, through ISA-L's igzip. Decompression streams in bounded memory (one
// input chunk, ISA-L's ~200 KiB state and nothing proportional to the file), so a 10 GB .csv.gz
// is read in the same memory as a 10 KB one.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "core/byte_source.h"
#include "pipeline/formats/byte_io.h"

struct inflate_state;
struct isal_zstream;

namespace wharf::pipeline::formats {

// True when `first_bytes` (at least the first two bytes of a stream) start with the gzip magic
// 1f 8b (and, when a third byte is given, the deflate method 08).
bool is_gzip(std::string_view first_bytes);

// Decompresses a gzip stream. Concatenated members (`cat a.gz b.gz`, what parallel compressors
// write) are decompressed one after the other into one stream. Zero bytes after the last member
// (block padding) are ignored; any other trailing bytes, a corrupt stream, a CRC or length
// mismatch and a stream that ends early throw MalformedInput naming the compressed byte offset.
class GzipSource : public core::ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<core::ByteSource> compressed);
  ~GzipSource() override;
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  size_t read(char* buf, size_t n) override;

 private:
  bool ensure_input(size_t n);  // at least n unread compressed bytes; false if the stream ends
  bool start_next_member();     // after a member ended: true if another one follows
  uint64_t offset() const;      // compressed bytes consumed so far
  [[noreturn]] void corrupt(int isal_code) const;
  [[noreturn]] void truncated() const;

  std::unique_ptr<core::ByteSource> in_;
  std::unique_ptr<inflate_state> state_;
  std::unique_ptr<uint8_t[]> buf_;
  uint64_t read_total_ = 0;  // compressed bytes read from in_
  bool in_eof_ = false;
  bool done_ = false;
};

// Compresses into another sink as one gzip member (ISA-L's generic header, CRC-32 and length
// trailer), readable by gzip, zcat and every gzip library. finish() writes the trailer and then
// finishes the inner sink; a GzipSink destroyed without finish() leaves the inner sink unfinished.
class GzipSink : public ByteSink {
 public:
  // level: ISA-L's 0 (fastest) .. 3 (smallest); 1 is close to `gzip -6` in size and much faster.
  explicit GzipSink(std::unique_ptr<ByteSink> inner, int level = 1);
  ~GzipSink() override;
  GzipSink(const GzipSink&) = delete;
  GzipSink& operator=(const GzipSink&) = delete;

  void write(std::string_view data) override;
  void finish() override;

 private:
  void deflate_some();  // one isal_deflate call, its output handed to inner_

  std::unique_ptr<ByteSink> inner_;
  std::unique_ptr<isal_zstream> stream_;
  std::unique_ptr<uint8_t[]> level_buf_;
  std::unique_ptr<uint8_t[]> out_;
  bool finished_ = false;
};

// Returns `source` decompressed if it starts with the gzip magic, else `source` itself (both
// behind a PeekableSource, which is how the sniffing is done without losing bytes).
std::unique_ptr<core::ByteSource> maybe_gunzip(std::unique_ptr<core::ByteSource> source);

}  // namespace wharf::pipeline::formats
