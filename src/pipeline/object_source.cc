// The object source: every object under an s3:// prefix of the embedded object store, in key
// order, each decoded by its format (from the spec, or the key's extension).
//   source: {object: "s3://raw/orders/", format: json}
#include "pipeline/object_url.h"
#include "pipeline/record_reader.h"
#include "pipeline/source.h"
#include "s3/api/request_util.h"
#include "s3/object_store.h"

namespace wharf::pipeline {
namespace {

class ObjectSource : public Source {
 public:
  ObjectSource(s3::ObjectStore& store, ObjectUrl url, std::vector<std::string> keys, const SpecNode& spec)
      : store_(store), url_(std::move(url)), keys_(std::move(keys)), spec_(spec) {}

  bool next(Batch& out, size_t max_rows, Rejects& rejects) override {
    for (;;) {
      if (!reader_) {
        if (index_ >= keys_.size()) return false;
        const auto& key = keys_[index_++];
        auto data = store_.open_object(url_.bucket, key);
        uint64_t size = data.meta.size;
        std::string origin = "s3://" + url_.bucket + "/" + key;
        reader_ = open_reader(s3::object_reader(std::move(data), 0, size),
                              FormatOptions::parse(spec_, key), origin);
      }
      if (reader_->next(out, max_rows, rejects)) return true;
      reader_.reset();
    }
  }
  std::string describe() const override { return std::to_string(keys_.size()) + " object(s)"; }

 private:
  s3::ObjectStore& store_;
  ObjectUrl url_;
  std::vector<std::string> keys_;
  SpecNode spec_;
  size_t index_ = 0;
  std::unique_ptr<RecordReader> reader_;
};

}  // namespace

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
  return std::make_unique<ObjectSource>(*s.objects, std::move(url), std::move(keys), spec);
}

}  // namespace wharf::pipeline
