// Bucket naming rules: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
#pragma once

#include <string_view>

namespace wharf::s3 {

bool valid_bucket_name(std::string_view name);

}  // namespace wharf::s3
