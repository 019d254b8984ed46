// What an evaluation sees besides the row.
#pragma once

#include <cstdint>

namespace wharf::pipeline {

struct EvalContext {
  // The run's clock, milliseconds since the epoch (UTC): now() and today() read it, so a whole
  // run sees one instant and tests can fix it.
  int64_t now_millis = 0;
};

}  // namespace wharf::pipeline
