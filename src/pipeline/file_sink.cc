// The file and object sinks: rows written in a format to local files or to objects of the
// embedded object store (or, with `endpoint:`, of any S3 endpoint), optionally one output per
// value of a field.
//   sinks:
//     report: {file: "out/sales-{day}.csv", partition_by: day}
//     raw:    {object: "s3://exports/orders/{run}.ndjson.gz", mode: append}
// Placeholders: {<partition field>}, {run} (the run id), {date} (the run's UTC date).
// replace (the default) writes each output whole and puts it in place on publish (a reader sees
// the old file or the new one, never half of one); append needs {run} in the path, so each run
// adds its own output. Outputs of earlier runs that this run does not write are left alone.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "pipeline/object_url.h"
#include "pipeline/record_writer.h"
#include "pipeline/s3_client.h"
#include "pipeline/sink.h"
#include "pipeline/formats/byte_io.h"
#include "s3/object_store.h"

namespace wharf::pipeline {
namespace {

std::string content_type(const WriterOptions& o) {
  if (o.gzip) return "application/gzip";
  if (o.format == "csv") return "text/csv; charset=utf-8";
  if (o.format == "ndjson") return "application/x-ndjson";
  if (o.format == "json") return "application/json";
  if (o.format == "xml") return "application/xml";
  return "application/sql";
}

// A partition value as a path segment: no separators, no dot-dot, "null" for null.
std::string path_safe(const core::Value& v) {
  std::string s = v.is_null() ? "null" : cell_text(v);
  for (auto& c : s)
    if (c == '/' || c == '\\' || c == '\0') c = '_';
  if (s.empty() || s == "." || s == "..") s = "_" + s;
  return s;
}

// Puts a complete staged file at `target`, replacing what is there in one step: a rename when
// both are on one filesystem, else a copy to a temporary name beside the target, then a rename.
// The target's directory is fsynced so that the new name survives a crash.
void move_into_place(const std::string& staged, const std::string& target) {
  namespace fs = std::filesystem;
  fs::path parent = fs::path(target).parent_path();
  if (!parent.empty()) fs::create_directories(parent);
  std::error_code ec;
  fs::rename(staged, target, ec);
  if (ec) {
    formats::FileByteSink copy(target);
    formats::FileByteSource in(staged);
    char buf[65536];
    while (size_t n = in.read(buf, sizeof buf)) copy.write(std::string_view(buf, n));
    copy.finish();  // fsync, rename, fsync the directory
    fs::remove(staged);
    return;
  }
  int dir = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

class FileSink : public Sink {
 public:
  FileSink(SinkCommon c, const SpecNode& spec, const Services& s, const SinkRun& run)
      : Sink(std::move(c)), services_(s), run_(run) {
    auto allowed = WriterOptions::keys();
    for (const char* k : {"file", "object", "partition_by", "mode", "when", "part_size_mb"}) allowed.push_back(k);
    allowed.insert(allowed.end(), std::begin(kRemoteAwsKeys), std::end(kRemoteAwsKeys));
    spec.allow_keys(allowed);
    if (spec.has("file") && spec.has("object")) spec.fail("give file: or object:, not both");
    to_object_ = spec.has("object");
    if (to_object_) {
      url_ = ObjectUrl::parse(spec.at("object"));
      if (auto endpoint = remote_endpoint(spec, s, RemoteKind::kAws))
        remote_ = std::make_unique<S3Client>(*endpoint, aws_access(spec, "s3"));
      else if (!s.objects)
        spec.fail("object sinks need the embedded object store (run with --data) or an endpoint:");
      template_ = url_.key;
      part_size_ = static_cast<uint64_t>(spec.int_or("part_size_mb", S3Client::kDefaultPartSize >> 20, 5, 5120)) << 20;
    } else {
      template_ = resolve_path(s, spec.string("file"));
    }
    options_ = WriterOptions::parse(spec, template_);
    partition_by_ = spec.string_or("partition_by", "");
    if (!partition_by_.empty() && template_.find("{" + partition_by_ + "}") == std::string::npos)
      spec.at("partition_by").fail("the path needs {" + partition_by_ + "} to partition by it");
    if (common().mode_given && common().mode == WriteMode::kUpsert)
      spec.at("mode").fail("file and object sinks write whole outputs: mode is replace or append");
    if (common().mode == WriteMode::kAppend && template_.find("{run}") == std::string::npos)
      spec.at("mode").fail("append needs {run} in the path, so that each run adds its own output");
  }

  std::string describe() const override {
    return to_object_ ? "object s3://" + url_.bucket + "/" + template_ : "file " + template_;
  }

  void write(const Batch& b) override {
    if (partition_by_.empty()) {
      output("").writer->write(b);
      rows_ += b.rows.size();
      return;
    }
    int slot = b.schema->find(partition_by_);  // absent: every row's value is null ("null")
    std::map<std::string, Batch> parts;        // one write per partition per batch
    for (const auto& row : b.rows) {
      auto& part = parts[path_safe(row.at(slot))];
      if (!part.schema) part = Batch{b.schema, {}, b.origin, b.sequence};
      part.rows.push_back(row);
    }
    for (auto& [value, part] : parts) {
      output(value).writer->write(part);
      rows_ += part.rows.size();
    }
  }

  void publish(const PublishContext&) override {
    if (outputs_.empty() && partition_by_.empty()) output("");  // an empty report is a report
    for (auto& [value, out] : outputs_) {
      out.writer->finish();  // the staged file is complete and durable
      if (!to_object_) {
        move_into_place(out.staged, out.target);
        continue;
      }
      if (remote_) {  // the bucket must exist there: wharf does not create buckets elsewhere
        remote_->put_file(url_.bucket, out.target, out.staged, content_type(options_), part_size_);
        std::filesystem::remove(out.staged);
        continue;
      }
      if (!services_.objects->find_bucket(url_.bucket))
        try {
          services_.objects->create_bucket(url_.bucket, services_.owner, "us-east-1");
        } catch (const core::Error& e) {
          if (e.code() != "BucketAlreadyOwnedByYou" && e.code() != "BucketAlreadyExists") throw;
        }
      formats::FileByteSource body(out.staged);
      s3::WriteOptions wo;
      wo.owner = services_.owner;
      wo.headers["content-type"] = content_type(options_);
      services_.objects->put_object(url_.bucket, out.target, body, s3::PayloadChecks{}, wo);
      std::filesystem::remove(out.staged);
    }
    outputs_.clear();
  }

  void abort() noexcept override { outputs_.clear(); }  // unfinished sinks remove their temp files

 private:
  struct Output {
    std::string target;  // file path or object key
    std::string staged;  // the file written in the run dir until publish
    std::unique_ptr<RowWriter> writer;
  };

  std::string expand(const std::string& value) const {
    std::string out = template_;
    auto put = [&](const std::string& name, const std::string& v) {
      for (size_t p; (p = out.find("{" + name + "}")) != std::string::npos;) out.replace(p, name.size() + 2, v);
    };
    if (!partition_by_.empty()) put(partition_by_, value);
    put("run", run_.run_id);
    put("date", run_.date);
    return out;
  }

  Output& output(const std::string& value) {
    auto it = outputs_.find(value);
    if (it != outputs_.end()) return it->second;
    Output o;
    o.target = expand(value);
    // Staged in the run dir, which the next run of the pipeline clears: a run killed before
    // publish leaves nothing beside the targets.
    o.staged = run_.dir + "/out-" + std::to_string(outputs_.size());
    std::filesystem::create_directories(run_.dir);
    o.writer = open_writer(std::make_unique<formats::FileByteSink>(o.staged), options_);
    return outputs_.emplace(value, std::move(o)).first->second;
  }

  const Services& services_;
  SinkRun run_;
  bool to_object_ = false;
  ObjectUrl url_;
  std::unique_ptr<S3Client> remote_;  // endpoint: objects go to another S3
  uint64_t part_size_ = S3Client::kDefaultPartSize;  // remote outputs above it: multipart
  std::string template_, partition_by_;
  WriterOptions options_;
  std::map<std::string, Output> outputs_;
};

}  // namespace

std::unique_ptr<Sink> make_file_sink(SinkCommon c, const SpecNode& spec, const Services& s,
                                     const SinkRun& run) {
  return std::make_unique<FileSink>(std::move(c), spec, s, run);
}

}  // namespace wharf::pipeline
