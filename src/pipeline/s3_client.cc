#include "pipeline/s3_client.h"

#include <pugixml.hpp>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>

#include "core/clock.h"
#include "core/config.h"
#include "core/error.h"
#include "core/url.h"
#include "pipeline/formats/byte_io.h"
#include "pipeline/spec_node.h"

namespace wharf::pipeline {
namespace {

// The S3 error body's code and message, as the error of a failed request.
core::Error s3_failure(const net::ClientResponse& r, const std::string& what) {
  pugi::xml_document doc;
  std::string code = "HTTP " + std::to_string(r.status), message;
  if (doc.load_buffer(r.body.data(), r.body.size())) {
    if (auto c = doc.child("Error").child("Code")) code = c.text().get();
    if (auto m = doc.child("Error").child("Message")) message = m.text().get();
  }
  return core::Error(code, r.status >= 500 ? 502 : 400, what + ": " + code + (message.empty() ? "" : ": " + message));
}

// Writes a response body into a file as it arrives.
class FileBodySink : public net::BodySink {
 public:
  explicit FileBodySink(int fd) : fd_(fd) {}
  void write(const char* data, size_t n) override {
    while (n > 0) {
      ssize_t w = ::write(fd_, data, n);
      if (w < 0) throw core::Error("PipelineIoError", 500, "cannot write a downloaded object (disk full?)");
      data += w;
      n -= static_cast<size_t>(w);
    }
  }

 private:
  int fd_;
};

}  // namespace

auth::SigningCredentials s3_credentials(const SpecNode& spec) {
  auto env = [](const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return std::string(v && *v ? v : fallback);
  };
  auth::SigningCredentials c;
  c.access_key = spec.string_or("access_key", env("AWS_ACCESS_KEY_ID", core::kDefaultRootAccessKey));
  c.secret_key = spec.string_or("secret_key", env("AWS_SECRET_ACCESS_KEY", core::kDefaultRootSecretKey));
  c.region = spec.string_or("region", env("AWS_REGION", "us-east-1"));
  c.service = "s3";
  return c;
}

S3Client::S3Client(const std::string& endpoint, auth::SigningCredentials creds)
    : endpoint_(endpoint), creds_(std::move(creds)) {
  if (!endpoint.starts_with("http://"))
    throw core::Error("PipelineSpecError", 400,
                      "endpoint must be http://host[:port], got '" + endpoint + "' (https is not supported yet)");
  std::string rest = endpoint.substr(7);
  if (auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  std::string host = rest;
  uint16_t port = 80;
  if (auto colon = rest.rfind(':'); colon != std::string::npos) {
    host = rest.substr(0, colon);
    auto p = rest.substr(colon + 1);
    if (std::from_chars(p.data(), p.data() + p.size(), port).ec != std::errc())
      throw core::Error("PipelineSpecError", 400, "bad port in endpoint '" + endpoint + "'");
  }
  host_header_ = rest;
  http_ = std::make_unique<net::HttpClient>(host, port);
}

net::ClientResponse S3Client::request(const std::string& path, const std::string& query, net::BodySink* sink) {
  net::Headers h = {{"host", host_header_}};
  auth::sign_request("GET", path, *core::parse_query(query), h, "UNSIGNED-PAYLOAD", creds_, core::now_millis() / 1000);
  try {
    return http_->send("GET", query.empty() ? path : path + "?" + query, h, {}, nullptr, 0, sink);
  } catch (const core::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw core::Error("S3Unavailable", 503, "cannot reach S3 at " + endpoint_ + ": " + e.what());
  }
}

void S3Client::put_file(const std::string& bucket, const std::string& key, const std::string& path,
                        const std::string& content_type) {
  uint64_t size = std::filesystem::file_size(path);
  formats::FileByteSource body(path);
  std::string target = "/" + bucket + "/" + core::aws_uri_encode(key, true);
  net::Headers h = {{"host", host_header_}, {"content-type", content_type}};
  auth::sign_request("PUT", target, {}, h, "UNSIGNED-PAYLOAD", creds_, core::now_millis() / 1000);
  net::ClientResponse r;
  try {
    r = http_->send("PUT", target, h, {}, &body, size, nullptr);
  } catch (const core::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw core::Error("S3Unavailable", 503, "cannot reach S3 at " + endpoint_ + ": " + e.what());
  }
  if (r.status != 200) throw s3_failure(r, "writing s3://" + bucket + "/" + key + " at " + endpoint_);
}

std::vector<std::string> S3Client::list(const std::string& bucket, const std::string& prefix) {
  std::vector<std::string> keys;
  std::string token;
  for (;;) {
    std::string query = "list-type=2&prefix=" + core::aws_uri_encode(prefix, false);
    if (!token.empty()) query += "&continuation-token=" + core::aws_uri_encode(token, false);
    auto r = request("/" + bucket, query, nullptr);
    if (r.status != 200) throw s3_failure(r, "listing s3://" + bucket + "/" + prefix + " at " + endpoint_);
    pugi::xml_document doc;
    if (!doc.load_buffer(r.body.data(), r.body.size()))
      throw core::Error("S3Error", 502, endpoint_ + " answered ListObjectsV2 with malformed XML");
    auto result = doc.child("ListBucketResult");
    for (auto c : result.children("Contents")) keys.emplace_back(c.child("Key").text().get());
    if (std::string(result.child("IsTruncated").text().get()) != "true") break;
    token = result.child("NextContinuationToken").text().get();
    if (token.empty()) break;
  }
  return keys;
}

std::unique_ptr<core::ByteSource> S3Client::open(const std::string& bucket, const std::string& key) {
  std::string path = (std::filesystem::temp_directory_path() / "wharf-object-XXXXXX").string();
  int fd = ::mkstemp(path.data());
  if (fd < 0) throw core::Error("PipelineIoError", 500, "cannot create a temporary file for s3://" + bucket + "/" + key);
  try {
    FileBodySink sink(fd);
    auto r = request("/" + bucket + "/" + core::aws_uri_encode(key, true), "", &sink);
    ::close(fd);
    fd = -1;
    if (r.status != 200) {  // the error document went to the file
      formats::FileByteSource body(path);
      r.body = core::read_all(body, 1 << 20);
      std::remove(path.c_str());
      throw s3_failure(r, "reading s3://" + bucket + "/" + key + " at " + endpoint_);
    }
    auto source = std::make_unique<formats::FileByteSource>(path);
    std::remove(path.c_str());  // the open file stays readable; nothing is left behind
    return source;
  } catch (...) {
    if (fd >= 0) ::close(fd);
    std::remove(path.c_str());
    throw;
  }
}

}  // namespace wharf::pipeline
