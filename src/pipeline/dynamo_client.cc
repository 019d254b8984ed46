#include "pipeline/dynamo_client.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "core/hash.h"

namespace wharf::pipeline {
namespace {

// DynamoDB's exception names that mean "try again later".
bool retryable(const std::string& type, int status) {
  return status >= 500 || type == "ProvisionedThroughputExceededException" || type == "ThrottlingException" ||
         type == "RequestLimitExceeded" || type == "LimitExceededException";
}

}  // namespace

DynamoClient::DynamoClient(const std::string& endpoint, AwsAccess access)
    : conn_(endpoint, "DynamoDB"), access_(std::move(access)) {}

boost::json::object DynamoClient::call(const std::string& operation, const boost::json::object& request) {
  const std::string body = boost::json::serialize(request);
  for (int attempt = 0;; ++attempt) {
    net::Headers h = {{"host", conn_.host_header()},
                      {"content-type", "application/x-amz-json-1.0"},
                      {"x-amz-target", "DynamoDB_20120810." + operation}};
    access_.sign("POST", "/", "", h, core::sha256_hex(body));
    auto r = conn_.send("POST", "/", h, body);
    boost::system::error_code ec;
    auto doc = boost::json::parse(r.body, ec);
    if (r.status == 200 && !ec && doc.is_object()) return std::move(doc.as_object());
    std::string type = "HTTP " + std::to_string(r.status), message;
    if (!ec && doc.is_object()) {
      const auto& o = doc.as_object();
      if (auto* t = o.if_contains("__type"); t && t->is_string()) {
        type = std::string(t->as_string());
        type = type.substr(type.rfind('#') + 1);  // com.amazonaws.dynamodb.v20120810#Name
      }
      for (const char* key : {"message", "Message"})
        if (auto* m = o.if_contains(key); m && m->is_string()) message = std::string(m->as_string());
    } else if (r.status == 200) {
      type = "SerializationException";
      message = "the response is not a JSON object";
    }
    if (retryable(type, r.status) && attempt + 1 < kRemoteAttempts) {
      remote_backoff(attempt);
      continue;
    }
    throw core::Error(type, r.status >= 500 || r.status == 200 ? 502 : 400,
                      operation + " at " + endpoint() + ": " + type + (message.empty() ? "" : ": " + message));
  }
}

}  // namespace wharf::pipeline
