#include "net/metrics.h"

#include <fmt/format.h>

namespace wharf::net {

// Finds or inserts m[key] without building a std::string when the key is already there (every
// request after the first of its kind).
template <typename M>
static auto& slot(M& m, const std::string& key) {
  auto it = m.find(key);
  if (it == m.end()) it = m.emplace(key, typename M::mapped_type{}).first;
  return it->second;
}

void Metrics::record(const std::string& api, const std::string& operation, int status,
                     double seconds, uint64_t bytes_in, uint64_t bytes_out) {
  size_t bucket = 0;
  while (bucket < kBucketCount && seconds > kBuckets[bucket]) ++bucket;
  std::lock_guard lock(mu_);
  ApiStats& a = slot(apis_, api);
  ++slot(a.requests, operation)[status];
  ++a.latency_counts[bucket];
  a.latency_sum += seconds;
  ++a.latency_count;
  a.bytes_in += bytes_in;
  a.bytes_out += bytes_out;
}

std::string Metrics::render_prometheus() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP wharf_requests_total Requests answered, by API, operation and HTTP status.\n";
  out += "# TYPE wharf_requests_total counter\n";
  for (const auto& [api, a] : apis_)
    for (const auto& [op, statuses] : a.requests)
      for (const auto& [status, n] : statuses)
        out += fmt::format("wharf_requests_total{{api=\"{}\",operation=\"{}\",status=\"{}\"}} {}\n",
                           api, op, status, n);
  out += "# HELP wharf_request_duration_seconds Request latency, by API.\n";
  out += "# TYPE wharf_request_duration_seconds histogram\n";
  for (const auto& [api, a] : apis_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBucketCount; ++i) {
      cumulative += a.latency_counts[i];
      out += fmt::format("wharf_request_duration_seconds_bucket{{api=\"{}\",le=\"{}\"}} {}\n", api,
                         kBuckets[i], cumulative);
    }
    out += fmt::format("wharf_request_duration_seconds_bucket{{api=\"{}\",le=\"+Inf\"}} {}\n", api,
                       a.latency_count);
    out += fmt::format("wharf_request_duration_seconds_sum{{api=\"{}\"}} {}\n", api, a.latency_sum);
    out += fmt::format("wharf_request_duration_seconds_count{{api=\"{}\"}} {}\n", api,
                       a.latency_count);
  }
  out += "# HELP wharf_received_bytes_total Request body bytes received, by API.\n";
  out += "# TYPE wharf_received_bytes_total counter\n";
  for (const auto& [api, a] : apis_)
    out += fmt::format("wharf_received_bytes_total{{api=\"{}\"}} {}\n", api, a.bytes_in);
  out += "# HELP wharf_sent_bytes_total Response body bytes sent, by API.\n";
  out += "# TYPE wharf_sent_bytes_total counter\n";
  for (const auto& [api, a] : apis_)
    out += fmt::format("wharf_sent_bytes_total{{api=\"{}\"}} {}\n", api, a.bytes_out);
  out += "# HELP wharf_open_connections Open client connections.\n";
  out += "# TYPE wharf_open_connections gauge\n";
  out += fmt::format("wharf_open_connections {}\n", connections_.load());
  out += "# HELP wharf_worker_threads Threads serving requests (they grow while handlers block).\n";
  out += "# TYPE wharf_worker_threads gauge\n";
  out += fmt::format("wharf_worker_threads {}\n", workers_.load());
  return out;
}

}  // namespace wharf::net
