// The keys of the object store's records in the metadata column (docs/storage.md), in one place
// for the files of ObjectStore that write or read them. Bucket names cannot contain '/', so
// "o<bucket>/" is an exact prefix and keys within a bucket sort as S3 lists them (UTF-8 byte
// order).
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace wharf::s3::meta_keys {

inline std::string bucket_key(std::string_view b) { return "b" + std::string(b); }
inline std::string object_prefix(std::string_view b) { return "o" + std::string(b) + "/"; }
inline std::string object_key(std::string_view b, std::string_view k) {
  return object_prefix(b) + std::string(k);
}
// The bucket and object key of an object_key(), or nullopt for any other key.
inline std::optional<std::pair<std::string, std::string>> split_object_key(std::string_view okey) {
  size_t slash = okey.find('/');
  if (okey.empty() || okey[0] != 'o' || slash == std::string_view::npos) return std::nullopt;
  return std::pair{std::string(okey.substr(1, slash - 1)), std::string(okey.substr(slash + 1))};
}
inline std::string upload_prefix(std::string_view b) { return "u" + std::string(b) + "/"; }
inline std::string upload_key(std::string_view b, std::string_view k, std::string_view id) {
  return upload_prefix(b) + std::string(k) + '\0' + std::string(id);
}
inline std::string part_prefix(std::string_view id) { return "p" + std::string(id) + "/"; }
inline std::string part_key(std::string_view id, int n) {
  char num[12];  // any int
  std::snprintf(num, sizeof num, "%05d", n);
  return part_prefix(id) + num;
}
inline std::string garbage_key(std::string_view blob) { return "g" + std::string(blob); }
inline std::string publish_key(std::string_view blob) { return "t" + std::string(blob); }

}  // namespace wharf::s3::meta_keys
