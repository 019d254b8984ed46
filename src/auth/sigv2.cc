#include "auth/sigv2.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <set>

#include "core/encoding.h"

namespace wharf::auth {

namespace {

const std::set<std::string>& signed_subresources() {
  static const std::set<std::string> s = {"acl",
                                          "cors",
                                          "delete",
                                          "lifecycle",
                                          "location",
                                          "logging",
                                          "notification",
                                          "partNumber",
                                          "policy",
                                          "requestPayment",
                                          "restore",
                                          "tagging",
                                          "torrent",
                                          "uploadId",
                                          "uploads",
                                          "versionId",
                                          "versioning",
                                          "versions",
                                          "website",
                                          "response-cache-control",
                                          "response-content-disposition",
                                          "response-content-encoding",
                                          "response-content-language",
                                          "response-content-type",
                                          "response-expires"};
  return s;
}

}  // namespace

std::string sigv2_string_to_sign(const net::Request& req, const core::QueryParams& params,
                                 const std::string& resource_path,
                                 const std::string& date_or_expires) {
  std::string out = req.method + "\n";
  out += std::string(req.header("content-md5")) + "\n";
  out += std::string(req.header("content-type")) + "\n";
  out += date_or_expires + "\n";
  std::vector<std::pair<std::string, std::string>> amz;
  for (const auto& [n, v] : req.headers)
    if (n.rfind("x-amz-", 0) == 0 && n != "x-amz-date")
      amz.emplace_back(n, std::string(core::trim(v)));
  std::sort(amz.begin(), amz.end());
  for (size_t i = 0; i < amz.size(); ++i) {
    if (i > 0 && amz[i].first == amz[i - 1].first) {
      out.back() = ',';
      out += amz[i].second + "\n";
      continue;
    }
    out += amz[i].first + ":" + amz[i].second + "\n";
  }
  out += resource_path;
  std::vector<std::pair<std::string, std::string>> sub;
  for (const auto& p : params)
    if (signed_subresources().count(p.first)) sub.push_back(p);
  std::sort(sub.begin(), sub.end());
  for (size_t i = 0; i < sub.size(); ++i) {
    out += i == 0 ? '?' : '&';
    out += sub[i].first;
    if (!sub[i].second.empty()) out += "=" + sub[i].second;
  }
  return out;
}

std::string sigv2_signature(const std::string& secret, const std::string& sts) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(sts.data()), sts.size(), mac, &n);
  return core::base64_encode(std::string_view(reinterpret_cast<char*>(mac), n));
}

}  // namespace wharf::auth
