// What every remote connector shares (S3, DynamoDB, Elasticsearch over HTTP): the endpoint a spec
// or `wharf run --endpoint` names, the AWS credentials to sign with, and one keep-alive HTTP
// connection whose transport failures become one clear error ("cannot reach DynamoDB at ...").
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "auth/signer.h"
#include "net/http_client.h"

namespace wharf::pipeline {

class SpecNode;
struct Services;

enum class RemoteKind { kAws, kSearch };  // port 4566 (S3, DynamoDB) or 9200 (Elasticsearch)

// The endpoint a source or sink talks to: its own `endpoint:`, else the run's (`wharf run
// --endpoint` / `--search-endpoint`), else none (the embedded services of the data dir).
std::optional<std::string> remote_endpoint(const SpecNode& spec, const Services& s, RemoteKind kind);

// What signs requests to an S3 or DynamoDB endpoint: access_key / secret_key / region /
// session_token from the spec, else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION /
// AWS_SESSION_TOKEN as the AWS tools read them, else wharf's development root. `service` is what
// SigV4 signs for ("s3", "dynamodb").
struct AwsAccess {
  auth::SigningCredentials creds;
  std::string session_token;  // temporary credentials (an assumed role, SSO): x-amz-security-token
  // Adds the token header (when there is one) and the SigV4 headers.
  void sign(std::string_view method, std::string_view path, std::string_view query, net::Headers& headers,
            std::string_view payload_hash) const;
};
AwsAccess aws_access(const SpecNode& spec, const std::string& service);
// The spec keys of an S3 or DynamoDB endpoint.
inline constexpr const char* kRemoteAwsKeys[] = {"endpoint", "access_key", "secret_key", "region", "session_token"};

// Runs work(i) for i in [0, n) on a thread each and waits for all; rethrows the first failure.
// The remote sinks write their lanes (one connection each) this way.
void run_lanes(size_t n, const std::function<void(size_t)>& work);

// Waits before retry `attempt` (0-based) of a throttled request: 50 ms doubling up to 5 s, with
// jitter, as the AWS SDKs do. A request is tried kRemoteAttempts times in all.
void remote_backoff(int attempt);
inline constexpr int kRemoteAttempts = 10;

class RemoteConnection {
 public:
  // url: http://host[:port] or https://host[:port] (a path after it is ignored). `service`
  // names the peer in errors ("S3", "DynamoDB", "Elasticsearch"). Throws PipelineSpecError
  // for a malformed URL.
  RemoteConnection(const std::string& url, std::string service);
  ~RemoteConnection();

  // One exchange; a transport failure is core::Error("<service>Unavailable", 503, "cannot reach
  // <service> at <url>: <why>"). `headers` must include "host" (host_header()), as signing needs.
  net::ClientResponse send(const std::string& method, const std::string& target, const net::Headers& headers,
                           const std::string& body = {}, core::ByteSource* stream = nullptr,
                           uint64_t body_length = 0, net::BodySink* sink = nullptr);

  const std::string& url() const { return url_; }
  const std::string& host_header() const { return host_header_; }
  const std::string& service() const { return service_; }

 private:
  std::string url_, host_header_, service_;
  std::unique_ptr<net::HttpClient> http_;
};

}  // namespace wharf::pipeline
