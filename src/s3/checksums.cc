#include "s3/checksums.h"

#include "core/encoding.h"

namespace wharf::s3 {

const std::vector<ChecksumAlgorithm>& all_checksum_algorithms() {
  static const std::vector<ChecksumAlgorithm> all = {
      ChecksumAlgorithm::kCrc32, ChecksumAlgorithm::kCrc32c, ChecksumAlgorithm::kSha1,
      ChecksumAlgorithm::kSha256, ChecksumAlgorithm::kCrc64Nvme};
  return all;
}

std::optional<ChecksumAlgorithm> parse_checksum_algorithm(std::string_view name) {
  for (auto a : all_checksum_algorithms())
    if (core::iequals(name, checksum_name(a))) return a;
  return std::nullopt;
}

const char* checksum_name(ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::kCrc32:
      return "CRC32";
    case ChecksumAlgorithm::kCrc32c:
      return "CRC32C";
    case ChecksumAlgorithm::kSha1:
      return "SHA1";
    case ChecksumAlgorithm::kSha256:
      return "SHA256";
    case ChecksumAlgorithm::kCrc64Nvme:
      return "CRC64NVME";
  }
  return "";
}

std::string checksum_header(ChecksumAlgorithm a) {
  return "x-amz-checksum-" + core::to_lower(checksum_name(a));
}
std::string checksum_xml_element(ChecksumAlgorithm a) {
  return std::string("Checksum") + checksum_name(a);
}

core::HashKind checksum_hash(ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::kCrc32:
      return core::HashKind::kCrc32;
    case ChecksumAlgorithm::kCrc32c:
      return core::HashKind::kCrc32c;
    case ChecksumAlgorithm::kSha1:
      return core::HashKind::kSha1;
    case ChecksumAlgorithm::kSha256:
      return core::HashKind::kSha256;
    case ChecksumAlgorithm::kCrc64Nvme:
      return core::HashKind::kCrc64Nvme;
  }
  return core::HashKind::kSha256;
}

size_t checksum_size(ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::kCrc32:
    case ChecksumAlgorithm::kCrc32c:
      return 4;
    case ChecksumAlgorithm::kCrc64Nvme:
      return 8;
    case ChecksumAlgorithm::kSha1:
      return 20;
    case ChecksumAlgorithm::kSha256:
      return 32;
  }
  return 0;
}

bool is_crc(ChecksumAlgorithm a) {
  return a == ChecksumAlgorithm::kCrc32 || a == ChecksumAlgorithm::kCrc32c ||
         a == ChecksumAlgorithm::kCrc64Nvme;
}

std::string full_object_checksum(ChecksumAlgorithm a,
                                 const std::vector<std::pair<std::string, uint64_t>>& parts) {
  auto to_int = [](const std::string& raw) {
    uint64_t v = 0;
    for (unsigned char c : raw) v = (v << 8) | c;
    return v;
  };
  uint64_t crc = 0;
  bool first = true;
  for (const auto& [b64, size] : parts) {
    uint64_t part = to_int(core::base64_decode(b64).value_or(""));
    crc = first ? part : core::crc_combine(checksum_hash(a), crc, part, size);
    first = false;
  }
  std::string raw(checksum_size(a), '\0');
  for (size_t i = 0; i < raw.size(); ++i)
    raw[raw.size() - 1 - i] = static_cast<char>((crc >> (8 * i)) & 0xff);
  return core::base64_encode(raw);
}

std::string composite_checksum(ChecksumAlgorithm a, const std::vector<std::string>& parts) {
  core::Hasher h(checksum_hash(a));
  for (const auto& p : parts) h.update(core::base64_decode(p).value_or(""));
  return core::base64_encode(h.digest()) + "-" + std::to_string(parts.size());
}

}  // namespace wharf::s3
