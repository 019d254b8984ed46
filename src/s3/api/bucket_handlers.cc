// Bucket-level operations: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation,
// GetBucketVersioning.
#include "core/clock.h"
#include "s3/api/request_util.h"
#include "s3/api/s3_context.h"
#include "s3/api/xml_writer.h"
#include "s3/bucket_name.h"
#include "s3/errors.h"

namespace wharf::s3 {

static net::Response xml_response(const XmlDoc& doc, int status = 200) {
  net::Response r;
  r.status = status;
  r.set("Content-Type", "application/xml");
  r.body = doc.str();
  return r;
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
  if (!valid_bucket_name(ctx.bucket)) throw s3_error("InvalidBucketName").with("BucketName", ctx.bucket);
  std::string region = ctx.config.region;
  std::string body = read_small_body(ctx, 64 * 1024);
  if (!body.empty()) {
    pugi::xml_document doc;
    parse_xml_body(doc, body);
    auto cfg = doc.child("CreateBucketConfiguration");
    if (!cfg) throw s3_error("MalformedXML");
    if (auto loc = cfg.child("LocationConstraint")) {
      std::string value = loc.text().as_string();
      if (value.empty() || value == "us-east-1")
        throw s3_error("InvalidLocationConstraint", "The specified location-constraint is not valid")
            .with("LocationConstraint", value);
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
  if (b.region != "us-east-1") doc.root().append_child(pugi::node_pcdata).set_value(b.region.c_str());
  return xml_response(doc);
}

net::Response get_bucket_versioning(S3Context& ctx) {
  require_owned_bucket(ctx);
  XmlDoc doc("VersioningConfiguration");  // never enabled: no Status element, as S3 for such buckets
  return xml_response(doc);
}

}  // namespace wharf::s3
