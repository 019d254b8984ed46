// AWS Signature Version 2 as S3 defines it (HMAC-SHA1 over verb, Content-MD5, Content-Type,
// date or expiry, x-amz-* headers and the resource with its subresources). boto3 still presigns
// S3 URLs with it by default (AWSAccessKeyId / Signature / Expires), so presigned links made by
// unmodified code need it.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/url.h"
#include "net/http.h"

namespace wharf::auth {

// `date_or_expires`: the Date header (header auth) or the Expires parameter (query auth).
std::string sigv2_string_to_sign(const net::Request& req, const core::QueryParams& params,
                                 const std::string& resource_path,
                                 const std::string& date_or_expires);
std::string sigv2_signature(const std::string& secret,
                            const std::string& string_to_sign);  // base64

}  // namespace wharf::auth
