// The Redis source: the keys matching a pattern (SCAN, so a large keyspace is never listed in
// one reply), each as a row: a string holding a JSON object gives its fields, any other string
// {value}, a hash its fields; every row has _key. Other types are rejects.
//   source: {redis: "redis://127.0.0.1:6379/0", keys: "user:*"}
#include "core/json_codec.h"
#include "pipeline/redis_client.h"
#include "pipeline/source.h"

namespace wharf::pipeline {
namespace {

class RedisSource : public Source {
 public:
  RedisSource(std::unique_ptr<RedisClient> client, std::string pattern)
      : client_(std::move(client)), pattern_(std::move(pattern)) {}

  bool next(Batch& out, size_t max_rows, Rejects& rejects) override {
    std::vector<MapRecord> records;
    while (records.empty() && !(done_ && keys_.empty())) {
      while (keys_.size() < max_rows && !done_) scan();
      std::vector<std::string> batch;
      while (!keys_.empty() && batch.size() < max_rows) {
        batch.push_back(std::move(keys_.back()));
        keys_.pop_back();
      }
      if (batch.empty()) break;
      std::vector<std::vector<std::string>> types;
      for (auto& k : batch) types.push_back({"TYPE", k});
      auto kinds = client_->exchange(types);
      std::vector<std::vector<std::string>> reads;
      for (size_t i = 0; i < batch.size(); ++i)
        reads.push_back({kinds[i].str == "hash" ? "HGETALL" : "GET", batch[i]});
      auto values = client_->exchange(reads);
      for (size_t i = 0; i < batch.size(); ++i) {
        ++position_;
        const auto& kind = kinds[i].str;
        core::Map fields;
        if (kind == "hash") {
          auto& e = values[i].elements;
          for (size_t k = 0; k + 1 < e.size(); k += 2) fields[e[k].str] = e[k + 1].str;
        } else if (kind == "string") {
          const std::string& text = values[i].str;
          bool object = false;
          if (!text.empty() && text.front() == '{') {
            try {
              auto v = core::parse_json(text);
              if (v.is<core::Map>()) {
                fields = std::move(v.as<core::Map>());
                object = true;
              }
            } catch (const core::Error&) {
            }
          }
          if (!object) fields["value"] = text;
        } else if (kind == "none") {
          continue;  // expired or deleted since SCAN saw it
        } else {
          rejects.add_unreadable(origin(), position_, "read", "key " + batch[i] + " holds a " + kind +
                                                                 ", not a string or a hash", batch[i]);
          continue;
        }
        fields["_key"] = batch[i];
        records.push_back(MapRecord{std::move(fields), position_, {}});
      }
    }
    if (records.empty()) return false;
    fill_batch(out, records);
    out.origin = origin();
    return true;
  }
  std::string describe() const override { return origin(); }

 private:
  std::string origin() const { return "redis " + client_->address() + " " + pattern_; }
  void scan() {
    auto r = client_->command({"SCAN", cursor_, "MATCH", pattern_, "COUNT", "1000"});
    if (r.elements.size() != 2) throw core::Error("RedisError", 502, "unexpected SCAN reply");
    cursor_ = r.elements[0].str;
    for (auto& k : r.elements[1].elements) keys_.push_back(k.str);
    done_ = cursor_ == "0";
  }

  std::unique_ptr<RedisClient> client_;
  std::string pattern_, cursor_ = "0";
  std::vector<std::string> keys_;
  bool done_ = false;
  uint64_t position_ = 0;
};

}  // namespace

std::unique_ptr<Source> open_redis_source(const SpecNode& spec, const Services&) {
  spec.allow_keys({"redis", "keys"});
  return std::make_unique<RedisSource>(std::make_unique<RedisClient>(spec.string("redis")),
                                       spec.string_or("keys", "*"));
}

}  // namespace wharf::pipeline
