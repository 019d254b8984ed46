// Everything a DynamoDB operation handler needs about one request, and the handlers, one per
// operation (table_handlers.cc, item_handlers.cc, read_handlers.cc, batch_handlers.cc,
// transact_handlers.cc, stream_handlers.cc). Handlers take the parsed JSON body and return
// the JSON response; errors are thrown as core::Error and rendered by the router.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "core/config.h"
#include "dynamo/table_store.h"

namespace wharf::dynamo {

class IdempotencyCache;

struct DynamoContext {
  const boost::json::object& in;
  TableStore& store;
  const core::Config& config;
  IdempotencyCache& tokens;
  // Handlers that write their answer's JSON text themselves (item lists) put it here and
  // return an empty object.
  std::string raw_reply;
  std::string table_arn(const std::string& table) const {
    return "arn:aws:dynamodb:" + config.region + ":000000000000:table/" + table;
  }
};

using DynamoHandler = boost::json::object (*)(DynamoContext&);

boost::json::object create_table(DynamoContext&);
boost::json::object describe_table(DynamoContext&);
boost::json::object list_tables(DynamoContext&);
boost::json::object delete_table(DynamoContext&);
boost::json::object update_table(DynamoContext&);
boost::json::object update_time_to_live(DynamoContext&);
boost::json::object describe_time_to_live(DynamoContext&);
boost::json::object tag_resource(DynamoContext&);
boost::json::object untag_resource(DynamoContext&);
boost::json::object list_tags_of_resource(DynamoContext&);
boost::json::object describe_limits(DynamoContext&);
boost::json::object describe_endpoints(DynamoContext&);
boost::json::object describe_continuous_backups(DynamoContext&);

boost::json::object put_item(DynamoContext&);
boost::json::object get_item(DynamoContext&);
boost::json::object delete_item(DynamoContext&);
boost::json::object update_item(DynamoContext&);
boost::json::object query(DynamoContext&);
boost::json::object scan(DynamoContext&);
boost::json::object batch_get_item(DynamoContext&);
boost::json::object batch_write_item(DynamoContext&);
boost::json::object transact_write_items(DynamoContext&);
boost::json::object transact_get_items(DynamoContext&);

boost::json::object list_streams(DynamoContext&);
boost::json::object describe_stream(DynamoContext&);
boost::json::object get_shard_iterator(DynamoContext&);
boost::json::object get_records(DynamoContext&);

}  // namespace wharf::dynamo
