#include "pipeline/runner.h"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <thread>

#include "core/clock.h"
#include "core/random.h"
#include "pipeline/bounded_queue.h"
#include "pipeline/run_state.h"
#include "pipeline/sink.h"
#include "pipeline/source.h"
#include "pipeline/step.h"
#include "pipeline/value_order.h"

namespace wharf::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string make_run_id() {
  auto now = std::chrono::system_clock::now();
  auto t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return std::string(buf) + "-" + core::random_hex(3);
}

// Cursor values come straight from the source (CSV gives text), so numeric text compares as a
// number: id "10" comes after id "9".
int compare_cursor(const std::vector<core::Value>& a, const std::vector<core::Value>& b) {
  auto numeric = [](const core::Value& v) -> std::optional<core::Decimal> {
    if (v.is<core::Decimal>()) return v.as<core::Decimal>();
    if (v.is<std::string>()) return core::Decimal::parse(v.as<std::string>());
    return std::nullopt;
  };
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    auto x = numeric(a[i]), y = numeric(b[i]);
    int c = x && y ? (*x < *y ? -1 : *y < *x ? 1 : 0) : compare_values(a[i], b[i]);
    if (c) return c;
  }
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

// The incremental cursor: skips rows at or below the last published position and remembers the
// highest position read in this run.
class CursorFilter {
 public:
  CursorFilter(std::vector<std::string> fields, std::vector<core::Value> after)
      : fields_(std::move(fields)), after_(std::move(after)) {}
  bool enabled() const { return !fields_.empty(); }
  // Removes rows already loaded; rows without cursor values are rejected.
  uint64_t apply(Batch& b, Rejects& rejects) {
    std::vector<int> slots;
    for (auto& f : fields_) slots.push_back(b.schema->find(f));
    uint64_t skipped = 0;
    size_t kept = 0;
    std::vector<core::Value> pos(fields_.size());
    for (size_t i = 0; i < b.rows.size(); ++i) {
      bool missing = false;
      for (size_t k = 0; k < slots.size(); ++k) {
        pos[k] = b.rows[i].at(slots[k]);
        missing = missing || pos[k].is_null();
      }
      if (missing) {
        rejects.add(b, b.rows[i], "incremental", "missing cursor field(s) " + names());
        continue;
      }
      if (!after_.empty() && compare_cursor(pos, after_) <= 0) {
        ++skipped;
        continue;
      }
      if (max_.empty() || compare_cursor(pos, max_) > 0) max_ = pos;
      if (kept != i) b.rows[kept] = std::move(b.rows[i]);
      ++kept;
    }
    b.rows.resize(kept);
    return skipped;
  }
  std::vector<core::Value> position_after() const { return max_.empty() ? after_ : max_; }

 private:
  std::string names() const {
    std::string s;
    for (auto& f : fields_) s += (s.empty() ? "" : ", ") + f;
    return s;
  }
  std::vector<std::string> fields_;
  std::vector<core::Value> after_, max_;
};

struct Stage {
  std::string name;
  std::atomic<uint64_t> in{0}, out{0}, rejected{0}, micros{0};
};

class Run {
 public:
  Run(const PipelineSpec& spec, const Services& services, const RunOptions& options)
      : spec_(spec), options_(options) {
    report_.pipeline = spec.name;
    report_.run_id = make_run_id();
    services_ = services;
    services_.base_dir = spec.dir;
    pipe_dir_ = services.state_dir + "/" + spec.name;
    run_dir_ = pipe_dir_ + "/runs/" + report_.run_id;
    report_.rejects_path = spec.rejects_path.empty()
                               ? pipe_dir_ + "/rejects/" + report_.run_id + ".ndjson"
                               : spec.rejects_path;
  }

  RunReport execute() {
    auto t0 = Clock::now();
    try {
      clear_stale_staging();
      std::filesystem::create_directories(run_dir_);
      setup();
      flow_all();
      publish();
      report_.status = "succeeded";
    } catch (const std::exception& e) {
      report_.status = "failed";
      report_.error = e.what();
      for (auto& s : sinks_) s->abort();
    }
    if (rejects_) rejects_->flush();
    std::error_code ec;
    std::filesystem::remove_all(run_dir_, ec);
    report_.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    snapshot();
    return report_;
  }

 private:
  // Staging left by a run that was killed. No other run can be using it: the data dir's RocksDB
  // lock (cli/data_dir.h) admits one process, and a process runs its pipelines one at a time.
  void clear_stale_staging() {
    std::error_code ec;
    std::filesystem::remove_all(pipe_dir_ + "/runs", ec);
  }

  void setup() {
    factory_ = std::make_unique<SourceFactory>(services_);
    for (auto& src : spec_.sources) factory_->validate(src);
    for (size_t i = 0; i < spec_.steps.size(); ++i)
      steps_.push_back(make_step(spec_.steps[i], i, *factory_));
    for (auto& [name, node] : spec_.sinks)
      sinks_.push_back(make_sink(name, node, services_,
                                 SinkRun{run_dir_ + "/" + name, report_.run_id, run_date()}));
    state_ = load_state(pipe_dir_ + "/state.json").value_or(RunState{});
    // A sink that commits state with its data may be ahead of the state file, when a run was
    // killed between its publish and the state file's replacement.
    for (auto& s : sinks_)
      if (auto committed = s->committed_state(spec_.name)) {
        auto st = RunState::from_json(*committed);
        if (st.runs > state_.runs) state_ = st;
      }
    report_.cursor_before = state_.cursor;
    cursor_ = std::make_unique<CursorFilter>(spec_.cursor, state_.cursor);
    rejects_ = std::make_unique<Rejects>(report_.run_id, report_.rejects_path, spec_.max_rejects);
    for (auto& s : sinks_) s->set_rejects(rejects_.get());
    stages_.push_back(std::make_unique<Stage>());
    stages_.back()->name = "source";
    for (auto& s : steps_) {
      stages_.push_back(std::make_unique<Stage>());
      stages_.back()->name = s->name();
    }
    for (auto& s : sinks_) {
      stages_.push_back(std::make_unique<Stage>());
      stages_.back()->name = "sink:" + s->name();
    }
    split_ = steps_.size();
    for (size_t i = 0; i < steps_.size(); ++i)
      if (steps_[i]->stateful()) {
        split_ = i;
        break;
      }
    ctx_.eval.now_millis = options_.now_millis ? options_.now_millis : core::now_millis();
    ctx_.rejects = rejects_.get();
  }

  std::string run_date() const {
    auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
  }

  Stage& step_stage(size_t i) { return *stages_[1 + i]; }
  Stage& sink_stage(size_t i) { return *stages_[1 + steps_.size() + i]; }

  void run_step(size_t i, Batch& b, StepContext& ctx) {
    auto t = Clock::now();
    uint64_t before = ctx.rejected;
    auto& st = step_stage(i);
    st.in += b.rows.size();
    steps_[i]->process(b, ctx);
    if (!steps_[i]->stateful()) st.out += b.rows.size();
    st.rejected += ctx.rejected - before;
    st.micros += std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t).count();
  }

  // Reader thread: sources -> cursor filter -> input queue.
  void read(BoundedQueue<Batch>& input) {
    try {
      uint64_t seq = 0;
      auto& st = *stages_[0];
      for (auto& node : spec_.sources) {
        CursorRange range{spec_.cursor, state_.cursor};
        auto source = factory_->open(node, spec_.cursor.empty() ? nullptr : &range);
        Batch b;
        while (!failed_.load()) {
          auto t = Clock::now();
          uint64_t unreadable = rejects_->unreadable();
          bool more = source->next(b, spec_.batch_rows, *rejects_);
          st.micros += std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t).count();
          // Records that could not be read count as read and rejected by the source.
          uint64_t bad = rejects_->unreadable() - unreadable;
          st.in += b.rows.size() + bad;
          st.rejected += bad;
          rows_read_ += b.rows.size() + bad;
          if (!more) break;
          if (cursor_->enabled()) {
            size_t before = b.rows.size();
            uint64_t skipped = cursor_->apply(b, *rejects_);
            rows_skipped_ += skipped;
            st.rejected += before - b.rows.size() - skipped;
          }
          st.out += b.rows.size();
          b.sequence = seq++;
          if (!input.push(std::move(b))) return;
          b = Batch{};
        }
      }
      std::lock_guard lock(mu_);
      total_batches_ = seq;
      reading_done_ = true;
    } catch (const std::exception& e) {
      fail(e.what());
    }
    input.close();
    cv_.notify_all();
  }

  // Worker threads: the stateless steps before the first stateful one.
  void work(BoundedQueue<Batch>& input, size_t reorder_cap) {
    StepContext ctx = ctx_;
    try {
      while (auto b = input.pop()) {
        for (size_t i = 0; i < split_ && !b->rows.empty(); ++i) run_step(i, *b, ctx);
        std::unique_lock lock(mu_);
        // Bounded reordering; the batch the consumer waits for is always let in.
        cv_.wait(lock, [&] { return failed_.load() || done_.size() < reorder_cap || b->sequence == next_seq_; });
        if (failed_.load()) break;
        done_.emplace(b->sequence, std::move(*b));
        cv_.notify_all();
      }
    } catch (const std::exception& e) {
      fail(e.what());
    }
    std::lock_guard lock(mu_);
    --active_workers_;
    cv_.notify_all();
  }

  void fail(const std::string& what) {
    std::lock_guard lock(mu_);
    if (!failed_.exchange(true)) error_ = what;
    cv_.notify_all();
  }

  // The steps from `from` on, then the sinks, on the consumer thread.
  void flow(Batch& b, size_t from) {
    for (size_t i = from; i < steps_.size(); ++i) {
      if (b.rows.empty()) return;
      run_step(i, b, ctx_);
    }
    if (b.rows.empty()) return;
    for (size_t s = 0; s < sinks_.size(); ++s) route(s, b);
  }

  void route(size_t s, const Batch& b) {
    auto& sink = *sinks_[s];
    auto& st = sink_stage(s);
    auto t = Clock::now();
    const auto& c = sink.common();
    if (!c.when && !c.delete_when) {
      st.in += b.rows.size();
      sink.write(b);
    } else {
      Batch upserts{b.schema, {}, b.origin, b.sequence}, deletes{b.schema, {}, b.origin, b.sequence};
      std::optional<Expression> when, del;
      if (c.when) when = bound_to(*c.when, *b.schema);
      if (c.delete_when) del = bound_to(*c.delete_when, *b.schema);
      for (const auto& row : b.rows) {
        try {
          if (when && !when->test(row.values, ctx_.eval)) continue;
          st.in += 1;
          if (del && del->test(row.values, ctx_.eval))
            deletes.rows.push_back(row);
          else
            upserts.rows.push_back(row);
        } catch (const core::Error& e) {
          rejects_->add(b, row, "sink:" + sink.name(), e.what());
        }
      }
      if (!upserts.rows.empty()) sink.write(upserts);
      if (!deletes.rows.empty()) sink.remove(deletes);
    }
    st.micros += std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t).count();
  }

  void flow_all() {
    int workers = options_.workers ? options_.workers : spec_.workers;
    if (workers <= 0) workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    BoundedQueue<Batch> input(static_cast<size_t>(workers) * 2);
    active_workers_ = workers;
    size_t reorder_cap = static_cast<size_t>(workers) * 4;
    std::thread reader([&] { read(input); });
    std::vector<std::thread> pool;
    for (int i = 0; i < workers; ++i) pool.emplace_back([&] { work(input, reorder_cap); });
    auto last_progress = Clock::now();
    try {
      for (;;) {
        Batch b;
        {
          std::unique_lock lock(mu_);
          cv_.wait_for(lock, std::chrono::milliseconds(200), [&] {
            return failed_.load() || done_.count(next_seq_) ||
                   (reading_done_ && next_seq_ >= total_batches_) || active_workers_ == 0;
          });
          if (failed_.load()) break;
          auto it = done_.find(next_seq_);
          if (it != done_.end()) {
            b = std::move(it->second);
            done_.erase(it);
            ++next_seq_;
            cv_.notify_all();
          } else if ((reading_done_ && next_seq_ >= total_batches_) || active_workers_ == 0) {
            break;
          }
        }
        if (b.schema) {
          flow(b, split_);
          rejects_->check(rows_read_.load(), false);
        }
        if (options_.on_progress && seconds_since(last_progress) >= 0.2) {
          last_progress = Clock::now();
          snapshot();
          options_.on_progress(report_);
        }
      }
    } catch (const std::exception& e) {
      fail(e.what());
    }
    input.close();
    reader.join();
    for (auto& t : pool) t.join();
    if (failed_.load()) throw core::Error("PipelineFailed", 500, error_);
    // The input has ended: stateful steps emit what they hold, through the steps after them.
    for (size_t i = split_; i < steps_.size(); ++i) {
      if (!steps_[i]->stateful()) continue;
      std::vector<Batch> out;
      steps_[i]->finish(out, ctx_);
      for (auto& b : out) {
        step_stage(i).out += b.rows.size();
        flow(b, i + 1);
      }
    }
    rejects_->check(rows_read_.load(), true);
  }

  void publish() {
    RunState next = state_;
    next.runs += 1;
    next.last_run = report_.run_id;
    if (cursor_->enabled()) next.cursor = cursor_->position_after();
    PublishContext ctx{spec_.name, report_.run_id, next.to_json()};
    for (auto& s : sinks_) s->publish(ctx);
    save_state(pipe_dir_ + "/state.json", next);
    report_.cursor_after = next.cursor;
  }

  void snapshot() {
    report_.rows_read = rows_read_.load();
    report_.rows_skipped = rows_skipped_.load();
    report_.rows_rejected = rejects_ ? rejects_->count() : 0;
    report_.stages.clear();
    for (auto& st : stages_)
      report_.stages.push_back(StageReport{st->name, st->in.load(), st->out.load(), st->rejected.load(),
                                           static_cast<double>(st->micros.load()) / 1e6});
    uint64_t written = 0;
    bool staged = report_.stages.size() == 1 + steps_.size() + sinks_.size();  // setup may have failed
    for (size_t i = 0; i < sinks_.size(); ++i) {
      if (staged) report_.stages[1 + steps_.size() + i].out = sinks_[i]->rows_written();
      written += sinks_[i]->rows_written();
    }
    report_.rows_written = written;
  }

  const PipelineSpec& spec_;
  RunOptions options_;
  Services services_;
  std::string pipe_dir_, run_dir_;
  RunReport report_;
  RunState state_;
  std::unique_ptr<SourceFactory> factory_;
  std::vector<std::unique_ptr<Step>> steps_;
  std::vector<std::unique_ptr<Sink>> sinks_;
  std::unique_ptr<Rejects> rejects_;
  std::unique_ptr<CursorFilter> cursor_;
  std::vector<std::unique_ptr<Stage>> stages_;
  size_t split_ = 0;
  StepContext ctx_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<uint64_t, Batch> done_;
  uint64_t next_seq_ = 0, total_batches_ = 0;
  bool reading_done_ = false;
  int active_workers_ = 0;
  std::atomic<bool> failed_{false};
  std::string error_;
  std::atomic<uint64_t> rows_read_{0}, rows_skipped_{0};
};

}  // namespace

void validate_pipeline(const PipelineSpec& spec, const Services& services) {
  Services s = services;
  s.base_dir = spec.dir;
  SourceFactory factory(s);
  for (auto& src : spec.sources) factory.validate(src);
  for (size_t i = 0; i < spec.steps.size(); ++i) make_step(spec.steps[i], i, factory);
}

RunReport run_pipeline(const PipelineSpec& spec, const Services& services, const RunOptions& options) {
  return Run(spec, services, options).execute();
}

}  // namespace wharf::pipeline
