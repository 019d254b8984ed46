// The configured users, looked up by access key.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/config.h"

namespace wharf::auth {

struct Identity {
  std::string user;  // "root", "alice", ... ; empty for anonymous requests
  std::string access_key;
  bool anonymous() const { return user.empty(); }
};

class CredentialStore {
 public:
  explicit CredentialStore(const std::vector<core::UserConfig>& users);
  const core::UserConfig* find(std::string_view access_key) const;

 private:
  std::unordered_map<std::string, core::UserConfig> by_key_;
};

}  // namespace wharf::auth
