#include "dynamo/api/idempotency.h"

namespace wharf::dynamo {

void IdempotencyCache::expire(int64_t now) {
  std::erase_if(tokens_,
                [&](const auto& e) { return now - e.second.second > kIdempotencyWindowMillis; });
}

IdempotencyCache::Seen IdempotencyCache::check(const std::string& token, const std::string& hash,
                                               int64_t now) {
  std::lock_guard<std::mutex> l(mu_);
  expire(now);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return Seen::kNew;
  return it->second.first == hash ? Seen::kSameRequest : Seen::kDifferentRequest;
}

void IdempotencyCache::record(const std::string& token, const std::string& hash, int64_t now) {
  std::lock_guard<std::mutex> l(mu_);
  tokens_[token] = {hash, now};
}

}  // namespace wharf::dynamo
