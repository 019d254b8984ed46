// Request metrics in the Prometheus text format: requests by api/operation/status, a latency
// histogram per api, and bytes in and out. Thread-safe; cheap enough for every request.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace wharf::net {

class Metrics {
 public:
  void record(const std::string& api, const std::string& operation, int status, double seconds,
              uint64_t bytes_in, uint64_t bytes_out);
  void connection_opened() { ++connections_; }
  void connection_closed() { --connections_; }
  void workers_changed(int delta) { workers_ += delta; }
  std::string render_prometheus() const;

 private:
  static constexpr double kBuckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                        0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  static constexpr size_t kBucketCount = sizeof(kBuckets) / sizeof(kBuckets[0]);
  struct ApiStats {
    // operation -> status -> count; std::less<> lets lookups use the caller's strings as they are
    std::map<std::string, std::map<int, uint64_t>, std::less<>> requests;
    uint64_t latency_counts[kBucketCount + 1] = {};
    double latency_sum = 0;
    uint64_t latency_count = 0;
    uint64_t bytes_in = 0, bytes_out = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, ApiStats, std::less<>> apis_;
  std::atomic<int64_t> connections_{0};
  std::atomic<int64_t> workers_{0};
};

}  // namespace wharf::net
