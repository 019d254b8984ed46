#include "s3/errors.h"

#include <unordered_map>

namespace wharf::s3 {

namespace {

struct Spec {
  int status;
  const char* message;
};

const std::unordered_map<std::string_view, Spec>& table() {
  static const std::unordered_map<std::string_view, Spec> t = {
      {"AccessDenied", {403, "Access Denied"}},
      {"AuthorizationHeaderMalformed", {400, "The authorization header is malformed."}},
      {"AuthorizationQueryParametersError",
       {400, "Error parsing the query-string authentication parameters."}},
      {"BadRequest", {400, "Bad Request"}},
      {"BadDigest", {400, "The Content-MD5 you specified did not match what we received."}},
      {"BucketAlreadyExists",
       {409,
        "The requested bucket name is not available. The bucket namespace is shared by all users "
        "of the system. Please select a different name and try again."}},
      {"BucketAlreadyOwnedByYou",
       {409, "Your previous request to create the named bucket succeeded and you already own it."}},
      {"BucketNotEmpty", {409, "The bucket you tried to delete is not empty"}},
      {"EntityTooLarge", {400, "Your proposed upload exceeds the maximum allowed size"}},
      {"EntityTooSmall",
       {400, "Your proposed upload is smaller than the minimum allowed object size."}},
      {"IncompleteBody",
       {400,
        "You did not provide the number of bytes specified by the Content-Length HTTP header."}},
      {"InternalError", {500, "We encountered an internal error. Please try again."}},
      {"InvalidAccessKeyId",
       {403, "The AWS Access Key Id you provided does not exist in our records."}},
      {"InvalidArgument", {400, "Invalid Argument"}},
      {"InvalidBucketName", {400, "The specified bucket is not valid."}},
      {"InvalidDigest", {400, "The Content-MD5 you specified is not valid."}},
      {"InvalidLocationConstraint", {400, "The specified location-constraint is not valid"}},
      {"InvalidPartNumber", {416, "The requested partnumber is not satisfiable"}},
      {"InvalidPart",
       {400,
        "One or more of the specified parts could not be found.  The part may not have been "
        "uploaded, or the specified entity tag may not match the part's entity tag."}},
      {"InvalidPartOrder",
       {400,
        "The list of parts was not in ascending order. Parts must be ordered by part number."}},
      {"InvalidRange", {416, "The requested range is not satisfiable"}},
      {"InvalidRequest", {400, "Invalid Request"}},
      {"InvalidURI", {400, "Couldn't parse the specified URI."}},
      {"InvalidTag", {400, "The TagKey you have provided is invalid"}},
      {"KeyTooLongError", {400, "Your key is too long"}},
      {"MalformedXML",
       {400,
        "The XML you provided was not well-formed or did not validate against our published "
        "schema"}},
      {"MaxMessageLengthExceeded", {400, "Your request was too big."}},
      {"MetadataTooLarge",
       {400, "Your metadata headers exceed the maximum allowed metadata size."}},
      {"MethodNotAllowed", {405, "The specified method is not allowed against this resource."}},
      {"MissingContentLength", {411, "You must provide the Content-Length HTTP header."}},
      {"NoSuchBucket", {404, "The specified bucket does not exist"}},
      {"NoSuchKey", {404, "The specified key does not exist."}},
      {"NoSuchUpload",
       {404,
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have "
        "been aborted or completed."}},
      {"NotImplemented",
       {501, "A header you provided implies functionality that is not implemented"}},
      {"PreconditionFailed",
       {412, "At least one of the pre-conditions you specified did not hold"}},
      {"RequestTimeTooSkewed",
       {403, "The difference between the request time and the current time is too large."}},
      {"SignatureDoesNotMatch",
       {403,
        "The request signature we calculated does not match the signature you provided. Check your "
        "key and signing method."}},
      {"XAmzContentSHA256Mismatch",
       {400, "The provided 'x-amz-content-sha256' header does not match what was computed."}},
  };
  return t;
}

}  // namespace

core::Error s3_error(std::string_view code, std::string message) {
  auto it = table().find(code);
  // A code missing from the table is a wharf bug: say so loudly rather than guess a status.
  if (it == table().end())
    return core::Error("InternalError", 500, "unknown S3 error code " + std::string(code));
  if (message.empty()) message = it->second.message;
  return core::Error(std::string(code), it->second.status, std::move(message));
}

core::Error no_such_bucket(const std::string& bucket) {
  return s3_error("NoSuchBucket").with("BucketName", bucket);
}
core::Error no_such_key(const std::string& key) { return s3_error("NoSuchKey").with("Key", key); }
core::Error no_such_upload(const std::string& id) {
  return s3_error("NoSuchUpload").with("UploadId", id);
}
core::Error not_implemented(const std::string& what) {
  return s3_error("NotImplemented", what + " is not implemented by wharf.");
}

}  // namespace wharf::s3
