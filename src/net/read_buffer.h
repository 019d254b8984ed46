// The buffer a connection reads its socket into (server and client alike).
#pragma once

#include <cstddef>

namespace wharf::net {

// Beast's flat_buffer asks the socket for max(512, capacity - size) bytes per read and grows only
// when a message does not fit. Messages are consumed as they are parsed, so an unreserved buffer
// stays at 512 bytes and every request, body included, arrived 512 bytes per recv(2): nine
// system calls for a 4 KiB PUT, two million for a 1 GiB one. Beast reads at most 64 KiB at once.
inline constexpr size_t kReadBufferBytes = 64 * 1024;

}  // namespace wharf::net
