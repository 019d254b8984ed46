#include "pipeline/run_state.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/json_codec.h"
#include "core/random.h"

namespace wharf::pipeline {

std::string RunState::to_json() const {
  core::Map m{{"runs", static_cast<long long>(runs)}, {"last_run", last_run}};
  if (!cursor.empty()) m["cursor"] = core::List(cursor);
  return core::to_json(core::Value(std::move(m)));
}

RunState RunState::from_json(const std::string& text) {
  auto v = core::parse_json(text);
  if (!v.is<core::Map>()) throw core::Error("PipelineStateError", 500, "pipeline state is not an object");
  const auto& m = v.as<core::Map>();
  RunState s;
  if (auto it = m.find("runs"); it != m.end() && it->second.is<core::Decimal>())
    s.runs = static_cast<uint64_t>(it->second.as<core::Decimal>().to_int64().value_or(0));
  if (auto it = m.find("last_run"); it != m.end() && it->second.is<std::string>())
    s.last_run = it->second.as<std::string>();
  if (auto it = m.find("cursor"); it != m.end() && it->second.is<core::List>())
    s.cursor = it->second.as<core::List>();
  return s;
}

std::optional<RunState> load_state(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  try {
    return RunState::from_json(text.str());
  } catch (const core::Error& e) {
    throw core::Error("PipelineStateError", 500, path + ": " + e.what());
  }
}

void save_state(const std::string& path, const RunState& state) {
  namespace fs = std::filesystem;
  fs::create_directories(fs::path(path).parent_path());
  std::string tmp = path + ".tmp-" + core::random_hex(4);
  std::string text = state.to_json();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw core::Error("PipelineIoError", 500, "cannot write " + tmp);
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw core::Error("PipelineIoError", 500, "cannot write " + path);
  }
  // The rename itself must survive a crash: sync the directory.
  int dir = ::open(fs::path(path).parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace wharf::pipeline
