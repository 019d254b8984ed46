// The additional checksums of S3 (x-amz-checksum-*): which algorithms, their header names, and
// how a multipart object's checksum is derived from its parts'.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/hash.h"

namespace wharf::s3 {

enum class ChecksumAlgorithm { kCrc32, kCrc32c, kSha1, kSha256, kCrc64Nvme };

std::optional<ChecksumAlgorithm> parse_checksum_algorithm(
    std::string_view name);                             // "CRC32", case-insensitive
const char* checksum_name(ChecksumAlgorithm a);         // "CRC32"
std::string checksum_header(ChecksumAlgorithm a);       // "x-amz-checksum-crc32"
std::string checksum_xml_element(ChecksumAlgorithm a);  // "ChecksumCRC32"
core::HashKind checksum_hash(ChecksumAlgorithm a);
size_t checksum_size(ChecksumAlgorithm a);  // raw bytes: 4 for the CRC32s, 8, 20, 32
const std::vector<ChecksumAlgorithm>& all_checksum_algorithms();

bool is_crc(ChecksumAlgorithm a);

// COMPOSITE multipart checksum: checksum of the concatenated raw part checksums, "-N" appended.
std::string composite_checksum(ChecksumAlgorithm a,
                               const std::vector<std::string>& part_checksums_b64);
// FULL_OBJECT multipart checksum (CRCs only): the CRC of the whole object, combined from the
// parts' CRCs and sizes without reading the data.
std::string full_object_checksum(
    ChecksumAlgorithm a,
    const std::vector<std::pair<std::string, uint64_t>>& part_checksums_b64_and_sizes);

}  // namespace wharf::s3
