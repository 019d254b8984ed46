#include "pipeline/s3_client.h"

#include <pugixml.hpp>
#include <unistd.h>

#include <filesystem>

#include "core/clock.h"
#include "core/error.h"
#include "core/url.h"
#include "pipeline/formats/byte_io.h"

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

std::string header(const net::ClientResponse& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return {};
}

std::string xml_escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
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

S3Client::S3Client(const std::string& endpoint, AwsAccess access)
    : conn_(endpoint, "S3"), access_(std::move(access)) {}

net::ClientResponse S3Client::request(const std::string& method, const std::string& path, const std::string& query,
                                      net::Headers headers, const std::string& body, core::ByteSource* stream,
                                      uint64_t length, net::BodySink* sink) {
  headers.emplace_back("host", conn_.host_header());
  access_.sign(method, path, query, headers, "UNSIGNED-PAYLOAD");
  return conn_.send(method, query.empty() ? path : path + "?" + query, headers, body, stream, length, sink);
}

void S3Client::put_file(const std::string& bucket, const std::string& key, const std::string& path,
                        const std::string& content_type, uint64_t part_size) {
  uint64_t size = std::filesystem::file_size(path);
  if (size > part_size) return put_multipart(bucket, key, path, content_type, size, part_size);
  formats::FileByteSource body(path);
  auto r = request("PUT", "/" + bucket + "/" + core::aws_uri_encode(key, true), "",
                   {{"content-type", content_type}}, {}, &body, size);
  if (r.status != 200) throw s3_failure(r, "writing s3://" + bucket + "/" + key + " at " + endpoint());
}

void S3Client::put_multipart(const std::string& bucket, const std::string& key, const std::string& path,
                             const std::string& content_type, uint64_t size, uint64_t part_size) {
  part_size = std::max({part_size, kMinPartSize, (size + 9999) / 10000});
  const std::string target = "/" + bucket + "/" + core::aws_uri_encode(key, true);
  const std::string what = "writing s3://" + bucket + "/" + key + " at " + endpoint();
  auto r = request("POST", target, "uploads=", {{"content-type", content_type}});
  if (r.status != 200) throw s3_failure(r, what);
  pugi::xml_document doc;
  doc.load_buffer(r.body.data(), r.body.size());
  std::string upload_id = doc.child("InitiateMultipartUploadResult").child("UploadId").text().get();
  if (upload_id.empty()) throw core::Error("S3Error", 502, what + ": CreateMultipartUpload answered no UploadId");
  const std::string upload = "uploadId=" + core::aws_uri_encode(upload_id, false);
  try {
    formats::FileByteSource body(path);  // each part reads on where the previous one stopped
    std::string complete = "<CompleteMultipartUpload>";
    int number = 1;
    for (uint64_t sent = 0; sent < size; ++number) {
      uint64_t n = std::min(part_size, size - sent);
      auto part = request("PUT", target, "partNumber=" + std::to_string(number) + "&" + upload, {}, {}, &body, n);
      if (part.status != 200) throw s3_failure(part, what + " (part " + std::to_string(number) + ")");
      complete += "<Part><PartNumber>" + std::to_string(number) + "</PartNumber><ETag>" +
                  xml_escaped(header(part, "etag")) + "</ETag></Part>";
      sent += n;
    }
    complete += "</CompleteMultipartUpload>";
    auto done = request("POST", target, upload, {{"content-type", "application/xml"}}, complete);
    // CompleteMultipartUpload may answer 200 with an <Error> body (S3 documents this).
    pugi::xml_document result;
    if (done.status != 200 || (result.load_buffer(done.body.data(), done.body.size()) && result.child("Error")))
      throw s3_failure(done, what);
  } catch (...) {
    try {
      request("DELETE", target, upload, {});  // leave no upload (and its parts' storage) behind
    } catch (...) {
    }
    throw;
  }
}

std::vector<std::string> S3Client::list(const std::string& bucket, const std::string& prefix) {
  std::vector<std::string> keys;
  std::string token;
  for (;;) {
    std::string query = "list-type=2&prefix=" + core::aws_uri_encode(prefix, false);
    if (!token.empty()) query = "continuation-token=" + core::aws_uri_encode(token, false) + "&" + query;
    auto r = request("GET", "/" + bucket, query, {});
    if (r.status != 200) throw s3_failure(r, "listing s3://" + bucket + "/" + prefix + " at " + endpoint());
    pugi::xml_document doc;
    if (!doc.load_buffer(r.body.data(), r.body.size()))
      throw core::Error("S3Error", 502, endpoint() + " answered ListObjectsV2 with malformed XML");
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
    auto r = request("GET", "/" + bucket + "/" + core::aws_uri_encode(key, true), "", {}, {}, nullptr, 0, &sink);
    ::close(fd);
    fd = -1;
    if (r.status != 200) {  // the error document went to the file
      formats::FileByteSource body(path);
      r.body = core::read_all(body, 1 << 20);
      std::remove(path.c_str());
      throw s3_failure(r, "reading s3://" + bucket + "/" + key + " at " + endpoint());
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
