// Bucket-level operations: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation,
// GetBucketVersioning.
#include "core/clock.h"
#include "s3/api/request_util.h"
#include "s3/api/s3_context.h"
#include "s3/api/xml_writer.h"
#include "s3/bucket_name.h"
#include "s3/errors.h"

namespace wharf::s3 {

// Regions S3 accepts as a LocationConstraint (us-east-1 is expressed by omitting it).
static bool known_region(const std::string& r) {
  static const char* const kRegions[] = {
      "af-south-1",     "ap-east-1",      "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
      "ap-south-1",     "ap-south-2",     "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
      "ap-southeast-4", "ap-southeast-5", "ca-central-1",   "ca-west-1",      "cn-north-1",
      "cn-northwest-1", "eu-central-1",   "eu-central-2",   "eu-north-1",     "eu-south-1",
      "eu-south-2",     "eu-west-1",      "eu-west-2",      "eu-west-3",      "il-central-1",
      "me-central-1",   "me-south-1",     "mx-central-1",   "sa-east-1",      "us-east-2",
      "us-gov-east-1",  "us-gov-west-1",  "us-west-1",      "us-west-2",      "EU"};
  for (const char* k : kRegions)
    if (r == k) return true;
  return false;
}

static void require_signed(S3Context& ctx) {
  if (ctx.auth.identity.anonymous()) throw s3_error("AccessDenied");
}

net::Response list_buckets(S3Context& ctx) {
  require_signed(ctx);
  XmlDoc doc("ListAllMyBucketsResult");
  auto owner = doc.root().append_child("Owner");
  add(owner, "ID", ctx.user());
  add(owner, "DisplayName", ctx.user());
  auto buckets = doc.root().append_child("Buckets");
  for (const auto& b : ctx.store.list_buckets(ctx.user())) {
    auto n = buckets.append_child("Bucket");
    add(n, "Name", b.name);
    add(n, "CreationDate", core::iso8601_millis(b.created_ms));
  }
  return xml_response(doc);
}

net::Response create_bucket(S3Context& ctx) {
  require_signed(ctx);
  if (!valid_bucket_name(ctx.bucket))
    throw s3_error("InvalidBucketName").with("BucketName", ctx.bucket);
  std::string region = ctx.config.region;
  std::string body = read_small_body(ctx, 64 * 1024);
  if (!body.empty()) {
    pugi::xml_document doc;
    parse_xml_body(doc, body);
    auto cfg = doc.child("CreateBucketConfiguration");
    if (!cfg) throw s3_error("MalformedXML");
    if (auto loc = cfg.child("LocationConstraint")) {
      std::string value = loc.text().as_string();
      if (!known_region(value))
        throw s3_error("InvalidLocationConstraint").with("LocationConstraint", value);
      region = value;
    }
  }
  ctx.store.create_bucket(ctx.bucket, ctx.user(), region);
  net::Response r;
  r.set("Location", "/" + ctx.bucket);
  return r;
}

net::Response head_bucket(S3Context& ctx) {
  BucketInfo b = require_owned_bucket(ctx);
  net::Response r;
  r.set("x-amz-bucket-region", b.region);
  return r;
}

net::Response delete_bucket(S3Context& ctx) {
  require_owned_bucket(ctx);
  ctx.store.delete_bucket(ctx.bucket);
  net::Response r;
  r.status = 204;
  return r;
}

net::Response get_bucket_location(S3Context& ctx) {
  BucketInfo b = require_owned_bucket(ctx);
  XmlDoc doc("LocationConstraint");
  // us-east-1 is reported as an empty constraint, as S3 does.
  if (b.region != "us-east-1")
    doc.root().append_child(pugi::node_pcdata).set_value(b.region.c_str());
  return xml_response(doc);
}

net::Response get_bucket_versioning(S3Context& ctx) {
  require_owned_bucket(ctx);
  XmlDoc doc(
      "VersioningConfiguration");  // never enabled: no Status element, as S3 for such buckets
  return xml_response(doc);
}

}  // namespace wharf::s3
