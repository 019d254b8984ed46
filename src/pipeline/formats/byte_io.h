// Byte streams of the file-format layer: where record readers get their bytes and where record
// writers put theirs. Reading is core::ByteSource (pull, so a slow consumer slows its producer);
// writing is ByteSink (push). Decorators (GzipSource, CharsetSource, PeekableSource, GzipSink) own
// the stream they wrap, so that a chain built from options (file -> gunzip -> charset -> reader)
// can be held and passed on as one unique_ptr.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/byte_source.h"

namespace wharf::pipeline::formats {

// The buffer size every file and codec stream in this layer reads and writes with.
inline constexpr size_t kIoChunk = 64 * 1024;

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  // Appends bytes. May buffer. Throws core::Error.
  virtual void write(std::string_view data) = 0;
  // Flushes and closes: after finish() returned the output is complete (for files: durable and
  // visible under its final name). Called once, after the last write. A sink destroyed without
  // finish() is an abandoned output (FileByteSink removes it).
  virtual void finish() {}
};

// Reads a file with kIoChunk-sized reads. Throws CannotOpenFile naming the path when the file
// cannot be opened (missing, a directory, no permission).
class FileByteSource : public core::ByteSource {
 public:
  explicit FileByteSource(std::string path);
  ~FileByteSource() override;
  FileByteSource(const FileByteSource&) = delete;
  FileByteSource& operator=(const FileByteSource&) = delete;

  size_t read(char* buf, size_t n) override;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::unique_ptr<char[]> buf_;
  size_t pos_ = 0, len_ = 0;
};

// Writes a file so that no reader ever sees it half-written: bytes go to
// `path + ".tmp-<random hex>"` in the same directory (so the rename cannot cross filesystems);
// finish() flushes, fsyncs the file, renames it over `path` and fsyncs the directory. Destroyed
// without finish() (an error, a cancelled run) it removes the temporary file and leaves any
// existing file at `path` untouched.
class FileByteSink : public ByteSink {
 public:
  // Throws CannotOpenFile when the temporary file cannot be created (no such directory, ...).
  explicit FileByteSink(std::string path);
  ~FileByteSink() override;
  FileByteSink(const FileByteSink&) = delete;
  FileByteSink& operator=(const FileByteSink&) = delete;

  void write(std::string_view data) override;
  void finish() override;
  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_path_; }

 private:
  void flush();
  void write_all(std::string_view data);
  void abandon() noexcept;

  std::string path_, temp_path_;
  int fd_ = -1;
  std::string buf_;
  bool finished_ = false;
};

// An in-memory sink: into its own string, or into one the caller owns (so that a test can read
// what a writer that owns the sink produced).
class StringByteSink : public ByteSink {
 public:
  StringByteSink() : out_(&own_) {}
  explicit StringByteSink(std::string& target) : out_(&target) {}
  void write(std::string_view data) override { out_->append(data); }
  void finish() override { finished_ = true; }
  const std::string& str() const { return *out_; }
  bool finished() const { return finished_; }

 private:
  std::string own_;
  std::string* out_;
  bool finished_ = false;
};

// An in-memory source over a string it owns.
class StringByteSource : public core::ByteSource {
 public:
  explicit StringByteSource(std::string data) : data_(std::move(data)) {}
  size_t read(char* buf, size_t n) override;

 private:
  std::string data_;
  size_t pos_ = 0;
};

// A buffered source that can look ahead and push back: for sniffing the first bytes of a stream
// (gzip magic, a byte-order mark) before deciding how to decode it, and as the input buffer of
// the record readers. Views returned by peek() and buffered() stay valid until the next call on
// this object.
class PeekableSource : public core::ByteSource {
 public:
  explicit PeekableSource(std::unique_ptr<core::ByteSource> inner);

  // The next min(n, bytes left) bytes, without consuming them: shorter than n only at the end of
  // the stream. Reads (and grows the buffer) as needed.
  std::string_view peek(size_t n);
  // Whatever is buffered, reading once from the inner source if nothing is; empty only at the end
  // of the stream.
  std::string_view buffered();
  // Consumes n bytes, which must have been returned by the last peek() or buffered().
  void skip(size_t n);
  // Puts bytes back in front of the stream: the next reads return them first.
  void unread(std::string_view bytes);
  // Consumes and returns up to n bytes.
  size_t read(char* buf, size_t n) override;

 private:
  bool fill();                // one read from inner_; false at the end of the stream
  void reserve(size_t room);  // at least `room` free bytes after end_

  std::unique_ptr<core::ByteSource> inner_;
  std::unique_ptr<char[]> buf_;  // [begin_, end_) is buffered, not yet consumed
  size_t cap_ = 0, begin_ = 0, end_ = 0;
  bool eof_ = false;
};

}  // namespace wharf::pipeline::formats
