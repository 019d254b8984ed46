// storage::Kv's write path: concurrent batches grouped into one RocksDB write (GroupCommit), and
// RocksDB's CRC32C replaced by ISA-L's (rocksdb_crc32c.cc).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "storage/kv.h"
#include "storage/rocksdb_crc32c.h"
#include "tests/unit/test_util.h"

namespace rocksdb::crc32c {
uint32_t Extend(uint32_t init_crc, const char* data, size_t n);
}

namespace wharf::storage {
namespace group_commit_test {

using storage::Column;

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override { kv_ = std::make_unique<Kv>(dir_.path().string(), KvOptions{}); }
  wharf::testing::ScratchDir dir_{"wharf-group-commit-test"};
  std::unique_ptr<Kv> kv_;
};

std::string key_of(int thread, int i) {
  return "k" + std::to_string(thread) + "-" + std::to_string(i);
}

// Many more writers than cores, so leaders take groups of several batches; a reader checks
// on snapshots that each batch (a meta key and its payload) is seen whole or not at all.
TEST_F(GroupCommitTest, ConcurrentBatchesLandWholeAndAllOfThem) {
  constexpr int kThreads = 32, kPerThread = 300;
  std::atomic<bool> writing{true};
  std::atomic<long> torn{0}, checks{0};
  std::thread reader([&] {
    while (writing.load()) {
      for (int t = 0; t < kThreads; t += 7) {
        auto snap = kv_->snapshot();
        std::string k = key_of(t, kPerThread / 2);
        bool meta = snap->get(Column::kMeta, k).has_value();
        bool data = snap->get(Column::kData, k).has_value();
        if (meta != data) ++torn;
        ++checks;
      }
    }
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t)
    writers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto b = kv_->batch();
        b.put(Column::kMeta, key_of(t, i), "meta");
        b.put(Column::kData, key_of(t, i), std::string(512, static_cast<char>('a' + t % 26)));
        kv_->write(b);
      }
    });
  for (auto& w : writers) w.join();
  writing = false;
  reader.join();
  EXPECT_EQ(torn.load(), 0) << "of " << checks.load() << " snapshot checks";
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kPerThread; ++i) {
      ASSERT_EQ(kv_->get(Column::kMeta, key_of(t, i)), "meta") << key_of(t, i);
      ASSERT_EQ(kv_->get(Column::kData, key_of(t, i))->size(), 512u);
    }
}

// Deletes and range deletes of a follower's batch are carried into the group's write, in order
// after that writer's own earlier batches.
TEST_F(GroupCommitTest, DeletesAndRangeDeletesOfGroupedBatchesApply) {
  constexpr int kThreads = 16, kRounds = 100;
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t)
    writers.emplace_back([&, t] {
      std::string prefix = "r" + std::to_string(t) + "/";
      for (int i = 0; i < kRounds; ++i) {
        auto put = kv_->batch();
        put.put(Column::kMeta, prefix + "a", "1");
        put.put(Column::kMeta, prefix + "b", "2");
        put.put(Column::kMeta, "single" + std::to_string(t), std::to_string(i));
        kv_->write(put);
        auto drop = kv_->batch();
        drop.del_range(Column::kMeta, prefix, prefix_end(prefix));
        if (i + 1 < kRounds) drop.del(Column::kMeta, "single" + std::to_string(t));
        kv_->write(drop);
      }
    });
  for (auto& w : writers) w.join();
  for (int t = 0; t < kThreads; ++t) {
    std::string prefix = "r" + std::to_string(t) + "/";
    EXPECT_FALSE(kv_->scan(Column::kMeta, prefix, prefix_end(prefix)).valid()) << prefix;
    EXPECT_EQ(kv_->get(Column::kMeta, "single" + std::to_string(t)), std::to_string(kRounds - 1));
  }
}

// What was written is recovered from the write-ahead log after a reopen: the log's records were
// checksummed with the replaced CRC32C and verified with it on recovery.
TEST_F(GroupCommitTest, WritesSurviveReopen) {
  std::vector<std::thread> writers;
  for (int t = 0; t < 8; ++t)
    writers.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        auto b = kv_->batch();
        b.put(Column::kData, key_of(t, i), std::string(4096, 'x'));
        kv_->write(b);
      }
    });
  for (auto& w : writers) w.join();
  kv_.reset();
  kv_ = std::make_unique<Kv>(dir_.path().string(), KvOptions{});
  for (int t = 0; t < 8; ++t)
    for (int i = 0; i < 200; ++i)
      ASSERT_EQ(kv_->get(Column::kData, key_of(t, i)), std::string(4096, 'x'));
}

// File writes carried by batches land before the keys and where they were reserved, whoever
// leads the group that writes them; a failed file write fails its batch and writes no key.
TEST_F(GroupCommitTest, FileWritesLandBeforeTheirBatchesAndFailWithThem) {
  std::string path = (dir_.path() / "records").string();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  constexpr int kThreads = 16, kPerThread = 100, kRecord = 100;
  std::atomic<uint64_t> next{0};
  std::atomic<long> unwritten_when_visible{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t)
    writers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string data(kRecord - 4, static_cast<char>('a' + (t + i) % 26));
        FileWrite w;
        w.fd = fd;
        w.offset = next.fetch_add(kRecord);
        std::memcpy(w.head.data(), "REC:", 4);
        w.head_size = 4;
        w.data = data;
        auto b = kv_->batch();
        b.put(Column::kMeta, key_of(t, i), std::to_string(w.offset));
        b.write_file_first(w);
        kv_->write(b);
        // Any key visible now must have its record in place.
        auto seen = kv_->get(Column::kMeta, key_of((t + 1) % kThreads, i));
        if (seen) {
          char head[4];
          if (::pread(fd, head, 4, static_cast<off_t>(std::stoull(*seen))) != 4 ||
              std::memcmp(head, "REC:", 4) != 0)
            ++unwritten_when_visible;
        }
      }
    });
  for (auto& w : writers) w.join();
  EXPECT_EQ(unwritten_when_visible.load(), 0);
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kPerThread; ++i) {
      uint64_t at = std::stoull(*kv_->get(Column::kMeta, key_of(t, i)));
      std::string got(kRecord, '\0');
      ASSERT_EQ(::pread(fd, got.data(), kRecord, static_cast<off_t>(at)), kRecord);
      EXPECT_EQ(got, "REC:" + std::string(kRecord - 4, static_cast<char>('a' + (t + i) % 26)));
    }
  ::close(fd);

  auto b = kv_->batch();
  b.put(Column::kMeta, "never", "1");
  FileWrite bad;
  bad.fd = fd;  // closed: the write fails
  bad.data = "x";
  b.write_file_first(bad);
  EXPECT_THROW(kv_->write(b), core::Error);
  EXPECT_FALSE(kv_->get(Column::kMeta, "never"));
}

// A leader writes the groups that queue behind its own: each writer still learns its own group's
// outcome. A file write that fails fails its group's batches (and only those): whoever was told
// success finds its key, whoever was told failure does not, and every bad write fails.
TEST_F(GroupCommitTest, EachWriterLearnsItsOwnGroupsOutcome) {
  constexpr int kThreads = 16, kPerThread = 200;
  std::atomic<long> succeeded{0}, failed{0}, bad_succeeded{0}, wrong{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t)
    writers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        bool bad = (t * kPerThread + i) % 17 == 0;
        auto b = kv_->batch();
        b.put(Column::kMeta, key_of(t, i), "v");
        FileWrite w;
        w.fd = -1;  // a write into no file fails
        w.data = "x";
        if (bad) b.write_file_first(w);
        bool ok = true;
        try {
          kv_->write(b);
        } catch (const core::Error&) {
          ok = false;
        }
        if (ok && bad) ++bad_succeeded;
        if (kv_->get(Column::kMeta, key_of(t, i)).has_value() != ok) ++wrong;
        ++(ok ? succeeded : failed);
      }
    });
  for (auto& w : writers) w.join();
  EXPECT_EQ(bad_succeeded.load(), 0);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GE(failed.load(), kThreads * kPerThread / 17);
  EXPECT_GT(succeeded.load(), kThreads * kPerThread / 2);
}

TEST(RocksdbCrc32c, RocksdbResolvesToTheHardwareCrc) { EXPECT_TRUE(rocksdb_crc32c_is_replaced()); }

// The values RocksDB's own portable CRC32C gives (RFC 3720 check value, and extension across
// pieces): files written before the replacement stay readable.
TEST(RocksdbCrc32c, SameValuesAsRocksdbsOwn) {
  EXPECT_EQ(rocksdb::crc32c::Extend(0, "123456789", 9), 0xE3069283u);
  EXPECT_EQ(rocksdb::crc32c::Extend(rocksdb::crc32c::Extend(0, "12345", 5), "6789", 4),
            0xE3069283u);
  std::string zeros(32, '\0');
  EXPECT_EQ(rocksdb::crc32c::Extend(0, zeros.data(), zeros.size()), 0x8A9136AAu);
  EXPECT_EQ(rocksdb::crc32c::Extend(0, "", 0), 0u);
}

}  // namespace group_commit_test
}  // namespace wharf::storage
