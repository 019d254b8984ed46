#include "cli/serve.h"

#include <csignal>

#include "admin/api/admin_handlers.h"
#include "auth/authenticator.h"
#include "cli/data_dir.h"
#include "core/log.h"
#include "dynamo/api/dynamo_router.h"
#include "net/server.h"
#include "s3/api/s3_router.h"
#include "search/api/search_api.h"

namespace wharf::cli {

int serve(const core::Config& config) {
  DataDir data(config);
  if (config.postgres) data.start_relational_store();
  auth::CredentialStore creds(config.users);
  auth::Authenticator authenticator(creds);
  s3::S3Api s3_api(data.objects, authenticator, config);
  data.tables.start_background(config.ttl_interval_ms);
  dynamo::DynamoApi dynamo_api(data.tables, authenticator, config);
  data.search.start_background();
  search::SearchApi search_api(data.search);
  net::Metrics metrics;

  // Block the stop signals in every thread; the main thread waits for them below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  net::ServerOptions aws_opts;
  aws_opts.host = config.host;
  aws_opts.port = config.port;
  aws_opts.max_connections = config.max_connections;
  aws_opts.shutdown_grace_seconds = config.shutdown_grace_seconds;
  net::Server aws(
      aws_opts,
      [&](net::Request& req, net::RequestInfo& info) {
        if (auto r = admin::handle_admin(req, info, metrics)) return std::move(*r);
        if (dynamo::DynamoApi::accepts(req)) return dynamo_api.handle(req, info);
        return s3_api.handle(req, info);
      },
      metrics);
  // The Elasticsearch-compatible API listens on its own port, as Elasticsearch does.
  net::ServerOptions search_opts = aws_opts;
  search_opts.port = config.search_port;
  net::Server search(
      search_opts,
      [&](net::Request& req, net::RequestInfo& info) { return search_api.handle(req, info); },
      metrics);
  try {
    aws.start();
    search.start();
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  spdlog::info(
      "wharf serving S3 and DynamoDB on http://{}:{} and search on http://{}:{}, data in {}",
      config.host, aws.port(), config.host, search.port(), config.data_dir);
  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("signal {}: finishing in-flight requests", sig);
  aws.stop();
  search.stop();
  if (data.postgres) data.postgres->stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace wharf::cli
