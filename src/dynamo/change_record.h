// The stored form of a change-log record (key layout in key_codec.h): the event, the item's
// keys, both images and the time. Images are always stored whole; a stream's view type picks
// what it shows when read.
#pragma once

#include <string>
#include <string_view>

#include "dynamo/table_store.h"

namespace wharf::dynamo {

inline constexpr const char* kSequenceBoundKey = "Ds";

std::string encode_change(const ChangeRecord& r);
ChangeRecord decode_change(uint64_t sequence, std::string_view bytes);

}  // namespace wharf::dynamo
