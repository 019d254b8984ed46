// The DynamoDB error table: each code with the HTTP status and the `__type` namespace DynamoDB
// answers with (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html
// and each operation's Errors section). Every DynamoDB error wharf answers with comes from here.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace wharf::dynamo {

// An error by code with its table status; `message` is the user-facing text.
core::Error dynamo_error(std::string_view code, std::string message);

// The common one: ValidationException (400) with DynamoDB's wording.
core::Error validation(std::string message);

// "com.amazonaws.dynamodb.v20120810#Code" or the coral namespace the code belongs to.
std::string error_type(std::string_view code);

}  // namespace wharf::dynamo
