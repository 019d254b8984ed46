// The DynamoDB JSON API entry point (and DynamoDB Streams): a POST with
// `X-Amz-Target: DynamoDB_20120810.<Operation>` (or `DynamoDBStreams_20120810.<Operation>`).
// Reads the body, authenticates it (SigV4 over the buffered body), dispatches to the
// operation's handler and renders errors as DynamoDB does: JSON {"__type", "message"} with the
// table's HTTP status.
#pragma once

#include "auth/authenticator.h"
#include "core/config.h"
#include "dynamo/api/idempotency.h"
#include "dynamo/table_store.h"
#include "net/http.h"

namespace wharf::dynamo {

class DynamoApi {
 public:
  DynamoApi(TableStore& store, const auth::Authenticator& auth, const core::Config& config)
      : store_(store), auth_(auth), config_(config) {}
  // True when the request is addressed to DynamoDB (its X-Amz-Target says so).
  static bool accepts(const net::Request& req);
  net::Response handle(net::Request& req, net::RequestInfo& info);

 private:
  TableStore& store_;
  const auth::Authenticator& auth_;
  const core::Config& config_;
  IdempotencyCache tokens_;
};

}  // namespace wharf::dynamo
