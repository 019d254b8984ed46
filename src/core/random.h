// Unpredictable identifiers (request ids, upload ids, blob names) from the OS CSPRNG.
#pragma once

#include <string>

namespace wharf::core {

std::string random_bytes(size_t n);
std::string random_hex(size_t bytes);
// 16 uppercase hex characters, as S3's x-amz-request-id: unique, not unpredictable.
std::string request_id();

}  // namespace wharf::core
