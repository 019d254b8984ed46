// `wharf serve`: opens the data directory and runs the HTTP servers until SIGINT/SIGTERM.
#pragma once

#include "core/config.h"

namespace wharf::cli {

int serve(const core::Config& config);

}  // namespace wharf::cli
