#include "dynamo/errors.h"

#include <unordered_map>

namespace wharf::dynamo {

namespace {

struct Spec {
  int status;
  const char* ns;  // the __type namespace
};

constexpr const char* kDynamo = "com.amazonaws.dynamodb.v20120810#";
constexpr const char* kCoral = "com.amazon.coral.service#";

const std::unordered_map<std::string_view, Spec>& table() {
  static const std::unordered_map<std::string_view, Spec> t = {
      {"ValidationException", {400, "com.amazon.coral.validate#"}},
      {"SerializationException", {400, kCoral}},
      {"UnknownOperationException", {400, kCoral}},
      {"UnrecognizedClientException", {400, kCoral}},
      {"InvalidSignatureException", {400, kCoral}},
      {"MissingAuthenticationTokenException", {400, kCoral}},
      {"IncompleteSignatureException", {400, kCoral}},
      {"AccessDeniedException", {400, kCoral}},
      {"RequestExpired", {400, kCoral}},
      {"ConditionalCheckFailedException", {400, kDynamo}},
      {"ResourceNotFoundException", {400, kDynamo}},
      {"ResourceInUseException", {400, kDynamo}},
      {"LimitExceededException", {400, kDynamo}},
      {"TransactionCanceledException", {400, kDynamo}},
      {"TransactionConflictException", {400, kDynamo}},
      {"IdempotentParameterMismatchException", {400, kDynamo}},
      {"ItemCollectionSizeLimitExceededException", {400, kDynamo}},
      {"ExpiredIteratorException", {400, kDynamo}},
      {"TrimmedDataAccessException", {400, kDynamo}},
      {"InternalServerError", {500, kDynamo}},
  };
  return t;
}

}  // namespace

core::Error dynamo_error(std::string_view code, std::string message) {
  auto it = table().find(code);
  int status = it == table().end() ? 500 : it->second.status;
  return core::Error(std::string(code), status, std::move(message));
}

core::Error validation(std::string message) {
  return dynamo_error("ValidationException", std::move(message));
}

std::string error_type(std::string_view code) {
  auto it = table().find(code);
  return std::string(it == table().end() ? kDynamo : it->second.ns) + std::string(code);
}

}  // namespace wharf::dynamo
