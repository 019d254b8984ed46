#include "s3/object_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "core/encoding.h"
#include "core/error.h"
#include "core/hash.h"
#include "tests/unit/test_util.h"

namespace wharf::s3 {
namespace object_store_test {

namespace fs = std::filesystem;

class StringSource : public core::ByteSource {
 public:
  explicit StringSource(std::string s) : s_(std::move(s)) {}
  size_t read(char* buf, size_t n) override {
    size_t take = std::min(n, s_.size() - pos_);
    std::copy_n(s_.data() + pos_, take, buf);
    pos_ += take;
    return take;
  }

 private:
  std::string s_;
  size_t pos_ = 0;
};

std::string contents(const ObjectData& d) {
  if (d.buffered()) return d.inline_bytes;
  std::string out;
  for (const auto& s : d.segments) {
    std::string part(s.size, '\0');
    storage::read_exact(s.fd, 0, part.data(), part.size());
    out += part;
  }
  return out;
}

size_t blob_files(const fs::path& root) {
  size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file()) ++n;
  return n;
}

class ObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    open();
    store_->create_bucket("b", "alice", "us-east-1");
  }
  void TearDown() override { close(); }
  void open() {
    kv_ = std::make_unique<storage::Kv>((dir_ / "meta").string(), storage::KvOptions{});
    blobs_ = std::make_unique<storage::BlobStore>((dir_ / "blobs").string(), false);
    // Small packs, so that a few objects fill several and collection has work.
    packs_ = std::make_unique<storage::PackStore>((dir_ / "packs").string(), false, 64 << 10);
    store_ = std::make_unique<ObjectStore>(*kv_, *blobs_, *packs_);
  }
  void close() {
    store_.reset();
    packs_.reset();
    blobs_.reset();
    kv_.reset();
  }
  ObjectMeta put(const std::string& key, const std::string& data, WriteOptions o = {}) {
    StringSource src(data);
    o.owner = "alice";
    return store_->put_object("b", key, src, PayloadChecks{}, o);
  }
  wharf::testing::ScratchDir scratch_{"wharf-store-test"};
  const fs::path& dir_ = scratch_.path();
  std::unique_ptr<storage::Kv> kv_;
  std::unique_ptr<storage::BlobStore> blobs_;
  std::unique_ptr<storage::PackStore> packs_;
  std::unique_ptr<ObjectStore> store_;
};

TEST_F(ObjectStoreTest, PayloadsAreInlinePackedOrBlobsBySize) {
  ObjectMeta small = put("small", "hello");
  EXPECT_TRUE(small.inline_data);
  EXPECT_FALSE(small.packed);
  EXPECT_EQ(small.etag, "5d41402abc4b2a76b9719d911017c592");
  ObjectMeta empty = put("empty", "");
  EXPECT_TRUE(empty.inline_data);
  for (uint64_t size : {kInlineLimit + 1, kPackLimit}) {
    std::string mid(size, 'm');
    ObjectMeta m = put("mid", mid);
    EXPECT_FALSE(m.inline_data);
    ASSERT_TRUE(m.packed);
    EXPECT_EQ(m.packed->size, size);
    EXPECT_TRUE(m.blobs.empty());
    EXPECT_EQ(contents(store_->open_object("b", "mid")), mid);
  }
  std::string big(kPackLimit + 1, 'x');
  ObjectMeta large = put("large", big);
  EXPECT_FALSE(large.inline_data);
  EXPECT_FALSE(large.packed);
  ASSERT_EQ(large.blobs.size(), 1u);
  EXPECT_EQ(contents(store_->open_object("b", "small")), "hello");
  EXPECT_EQ(contents(store_->open_object("b", "empty")), "");
  EXPECT_EQ(contents(store_->open_object("b", "large")), big);
}

TEST_F(ObjectStoreTest, OverwriteAndDeleteLeaveNoBlobFilesBehind) {
  fs::path blobs = dir_ / "blobs";
  size_t before = blob_files(blobs);
  put("k", std::string(200000, 'a'));
  EXPECT_EQ(blob_files(blobs), before + 1);
  put("k", std::string(300000, 'b'));  // blob -> blob
  EXPECT_EQ(blob_files(blobs), before + 1);
  put("k", "tiny");  // blob -> inline
  EXPECT_EQ(blob_files(blobs), before);
  EXPECT_EQ(contents(store_->open_object("b", "k")), "tiny");
  put("k", std::string(200000, 'c'));
  EXPECT_TRUE(store_->delete_object("b", "k"));
  EXPECT_EQ(blob_files(blobs), before);
  EXPECT_FALSE(store_->delete_object("b", "k"));
}

TEST_F(ObjectStoreTest, FailedPreconditionLeavesObjectAndNoBlob) {
  put("k", "v1");
  WriteOptions o;
  o.if_none_match_star = true;
  size_t before = blob_files(dir_ / "blobs");
  try {
    put("k", std::string(200000, 'z'), o);
    FAIL() << "If-None-Match: * on an existing key succeeded";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), "PreconditionFailed");
  }
  EXPECT_EQ(blob_files(dir_ / "blobs"), before);
  EXPECT_EQ(contents(store_->open_object("b", "k")), "v1");
}

// A client that breaks off a large upload (its digests were being computed on a thread of their
// own by then): the request fails, the old object stays, and no blob file is left behind.
TEST_F(ObjectStoreTest, UploadBrokenOffMidwayLeavesTheOldObjectAndNoBlob) {
  class BreaksOff : public core::ByteSource {
   public:
    size_t read(char* buf, size_t n) override {
      if (sent_ >= (3u << 20)) throw core::Error("IncompleteBody", 400, "the client went away");
      size_t take = std::min<size_t>(n, (3u << 20) - sent_);
      std::fill_n(buf, take, 'q');
      sent_ += take;
      return take;
    }

   private:
    size_t sent_ = 0;
  };
  put("k", std::string(200000, 'o'));
  size_t before = blob_files(dir_ / "blobs");
  BreaksOff src;
  WriteOptions o;
  o.owner = "alice";
  try {
    store_->put_object("b", "k", src, PayloadChecks{}, o);
    FAIL() << "an upload that broke off was stored";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), "IncompleteBody");
  }
  EXPECT_EQ(blob_files(dir_ / "blobs"), before);
  EXPECT_EQ(contents(store_->open_object("b", "k")), std::string(200000, 'o'));
}

TEST_F(ObjectStoreTest, ListingWithDelimiterAndPages) {
  for (const char* k : {"a/1", "a/2", "b", "c/x/1", "c/y", "d"}) put(k, "v");
  ListParams p;
  p.delimiter = "/";
  ListResult r = store_->list_objects("b", p);
  std::vector<std::string> keys;
  for (const auto& o : r.objects) keys.push_back(o.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"b", "d"}));
  EXPECT_EQ(r.common_prefixes, (std::vector<std::string>{"a/", "c/"}));
  EXPECT_FALSE(r.truncated);

  // Pages of 2 entries, each starting after the previous page's last entry, see every entry once.
  p.max_keys = 2;
  std::vector<std::string> seen;
  for (;;) {
    ListResult page = store_->list_objects("b", p);
    for (const auto& o : page.objects) seen.push_back(o.key);
    for (const auto& c : page.common_prefixes) seen.push_back(c);
    if (!page.truncated) break;
    p.start_after = page.last;
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{"a/", "b", "c/", "d"}));

  ListParams q;
  q.prefix = "c/";
  q.delimiter = "/";
  r = store_->list_objects("b", q);
  EXPECT_EQ(r.common_prefixes, (std::vector<std::string>{"c/x/"}));
  ASSERT_EQ(r.objects.size(), 1u);
  EXPECT_EQ(r.objects[0].key, "c/y");
}

TEST_F(ObjectStoreTest, MultipartReferencesPartsInOrder) {
  UploadInfo u = store_->create_upload("b", "mp", WriteOptions{}, "", "");
  std::string p1(kMinPartSize, '1'), p2 = "tail";
  StringSource s1(p1), s2(p2), s3("unused");
  PartInfo a = store_->upload_part(u, 1, s1, PayloadChecks{});
  PartInfo b = store_->upload_part(u, 2, s2, PayloadChecks{});
  store_->upload_part(u, 3, s3, PayloadChecks{});
  ObjectMeta m = store_->complete_upload(u, {{1, a.etag, ""}, {2, b.etag, ""}}, std::nullopt);
  std::string md5s = *core::from_hex(a.etag) + *core::from_hex(b.etag);
  EXPECT_EQ(m.etag, core::to_hex(core::digest(core::HashKind::kMd5, md5s)) + "-2");
  EXPECT_EQ(contents(store_->open_object("b", "mp")), p1 + p2);
  EXPECT_THROW(store_->get_upload("b", "mp", u.upload_id), core::Error);
  // Part 3 was not used: its blob is gone; parts 1 and 2 are the object.
  EXPECT_EQ(blob_files(dir_ / "blobs"), 2u);
}

TEST_F(ObjectStoreTest, CompleteRejectsSmallPartsAndBadOrder) {
  UploadInfo u = store_->create_upload("b", "mp", WriteOptions{}, "", "");
  StringSource s1("small"), s2("end");
  PartInfo a = store_->upload_part(u, 1, s1, PayloadChecks{});
  PartInfo b = store_->upload_part(u, 2, s2, PayloadChecks{});
  auto code_of = [&](const std::vector<CompletedPart>& parts) {
    try {
      store_->complete_upload(u, parts, std::nullopt);
    } catch (const core::Error& e) {
      return e.code();
    }
    return std::string("ok");
  };
  EXPECT_EQ(code_of({{2, b.etag, ""}, {1, a.etag, ""}}), "InvalidPartOrder");
  EXPECT_EQ(code_of({{1, a.etag, ""}, {2, "0000", ""}}), "InvalidPart");
  EXPECT_EQ(code_of({{1, a.etag, ""}, {2, b.etag, ""}}), "EntityTooSmall");
  EXPECT_NO_THROW(store_->get_upload("b", "mp", u.upload_id));  // still open after the failures
}

TEST_F(ObjectStoreTest, EverythingSurvivesReopen) {
  put("inline", "small");
  put("packed", std::string(5000, 'p'));
  put("blob", std::string(100000, 'q'));
  UploadInfo u = store_->create_upload("b", "pending", WriteOptions{}, "", "");
  close();
  open();
  EXPECT_EQ(contents(store_->open_object("b", "inline")), "small");
  EXPECT_EQ(contents(store_->open_object("b", "packed")), std::string(5000, 'p'));
  EXPECT_EQ(contents(store_->open_object("b", "blob")), std::string(100000, 'q'));
  EXPECT_NO_THROW(store_->get_upload("b", "pending", u.upload_id));
  EXPECT_EQ(store_->list_buckets("alice").size(), 1u);
}

// A crash between a commit and its publish leaves the blob in tmp/ with a "t<id>" note
// (docs/storage.md); a crash before the commit leaves a blob in tmp/ with no note.
TEST_F(ObjectStoreTest, RecoveryPublishesCommittedBlobsAndDropsTheRest) {
  ObjectMeta m = put("k", std::string(200000, 'r'));
  std::string id = m.blobs.at(0).blob;
  fs::path final_path = dir_ / "blobs" / id.substr(0, 2) / id, tmp = dir_ / "blobs" / "tmp";
  fs::rename(final_path, tmp / id);  // committed, not yet published
  auto note = kv_->batch();
  note.put(storage::Column::kMeta, "t" + id, "");
  kv_->write(note);
  EXPECT_EQ(contents(store_->open_object("b", "k")),
            std::string(200000, 'r'));  // readable meanwhile
  auto orphan = blobs_->create();
  orphan.write("never committed");
  orphan.finish();
  close();
  open();
  EXPECT_TRUE(fs::exists(final_path));
  EXPECT_TRUE(fs::is_empty(tmp));
  EXPECT_FALSE(kv_->get(storage::Column::kMeta, "t" + id));
  EXPECT_EQ(contents(store_->open_object("b", "k")), std::string(200000, 'r'));
}

TEST_F(ObjectStoreTest, CopySharesNoStateWithItsSource) {
  put("src", std::string(100000, 's'));
  WriteOptions o;
  o.owner = "alice";
  store_->copy_object("b", "src", "b", "dst", o);
  EXPECT_TRUE(store_->delete_object("b", "src"));
  EXPECT_EQ(contents(store_->open_object("b", "dst")), std::string(100000, 's'));
}

size_t pack_index_entries(storage::Kv& kv) {
  size_t n = 0;
  for (auto it = kv.scan(storage::Column::kPackIndex, "", ""); it.valid(); it.next()) ++n;
  return n;
}

// Version v of key i: every byte says which, so a torn or mixed read shows.
std::string version_of(int i, int v) {
  return std::string(2000 + i * 10, static_cast<char>('A' + v));
}

TEST_F(ObjectStoreTest, OverwrittenAndDeletedPackedPayloadsAreCollected) {
  constexpr int kKeys = 120;
  for (int i = 0; i < kKeys; ++i) put("k" + std::to_string(i), version_of(i, 0));
  ASSERT_GT(blob_files(dir_ / "packs"), 3u);
  for (int i = 0; i < kKeys; i += 10)
    EXPECT_TRUE(store_->delete_object("b", "k" + std::to_string(i)));
  for (int v = 1; v <= 3; ++v)  // one key in ten keeps its first version
    for (int i = 0; i < kKeys; ++i)
      if (i % 10 > 1) put("k" + std::to_string(i), version_of(i, v));
  EXPECT_EQ(pack_index_entries(*kv_), size_t{kKeys - kKeys / 10});
  // The background collector may have run already (frees wake it); this pass finishes the job.
  // Without collection the packs would hold about four times the live bytes.
  store_->collect_packs();
  EXPECT_EQ(pack_index_entries(*kv_), size_t{kKeys - kKeys / 10});
  uint64_t live = 0, on_disk = 0;
  for (int i = 0; i < kKeys; ++i)
    if (i % 10 != 0) live += version_of(i, 0).size() + storage::PackStore::kHeaderBytes;
  for (const auto& e : fs::directory_iterator(dir_ / "packs")) on_disk += e.file_size();
  EXPECT_LE(on_disk, 2 * live + (64 << 10)) << "dead space left behind";
  auto check = [&] {
    for (int i = 0; i < kKeys; ++i) {
      std::string key = "k" + std::to_string(i);
      if (i % 10 == 0) {
        EXPECT_FALSE(store_->head_object("b", key)) << key;
        continue;
      }
      ObjectData d = store_->open_object("b", key);
      EXPECT_EQ(contents(d), version_of(i, i % 10 == 1 ? 0 : 3)) << key;
      EXPECT_EQ(d.meta.etag, core::to_hex(core::digest(core::HashKind::kMd5, contents(d))));
    }
  };
  check();
  close();
  open();
  check();
  store_->collect_packs();  // recounted from the index at startup: nothing live is lost
  check();
  // Everything deleted: every sealed pack goes.
  for (int i = 0; i < kKeys; ++i) store_->delete_object("b", "k" + std::to_string(i));
  store_->collect_packs();
  EXPECT_EQ(pack_index_entries(*kv_), 0u);
  EXPECT_LE(blob_files(dir_ / "packs"), 1u);  // the open pack stays
}

// A crash between appending a record and committing the object leaves a record nothing
// references; a failed precondition leaves one too. Neither is ever read, and both go.
TEST_F(ObjectStoreTest, UnreferencedRecordsAreReclaimed) {
  put("k", version_of(0, 0));
  WriteOptions o;
  o.if_none_match_star = true;
  EXPECT_EQ(wharf::testing::error_of([&] { put("k", version_of(0, 1), o); }).code(),
            "PreconditionFailed");
  {
    storage::PackStore::Pending pending;
    std::string orphan(64000, 'o');
    // In a pack of its own, written as a commit would write it, then "crashed" before its keys.
    auto batch = kv_->batch();
    batch.write_file_first(packs_->append(orphan, pending).write);
    kv_->write(batch);
  }
  EXPECT_EQ(pack_index_entries(*kv_), 1u);
  close();
  open();
  put("k2", version_of(1, 0));  // opens a new pack: every old one is sealed
  EXPECT_GT(store_->collect_packs(), 0u);
  EXPECT_EQ(blob_files(dir_ / "packs"), 2u);  // k's pack (all live) and the open one
  EXPECT_EQ(contents(store_->open_object("b", "k")), version_of(0, 0));
  EXPECT_EQ(contents(store_->open_object("b", "k2")), version_of(1, 0));
}

TEST_F(ObjectStoreTest, ACopyOfAPackedObjectOutlivesItsSource) {
  put("src", version_of(3, 0));
  WriteOptions o;
  o.owner = "alice";
  ObjectMeta copy = store_->copy_object("b", "src", "b", "dst", o);
  ASSERT_TRUE(copy.packed);
  EXPECT_TRUE(store_->delete_object("b", "src"));
  store_->collect_packs();
  EXPECT_EQ(contents(store_->open_object("b", "dst")), version_of(3, 0));
}

// Readers racing overwrites and collection see one whole version or the other, never a torn
// or missing payload (a reader whose record moved and whose pack went re-reads the record).
TEST_F(ObjectStoreTest, ReadersRacingCollectionSeeWholeVersions) {
  constexpr int kKeys = 40, kRounds = 30;
  for (int i = 0; i < kKeys; ++i) put("r" + std::to_string(i), version_of(i, 0));
  std::atomic<bool> done{false};
  std::atomic<long> reads{0}, bad{0};
  std::thread reader([&] {
    for (int n = 0; !done; ++n) {
      int i = n % kKeys;
      std::string got = contents(store_->open_object("b", "r" + std::to_string(i)));
      bool whole = got.size() == version_of(i, 0).size() &&
                   got.find_first_not_of(got[0]) == std::string::npos;
      if (!whole) ++bad;
      ++reads;
    }
  });
  for (int round = 1; round <= kRounds; ++round) {
    for (int i = 0; i < kKeys; i += 1 + round % 3)
      put("r" + std::to_string(i), version_of(i, round % 20));
    store_->collect_packs();
  }
  done = true;
  reader.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GT(reads.load(), kKeys);
}

TEST_F(ObjectStoreTest, BucketRules) {
  EXPECT_THROW(store_->create_bucket("b", "alice", "us-east-1"), core::Error);
  put("k", "v");
  try {
    store_->delete_bucket("b");
    FAIL();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.code(), "BucketNotEmpty");
  }
  store_->delete_object("b", "k");
  store_->delete_bucket("b");
  EXPECT_FALSE(store_->find_bucket("b"));
}

}  // namespace object_store_test
}  // namespace wharf::s3
