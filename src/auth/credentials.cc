#include "auth/credentials.h"

namespace wharf::auth {

CredentialStore::CredentialStore(const std::vector<core::UserConfig>& users) {
  for (const auto& u : users) by_key_.emplace(u.access_key, u);
}

const core::UserConfig* CredentialStore::find(std::string_view access_key) const {
  auto it = by_key_.find(std::string(access_key));
  return it == by_key_.end() ? nullptr : &it->second;
}

}  // namespace wharf::auth
