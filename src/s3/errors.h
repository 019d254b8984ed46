// The S3 error table (codes, HTTP statuses and default messages as AWS documents them in
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). Every S3 error wharf
// answers with comes from here.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace wharf::s3 {

// An S3 error by code, with the table's status and default message unless `message` is given.
core::Error s3_error(std::string_view code, std::string message = {});

// Common shapes with their detail elements filled in.
core::Error no_such_bucket(const std::string& bucket);
core::Error no_such_key(const std::string& key);
core::Error no_such_upload(const std::string& upload_id);
core::Error not_implemented(const std::string& what);

}  // namespace wharf::s3
