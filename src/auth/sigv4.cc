#include "auth/sigv4.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "core/encoding.h"
#include "core/hash.h"
#include "core/url.h"

namespace wharf::auth {

std::string canonical_uri(std::string_view raw_path) {
  auto decoded = core::percent_decode(raw_path);
  std::string uri = core::aws_uri_encode(decoded ? *decoded : std::string(raw_path), true);
  return uri.empty() ? "/" : uri;
}

std::string canonical_query(const core::QueryParams& params, std::string_view skip) {
  std::vector<std::pair<std::string, std::string>> enc;
  enc.reserve(params.size());
  for (const auto& [n, v] : params) {
    if (!skip.empty() && n == skip) continue;
    enc.emplace_back(core::aws_uri_encode(n, false), core::aws_uri_encode(v, false));
  }
  std::sort(enc.begin(), enc.end());
  std::string out;
  for (const auto& [n, v] : enc) {
    if (!out.empty()) out += '&';
    out += n;
    out += '=';
    out += v;
  }
  return out;
}

void append_canonical_header_value(std::string& out, std::string_view v) {
  v = core::trim(v);
  bool space = false;
  for (char c : v) {
    if (c == ' ') {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
}

std::string canonical_header_value(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  append_canonical_header_value(out, v);
  return out;
}

std::string canonical_request(std::string_view method, std::string_view uri, std::string_view query,
                              std::string_view canonical_headers, std::string_view signed_headers,
                              std::string_view payload_hash) {
  std::string out;
  out.reserve(method.size() + uri.size() + query.size() + canonical_headers.size() + 200);
  out.append(method).append("\n").append(uri).append("\n").append(query).append("\n");
  out.append(canonical_headers)
      .append("\n")
      .append(signed_headers)
      .append("\n")
      .append(payload_hash);
  return out;
}

std::string string_to_sign(std::string_view amz_date, const Scope& scope,
                           std::string_view canonical_request) {
  std::string out(kAlgorithm);
  out.append("\n").append(amz_date).append("\n").append(scope.str()).append("\n");
  out.append(core::sha256_hex(canonical_request));
  return out;
}

std::string signing_key(std::string_view secret, const Scope& scope) {
  std::string k = core::hmac_sha256("AWS4" + std::string(secret), scope.date);
  k = core::hmac_sha256(k, scope.region);
  k = core::hmac_sha256(k, scope.service);
  return core::hmac_sha256(k, "aws4_request");
}

std::string cached_signing_key(std::string_view secret, const Scope& scope) {
  // A thread's requests nearly always carry the scope and secret of its previous one: answer
  // those without building the shared cache's key or taking its lock.
  thread_local Scope last_scope;
  thread_local std::string last_secret, last_key;
  if (!last_key.empty() && scope.date == last_scope.date && scope.region == last_scope.region &&
      scope.service == last_scope.service && secret == last_secret)
    return last_key;
  static std::mutex mu;
  static std::unordered_map<std::string, std::string> cache;
  std::string id = scope.str();
  id.append(1, '\0').append(secret);
  {
    std::lock_guard lock(mu);
    auto it = cache.find(id);
    if (it == cache.end()) {
      if (cache.size() > 4096) cache.clear();
      it = cache.emplace(std::move(id), signing_key(secret, scope)).first;
    }
    last_key = it->second;
  }
  last_scope = scope;
  last_secret = secret;
  return last_key;
}

std::string signature(std::string_view key, std::string_view sts) {
  return core::to_hex(core::hmac_sha256(key, sts));
}

bool secure_equals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace wharf::auth
