#include "core/error.h"

namespace wharf::core {

void throw_internal(const std::string& what) {
  throw Error("InternalError", 500,
              "We encountered an internal error. Please try again. (" + what + ")");
}

}  // namespace wharf::core
