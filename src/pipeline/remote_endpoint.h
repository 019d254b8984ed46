// What every remote connector shares (S3, DynamoDB, Elasticsearch over HTTP): the endpoint a spec
// or `wharf run --endpoint` names, the AWS credentials to sign with, and one keep-alive HTTP
// connection whose transport failures become one clear error ("cannot reach DynamoDB at ...").
#pragma once

#include <cstdint>
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

// An endpoint's credentials: access_key / secret_key / region from the spec, else
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION as the AWS tools read them, else
// wharf's development root. `service` is what SigV4 signs for ("s3", "dynamodb").
auth::SigningCredentials aws_credentials(const SpecNode& spec, const std::string& service);

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
