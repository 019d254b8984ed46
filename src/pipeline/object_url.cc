#include "pipeline/object_url.h"

#include "s3/bucket_name.h"

namespace wharf::pipeline {

ObjectUrl ObjectUrl::parse(const SpecNode& node) {
  std::string url = node.as_string();
  if (!url.starts_with("s3://")) node.fail("expected s3://bucket/key, got '" + url + "'");
  std::string rest = url.substr(5);
  size_t slash = rest.find('/');
  ObjectUrl u{rest.substr(0, slash), slash == std::string::npos ? "" : rest.substr(slash + 1)};
  if (!s3::valid_bucket_name(u.bucket)) node.fail("'" + u.bucket + "' is not a valid bucket name");
  return u;
}

}  // namespace wharf::pipeline
