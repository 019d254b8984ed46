#include "s3/checksums.h"

#include "core/encoding.h"

namespace wharf::s3 {

const std::vector<ChecksumAlgorithm>& all_checksum_algorithms() {
  static const std::vector<ChecksumAlgorithm> all = {ChecksumAlgorithm::kCrc32, ChecksumAlgorithm::kCrc32c,
                                                     ChecksumAlgorithm::kSha1, ChecksumAlgorithm::kSha256,
                                                     ChecksumAlgorithm::kCrc64Nvme};
  return all;
}

std::optional<ChecksumAlgorithm> parse_checksum_algorithm(std::string_view name) {
  for (auto a : all_checksum_algorithms())
    if (core::iequals(name, checksum_name(a))) return a;
  return std::nullopt;
}

const char* checksum_name(ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::kCrc32: return "CRC32";
    case ChecksumAlgorithm::kCrc32c: return "CRC32C";
    case ChecksumAlgorithm::kSha1: return "SHA1";
    case ChecksumAlgorithm::kSha256: return "SHA256";
    case ChecksumAlgorithm::kCrc64Nvme: return "CRC64NVME";
  }
  return "";
}

std::string checksum_header(ChecksumAlgorithm a) { return "x-amz-checksum-" + core::to_lower(checksum_name(a)); }
std::string checksum_xml_element(ChecksumAlgorithm a) { return std::string("Checksum") + checksum_name(a); }

core::HashKind checksum_hash(ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::kCrc32: return core::HashKind::kCrc32;
    case ChecksumAlgorithm::kCrc32c: return core::HashKind::kCrc32c;
    case ChecksumAlgorithm::kSha1: return core::HashKind::kSha1;
    case ChecksumAlgorithm::kSha256: return core::HashKind::kSha256;
    case ChecksumAlgorithm::kCrc64Nvme: return core::HashKind::kCrc64Nvme;
  }
  return core::HashKind::kSha256;
}

size_t checksum_size(ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::kCrc32:
    case ChecksumAlgorithm::kCrc32c: return 4;
    case ChecksumAlgorithm::kCrc64Nvme: return 8;
    case ChecksumAlgorithm::kSha1: return 20;
    case ChecksumAlgorithm::kSha256: return 32;
  }
  return 0;
}

std::string composite_checksum(ChecksumAlgorithm a, const std::vector<std::string>& parts) {
  core::Hasher h(checksum_hash(a));
  for (const auto& p : parts) h.update(core::base64_decode(p).value_or(""));
  return core::base64_encode(h.digest()) + "-" + std::to_string(parts.size());
}

}  // namespace wharf::s3
