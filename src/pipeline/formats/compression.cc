#include "pipeline/formats/compression.h"

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

#include "core/error.h"
#include "pipeline/formats/errors.h"

namespace wharf::pipeline::formats {

namespace {

constexpr unsigned char kMagic1 = 0x1f, kMagic2 = 0x8b, kDeflateMethod = 0x08;

// ISA-L counts in uint32_t: larger requests are served in pieces.
uint32_t clamp32(size_t n) {
  return static_cast<uint32_t>(std::min<size_t>(n, std::numeric_limits<uint32_t>::max()));
}

}  // namespace

bool is_gzip(std::string_view b) {
  if (b.size() < 2) return false;
  if (static_cast<unsigned char>(b[0]) != kMagic1 || static_cast<unsigned char>(b[1]) != kMagic2)
    return false;
  return b.size() < 3 || static_cast<unsigned char>(b[2]) == kDeflateMethod;
}

// ---- GzipSource ----

GzipSource::GzipSource(std::unique_ptr<core::ByteSource> compressed)
    : in_(std::move(compressed)),
      state_(std::make_unique<inflate_state>()),
      buf_(std::make_unique<uint8_t[]>(kIoChunk)) {
  isal_inflate_init(state_.get());
  // ISAL_GZIP: ISA-L parses the header (with its optional name/comment/extra fields) and checks
  // the CRC-32 and length trailer itself.
  state_->crc_flag = ISAL_GZIP;
  state_->next_in = buf_.get();
  state_->avail_in = 0;
}

GzipSource::~GzipSource() = default;

uint64_t GzipSource::offset() const { return read_total_ - state_->avail_in; }

bool GzipSource::ensure_input(size_t n) {
  while (state_->avail_in < n && !in_eof_) {
    // Keep the unread bytes, moved to the front, and append after them.
    std::memmove(buf_.get(), state_->next_in, state_->avail_in);
    state_->next_in = buf_.get();
    size_t got = in_->read(reinterpret_cast<char*>(buf_.get()) + state_->avail_in,
                           kIoChunk - state_->avail_in);
    if (got == 0) in_eof_ = true;
    read_total_ += got;
    state_->avail_in += static_cast<uint32_t>(got);
  }
  return state_->avail_in >= n;
}

void GzipSource::corrupt(int code) const {
  const char* what;
  switch (code) {
    case ISAL_INVALID_WRAPPER:
      what = "not a gzip stream (bad or missing gzip header)";
      break;
    case ISAL_UNSUPPORTED_METHOD:
      what = "the gzip header names a compression method other than deflate";
      break;
    case ISAL_INCORRECT_CHECKSUM:
      what = "CRC-32 or length check failed: the compressed data is corrupt";
      break;
    case ISAL_INVALID_LOOKBACK:
      what = "corrupt deflate data (a back-reference points before the start of the data)";
      break;
    case ISAL_INVALID_SYMBOL:
    case ISAL_INVALID_BLOCK:
      what = "corrupt deflate data (invalid block or symbol)";
      break;
    case ISAL_NEED_DICT:
      what = "the stream needs a preset dictionary, which gzip files never use";
      break;
    default:
      what = "corrupt gzip stream";
  }
  fail(FormatError::kMalformedInput, std::string("cannot decompress gzip input: ") + what +
                                         " (near compressed byte offset " +
                                         std::to_string(offset()) + ")");
}

bool GzipSource::start_next_member() {
  if (!ensure_input(2)) {
    if (state_->avail_in == 0) return false;  // clean end after the last member
  } else if (state_->next_in[0] == kMagic1 && state_->next_in[1] == kMagic2) {
    isal_inflate_reset(state_.get());  // keeps next_in/avail_in and crc_flag
    return true;
  }
  // Some writers pad to a block size with zeros; gzip(1) accepts that, so do we. Anything else
  // is data we would silently drop.
  for (;;) {
    for (uint32_t i = 0; i < state_->avail_in; ++i)
      if (state_->next_in[i] != 0) {
        state_->next_in += i;
        state_->avail_in -= i;
        fail(FormatError::kMalformedInput,
             "unexpected bytes after the end of the gzip stream at compressed byte offset " +
                 std::to_string(offset()) + " (not another gzip member)");
      }
    state_->next_in += state_->avail_in;
    state_->avail_in = 0;
    if (!ensure_input(1)) return false;
  }
}

size_t GzipSource::read(char* buf, size_t n) {
  if (n == 0 || done_) return 0;
  for (;;) {
    if (state_->block_state == ISAL_BLOCK_FINISH) {
      if (!start_next_member()) {
        done_ = true;
        return 0;
      }
    }
    if (state_->avail_in == 0) ensure_input(1);
    uint32_t want = clamp32(n);
    uint32_t in_before = state_->avail_in;
    state_->next_out = reinterpret_cast<uint8_t*>(buf);
    state_->avail_out = want;
    int rc = isal_inflate(state_.get());
    if (rc < 0 || rc == ISAL_NEED_DICT) corrupt(rc);
    size_t produced = want - state_->avail_out;
    if (produced > 0) return produced;
    if (state_->block_state == ISAL_BLOCK_FINISH) continue;
    if (state_->avail_in == in_before && in_before > 0) {
      // ISA-L took nothing: it needs more bytes at once than it has (a header field, the
      // trailer). Give it more, keeping what it has.
      if (in_before >= kIoChunk) core::throw_internal("isal_inflate made no progress");
      ensure_input(in_before + 1);
    }
    if (state_->avail_in == in_before && in_eof_) truncated();
  }
}

void GzipSource::truncated() const {
  if (read_total_ == 0)
    fail(FormatError::kMalformedInput, "cannot decompress gzip input: the input is empty");
  fail(FormatError::kMalformedInput,
       "cannot decompress gzip input: the stream is truncated (it ends after " +
           std::to_string(read_total_) + " compressed bytes, inside a gzip member)");
}

// ---- GzipSink ----

namespace {

uint32_t level_buffer_size(int level) {
  switch (level) {
    case 0:
      return ISAL_DEF_LVL0_DEFAULT;
    case 1:
      return ISAL_DEF_LVL1_DEFAULT;
    case 2:
      return ISAL_DEF_LVL2_DEFAULT;
    default:
      return ISAL_DEF_LVL3_DEFAULT;
  }
}

}  // namespace

GzipSink::GzipSink(std::unique_ptr<ByteSink> inner, int level)
    : inner_(std::move(inner)),
      stream_(std::make_unique<isal_zstream>()),
      out_(std::make_unique<uint8_t[]>(kIoChunk)) {
  if (level < ISAL_DEF_MIN_LEVEL || level > ISAL_DEF_MAX_LEVEL)
    fail(FormatError::kInvalidOption, "gzip level must be 0 to " +
                                          std::to_string(ISAL_DEF_MAX_LEVEL) + ", got " +
                                          std::to_string(level));
  isal_deflate_init(stream_.get());
  stream_->gzip_flag = IGZIP_GZIP;
  stream_->level = static_cast<uint32_t>(level);
  uint32_t size = level_buffer_size(level);
  if (size > 0) {
    level_buf_ = std::make_unique<uint8_t[]>(size);
    stream_->level_buf = level_buf_.get();
    stream_->level_buf_size = size;
  }
}

GzipSink::~GzipSink() = default;

void GzipSink::deflate_some() {
  stream_->next_out = out_.get();
  stream_->avail_out = static_cast<uint32_t>(kIoChunk);
  int rc = isal_deflate(stream_.get());
  if (rc != COMP_OK) core::throw_internal("isal_deflate failed with " + std::to_string(rc));
  size_t produced = kIoChunk - stream_->avail_out;
  if (produced > 0)
    inner_->write(std::string_view(reinterpret_cast<const char*>(out_.get()), produced));
}

void GzipSink::write(std::string_view data) {
  if (finished_) core::throw_internal("GzipSink::write after finish");
  while (!data.empty()) {
    uint32_t chunk = clamp32(data.size());
    // ISA-L only reads the input (it copies what it keeps into its own history buffer).
    stream_->next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(data.data()));
    stream_->avail_in = chunk;
    do {
      deflate_some();
    } while (stream_->avail_in > 0 || stream_->avail_out == 0);
    data.remove_prefix(chunk);
  }
}

void GzipSink::finish() {
  if (finished_) return;
  stream_->next_in = nullptr;
  stream_->avail_in = 0;
  stream_->end_of_stream = 1;
  while (stream_->internal_state.state != ZSTATE_END) deflate_some();
  finished_ = true;
  inner_->finish();
}

// ---- maybe_gunzip ----

std::unique_ptr<core::ByteSource> maybe_gunzip(std::unique_ptr<core::ByteSource> source) {
  auto peekable = std::make_unique<PeekableSource>(std::move(source));
  if (is_gzip(peekable->peek(3))) return std::make_unique<GzipSource>(std::move(peekable));
  return peekable;
}

}  // namespace wharf::pipeline::formats
