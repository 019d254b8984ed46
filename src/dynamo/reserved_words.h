// DynamoDB's reserved words
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ReservedWords.html): names that
// cannot appear literally in an expression and need an ExpressionAttributeNames placeholder.
#pragma once
#include <string_view>
namespace wharf::dynamo {
// Case-insensitive.
bool is_reserved_word(std::string_view name);
}  // namespace wharf::dynamo
