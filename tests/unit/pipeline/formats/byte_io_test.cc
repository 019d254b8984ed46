#include "pipeline/formats/byte_io.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/unit/pipeline/formats/formats_test_util.h"
#include "tests/unit/test_util.h"

namespace wharf::pipeline::formats {
namespace byte_io_test {

using testing::drain;
using testing::TempDir;
using wharf::testing::error_of;

TEST(FileByteSource, ReadsWholeFileWithAnyReadSize) {
  TempDir dir;
  std::string data = testing::sample_text(200 * 1024 + 17);  // several 64 KiB chunks and a tail
  testing::write_file(dir.file("in.csv"), data);
  for (size_t chunk : {size_t{1}, size_t{100}, size_t{65536}, size_t{100000}}) {
    FileByteSource src(dir.file("in.csv"));
    EXPECT_EQ(drain(src, chunk), data) << "read size " << chunk;
    char c;
    EXPECT_EQ(src.read(&c, 1), 0u);  // stays at the end
  }
}

TEST(FileByteSource, MissingFileNamesThePath) {
  TempDir dir;
  std::string path = dir.file("nope.csv");
  core::Error e = error_of([&] { FileByteSource src(path); });
  EXPECT_EQ(e.code(), "CannotOpenFile");
  EXPECT_EQ(e.http_status(), 400);
  EXPECT_NE(e.message().find(path), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("No such file"), std::string::npos) << e.message();
}

TEST(FileByteSink, FileAppearsOnlyAtFinish) {
  TempDir dir;
  std::string path = dir.file("out.csv");
  std::string big(150 * 1024, 'x');  // bigger than the buffer: written straight through
  {
    FileByteSink sink(path);
    sink.write("a,b\n");
    sink.write(big);
    sink.write("tail");
    EXPECT_FALSE(std::filesystem::exists(path));
    EXPECT_TRUE(std::filesystem::exists(sink.temp_path()));
    EXPECT_NE(sink.temp_path().find("out.csv.tmp-"), std::string::npos);
    sink.finish();
    EXPECT_FALSE(std::filesystem::exists(sink.temp_path()));
  }
  EXPECT_EQ(testing::read_file(path), "a,b\n" + big + "tail");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(FileByteSink, AbandonedWithoutFinishLeavesOldFileAndNoTemp) {
  TempDir dir;
  std::string path = dir.file("out.csv");
  testing::write_file(path, "old contents");
  {
    FileByteSink sink(path);
    sink.write("new half-written contents");
  }
  EXPECT_EQ(testing::read_file(path), "old contents");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(FileByteSink, FinishReplacesExistingFile) {
  TempDir dir;
  std::string path = dir.file("out.csv");
  testing::write_file(path, "old");
  FileByteSink sink(path);
  sink.write("new");
  sink.finish();
  EXPECT_EQ(testing::read_file(path), "new");
}

TEST(FileByteSink, MissingDirectoryIsCannotOpen) {
  TempDir dir;
  std::string path = dir.file("no/such/dir/out.csv");
  core::Error e = error_of([&] { FileByteSink sink(path); });
  EXPECT_EQ(e.code(), "CannotOpenFile");
  EXPECT_NE(e.message().find(path), std::string::npos) << e.message();
}

TEST(StringByteSink, WritesIntoTarget) {
  std::string out;
  auto sink = std::make_unique<StringByteSink>(out);
  sink->write("ab");
  sink->write("c");
  EXPECT_FALSE(sink->finished());
  sink->finish();
  EXPECT_TRUE(sink->finished());
  sink.reset();
  EXPECT_EQ(out, "abc");
}

TEST(PeekableSource, PeekDoesNotConsume) {
  PeekableSource src(testing::trickle_source("\x1f\x8b rest of the stream"));
  EXPECT_EQ(src.peek(2), "\x1f\x8b");
  EXPECT_EQ(src.peek(6), "\x1f\x8b res");
  EXPECT_EQ(drain(src, 5), "\x1f\x8b rest of the stream");
}

TEST(PeekableSource, PeekPastTheEndIsShort) {
  PeekableSource src(testing::string_source("ab"));
  EXPECT_EQ(src.peek(10), "ab");
  src.skip(1);
  EXPECT_EQ(src.peek(10), "b");
  src.skip(1);
  EXPECT_EQ(src.peek(10), "");
  EXPECT_EQ(src.buffered(), "");
}

TEST(PeekableSource, LargePeekAcrossManySmallReads) {
  std::string data = testing::sample_text(150 * 1024);
  PeekableSource src(testing::trickle_source(data));
  EXPECT_EQ(src.peek(100 * 1024), data.substr(0, 100 * 1024));
  EXPECT_EQ(drain(src, 70000), data);
}

TEST(PeekableSource, UnreadPutsBytesInFront) {
  PeekableSource src(testing::string_source("line1\nline2\n"));
  std::string_view v = src.peek(6);
  EXPECT_EQ(v, "line1\n");
  src.skip(6);
  src.unread("again\n");
  EXPECT_EQ(drain(src, 3), "again\nline2\n");
}

TEST(PeekableSource, LargeReadsBypassTheBuffer) {
  std::string data = testing::sample_text(300 * 1024);
  PeekableSource src(testing::string_source(data));
  EXPECT_EQ(src.peek(1), data.substr(0, 1));
  EXPECT_EQ(drain(src, 128 * 1024), data);
}

}  // namespace byte_io_test
}  // namespace wharf::pipeline::formats
