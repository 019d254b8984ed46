// Text encodings: every reader in this layer works on UTF-8. Input in another charset (GBK,
// GB18030, Big5, Shift_JIS, ISO-8859-1, Windows-1252, UTF-16 ...) is converted on the way in by
// CharsetSource, with glibc's iconv, as a stream.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/byte_source.h"
#include "pipeline/formats/byte_io.h"

namespace wharf::pipeline::formats {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The offset of the first byte that does not start or continue a valid UTF-8 sequence, or
// nullopt when all of `s` is valid UTF-8. Overlong forms, UTF-16 surrogates (U+D800..U+DFFF),
// code points above U+10FFFF and sequences cut short by the end of `s` are invalid.
std::optional<size_t> first_invalid_utf8(std::string_view s);

// `s` without a leading UTF-8 byte-order mark.
std::string_view strip_utf8_bom(std::string_view s);
// Consumes a UTF-8 byte-order mark at the current position of `src`, if there is one. The record
// readers (CSV, NDJSON, JSON, XML) call it at the start of their input, so that a BOM written by
// Excel or Notepad never ends up in the first header name or makes the first line malformed.
bool skip_utf8_bom(PeekableSource& src);

// Converts a stream from `charset` to UTF-8. Multibyte characters split across reads of the inner
// source are handled. On bad input, the text converted before the bad bytes is returned first and
// the error is thrown by the read after it.
//  - An unknown charset name throws UnknownCharset naming it (names are iconv's: `iconv -l`;
//    "latin-1"/"latin_1" style spellings are also accepted).
//  - A byte sequence that is invalid in `charset`, or a stream ending inside a multibyte
//    character, throws MalformedInput naming the 0-based byte offset in the *input* stream.
//  - "UTF-16"/"UTF-32" without a suffix honour and drop a byte-order mark (big-endian without
//    one). A UTF-8 BOM in the input is converted like any character (U+FEFF, written as EF BB BF);
//    the readers drop it with skip_utf8_bom.
class CharsetSource : public core::ByteSource {
 public:
  CharsetSource(std::unique_ptr<core::ByteSource> inner, const std::string& charset);
  ~CharsetSource() override;
  CharsetSource(const CharsetSource&) = delete;
  CharsetSource& operator=(const CharsetSource&) = delete;

  size_t read(char* buf, size_t n) override;

 private:
  void convert_some();  // refills out_ (possibly with nothing, when more input is needed)

  std::unique_ptr<core::ByteSource> inner_;
  std::string charset_;
  void* cd_;  // iconv_t
  std::unique_ptr<char[]> in_, out_;
  size_t in_pos_ = 0, in_len_ = 0;
  size_t out_pos_ = 0, out_len_ = 0;
  uint64_t in_offset_ = 0;  // input offset of in_[in_pos_]
  bool in_eof_ = false;
  bool need_more_ = false;  // iconv stopped at an incomplete sequence: read before converting
  bool done_ = false;
  std::string error_;  // raised once the output converted before it has been read
};

// True when `charset` names UTF-8 (any spelling iconv accepts: "UTF-8", "utf8"), where no
// conversion is needed.
bool is_utf8_charset(std::string_view charset);

}  // namespace wharf::pipeline::formats
