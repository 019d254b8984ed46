#include "auth/signer.h"

#include <algorithm>
#include <ctime>

#include "auth/sigv4.h"

namespace wharf::auth {

namespace {
std::string amz_date_of(int64_t now_seconds) {
  std::time_t t = static_cast<std::time_t>(now_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char amz_date[20];
  std::strftime(amz_date, sizeof amz_date, "%Y%m%dT%H%M%SZ", &tm);
  return amz_date;
}
}  // namespace

void sign_request(std::string_view method, std::string_view path, const core::QueryParams& query,
                  net::Headers& headers, std::string_view payload_hash,
                  const SigningCredentials& creds, int64_t now_seconds) {
  std::string amz_date = amz_date_of(now_seconds);
  headers.emplace_back("x-amz-date", amz_date);
  headers.emplace_back("x-amz-content-sha256", std::string(payload_hash));
  std::sort(headers.begin(), headers.end());
  std::string canonical, signed_names;
  for (const auto& [name, value] : headers) {
    canonical += name + ":" + canonical_header_value(value) + "\n";
    signed_names += (signed_names.empty() ? "" : ";") + name;
  }
  Scope scope{amz_date.substr(0, 8), creds.region, creds.service};
  std::string creq = canonical_request(method, canonical_uri(path), canonical_query(query),
                                       canonical, signed_names, payload_hash);
  std::string sig =
      signature(cached_signing_key(creds.secret_key, scope), string_to_sign(amz_date, scope, creq));
  headers.emplace_back("authorization",
                       std::string(kAlgorithm) + " Credential=" + creds.access_key + "/" +
                           scope.str() + ", SignedHeaders=" + signed_names + ", Signature=" + sig);
}

std::string presign_url(std::string_view method, std::string_view endpoint, std::string_view path,
                        const SigningCredentials& creds, int64_t expires_seconds,
                        int64_t now_seconds) {
  std::string amz_date = amz_date_of(now_seconds);
  Scope scope{amz_date.substr(0, 8), creds.region, creds.service};
  std::string_view host = endpoint.substr(
      endpoint.find("://") == std::string_view::npos ? 0 : endpoint.find("://") + 3);
  core::QueryParams query = {{"X-Amz-Algorithm", std::string(kAlgorithm)},
                             {"X-Amz-Credential", creds.access_key + "/" + scope.str()},
                             {"X-Amz-Date", amz_date},
                             {"X-Amz-Expires", std::to_string(expires_seconds)},
                             {"X-Amz-SignedHeaders", "host"}};
  std::string canonical_query_string = canonical_query(query);
  std::string creq =
      canonical_request(method, canonical_uri(path), canonical_query_string,
                        "host:" + std::string(host) + "\n", "host", "UNSIGNED-PAYLOAD");
  std::string sig =
      signature(cached_signing_key(creds.secret_key, scope), string_to_sign(amz_date, scope, creq));
  return std::string(endpoint) + std::string(path) + "?" + canonical_query_string +
         "&X-Amz-Signature=" + sig;
}

}  // namespace wharf::auth
