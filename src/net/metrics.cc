#include "net/metrics.h"

#include <fmt/format.h>

namespace wharf::net {

void Metrics::record(const std::string& api, const std::string& operation, int status, double seconds,
                     uint64_t bytes_in, uint64_t bytes_out) {
  std::lock_guard lock(mu_);
  ++requests_[{api, operation, status}];
  Histogram& h = latency_[api];
  size_t i = 0;
  while (i < kBucketCount && seconds > kBuckets[i]) ++i;
  ++h.counts[i];
  h.sum += seconds;
  ++h.count;
  auto& b = bytes_[api];
  b.first += bytes_in;
  b.second += bytes_out;
}

std::string Metrics::render_prometheus() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP wharf_requests_total Requests answered, by API, operation and HTTP status.\n";
  out += "# TYPE wharf_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [api, op, status] = key;
    out += fmt::format("wharf_requests_total{{api=\"{}\",operation=\"{}\",status=\"{}\"}} {}\n", api, op, status, n);
  }
  out += "# HELP wharf_request_duration_seconds Request latency, by API.\n";
  out += "# TYPE wharf_request_duration_seconds histogram\n";
  for (const auto& [api, h] : latency_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBucketCount; ++i) {
      cumulative += h.counts[i];
      out += fmt::format("wharf_request_duration_seconds_bucket{{api=\"{}\",le=\"{}\"}} {}\n", api, kBuckets[i], cumulative);
    }
    out += fmt::format("wharf_request_duration_seconds_bucket{{api=\"{}\",le=\"+Inf\"}} {}\n", api, h.count);
    out += fmt::format("wharf_request_duration_seconds_sum{{api=\"{}\"}} {}\n", api, h.sum);
    out += fmt::format("wharf_request_duration_seconds_count{{api=\"{}\"}} {}\n", api, h.count);
  }
  out += "# HELP wharf_received_bytes_total Request body bytes received, by API.\n";
  out += "# TYPE wharf_received_bytes_total counter\n";
  for (const auto& [api, b] : bytes_) out += fmt::format("wharf_received_bytes_total{{api=\"{}\"}} {}\n", api, b.first);
  out += "# HELP wharf_sent_bytes_total Response body bytes sent, by API.\n";
  out += "# TYPE wharf_sent_bytes_total counter\n";
  for (const auto& [api, b] : bytes_) out += fmt::format("wharf_sent_bytes_total{{api=\"{}\"}} {}\n", api, b.second);
  out += "# HELP wharf_open_connections Open client connections.\n";
  out += "# TYPE wharf_open_connections gauge\n";
  out += fmt::format("wharf_open_connections {}\n", connections_.load());
  return out;
}

}  // namespace wharf::net
