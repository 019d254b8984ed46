// A remote DynamoDB endpoint (another `wharf serve`, AWS, DynamoDB Local, dynalite): the JSON API
// over http(s), SigV4-signed for "dynamodb", one keep-alive connection. Throttling and server
// errors are retried with exponential backoff, as the AWS SDKs do; every other DynamoDB error is
// a core::Error carrying DynamoDB's exception name and message.
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "pipeline/remote_endpoint.h"

namespace wharf::pipeline {

class DynamoClient {
 public:
  DynamoClient(const std::string& endpoint, AwsAccess access);

  // Calls `operation` ("Scan", "BatchWriteItem", ...) and returns its response document.
  // An error is core::Error(<exception name>, <status>, "<operation> at <endpoint>: <name>: <message>").
  boost::json::object call(const std::string& operation, const boost::json::object& request);
  const std::string& endpoint() const { return conn_.url(); }

 private:
  RemoteConnection conn_;
  AwsAccess access_;
};

}  // namespace wharf::pipeline
