// The object source: every object under an s3:// prefix, in key order, each decoded by its
// format (from the spec, or the key's extension): in the embedded object store, or with
// `endpoint:` (or `wharf run --endpoint`) at any S3 endpoint over HTTP(S) (another `wharf serve`,
// AWS, MinIO, ...).
//   source: {object: "s3://raw/orders/", format: json}
//   source: {object: "s3://raw/orders/", endpoint: "http://127.0.0.1:4566"}
#include "pipeline/object_url.h"
#include "pipeline/record_reader.h"
#include "pipeline/s3_client.h"
#include "pipeline/source.h"
#include "s3/api/request_util.h"
#include "s3/object_store.h"

namespace wharf::pipeline {

namespace {

// The objects under a prefix of a remote S3 endpoint (another wharf serve, any S3).
std::unique_ptr<Source> open_remote_objects(const SpecNode& spec, const ObjectUrl& url, const std::string& endpoint) {
  auto client = std::make_shared<S3Client>(endpoint, aws_access(spec, "s3"));
  auto keys = client->list(url.bucket, url.key);
  std::erase_if(keys, [](const std::string& k) { return k.ends_with("/"); });
  if (keys.empty())
    spec.at("object").fail("no object under s3://" + url.bucket + "/" + url.key + " at " + client->endpoint());
  for (auto& k : keys) FormatOptions::parse(spec, k);
  size_t n = keys.size();
  return std::make_unique<InputsSource>(
      n,
      [client, bucket = url.bucket, keys = std::move(keys), spec](size_t i) {
        return open_reader(client->open(bucket, keys[i]), FormatOptions::parse(spec, keys[i]),
                           client->endpoint() + "/" + bucket + "/" + keys[i]);
      },
      std::to_string(n) + " object(s) at " + client->endpoint());
}

}  // namespace

std::unique_ptr<Source> open_object_source(const SpecNode& spec, const Services& s) {
  auto allowed = FormatOptions::keys();
  allowed.push_back("object");
  allowed.insert(allowed.end(), std::begin(kRemoteAwsKeys), std::end(kRemoteAwsKeys));
  spec.allow_keys(allowed);
  auto url = ObjectUrl::parse(spec.at("object"));
  if (auto endpoint = remote_endpoint(spec, s, RemoteKind::kAws)) return open_remote_objects(spec, url, *endpoint);
  if (!s.objects) spec.fail("object sources need the embedded object store (run with --data)");
  if (!s.objects->find_bucket(url.bucket)) spec.at("object").fail("no such bucket: " + url.bucket);
  std::vector<std::string> keys;
  s3::ListParams p;
  p.prefix = url.key;
  for (;;) {
    auto page = s.objects->list_objects(url.bucket, p);
    for (auto& e : page.objects)
      if (!e.key.ends_with("/")) keys.push_back(e.key);
    if (!page.truncated) break;
    p.start_after = page.last;
  }
  if (keys.empty()) spec.at("object").fail("no object under s3://" + url.bucket + "/" + url.key);
  for (auto& k : keys) FormatOptions::parse(spec, k);
  size_t n = keys.size();
  return std::make_unique<InputsSource>(
      n,
      [&store = *s.objects, bucket = url.bucket, keys = std::move(keys), spec](size_t i) {
        auto data = store.open_object(bucket, keys[i]);
        uint64_t size = data.meta.size;
        return open_reader(s3::object_reader(std::move(data), 0, size), FormatOptions::parse(spec, keys[i]),
                           "s3://" + bucket + "/" + keys[i]);
      },
      std::to_string(n) + " object(s)");
}

}  // namespace wharf::pipeline
