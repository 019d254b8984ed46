// DynamoDB's TableDescription (DescribeTable, CreateTable, UpdateTable, DeleteTable answers)
// and the stream ARN of a table.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "dynamo/api/dynamo_context.h"

namespace wharf::dynamo {

boost::json::object table_description(const DynamoContext& ctx, const TableDef& t,
                                      const char* status = "ACTIVE");
std::string stream_arn(const DynamoContext& ctx, const TableDef& t);
boost::json::array key_schema_json(const KeySchema& k);

}  // namespace wharf::dynamo
