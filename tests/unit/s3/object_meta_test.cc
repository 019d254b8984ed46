#include "s3/object_meta.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace wharf::s3 {
namespace object_meta_test {

ObjectMeta full_meta() {
  ObjectMeta m;
  m.size = 5ull << 40;
  m.etag = "0123456789abcdef0123456789abcdef-3";
  m.mtime_ms = 1763800000123;
  m.owner = "root";
  m.headers = {{"content-type", "text/plain; charset=utf-8"}, {"cache-control", "no-cache"}};
  m.user_meta = {{"author", "\xe5\xbc\xa0\xe4\xb8\x89"}, {"empty", ""}};
  m.tags = {{"k", std::string(300, 'v')}};
  m.checksum = {"CRC32C", "AAAAAA==-3", "COMPOSITE"};
  m.blobs = {{"aa00", 5ull << 39}, {"bb11", 5ull << 39}};
  return m;
}

void expect_same(const ObjectMeta& a, const ObjectMeta& b) {
  EXPECT_EQ(a.size, b.size);
  EXPECT_EQ(a.etag, b.etag);
  EXPECT_EQ(a.mtime_ms, b.mtime_ms);
  EXPECT_EQ(a.owner, b.owner);
  EXPECT_EQ(a.headers, b.headers);
  EXPECT_EQ(a.user_meta, b.user_meta);
  EXPECT_EQ(a.tags, b.tags);
  EXPECT_EQ(a.checksum.algorithm, b.checksum.algorithm);
  EXPECT_EQ(a.checksum.value, b.checksum.value);
  EXPECT_EQ(a.checksum.type, b.checksum.type);
  EXPECT_EQ(a.inline_data, b.inline_data);
  EXPECT_EQ(a.packed, b.packed);
  ASSERT_EQ(a.blobs.size(), b.blobs.size());
  for (size_t i = 0; i < a.blobs.size(); ++i) {
    EXPECT_EQ(a.blobs[i].blob, b.blobs[i].blob);
    EXPECT_EQ(a.blobs[i].size, b.blobs[i].size);
  }
}

TEST(ObjectMetaTest, RecordsRoundTripWhereverThePayloadIs) {
  ObjectMeta blobs = full_meta();
  expect_same(decode_object(encode(blobs)), blobs);
  ObjectMeta packed;
  packed.size = 4096;
  packed.etag = "e";
  packed.packed = storage::PackRef{7, 1ull << 33, 4096};
  expect_same(decode_object(encode(packed)), packed);
  ObjectMeta empty;
  empty.inline_data = true;
  expect_same(decode_object(encode(empty)), empty);
}

TEST(ObjectMetaTest, RecordsWrittenAsJsonByEarlierVersionsAreRead) {
  ObjectMeta m = decode_object(
      R"({"size":3,"etag":"acbd18db4cc2f85cedef654fccc4a4d8","mtime":1700000000000,)"
      R"("owner":"root","h":{"content-type":"text/plain"},"m":{"a":"b"},"tags":{"t":"1"},)"
      R"("ck":{"a":"CRC32","v":"jHNlIQ==","t":"FULL_OBJECT"},"pack":[2,4096,3]})");
  EXPECT_EQ(m.size, 3u);
  EXPECT_EQ(m.etag, "acbd18db4cc2f85cedef654fccc4a4d8");
  EXPECT_EQ(m.mtime_ms, 1700000000000);
  EXPECT_EQ(m.headers.at("content-type"), "text/plain");
  EXPECT_EQ(m.user_meta.at("a"), "b");
  EXPECT_EQ(m.tags.at("t"), "1");
  EXPECT_EQ(m.checksum.value, "jHNlIQ==");
  EXPECT_EQ(m.packed, (storage::PackRef{2, 4096, 3}));
  ObjectMeta legacy_blobs =
      decode_object(R"({"size":9,"etag":"x","mtime":1,"owner":"o","blobs":[["ab",4],["cd",5]]})");
  ASSERT_EQ(legacy_blobs.blobs.size(), 2u);
  EXPECT_EQ(legacy_blobs.blobs[1].blob, "cd");
  EXPECT_TRUE(
      decode_object(R"({"size":0,"etag":"e","mtime":1,"owner":"o","inline":true})").inline_data);
}

TEST(ObjectMetaTest, CutOrOverlongRecordsAreCorrupt) {
  std::string record = encode(full_meta());
  for (size_t cut = 0; cut < record.size(); ++cut)
    EXPECT_THROW(decode_object(record.substr(0, cut)), core::Error) << cut;
  EXPECT_THROW(decode_object(record + "x"), core::Error);
  EXPECT_THROW(decode_object("\x02rest"), core::Error);
}

}  // namespace object_meta_test
}  // namespace wharf::s3
