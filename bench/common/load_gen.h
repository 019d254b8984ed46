// The load-generation loop the benchmarks share: N keep-alive connections, one thread each,
// running an operation until a deadline, then one tab-separated row per measurement:
//   target  operation  connections  ops/s  p50_ms  p99_ms  MB/s  errors
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "net/http_client.h"

namespace wharf::bench {

using Clock = std::chrono::steady_clock;

struct Result {
  uint64_t ops = 0, errors = 0, bytes = 0;
  double seconds = 0;
  std::vector<double> latencies_ms;
};

inline double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(i), v.end());
  return v[i];
}

constexpr long long kStop = -2;  // an op's "no more work" (fills of a fixed number of keys)

// Runs `op(client, connection, i)` on `conns` connections to host:port for `seconds`; op returns
// bytes moved, -1 on error, or kStop.
template <typename Op>
Result run(const std::string& host, uint16_t port, int conns, double seconds, Op op) {
  std::vector<Result> per(static_cast<size_t>(conns));
  auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(seconds));
  auto start = Clock::now();
  std::vector<std::thread> threads;
  std::atomic<bool> stop{false};
  for (int c = 0; c < conns; ++c) {
    threads.emplace_back([&, c] {
      net::HttpClient client(host, port);
      Result& r = per[static_cast<size_t>(c)];
      for (uint64_t i = 0; !stop && Clock::now() < deadline; ++i) {
        auto t0 = Clock::now();
        long long moved;
        try {
          moved = op(client, c, i);
        } catch (const std::exception&) {
          moved = -1;  // the client reconnects on its next request
        }
        if (moved == kStop) {
          stop = true;
          break;
        }
        r.latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (moved < 0)
          ++r.errors;
        else
          ++r.ops, r.bytes += static_cast<uint64_t>(moved);
      }
    });
  }
  for (auto& th : threads) th.join();
  Result all;
  all.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (auto& r : per) {
    all.ops += r.ops;
    all.errors += r.errors;
    all.bytes += r.bytes;
    all.latencies_ms.insert(all.latencies_ms.end(), r.latencies_ms.begin(), r.latencies_ms.end());
  }
  return all;
}

inline void report(const std::string& target, const std::string& op, int conns, Result r) {
  double p50 = percentile(r.latencies_ms, 0.50), p99 = percentile(r.latencies_ms, 0.99);
  std::printf("%s\t%s\t%d\t%.0f\t%.3f\t%.3f\t%.1f\t%llu\n", target.c_str(), op.c_str(), conns,
              static_cast<double>(r.ops) / r.seconds, p50, p99,
              static_cast<double>(r.bytes) / r.seconds / 1e6,
              static_cast<unsigned long long>(r.errors));
  std::fflush(stdout);
}

inline bool ok(int status) { return status >= 200 && status < 300; }

}  // namespace wharf::bench
