#include "pipeline/formats/byte_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "core/random.h"
#include "pipeline/formats/errors.h"

namespace wharf::pipeline::formats {

namespace {

std::string os_error(int err) { return std::strerror(err); }

// The directory holding `path`, for the fsync that makes a rename durable.
std::string directory_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

// ---- FileByteSource ----

FileByteSource::FileByteSource(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0)
    fail(FormatError::kCannotOpenFile,
         "cannot open input file '" + path_ + "': " + os_error(errno));
  buf_ = std::make_unique<char[]>(kIoChunk);
}

FileByteSource::~FileByteSource() {
  if (fd_ >= 0) ::close(fd_);
}

size_t FileByteSource::read(char* buf, size_t n) {
  if (n == 0) return 0;
  if (pos_ == len_) {
    // A caller asking for a whole chunk or more gets it straight from the file: no copy.
    char* target = n >= kIoChunk ? buf : buf_.get();
    size_t want = n >= kIoChunk ? n : kIoChunk;
    ssize_t got;
    do {
      got = ::read(fd_, target, want);
    } while (got < 0 && errno == EINTR);
    if (got < 0)
      fail(FormatError::kReadFailed, "cannot read input file '" + path_ + "': " + os_error(errno));
    if (target == buf) return static_cast<size_t>(got);
    pos_ = 0;
    len_ = static_cast<size_t>(got);
    if (len_ == 0) return 0;
  }
  size_t k = std::min(n, len_ - pos_);
  std::memcpy(buf, buf_.get() + pos_, k);
  pos_ += k;
  return k;
}

// ---- FileByteSink ----

FileByteSink::FileByteSink(std::string path) : path_(std::move(path)) {
  temp_path_ = path_ + ".tmp-" + core::random_hex(8);
  fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd_ < 0)
    fail(FormatError::kCannotOpenFile, "cannot create output file '" + path_ + "' (temporary '" +
                                           temp_path_ + "'): " + os_error(errno));
  buf_.reserve(kIoChunk);
}

FileByteSink::~FileByteSink() {
  if (!finished_) abandon();
}

void FileByteSink::abandon() noexcept {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
    ::unlink(temp_path_.c_str());
  }
}

void FileByteSink::write(std::string_view data) {
  if (finished_ || fd_ < 0) core::throw_internal("FileByteSink::write after finish");
  if (buf_.size() + data.size() > kIoChunk) flush();
  if (data.size() >= kIoChunk)
    write_all(data);  // large writes go out at once, without a copy
  else
    buf_.append(data);
}

void FileByteSink::flush() {
  write_all(buf_);
  buf_.clear();
}

void FileByteSink::write_all(std::string_view data) {
  const char* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    ssize_t put = ::write(fd_, p, left);
    if (put < 0 && errno == EINTR) continue;
    if (put < 0)
      fail(FormatError::kWriteFailed,
           "cannot write output file '" + path_ + "': " + os_error(errno));
    p += put;
    left -= static_cast<size_t>(put);
  }
}

void FileByteSink::finish() {
  if (finished_) return;
  if (fd_ < 0) core::throw_internal("FileByteSink::finish after a failed finish");
  try {
    flush();
    if (::fsync(fd_) != 0)
      fail(FormatError::kWriteFailed,
           "cannot fsync output file '" + path_ + "': " + os_error(errno));
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
      ::unlink(temp_path_.c_str());
      fail(FormatError::kWriteFailed,
           "cannot close output file '" + path_ + "': " + os_error(errno));
    }
    if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
      int err = errno;
      ::unlink(temp_path_.c_str());
      fail(FormatError::kWriteFailed,
           "cannot rename '" + temp_path_ + "' to '" + path_ + "': " + os_error(err));
    }
  } catch (...) {
    abandon();
    throw;
  }
  finished_ = true;
  // The rename is durable only once the directory entry is: without this a crash could leave the
  // old file (or none) although finish() returned.
  int dir = ::open(directory_of(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

// ---- StringByteSource ----

size_t StringByteSource::read(char* buf, size_t n) {
  size_t k = std::min(n, data_.size() - pos_);
  std::memcpy(buf, data_.data() + pos_, k);
  pos_ += k;
  return k;
}

// ---- PeekableSource ----

PeekableSource::PeekableSource(std::unique_ptr<core::ByteSource> inner)
    : inner_(std::move(inner)) {}

void PeekableSource::reserve(size_t room) {
  size_t live = end_ - begin_;
  if (cap_ - end_ >= room) return;
  if (begin_ > 0 && cap_ - live >= room) {  // reuse the consumed front
    std::memmove(buf_.get(), buf_.get() + begin_, live);
  } else {
    size_t cap = std::max({cap_ * 2, live + room, kIoChunk});
    auto grown = std::make_unique_for_overwrite<char[]>(cap);
    if (live > 0) std::memcpy(grown.get(), buf_.get() + begin_, live);
    buf_ = std::move(grown);
    cap_ = cap;
  }
  begin_ = 0;
  end_ = live;
}

bool PeekableSource::fill() {
  if (eof_) return false;
  // Ask for a large read even when the inner source answers with a few bytes at a time; the
  // buffer grows only when the caller peeks further than it holds.
  reserve(kIoChunk / 2);
  size_t got = inner_->read(buf_.get() + end_, cap_ - end_);
  end_ += got;
  if (got == 0) eof_ = true;
  return got > 0;
}

std::string_view PeekableSource::peek(size_t n) {
  while (end_ - begin_ < n && fill()) {
  }
  return std::string_view(buf_.get() + begin_, std::min(n, end_ - begin_));
}

std::string_view PeekableSource::buffered() {
  if (begin_ == end_) fill();
  return std::string_view(buf_.get() + begin_, end_ - begin_);
}

void PeekableSource::skip(size_t n) {
  if (n > end_ - begin_) core::throw_internal("PeekableSource::skip past the buffer");
  begin_ += n;
}

void PeekableSource::unread(std::string_view bytes) {
  if (bytes.empty()) return;
  if (begin_ < bytes.size()) {
    // Make room in front: move the live bytes back (reserve may first compact them to 0).
    reserve(bytes.size());
    size_t live = end_ - begin_, shift = bytes.size() - begin_;
    std::memmove(buf_.get() + begin_ + shift, buf_.get() + begin_, live);
    begin_ += shift;
    end_ += shift;
  }
  begin_ -= bytes.size();
  std::memcpy(buf_.get() + begin_, bytes.data(), bytes.size());
}

size_t PeekableSource::read(char* buf, size_t n) {
  if (n == 0) return 0;
  if (begin_ == end_) {
    if (eof_) return 0;
    if (n >= kIoChunk) {  // nothing buffered and a large read: no copy
      size_t got = inner_->read(buf, n);
      if (got == 0) eof_ = true;
      return got;
    }
    if (!fill()) return 0;
  }
  size_t k = std::min(n, end_ - begin_);
  std::memcpy(buf, buf_.get() + begin_, k);
  begin_ += k;
  return k;
}

}  // namespace wharf::pipeline::formats
