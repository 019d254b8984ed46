#include "admin/api/admin_handlers.h"

namespace wharf::admin {

std::optional<net::Response> handle_admin(const net::Request& req, net::RequestInfo& info,
                                          const net::Metrics& metrics) {
  if (req.path.rfind("/_wharf/", 0) != 0) return std::nullopt;
  info.api = "admin";
  net::Response r;
  if (req.path == "/_wharf/health") {
    info.operation = "Health";
    r.set("Content-Type", "application/json");
    r.body = R"({"status":"ok","services":{"s3":"running"}})";
  } else if (req.path == "/_wharf/metrics") {
    info.operation = "Metrics";
    r.set("Content-Type", "text/plain; version=0.0.4");
    r.body = metrics.render_prometheus();
  } else {
    info.operation = "NotFound";
    r.status = 404;
    r.set("Content-Type", "application/json");
    r.body = R"({"error":"no such wharf endpoint"})";
  }
  return r;
}

}  // namespace wharf::admin
