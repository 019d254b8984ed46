// The object source: every object under an s3:// prefix of the embedded object store, in key
// order, each decoded by its format (from the spec, or the key's extension).
//   source: {object: "s3://raw/orders/", format: json}
#include "pipeline/object_url.h"
#include "pipeline/record_reader.h"
#include "pipeline/source.h"
#include "s3/api/request_util.h"
#include "s3/object_store.h"

namespace wharf::pipeline {

std::unique_ptr<Source> open_object_source(const SpecNode& spec, const Services& s) {
  auto allowed = FormatOptions::keys();
  allowed.push_back("object");
  spec.allow_keys(allowed);
  auto url = ObjectUrl::parse(spec.at("object"));
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
