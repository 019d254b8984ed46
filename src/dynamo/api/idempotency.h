// TransactWriteItems' ClientRequestToken: a token seen within the last 10 minutes with the same
// request succeeds again without being applied twice; with a different request it is refused
// (IdempotentParameterMismatchException), as DynamoDB does.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace wharf::dynamo {

class IdempotencyCache {
 public:
  enum class Seen { kNew, kSameRequest, kDifferentRequest };
  // Looks the token up without recording it.
  Seen check(const std::string& token, const std::string& request_hash, int64_t now_millis);
  void record(const std::string& token, const std::string& request_hash, int64_t now_millis);

 private:
  void expire(int64_t now_millis);
  std::mutex mu_;
  std::map<std::string, std::pair<std::string, int64_t>> tokens_;
};

inline constexpr int64_t kIdempotencyWindowMillis = 10 * 60 * 1000;

}  // namespace wharf::dynamo
