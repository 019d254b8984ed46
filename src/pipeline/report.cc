// RunReport's two renderings: the table `wharf run` prints and the JSON of `--json`.
#include <fmt/format.h>

#include "core/json_codec.h"
#include "pipeline/runner.h"

namespace wharf::pipeline {

std::string RunReport::to_json() const {
  core::List stages_json;
  for (auto& s : stages)
    stages_json.push_back(core::Map{{"name", s.name},
                                    {"rows_in", static_cast<long long>(s.in)},
                                    {"rows_out", static_cast<long long>(s.out)},
                                    {"rejected", static_cast<long long>(s.rejected)},
                                    {"seconds", *core::Decimal::parse(fmt::format("{:.3f}", s.seconds))}});
  core::Map m{{"pipeline", pipeline},
              {"run_id", run_id},
              {"status", status},
              {"seconds", *core::Decimal::parse(fmt::format("{:.3f}", seconds))},
              {"rows_read", static_cast<long long>(rows_read)},
              {"rows_skipped", static_cast<long long>(rows_skipped)},
              {"rows_rejected", static_cast<long long>(rows_rejected)},
              {"rows_written", static_cast<long long>(rows_written)},
              {"rejects_path", rejects_path},
              {"stages", std::move(stages_json)},
              {"cursor_before", core::List(cursor_before)},
              {"cursor_after", core::List(cursor_after)}};
  if (!error.empty()) m["error"] = error;
  return core::to_json(core::Value(std::move(m)));
}

std::string RunReport::summary_table() const {
  std::string out = fmt::format("pipeline {} · run {} · {} in {:.2f} s\n", pipeline, run_id, status, seconds);
  out += fmt::format("  {:<28} {:>12} {:>12} {:>10} {:>9} {:>12}\n", "stage", "rows in", "rows out",
                     "rejected", "seconds", "rows/s");
  for (auto& s : stages) {
    double rate = s.seconds > 0 ? static_cast<double>(s.in) / s.seconds : 0;
    out += fmt::format("  {:<28} {:>12} {:>12} {:>10} {:>9.2f} {:>12.0f}\n", s.name, s.in, s.out,
                       s.rejected, s.seconds, rate);
  }
  out += fmt::format("  read {}, skipped {} (already loaded), rejected {}, written {}\n", rows_read,
                     rows_skipped, rows_rejected, rows_written);
  if (rows_rejected) out += "  rejects: " + rejects_path + "\n";
  if (!error.empty()) out += "  error: " + error + "\n";
  return out;
}

}  // namespace wharf::pipeline
