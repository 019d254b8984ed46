#include "pipeline/formats/compression.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/unit/pipeline/formats/formats_test_util.h"
#include "tests/unit/test_util.h"

namespace wharf::pipeline::formats {
namespace compression_test {

using testing::drain;
using testing::TempDir;
using wharf::testing::error_of;

std::string gzip(const std::string& data, int level = 1, size_t piece = 7000) {
  std::string out;
  GzipSink sink(std::make_unique<StringByteSink>(out), level);
  for (size_t i = 0; i < data.size(); i += piece)
    sink.write(std::string_view(data).substr(i, piece));
  sink.finish();
  return out;
}

std::string gunzip(const std::string& compressed, bool trickle = false, size_t chunk = 4096) {
  GzipSource src(trickle ? testing::trickle_source(compressed)
                         : testing::string_source(compressed));
  return drain(src, chunk);
}

TEST(Gzip, IsGzip) {
  EXPECT_TRUE(is_gzip("\x1f\x8b"));
  EXPECT_TRUE(is_gzip("\x1f\x8b\x08rest"));
  EXPECT_FALSE(is_gzip("\x1f\x8b\x07"));  // not deflate
  EXPECT_FALSE(is_gzip("\x1f"));
  EXPECT_FALSE(is_gzip("id,name\n"));
  EXPECT_FALSE(is_gzip(""));
}

TEST(Gzip, RoundTripsAtEveryLevel) {
  std::string data = testing::sample_text(300 * 1024);
  for (int level = 0; level <= 3; ++level) {
    std::string z = gzip(data, level);
    EXPECT_TRUE(is_gzip(z));
    EXPECT_LT(z.size(), data.size()) << "level " << level;
    EXPECT_EQ(gunzip(z), data) << "level " << level;
  }
}

TEST(Gzip, RoundTripsThroughTinyReadsAndOutputs) {
  std::string data = testing::sample_text(20 * 1024);
  std::string z = gzip(data, 1, 1);
  EXPECT_EQ(gunzip(z, /*trickle=*/true, /*chunk=*/1), data);
  EXPECT_EQ(gunzip(z, /*trickle=*/true, /*chunk=*/100000), data);
}

TEST(Gzip, EmptyInputRoundTrips) {
  std::string z = gzip("");
  EXPECT_TRUE(is_gzip(z));
  EXPECT_EQ(gunzip(z), "");
}

TEST(Gzip, ReadsConcatenatedMembers) {
  std::string a = testing::sample_text(70 * 1024), b = "second member\n", c = "";
  std::string z = gzip(a) + gzip(b) + gzip(c) + gzip("third\n");
  EXPECT_EQ(gunzip(z), a + b + "third\n");
  EXPECT_EQ(gunzip(z, /*trickle=*/true, 3), a + b + "third\n");
}

TEST(Gzip, ZeroPaddingAfterTheStreamIsIgnored) {
  std::string z = gzip("data\n") + std::string(512, '\0');
  EXPECT_EQ(gunzip(z), "data\n");
}

TEST(Gzip, TrailingGarbageIsAnError) {
  std::string z = gzip("data\n");
  core::Error e = error_of([&] { gunzip(z + "garbage"); });
  EXPECT_EQ(e.code(), "MalformedInput");
  EXPECT_NE(e.message().find("offset " + std::to_string(z.size())), std::string::npos)
      << e.message();
}

TEST(Gzip, TruncatedStreamIsAnError) {
  std::string z = gzip(testing::sample_text(100 * 1024));
  for (size_t cut : {z.size() - 1, z.size() - 8, z.size() / 2, size_t{5}}) {
    core::Error e = error_of([&] { gunzip(z.substr(0, cut)); });
    EXPECT_EQ(e.code(), "MalformedInput") << "cut at " << cut;
    EXPECT_EQ(e.http_status(), 400);
    EXPECT_NE(e.message().find("truncated"), std::string::npos) << e.message();
  }
}

TEST(Gzip, CorruptStreamIsAnError) {
  std::string z = gzip(testing::sample_text(100 * 1024));
  std::string bad = z;
  bad[bad.size() - 6] ^= 0x55;  // inside the CRC-32 trailer
  core::Error e = error_of([&] { gunzip(bad); });
  EXPECT_EQ(e.code(), "MalformedInput");
  EXPECT_NE(e.message().find("corrupt"), std::string::npos) << e.message();

  bad = z;
  for (size_t i = 100; i < 140; ++i) bad[i] = static_cast<char>(0xff);  // inside the deflate data
  e = error_of([&] { gunzip(bad); });
  EXPECT_EQ(e.code(), "MalformedInput") << e.message();
}

TEST(Gzip, NotGzipAtAllIsAnError) {
  core::Error e = error_of([&] { gunzip("id,name\n1,a\n"); });
  EXPECT_EQ(e.code(), "MalformedInput");
  EXPECT_NE(e.message().find("not a gzip stream"), std::string::npos) << e.message();
  EXPECT_EQ(error_of([&] { gunzip(""); }).code(), "MalformedInput");
}

TEST(Gzip, FinishFinishesTheInnerSink) {
  auto inner = std::make_unique<StringByteSink>();
  StringByteSink* seen = inner.get();
  GzipSink sink(std::move(inner));
  sink.write("x");
  EXPECT_FALSE(seen->finished());
  sink.finish();
  EXPECT_TRUE(seen->finished());
}

TEST(Gzip, BadLevelIsAnOptionError) {
  EXPECT_EQ(error_of([] { GzipSink s(std::make_unique<StringByteSink>(), 9); }).code(),
            "InvalidFormatOption");
}

TEST(Gzip, MaybeGunzipSniffs) {
  std::string data = "id,name\n1,中文\n";
  auto plain = maybe_gunzip(testing::trickle_source(data));
  EXPECT_EQ(drain(*plain), data);
  auto packed = maybe_gunzip(testing::trickle_source(gzip(data)));
  EXPECT_EQ(drain(*packed), data);
}

// Interoperability with the gzip(1) tool, both ways.
TEST(Gzip, OutputIsReadableByGzipTool) {
  TempDir dir;
  std::string data = testing::sample_text(500 * 1024);
  std::string gz = dir.file("out.csv.gz");
  {
    GzipSink sink(std::make_unique<FileByteSink>(gz));
    sink.write(data);
    sink.finish();
  }
  std::string cmd = "gzip -dc '" + gz + "' > '" + dir.file("out.csv") + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  EXPECT_EQ(testing::read_file(dir.file("out.csv")), data);
}

TEST(Gzip, ReadsWhatGzipToolWrites) {
  TempDir dir;
  std::string data = testing::sample_text(300 * 1024);
  testing::write_file(dir.file("in.csv"), data);
  // gzip stores the file name in the header (FNAME), which the reader must skip.
  std::string cmd = "gzip -9 -N '" + dir.file("in.csv") + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  GzipSource src(std::make_unique<FileByteSource>(dir.file("in.csv.gz")));
  EXPECT_EQ(drain(src), data);
}

}  // namespace compression_test
}  // namespace wharf::pipeline::formats
