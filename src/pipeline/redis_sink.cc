// The Redis sink: rows as cache entries (the user cache of the seed's example).
//   sinks:
//     cache: {redis: "redis://127.0.0.1:6379/0", redis_key: "user:{user_id}", ttl: 3600}
// The value is the row as JSON (format: json, the default) or a hash of its fields (format:
// hash). delete_when rows DEL their key. Commands are pipelined, a thousand per round trip.
#include "core/json_codec.h"
#include "pipeline/record_writer.h"
#include "pipeline/redis_client.h"
#include "pipeline/sink.h"
#include "pipeline/spill_file.h"

namespace wharf::pipeline {
namespace {

class RedisSink : public Sink {
 public:
  RedisSink(SinkCommon c, const SpecNode& spec, const SinkRun& run)
      : Sink(std::move(c)), spill_(run.dir + "/redis.spill") {
    spec.allow_keys({"redis", "redis_key", "ttl", "format", "mode", "when", "delete_when"});
    url_ = spec.string("redis");
    template_ = spec.string("redis_key");
    for (size_t p = 0; (p = template_.find('{', p)) != std::string::npos;) {
      size_t end = template_.find('}', p);
      if (end == std::string::npos) spec.at("redis_key").fail("unclosed '{' in the key template");
      fields_.push_back(template_.substr(p + 1, end - p - 1));
      p = end;
    }
    if (fields_.empty()) spec.at("redis_key").fail("the key template needs a {field}, or every row writes one key");
    ttl_ = spec.int_or("ttl", 0, 0, 10LL * 365 * 24 * 3600);
    format_ = spec.string_or("format", "json");
    if (format_ != "json" && format_ != "hash") spec.at("format").fail("format is json or hash");
    if (common().mode == WriteMode::kReplace)
      spec.at("mode").fail("a Redis sink upserts keys (mode: upsert or append)");
    client_ = std::make_unique<RedisClient>(url_);  // an unreachable Redis fails before reading
  }

  std::string describe() const override { return "redis " + client_->address() + " " + template_; }
  void write(const Batch& b) override { stage(b, 'u'); }
  void remove(const Batch& b) override { stage(b, 'd'); }

  void publish(const PublishContext&) override {
    size_t queued = 0;
    spill_.for_each([&](char kind, core::Map& rec) {
      std::string key = rec.at("k").as<std::string>();
      if (kind == 'd') {
        client_->append({"DEL", key});
        ++deleted_;
      } else if (format_ == "json") {
        std::vector<std::string> cmd{"SET", key, core::to_json(rec.at("v"))};
        if (ttl_) cmd.insert(cmd.end(), {"EX", std::to_string(ttl_)});
        client_->append(cmd);
        ++rows_;
      } else {
        client_->append({"DEL", key});
        std::vector<std::string> cmd{"HSET", key};
        for (auto& [f, v] : rec.at("v").as<core::Map>()) cmd.insert(cmd.end(), {f, cell_text(v)});
        if (cmd.size() > 2) client_->append(cmd);
        if (ttl_) client_->append({"EXPIRE", key, std::to_string(ttl_)});
        ++rows_;
      }
      if (++queued % 1000 == 0) client_->flush();
    });
    client_->flush();
    spill_.remove();
  }

  void abort() noexcept override { spill_.remove(); }

 private:
  void stage(const Batch& b, char kind) {
    std::vector<int> slots;
    for (auto& f : fields_) slots.push_back(b.schema->find(f));
    for (const auto& row : b.rows) {
      std::string key = template_;
      bool missing = false;
      for (size_t i = 0; i < fields_.size(); ++i) {
        const auto& v = row.at(slots[i]);
        if (v.is_null()) {
          reject(b, row, "the key template needs field '" + fields_[i] + "'");
          missing = true;
          break;
        }
        size_t p = key.find("{" + fields_[i] + "}");
        key.replace(p, fields_[i].size() + 2, cell_text(v));
      }
      if (missing) continue;
      core::Map rec{{"k", key}};
      if (kind == 'u') rec["v"] = row_to_map(*b.schema, row);
      spill_.append(kind, rec);
    }
  }

  std::string url_, template_, format_;
  std::vector<std::string> fields_;
  long long ttl_ = 0;
  std::unique_ptr<RedisClient> client_;
  SpillFile spill_;
};

}  // namespace

std::unique_ptr<Sink> make_redis_sink(SinkCommon c, const SpecNode& spec, const Services&, const SinkRun& run) {
  return std::make_unique<RedisSink>(std::move(c), spec, run);
}

}  // namespace wharf::pipeline
