#include "pipeline/formats/charset.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/encoding.h"
#include "pipeline/formats/errors.h"

namespace wharf::pipeline::formats {

std::optional<size_t> first_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c == 0xE0) {
      len = 3, lo = 0xA0;  // below: overlong
    } else if (c == 0xED) {
      len = 3, hi = 0x9F;  // above: UTF-16 surrogates
    } else if (c >= 0xE1 && c <= 0xEF) {
      len = 3;
    } else if (c == 0xF0) {
      len = 4, lo = 0x90;  // below: overlong
    } else if (c >= 0xF1 && c <= 0xF3) {
      len = 4;
    } else if (c == 0xF4) {
      len = 4, hi = 0x8F;  // above: beyond U+10FFFF
    } else {
      return i;  // continuation byte without a lead, C0/C1 (overlong) or F5..FF
    }
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::nullopt;
}

std::string_view strip_utf8_bom(std::string_view s) {
  if (s.substr(0, kUtf8Bom.size()) == kUtf8Bom) s.remove_prefix(kUtf8Bom.size());
  return s;
}

bool skip_utf8_bom(PeekableSource& src) {
  if (src.peek(kUtf8Bom.size()) != kUtf8Bom) return false;
  src.skip(kUtf8Bom.size());
  return true;
}

bool is_utf8_charset(std::string_view charset) {
  return core::iequals(charset, "UTF-8") || core::iequals(charset, "UTF8");
}

namespace {

iconv_t open_to_utf8(const std::string& charset) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd != reinterpret_cast<iconv_t>(-1)) return cd;
  // glibc knows "LATIN1" and "ISO-8859-1" but not "latin-1"; users write all of them.
  std::string squeezed;
  for (char c : charset)
    if (c != '-' && c != '_' && c != ' ') squeezed += c;
  if (squeezed != charset) {
    cd = iconv_open("UTF-8", squeezed.c_str());
    if (cd != reinterpret_cast<iconv_t>(-1)) return cd;
  }
  fail(FormatError::kUnknownCharset,
       "unknown charset '" + charset +
           "': the converter does not know it (known names include UTF-8, GBK, GB18030, BIG5, "
           "SHIFT_JIS, ISO-8859-1, WINDOWS-1252, UTF-16; `iconv -l` lists all)");
}

std::string hex_bytes(const char* p, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    char b[4];
    std::snprintf(b, sizeof b, "%s%02X", i ? " " : "", static_cast<unsigned char>(p[i]));
    out += b;
  }
  return out;
}

}  // namespace

CharsetSource::CharsetSource(std::unique_ptr<core::ByteSource> inner, const std::string& charset)
    : inner_(std::move(inner)),
      charset_(charset),
      cd_(open_to_utf8(charset)),
      in_(std::make_unique<char[]>(kIoChunk)),
      out_(std::make_unique<char[]>(kIoChunk)) {}

CharsetSource::~CharsetSource() { iconv_close(static_cast<iconv_t>(cd_)); }

size_t CharsetSource::read(char* buf, size_t n) {
  if (n == 0) return 0;
  while (out_pos_ == out_len_) {
    if (done_) return 0;
    convert_some();
  }
  size_t k = std::min(n, out_len_ - out_pos_);
  std::memcpy(buf, out_.get() + out_pos_, k);
  out_pos_ += k;
  return k;
}

void CharsetSource::convert_some() {
  if (!error_.empty()) fail(FormatError::kMalformedInput, error_);
  out_pos_ = out_len_ = 0;
  if ((in_pos_ == in_len_ || need_more_) && !in_eof_) {
    // Keep an incomplete trailing sequence (a few bytes) at the front and read after it.
    std::memmove(in_.get(), in_.get() + in_pos_, in_len_ - in_pos_);
    in_len_ -= in_pos_;
    in_pos_ = 0;
    size_t got = inner_->read(in_.get() + in_len_, kIoChunk - in_len_);
    if (got == 0) in_eof_ = true;
    in_len_ += got;
    need_more_ = false;
  }
  char* out = out_.get();
  size_t out_left = kIoChunk;
  if (in_pos_ == in_len_ && in_eof_) {
    // End of input: stateful encodings (ISO-2022-*) may still owe a reset sequence.
    iconv(static_cast<iconv_t>(cd_), nullptr, nullptr, &out, &out_left);
    out_len_ = kIoChunk - out_left;
    done_ = true;
    return;
  }
  char* in = in_.get() + in_pos_;
  size_t in_left = in_len_ - in_pos_;
  size_t rc = iconv(static_cast<iconv_t>(cd_), &in, &in_left, &out, &out_left);
  int err = errno;
  size_t used = static_cast<size_t>(in - (in_.get() + in_pos_));
  in_pos_ += used;
  in_offset_ += used;
  out_len_ = kIoChunk - out_left;
  if (rc != static_cast<size_t>(-1)) return;
  // Errors are raised on the next call, after the text converted before them has been read:
  // the records before a bad byte still reach the reader.
  if (err == EILSEQ)
    error_ = "input is not valid " + charset_ + ": invalid byte sequence at byte offset " +
             std::to_string(in_offset_) + " (bytes " +
             hex_bytes(in_.get() + in_pos_, std::min<size_t>(4, in_len_ - in_pos_)) + ")";
  if (err == EINVAL) {
    if (in_eof_)
      error_ = "input is not valid " + charset_ +
               ": it ends inside a multibyte character at byte offset " +
               std::to_string(in_offset_) + " (bytes " +
               hex_bytes(in_.get() + in_pos_, in_len_ - in_pos_) + ")";
    need_more_ = true;
  }
  // E2BIG: out_ is full; the rest is converted on the next call.
}

}  // namespace wharf::pipeline::formats
