// Logging on spdlog: one process-wide logger, level from config.
#pragma once

#include <spdlog/spdlog.h>

#include <string>

namespace wharf::core {

void init_logging(const std::string& level);

}  // namespace wharf::core
