#include "dynamo/api/dynamo_router.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <unordered_map>

#include "auth/auth_error.h"
#include "core/clock.h"
#include "core/hash.h"
#include "core/random.h"
#include "core/url.h"
#include "dynamo/api/dynamo_context.h"
#include "dynamo/attribute_value.h"
#include "dynamo/errors.h"

namespace wharf::dynamo {

namespace {

constexpr std::string_view kDynamoPrefix = "DynamoDB_20120810.";
constexpr std::string_view kStreamsPrefix = "DynamoDBStreams_20120810.";
constexpr size_t kMaxBody = 16 << 20;

const std::unordered_map<std::string_view, DynamoHandler>& operations() {
  static const std::unordered_map<std::string_view, DynamoHandler> ops = {
      {"CreateTable", create_table},
      {"DescribeTable", describe_table},
      {"ListTables", list_tables},
      {"DeleteTable", delete_table},
      {"UpdateTable", update_table},
      {"UpdateTimeToLive", update_time_to_live},
      {"DescribeTimeToLive", describe_time_to_live},
      {"TagResource", tag_resource},
      {"UntagResource", untag_resource},
      {"ListTagsOfResource", list_tags_of_resource},
      {"DescribeLimits", describe_limits},
      {"DescribeEndpoints", describe_endpoints},
      {"DescribeContinuousBackups", describe_continuous_backups},
      {"PutItem", put_item},
      {"GetItem", get_item},
      {"DeleteItem", delete_item},
      {"UpdateItem", update_item},
      {"Query", query},
      {"Scan", scan},
      {"BatchGetItem", batch_get_item},
      {"BatchWriteItem", batch_write_item},
      {"TransactWriteItems", transact_write_items},
      {"TransactGetItems", transact_get_items},
  };
  return ops;
}

const std::unordered_map<std::string_view, DynamoHandler>& stream_operations() {
  static const std::unordered_map<std::string_view, DynamoHandler> ops = {
      {"ListStreams", list_streams},
      {"DescribeStream", describe_stream},
      {"GetShardIterator", get_shard_iterator},
      {"GetRecords", get_records},
  };
  return ops;
}

core::Error map_auth_error(const auth::AuthError& e) {
  using auth::AuthFailure;
  switch (e.kind()) {
    case AuthFailure::kUnknownAccessKey:
      return dynamo_error("UnrecognizedClientException",
                          "The security token included in the request is invalid.");
    case AuthFailure::kSignatureMismatch:
      return dynamo_error(
          "InvalidSignatureException",
          "The request signature we calculated does not match the signature you provided. Check "
          "your AWS Secret Access Key and signing method. Consult the service documentation for "
          "details.");
    case AuthFailure::kTimeSkewed:
    case AuthFailure::kExpired:
      return dynamo_error("InvalidSignatureException",
                          "Signature expired: " + std::string(e.what()));
    case AuthFailure::kMalformedHeader:
    case AuthFailure::kMalformedQuery:
    case AuthFailure::kUnsupportedAlgorithm:
      return dynamo_error("IncompleteSignatureException", e.what());
    default:
      return dynamo_error("InvalidSignatureException", e.what());
  }
}

boost::json::object error_body(const core::Error& e) {
  boost::json::object o{{"__type", error_type(e.code())}, {"message", e.message()}};
  if (const auto* cf = dynamic_cast<const ConditionFailed*>(&e); cf && cf->item)
    o["Item"] = item_to_wire(*cf->item);
  return o;
}

}  // namespace

bool DynamoApi::accepts(const net::Request& req) {
  std::string_view target = req.header("x-amz-target");
  return target.starts_with(kDynamoPrefix) || target.starts_with(kStreamsPrefix);
}

net::Response DynamoApi::handle(net::Request& req, net::RequestInfo& info) {
  info.api = "dynamodb";
  std::string request_id = core::request_id();
  net::Response res;
  std::string body;
  try {
    std::string_view target = req.header("x-amz-target");
    bool streams = target.starts_with(kStreamsPrefix);
    std::string_view op = target.substr(streams ? kStreamsPrefix.size() : kDynamoPrefix.size());
    info.operation = std::string(op);
    if (req.method != "POST")
      throw dynamo_error("SerializationException", "Only POST requests are accepted");
    std::string payload = core::read_all(*req.body, kMaxBody);
    if (req.header("authorization").empty() &&
        req.query.find("X-Amz-Signature") == std::string::npos)
      throw dynamo_error("MissingAuthenticationTokenException",
                         "Request is missing Authentication Token");
    try {
      auth_.authenticate(req, core::parse_query(req.query).value_or(core::QueryParams{}),
                         core::now_millis() / 1000, &payload);
    } catch (const auth::AuthError& e) {
      throw map_auth_error(e);
    }
    const auto& table = streams ? stream_operations() : operations();
    auto it = table.find(op);
    if (it == table.end()) throw dynamo_error("UnknownOperationException", "");
    boost::system::error_code ec;
    boost::json::value parsed = boost::json::parse(payload.empty() ? "{}" : payload, ec);
    if (ec || !parsed.is_object())
      throw dynamo_error("SerializationException",
                         "Start of structure or map found where not expected");
    DynamoContext ctx{parsed.get_object(), store_, config_, tokens_, {}};
    boost::json::object answer = it->second(ctx);
    body = ctx.raw_reply.empty() ? boost::json::serialize(answer) : std::move(ctx.raw_reply);
  } catch (const core::Error& e) {
    if (e.http_status() >= 500) spdlog::error("dynamodb {}: {}", info.operation, e.what());
    res.status = e.http_status();
    boost::json::object o = error_body(e);
    if (const auto* tc = dynamic_cast<const TransactionCanceled*>(&e)) {
      boost::json::array reasons;
      for (const auto& r : tc->reasons) {
        boost::json::object x{{"Code", r.code}};
        if (!r.message.empty()) x["Message"] = r.message;
        if (r.item) x["Item"] = item_to_wire(*r.item);
        reasons.push_back(std::move(x));
      }
      o["CancellationReasons"] = std::move(reasons);
      o["Message"] = o["message"];
    }
    body = boost::json::serialize(o);
  } catch (const std::exception& e) {
    spdlog::error("dynamodb {}: {}", info.operation, e.what());
    res.status = 500;
    body = boost::json::serialize(boost::json::object{{"__type", error_type("InternalServerError")},
                                                      {"message", "Internal server error"}});
  }
  res.set("Content-Type", "application/x-amz-json-1.0");
  res.set("x-amzn-RequestId", request_id);
  res.set("x-amz-crc32", std::to_string(core::crc32(0, body)));
  res.body = std::move(body);
  return res;
}

}  // namespace wharf::dynamo
