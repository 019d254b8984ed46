#include "sql/sqlite_store.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <mutex>
#include <system_error>

#include "sql/dialect.h"
#include "sql/errors.h"
#include "sql/sqlite_statement.h"

namespace wharf::sql {

namespace {

// The in-process writer lock of one database file. Not a std::mutex: a transaction may begin on
// one thread and commit on another (a session moves between pipeline stages), and a mutex must
// be unlocked by the thread that locked it.
class WriteGate {
 public:
  bool acquire(std::chrono::milliseconds timeout) {
    std::unique_lock lk(mu_);
    if (!free_.wait_for(lk, timeout, [&] { return !held_; })) return false;
    held_ = true;
    return true;
  }
  void release() {
    {
      std::lock_guard lk(mu_);
      held_ = false;
    }
    free_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable free_;
  bool held_ = false;
};

// One gate per file for the whole process, so two stores opened on the same file (a pipeline's
// source and sink) still serialize their writers here rather than in SQLite's busy loop.
std::shared_ptr<WriteGate> gate_for(const std::string& canonical_path) {
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<WriteGate>> gates;
  std::lock_guard lk(mu);
  auto& slot = gates[canonical_path];
  auto gate = slot.lock();
  if (!gate) slot = gate = std::make_shared<WriteGate>();
  return gate;
}

std::pair<std::string, std::string> split_table(std::string_view table) {
  size_t dot = table.find('.');
  if (dot == std::string_view::npos) return {"", std::string(table)};
  return {std::string(table.substr(0, dot)), std::string(table.substr(dot + 1))};
}

class SqliteSession final : public Session {
 public:
  SqliteSession(sqlite3* db, std::shared_ptr<WriteGate> gate,
                std::chrono::milliseconds busy_timeout)
      : db_(db), gate_(std::move(gate)), busy_timeout_(busy_timeout) {}

  ~SqliteSession() override {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    if (holds_gate_) gate_->release();
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  using Session::execute;
  using Session::query;

  int64_t execute(std::string_view sql, const Params& params) override {
    std::string text = sqlite_placeholders(sql);
    const char* next = text.c_str();
    const char* end = next + text.size();
    int64_t changes = 0;
    bool first = true;
    Settle settle(*this);
    while (next < end) {
      const char* start = next;
      SqliteStatement st(db_, std::string_view(next, end - next), &next);
      if (st.empty()) {
        if (next == start) break;
        continue;
      }
      if (!first && !params.empty()) {
        throw usage_error("with parameters, execute() takes one statement");
      }
      st.bind(first ? params : Params{});
      first = false;
      before_statement(st);
      int64_t before = sqlite3_total_changes64(db_);
      while (st.step()) {
      }
      // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE; only a statement
      // that changed something is that statement.
      changes = sqlite3_total_changes64(db_) != before ? sqlite3_changes64(db_) : 0;
      settle_gate();
    }
    return changes;
  }

  ResultSet query(std::string_view sql, const Params& params) override {
    ResultSet out;
    run_query(sql, params, [&](SqliteStatement& st) {
      out.columns = st.column_names();
      while (st.step()) out.rows.push_back(st.row());
    });
    return out;
  }

  void query_stream(std::string_view sql, const Params& params, size_t batch_rows,
                    const BatchCallback& on_batch) override {
    batch_rows = std::max<size_t>(batch_rows, 1);
    run_query(sql, params, [&](SqliteStatement& st) {
      std::vector<std::string> columns = st.column_names();
      bool any = false;
      std::vector<Row> rows;
      while (st.step()) {
        rows.push_back(st.row());
        if (rows.size() == batch_rows) {
          any = true;
          on_batch(columns, std::move(rows));
          rows = {};
        }
      }
      if (!rows.empty() || !any) on_batch(columns, std::move(rows));
    });
  }

  void begin() override {
    if (in_transaction()) throw usage_error("a transaction is already open on this session");
    Settle settle(*this);
    take_gate();
    run("BEGIN IMMEDIATE");
  }

  void commit() override {
    if (!in_transaction()) throw usage_error("commit() without an open transaction");
    Settle settle(*this);
    run("COMMIT");
  }

  void rollback() override {
    Settle settle(*this);
    if (in_transaction()) run("ROLLBACK");
  }

  bool in_transaction() const override { return !sqlite3_get_autocommit(db_); }

  void copy_in(std::string_view table, const std::vector<std::string>& columns,
               const std::vector<Row>& rows) override {
    check_copy_rows(columns, rows);
    if (rows.empty()) return;
    std::string placeholders;
    for (size_t i = 1; i <= columns.size(); ++i)
      placeholders += (i > 1 ? ", ?" : "?") + std::to_string(i);
    std::string sql = "INSERT INTO " + quote_table_name(table) + " (" + quote_identifiers(columns) +
                      ") VALUES (" + placeholders + ")";
    // All or nothing, like COPY: its own transaction, or a savepoint in the caller's.
    bool own_transaction = !in_transaction();
    if (own_transaction) {
      begin();
    } else {
      run("SAVEPOINT wharf_copy_in");
    }
    try {
      SqliteStatement insert(db_, sql);
      for (const Row& row : rows) {
        insert.bind(row);
        while (insert.step()) {
        }
        insert.reset();
      }
      if (own_transaction) {
        commit();
      } else {
        run("RELEASE wharf_copy_in");
      }
    } catch (...) {
      try {
        if (own_transaction) {
          rollback();
        } else {
          run("ROLLBACK TO wharf_copy_in");
          run("RELEASE wharf_copy_in");
        }
      } catch (const std::exception& e) {
        spdlog::warn("sqlite: undoing a failed copy_in: {}", e.what());
      }
      throw;
    }
  }

  bool table_exists(std::string_view table) override { return !table_info(table).rows.empty(); }

  std::optional<TableSchema> describe(std::string_view table) override {
    ResultSet info = table_info(table);
    if (info.rows.empty()) return std::nullopt;
    TableSchema schema;
    schema.name = std::string(table);
    std::vector<std::pair<long long, std::string>> key;
    for (const Row& c : info.rows) {
      const auto& name = c[0].as<std::string>();
      std::string declared = c[1].is<std::string>() ? c[1].as<std::string>() : "";
      bool not_null = c[2].as<core::Decimal>() != core::Decimal(0);
      schema.columns.push_back(
          {name, column_type_from_name(Dialect::kSqlite, declared), !not_null});
      long long position = c[3].as<core::Decimal>().to_int64().value_or(0);
      if (position > 0) key.emplace_back(position, name);
    }
    std::sort(key.begin(), key.end());
    for (auto& [position, name] : key) schema.primary_key.push_back(std::move(name));
    return schema;
  }

  bool ping() override {
    try {
      run("SELECT 1");
      return true;
    } catch (const core::Error&) {
      return false;
    }
  }
  bool may_be_stale() const override { return false; }
  bool is_broken() const override { return false; }

 private:
  // Releases the write gate once the connection is back in autocommit mode, whichever way the
  // statement or transaction ended (SQLite rolls back on its own after some errors).
  class Settle {
   public:
    explicit Settle(SqliteSession& s) : s_(s) {}
    ~Settle() { s_.settle_gate(); }

   private:
    SqliteSession& s_;
  };

  void take_gate() {
    if (holds_gate_) return;
    if (!gate_->acquire(busy_timeout_)) {
      core::Error e = statement_error(
          "55P03",
          "database is locked: another session kept writing for longer than the busy "
          "timeout (" +
              std::to_string(busy_timeout_.count()) + " ms)");
      e.with("sqlite_code", "SQLITE_BUSY");
      throw e;
    }
    holds_gate_ = true;
  }

  void settle_gate() {
    if (holds_gate_ && sqlite3_get_autocommit(db_)) {
      holds_gate_ = false;
      gate_->release();
    }
  }

  // A writing statement takes the gate; inside a transaction it keeps it until the end (this
  // also covers BEGIN ... COMMIT sent as statements).
  void before_statement(const SqliteStatement& st) {
    if (!st.readonly()) take_gate();
  }

  // Runs the one statement of `sql` (SQLite placeholders rewritten) with `params`, after
  // checking that `sql` holds no second statement.
  template <typename F>
  void run_query(std::string_view sql, const Params& params, F&& read) {
    Settle settle(*this);  // after the statement is finalized, which ends its write
    std::string text = sqlite_placeholders(sql);
    const char* tail = nullptr;
    SqliteStatement st(db_, text, &tail);
    const char* end = text.c_str() + text.size();
    if (tail && tail < end && !SqliteStatement(db_, std::string_view(tail, end - tail)).empty()) {
      throw usage_error("query() takes one statement");
    }
    if (st.empty()) throw usage_error("query() was given no statement");
    st.bind(params);
    before_statement(st);
    read(st);
  }

  void run(const char* sql) {
    SqliteStatement st(db_, sql);
    while (st.step()) {
    }
  }

  ResultSet table_info(std::string_view table) {
    auto [schema, name] = split_table(table);
    if (schema.empty()) {
      return query("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1) ORDER BY cid",
                   {name});
    }
    return query("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1, ?2) ORDER BY cid",
                 {name, schema});
  }

  sqlite3* db_;
  std::shared_ptr<WriteGate> gate_;
  std::chrono::milliseconds busy_timeout_;
  bool holds_gate_ = false;
};

std::unique_ptr<Session> connect_sqlite(const std::string& path, std::shared_ptr<WriteGate> gate,
                                        std::chrono::milliseconds busy_timeout) {
  sqlite3* db = nullptr;
  // NOMUTEX: a session is used by one thread at a time; the pool hands it over.
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    throw sql_store_error("SqlUnavailable", "cannot open SQLite database " + path + ": " + why);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  // Straight on the connection, not through the write gate: a new reader must not wait for a
  // writer's transaction to end (switching a database that is already in WAL mode takes no lock).
  try {
    SqliteStatement wal(db, "PRAGMA journal_mode=WAL");
    if (!wal.step() || wal.row().at(0) != core::Value("wal")) {
      spdlog::warn("sqlite: {} cannot use WAL mode; readers will wait for writers", path);
    }
    for (const char* pragma : {"PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
      SqliteStatement st(db, pragma);
      while (st.step()) {
      }
    }
  } catch (...) {
    sqlite3_close_v2(db);
    throw;
  }
  auto session = std::make_unique<SqliteSession>(db, std::move(gate), busy_timeout);
  return session;
}

}  // namespace

std::unique_ptr<SqlStore> open_sqlite_store(const std::string& path, const PoolOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path file = fs::absolute(path, ec);
  if (ec) file = path;
  if (file.has_parent_path()) fs::create_directories(file.parent_path(), ec);
  std::string canonical = fs::weakly_canonical(file, ec).string();
  if (ec) canonical = file.string();
  auto gate = gate_for(canonical);
  auto busy = options.busy_timeout;
  auto pool = ConnectionPool::create(
      "sqlite:" + canonical,
      [canonical, gate, busy] { return connect_sqlite(canonical, gate, busy); }, options);
  return std::make_unique<SqlStore>(Dialect::kSqlite, std::move(pool));
}

}  // namespace wharf::sql
