#include "pipeline/remote_endpoint.h"

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <random>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/config.h"
#include "core/url.h"
#include "core/error.h"
#include "pipeline/services.h"
#include "pipeline/spec_node.h"

namespace wharf::pipeline {
namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

}  // namespace

std::optional<std::string> remote_endpoint(const SpecNode& spec, const Services& s, RemoteKind kind) {
  if (spec.has("endpoint")) return spec.string("endpoint");
  const std::string& run_default = kind == RemoteKind::kAws ? s.aws_endpoint : s.search_endpoint;
  if (!run_default.empty()) return run_default;
  return std::nullopt;
}

AwsAccess aws_access(const SpecNode& spec, const std::string& service) {
  AwsAccess a;
  auto& c = a.creds;
  c.access_key = spec.string_or("access_key", env_or("AWS_ACCESS_KEY_ID", core::kDefaultRootAccessKey));
  c.secret_key = spec.string_or("secret_key", env_or("AWS_SECRET_ACCESS_KEY", core::kDefaultRootSecretKey));
  c.region = spec.string_or("region", env_or("AWS_REGION", env_or("AWS_DEFAULT_REGION", "us-east-1")));
  c.service = service;
  // A token belongs to the keys it came with: the environment's only with the environment's keys.
  a.session_token = spec.string_or("session_token", spec.has("access_key") ? "" : env_or("AWS_SESSION_TOKEN", ""));
  return a;
}

void AwsAccess::sign(std::string_view method, std::string_view path, std::string_view query, net::Headers& headers,
                     std::string_view payload_hash) const {
  if (!session_token.empty()) headers.emplace_back("x-amz-security-token", session_token);
  auth::sign_request(method, path, *core::parse_query(query), headers, payload_hash, creds, core::now_millis() / 1000);
}

void run_lanes(size_t n, const std::function<void(size_t)>& work) {
  std::vector<std::exception_ptr> failures(n);
  {
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < n; ++i)
      threads.emplace_back([&, i] {
        try {
          work(i);
        } catch (...) {
          failures[i] = std::current_exception();
        }
      });
  }
  for (auto& f : failures)
    if (f) std::rethrow_exception(f);
}

void remote_backoff(int attempt) {
  static thread_local std::mt19937 rng{std::random_device{}()};
  int64_t cap = std::min<int64_t>(5000, 50LL << std::min(attempt, 10));
  std::uniform_int_distribution<int64_t> jitter(cap / 2, cap);
  std::this_thread::sleep_for(std::chrono::milliseconds(jitter(rng)));
}

RemoteConnection::RemoteConnection(const std::string& url, std::string service)
    : service_(std::move(service)) {
  auto bad = [&](const std::string& why) {
    return core::Error("PipelineSpecError", 400,
                       "endpoint must be http://host[:port] or https://host[:port], got '" + url + "'" + why);
  };
  net::TlsOptions tls;
  std::string rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    rest = url.substr(8);
    tls.enabled = true;
    tls.ca_file = env_or("AWS_CA_BUNDLE", "");  // as the AWS tools: a private CA's bundle
  } else {
    throw bad("");
  }
  if (auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  if (rest.empty()) throw bad(" (no host)");
  if (rest.find('@') != std::string::npos)  // and keep the password out of every message
    throw core::Error("PipelineSpecError", 400,
                      "give credentials as access_key/secret_key (S3, DynamoDB) or username/password "
                      "(Elasticsearch), not in the endpoint URL");
  std::string host = rest;
  uint16_t port = tls.enabled ? 443 : 80;
  if (auto colon = rest.rfind(':'); colon != std::string::npos && rest.find(']', colon) == std::string::npos) {
    host = rest.substr(0, colon);
    auto p = rest.substr(colon + 1);
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    if (ec != std::errc() || end != p.data() + p.size() || port == 0) throw bad(" (bad port)");
  }
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  url_ = (tls.enabled ? "https://" : "http://") + rest;
  host_header_ = rest;
  http_ = std::make_unique<net::HttpClient>(host, port, std::move(tls));
}

RemoteConnection::~RemoteConnection() = default;

net::ClientResponse RemoteConnection::send(const std::string& method, const std::string& target,
                                           const net::Headers& headers, const std::string& body,
                                           core::ByteSource* stream, uint64_t body_length, net::BodySink* sink) {
  try {
    return http_->send(method, target, headers, body, stream, body_length, sink);
  } catch (const net::TransportError& e) {
    throw core::Error(service_ + "Unavailable", 503, "cannot reach " + service_ + " at " + url_ + ": " + e.what());
  }
}

}  // namespace wharf::pipeline
