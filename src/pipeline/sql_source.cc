// The SQL source: the rows of a query against PostgreSQL or SQLite, streamed (PostgreSQL: COPY
// (query) TO STDOUT, or a server-side cursor when the query has parameters), so a large table
// never sits in memory.
//   source: {sql: "SELECT * FROM orders", database: "postgresql://wharf:...@127.0.0.1:5432/shop"}
// In an incremental pipeline the query is wrapped so that the database skips what earlier runs
// loaded: SELECT * FROM (query) q WHERE (c1, c2) > ($n, $n+1) ORDER BY c1, c2.
#include <condition_variable>
#include <thread>

#include "pipeline/bounded_queue.h"
#include "pipeline/source.h"
#include "pipeline/yaml_value.h"
#include "sql/sql_store.h"

namespace wharf::pipeline {
namespace {

// Session::query_stream pushes batches to a callback; a Source is pulled. A thread of its own
// runs the query and hands batches over a queue of two, so the database is read as fast as the
// pipeline consumes and no faster.
class SqlSource : public Source {
 public:
  SqlSource(std::unique_ptr<sql::SqlStore> store, std::string query, sql::Params params,
            std::string origin, size_t batch_rows)
      : store_(std::move(store)), query_(std::move(query)), params_(std::move(params)),
        origin_(std::move(origin)), batch_rows_(batch_rows), queue_(2) {}

  ~SqlSource() override {
    queue_.close();
    if (thread_.joinable()) thread_.join();
  }

  bool next(Batch& out, size_t max_rows, Rejects&) override {
    if (!thread_.joinable()) {
      batch_rows_ = max_rows;
      thread_ = std::thread([this] { produce(); });
    }
    for (;;) {
      auto item = queue_.pop();
      if (!item) {
        std::lock_guard lock(mu_);
        if (!error_.empty()) throw core::Error("SqlError", 400, origin_ + ": " + error_);
        return false;
      }
      if (item->rows.empty()) continue;
      out = std::move(*item);
      return true;
    }
  }
  std::string describe() const override { return origin_; }

 private:
  void produce() {
    try {
      auto session = store_->acquire();
      auto on_batch = [&](const std::vector<std::string>& columns, std::vector<sql::Row>&& rows) {
        if (!schema_ || schema_->names() != columns) schema_ = intern_schema(columns);
        Batch b{schema_, {}, origin_, 0};
        b.rows.reserve(rows.size());
        for (auto& r : rows) b.rows.push_back(Row{std::move(r), ++position_, {}});
        if (!queue_.push(std::move(b))) throw Stopped{};
      };
      // A whole result in bulk with COPY TO STDOUT; COPY takes no parameters, so a query with
      // them (an incremental cursor) goes through a server-side cursor.
      if (params_.empty())
        session->copy_out(query_, batch_rows_, on_batch);
      else
        session->query_stream(query_, params_, batch_rows_, on_batch);
    } catch (const Stopped&) {
    } catch (const std::exception& e) {
      std::lock_guard lock(mu_);
      error_ = e.what();
    }
    queue_.close();
  }
  struct Stopped {};

  std::unique_ptr<sql::SqlStore> store_;
  std::string query_;
  sql::Params params_;
  std::string origin_;
  size_t batch_rows_;
  BoundedQueue<Batch> queue_;
  std::thread thread_;
  SchemaPtr schema_;
  uint64_t position_ = 0;
  std::mutex mu_;
  std::string error_;
};

}  // namespace

std::unique_ptr<Source> open_sql_source(const SpecNode& spec, const Services& s, const CursorRange* cursor) {
  spec.allow_keys({"sql", "database", "params"});
  std::string query = spec.string("sql");
  std::string url = resolve_database_url(s, spec.at("database"));
  sql::Params params;
  if (auto p = spec.get("params"))
    for (auto& item : p->items()) params.push_back(yaml_to_value(item));
  auto store = sql::open_store(url, sql::PoolOptions{.min_connections = 1, .max_connections = 1});
  if (cursor && !cursor->fields.empty()) {
    // Strip a trailing ';' so the query nests as a subquery.
    while (!query.empty() && (query.back() == ';' || std::isspace(static_cast<unsigned char>(query.back()))))
      query.pop_back();
    std::string cols = sql::quote_identifiers(cursor->fields);
    std::string wrapped = "SELECT * FROM (" + query + ") AS wharf_q";
    if (!cursor->after.empty()) {
      wrapped += " WHERE (" + cols + ") > (";
      for (size_t i = 0; i < cursor->after.size(); ++i) {
        wrapped += (i ? ", $" : "$") + std::to_string(params.size() + 1);
        params.push_back(cursor->after[i]);
      }
      wrapped += ")";
    }
    query = wrapped + " ORDER BY " + cols;
  }
  std::string origin = std::string(store->dialect_name()) + " " + store->name();
  return std::make_unique<SqlSource>(std::move(store), query, std::move(params), origin, 2048);
}

}  // namespace wharf::pipeline
