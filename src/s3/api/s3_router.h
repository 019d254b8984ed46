// The S3 REST API entry point: authenticates, resolves path-style or virtual-host addressing,
// picks the operation from method + subresource, and renders errors as S3 XML.
#pragma once

#include "auth/authenticator.h"
#include "core/config.h"
#include "net/http.h"
#include "s3/object_store.h"

namespace wharf::s3 {

class S3Api {
 public:
  S3Api(ObjectStore& store, const auth::Authenticator& auth, const core::Config& config)
      : store_(store), auth_(auth), config_(config) {}
  net::Response handle(net::Request& req, net::RequestInfo& info) const;

 private:
  ObjectStore& store_;
  const auth::Authenticator& auth_;
  const core::Config& config_;
};

}  // namespace wharf::s3
