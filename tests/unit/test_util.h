// Helpers shared by the unit tests.
#pragma once

#include "core/error.h"

namespace wharf::testing {

// The core::Error `f` throws, or one with code "<no error>" when it throws none.
template <typename F>
core::Error error_of(F f) {
  try {
    f();
  } catch (const core::Error& e) {
    return e;
  }
  return core::Error("<no error>", 0, "");
}

}  // namespace wharf::testing
