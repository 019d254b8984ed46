#include "auth/signer.h"

#include <algorithm>
#include <ctime>

#include "auth/sigv4.h"

namespace wharf::auth {

void sign_request(std::string_view method, std::string_view path, const core::QueryParams& query,
                  net::Headers& headers, std::string_view payload_hash,
                  const SigningCredentials& creds, int64_t now_seconds) {
  std::time_t t = static_cast<std::time_t>(now_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char amz_date[20];
  std::strftime(amz_date, sizeof amz_date, "%Y%m%dT%H%M%SZ", &tm);
  headers.emplace_back("x-amz-date", amz_date);
  headers.emplace_back("x-amz-content-sha256", std::string(payload_hash));
  std::sort(headers.begin(), headers.end());
  std::string canonical, signed_names;
  for (const auto& [name, value] : headers) {
    canonical += name + ":" + canonical_header_value(value) + "\n";
    signed_names += (signed_names.empty() ? "" : ";") + name;
  }
  Scope scope{std::string(amz_date, 8), creds.region, creds.service};
  std::string creq = canonical_request(method, canonical_uri(path), canonical_query(query),
                                       canonical, signed_names, payload_hash);
  std::string sig =
      signature(signing_key(creds.secret_key, scope), string_to_sign(amz_date, scope, creq));
  headers.emplace_back("authorization",
                       std::string(kAlgorithm) + " Credential=" + creds.access_key + "/" +
                           scope.str() + ", SignedHeaders=" + signed_names + ", Signature=" + sig);
}

}  // namespace wharf::auth
