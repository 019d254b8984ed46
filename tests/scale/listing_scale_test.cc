// ListObjects in a bucket of one million keys costs the page, not the bucket: the scan touches
// the page's entries (plus one seek per common prefix), whatever else the bucket holds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "s3/object_store.h"

namespace wharf::s3 {
namespace {

namespace fs = std::filesystem;

class EmptySource : public core::ByteSource {
 public:
  size_t read(char*, size_t) override { return 0; }
};

class MillionKeys : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("wharf-scale-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    kv_ = new storage::Kv((dir_ / "meta").string(), {});
    blobs_ = new storage::BlobStore((dir_ / "blobs").string(), false);
    packs_ = new storage::PackStore((dir_ / "packs").string(), false);
    store_ = new ObjectStore(*kv_, *blobs_, *packs_);
    store_->create_bucket("big", "root", "us-east-1");
    store_->create_bucket("small", "root", "us-east-1");
    auto start = std::chrono::steady_clock::now();
    // 1,000,000 keys in "big": 10 top-level folders of 100,000 keys, plus the 1,000-key folder
    // "m/" that "small" holds alone.
    char key[64];
    for (int folder = 0; folder < 10; ++folder)
      for (int i = 0; i < 100000; ++i) {
        std::snprintf(key, sizeof key, "f%d/item-%06d", folder, i);
        put("big", key);
      }
    for (int i = 0; i < 1000; ++i) {
      std::snprintf(key, sizeof key, "m/item-%04d", i);
      put("big", key);
      put("small", key);
    }
    std::printf("loaded 1,002,000 keys in %.1f s\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  static void TearDownTestSuite() {
    delete store_;
    delete packs_;
    delete blobs_;
    delete kv_;
    fs::remove_all(dir_);
  }
  static void put(const std::string& bucket, const std::string& key) {
    EmptySource empty;
    WriteOptions o;
    o.owner = "root";
    store_->put_object(bucket, key, empty, PayloadChecks{}, o);
  }
  static double millis_per_list(const std::string& bucket, const ListParams& p) {
    const int kRounds = 20;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kRounds; ++i) store_->list_objects(bucket, p);
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
               .count() /
           kRounds;
  }
  static inline fs::path dir_;
  static inline storage::Kv* kv_;
  static inline storage::BlobStore* blobs_;
  static inline storage::PackStore* packs_;
  static inline ObjectStore* store_;
};

TEST_F(MillionKeys, PrefixPageTouchesOnlyThePage) {
  ListParams p;
  p.prefix = "m/";
  p.max_keys = 1000;
  ListResult r = store_->list_objects("big", p);
  ASSERT_EQ(r.objects.size(), 1000u);
  EXPECT_LE(r.visited, 1000);
  p.max_keys = 100;
  p.start_after = "m/item-0500";
  r = store_->list_objects("big", p);
  ASSERT_EQ(r.objects.size(), 100u);
  EXPECT_EQ(r.objects.front().key, "m/item-0501");
  EXPECT_LE(r.visited, 101);  // the page plus the look-ahead that sets IsTruncated
  EXPECT_TRUE(r.truncated);

  double big = millis_per_list("big", p), small = millis_per_list("small", p);
  std::printf("100-key page after a marker: %.3f ms among 1M keys, %.3f ms among 1k keys\n", big,
              small);
  EXPECT_LT(big, 3 * small + 1.0);
}

TEST_F(MillionKeys, DelimiterListingSeeksPastFolders) {
  ListParams p;
  p.delimiter = "/";
  ListResult r = store_->list_objects("big", p);
  EXPECT_EQ(r.common_prefixes.size(), 11u);  // f0/ .. f9/ and m/
  EXPECT_LE(r.visited, 11);                  // one entry per folder, not 1,002,000
  double ms = millis_per_list("big", p);
  std::printf("root listing with delimiter over 1M keys: %.3f ms\n", ms);
  EXPECT_LT(ms, 5.0);
}

}  // namespace
}  // namespace wharf::s3
