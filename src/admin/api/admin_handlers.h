// wharf's own endpoints under /_wharf/ on the AWS port: health and Prometheus metrics.
#pragma once

#include <optional>

#include "net/http.h"
#include "net/metrics.h"

namespace wharf::admin {

// Answers /_wharf/* requests; nullopt for any other path.
std::optional<net::Response> handle_admin(const net::Request& req, net::RequestInfo& info,
                                          const net::Metrics& metrics);

}  // namespace wharf::admin
