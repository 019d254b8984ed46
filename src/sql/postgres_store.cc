#include "sql/postgres_store.h"

#include <poll.h>
#include <postgresql/libpq-fe.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "sql/dialect.h"
#include "sql/errors.h"
#include "sql/pg_codec.h"

namespace wharf::sql {

namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

constexpr size_t kCopyChunk = 1 << 16;

// libpq's messages span lines ("...failed: Connection refused\n\tIs the server running...");
// errors carry them on one line.
std::string one_line(const char* text) {
  std::string out;
  bool space = false;
  for (const char* p = text ? text : ""; *p; ++p) {
    if (*p == '\n' || *p == '\t' || *p == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += *p;
  }
  return out;
}

void log_notice(void*, const char* message) { spdlog::debug("postgres: {}", one_line(message)); }

std::vector<std::string> column_names(const PGresult* r) {
  std::vector<std::string> names;
  for (int c = 0; c < PQnfields(r); ++c) names.emplace_back(PQfname(r, c));
  return names;
}

void append_rows(const PGresult* r, std::vector<Row>& rows) {
  int columns = PQnfields(r);
  std::vector<unsigned> oids;
  for (int c = 0; c < columns; ++c) oids.push_back(PQftype(r, c));
  for (int i = 0; i < PQntuples(r); ++i) {
    Row row;
    row.reserve(columns);
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(r, i, c)) {
        row.emplace_back();
      } else {
        row.push_back(from_pg_text(
            oids[c], {PQgetvalue(r, i, c), static_cast<size_t>(PQgetlength(r, i, c))}));
      }
    }
    rows.push_back(std::move(row));
  }
}

// The statement text without trailing blanks and semicolons, to embed in DECLARE ... FOR.
std::string_view statement_body(std::string_view sql) {
  while (!sql.empty() &&
         (std::isspace(static_cast<unsigned char>(sql.back())) || sql.back() == ';'))
    sql.remove_suffix(1);
  return sql;
}

class PostgresSession final : public Session {
 public:
  PostgresSession(PGconn* conn, std::string endpoint)
      : conn_(conn), endpoint_(std::move(endpoint)) {}
  ~PostgresSession() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }
  using Session::execute;
  using Session::query;

  int64_t execute(std::string_view sql, const Params& params) override {
    Result r = run(sql, params);
    return std::atoll(PQcmdTuples(r.get()));
  }

  ResultSet query(std::string_view sql, const Params& params) override {
    Result r = run(sql, params);
    ResultSet out;
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) return out;
    out.columns = column_names(r.get());
    append_rows(r.get(), out.rows);
    return out;
  }

  void query_stream(std::string_view sql, const Params& params, size_t batch_rows,
                    const BatchCallback& on_batch) override {
    batch_rows = std::max<size_t>(batch_rows, 1);
    bool own_transaction = !in_transaction();  // a cursor only lives inside a transaction
    std::string cursor = "wharf_cursor_" + std::to_string(++cursor_seq_);
    if (own_transaction) run("BEGIN", {});
    try {
      run("DECLARE " + cursor + " NO SCROLL CURSOR FOR " + std::string(statement_body(sql)),
          params);
      std::string fetch = "FETCH FORWARD " + std::to_string(batch_rows) + " FROM " + cursor;
      std::vector<std::string> columns;
      for (bool first = true;; first = false) {
        Result r = run(fetch, {});
        size_t n = static_cast<size_t>(PQntuples(r.get()));
        if (n == 0 && !first) break;
        if (first) columns = column_names(r.get());
        std::vector<Row> rows;
        rows.reserve(n);
        append_rows(r.get(), rows);
        on_batch(columns, std::move(rows));
        if (n < batch_rows) break;
      }
      run("CLOSE " + cursor, {});
      if (own_transaction) run("COMMIT", {});
    } catch (...) {
      try {
        if (own_transaction) {
          rollback();
        } else if (PQtransactionStatus(conn_) == PQTRANS_INTRANS) {
          run("CLOSE " + cursor, {});  // the caller's transaction goes on without it
        }
      } catch (const std::exception& e) {
        spdlog::debug("postgres: cleanup after a failed streamed query: {}", e.what());
      }
      throw;
    }
  }

  void copy_out(std::string_view sql, size_t batch_rows, const BatchCallback& on_batch) override {
    batch_rows = std::max<size_t>(batch_rows, 1);
    std::string body(statement_body(sql));
    // The columns and their types, from the statement's description (nothing runs).
    Result described = check(PQprepare(conn_, "", body.c_str(), 0, nullptr));
    Result d = check(PQdescribePrepared(conn_, ""));
    std::vector<std::string> columns = column_names(d.get());
    std::vector<unsigned> oids;
    for (int c = 0; c < PQnfields(d.get()); ++c) oids.push_back(PQftype(d.get(), c));
    Result started(PQexec(conn_, ("COPY (" + body + ") TO STDOUT").c_str()));
    if (!started || PQresultStatus(started.get()) != PGRES_COPY_OUT) check(started.release());
    std::vector<Row> rows;
    bool called = false;
    std::optional<std::exception_ptr> failed;
    for (;;) {
      char* buf = nullptr;
      int n = PQgetCopyData(conn_, &buf, 0);
      if (n == -1) break;                                          // done
      if (n < 0) throw lost(one_line(PQerrorMessage(conn_)));      // -2: the connection failed
      std::unique_ptr<char, void (*)(void*)> line(buf, PQfreemem);
      if (failed) continue;  // drain the stream, so the session stays usable
      std::string_view text(buf, static_cast<size_t>(n));
      if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
      auto fields = split_copy_row(text);
      Row row;
      row.reserve(fields.size());
      for (size_t c = 0; c < fields.size(); ++c)
        row.push_back(fields[c] ? from_pg_text(c < oids.size() ? oids[c] : 25, *fields[c]) : core::Value());
      rows.push_back(std::move(row));
      if (rows.size() >= batch_rows) {
        try {
          on_batch(columns, std::move(rows));
          called = true;
        } catch (...) {
          failed = std::current_exception();
          cancel();  // the caller stopped: ask the server to stop sending, then drain
        }
        rows.clear();
      }
    }
    while (PGresult* raw = PQgetResult(conn_)) {  // the COPY's own verdict
      if (failed) {
        Result ignored(raw);  // cancelled on purpose
        continue;
      }
      check(raw);
    }
    if (failed) std::rethrow_exception(*failed);
    if (!rows.empty() || !called) on_batch(columns, std::move(rows));
  }

  void cancel() {
    if (PGcancel* c = PQgetCancel(conn_)) {
      char err[256];
      PQcancel(c, err, sizeof err);
      PQfreeCancel(c);
    }
  }

  void begin() override {
    if (in_transaction()) throw usage_error("a transaction is already open on this session");
    run("BEGIN", {});
  }

  void commit() override {
    if (!in_transaction()) throw usage_error("commit() without an open transaction");
    Result r = run("COMMIT", {});
    // COMMIT of a transaction in which a statement failed succeeds with the tag ROLLBACK.
    if (std::string_view(PQcmdStatus(r.get())) == "ROLLBACK") {
      throw statement_error("25P02",
                            "the transaction was rolled back, not committed, because a statement "
                            "in it failed");
    }
  }

  void rollback() override {
    if (broken_ || !in_transaction()) return;  // a lost connection rolled back on the server
    run("ROLLBACK", {});
  }

  bool in_transaction() const override {
    PGTransactionStatusType t = PQtransactionStatus(conn_);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
  }

  void copy_in(std::string_view table, const std::vector<std::string>& columns,
               const std::vector<Row>& rows) override {
    check_copy_rows(columns, rows);
    if (rows.empty()) return;
    auto copy = open_copy(table, columns);
    copy->write(rows);
    copy->finish();
  }

  std::unique_ptr<CopyStream> open_copy(std::string_view table, const std::vector<std::string>& columns) override;

  bool table_exists(std::string_view table) override {
    ResultSet r = query(
        "SELECT EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass($1) "
        "AND relkind IN ('r', 'p', 'v', 'm', 'f'))",
        {quote_table_name(table)});
    return r.rows.at(0).at(0) == core::Value(true);
  }

  std::optional<TableSchema> describe(std::string_view table) override {
    if (!table_exists(table)) return std::nullopt;
    core::Value name = quote_table_name(table);
    TableSchema schema;
    schema.name = std::string(table);
    ResultSet columns = query(
        "SELECT a.attname, t.typname, NOT a.attnotnull FROM pg_attribute a "
        "JOIN pg_type t ON t.oid = a.atttypid "
        "WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped "
        "ORDER BY a.attnum",
        {name});
    for (const Row& c : columns.rows) {
      schema.columns.push_back({c[0].as<std::string>(),
                                column_type_from_name(Dialect::kPostgres, c[1].as<std::string>()),
                                c[2].as<bool>()});
    }
    ResultSet key = query(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
        "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indrelid = to_regclass($1) AND i.indisprimary "
        "ORDER BY array_position(i.indkey::int2[], a.attnum)",
        {name});
    for (const Row& k : key.rows) schema.primary_key.push_back(k[0].as<std::string>());
    return schema;
  }

  bool ping() override {
    if (is_broken()) return false;
    Result r(PQexec(conn_, "SELECT 1"));
    bool ok = r && PQresultStatus(r.get()) == PGRES_TUPLES_OK;
    if (PQstatus(conn_) == CONNECTION_BAD) broken_ = true;
    return ok;
  }

  bool may_be_stale() const override {
    if (PQstatus(conn_) != CONNECTION_OK) return true;
    // An idle connection has nothing to read unless the server wrote first: a shutdown or
    // termination notice followed by EOF, or (rarely) a NOTIFY. Either way ping() decides.
    pollfd p{PQsocket(conn_), POLLIN, 0};
    return p.fd < 0 || poll(&p, 1, 0) != 0;
  }

  bool is_broken() const override { return broken_ || PQstatus(conn_) == CONNECTION_BAD; }

 private:
  core::Error lost(const std::string& why) {
    broken_ = true;
    return sql_store_error("SqlUnavailable",
                           "lost the connection to PostgreSQL at " + endpoint_ + ": " + why);
  }

  Result run(std::string_view sql, const Params& params) {
    if (broken_) throw lost("it broke during an earlier statement");
    std::string text(sql);
    if (params.empty()) return check(PQexec(conn_, text.c_str()));
    std::vector<std::optional<std::string>> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(to_pg_text(p));
    std::vector<const char*> pointers;
    pointers.reserve(values.size());
    for (const auto& v : values) pointers.push_back(v ? v->c_str() : nullptr);
    return check(PQexecParams(conn_, text.c_str(), static_cast<int>(pointers.size()), nullptr,
                              pointers.data(), nullptr, nullptr, 0));
  }

  Result check(PGresult* raw) {
    Result r(raw);
    ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN ||
        status == PGRES_EMPTY_QUERY) {
      return r;
    }
    if (!r || PQstatus(conn_) == CONNECTION_BAD) throw lost(one_line(PQerrorMessage(conn_)));
    const char* sqlstate = PQresultErrorField(r.get(), PG_DIAG_SQLSTATE);
    const char* primary = PQresultErrorField(r.get(), PG_DIAG_MESSAGE_PRIMARY);
    core::Error e = statement_error(sqlstate ? sqlstate : "XX000",
                                    primary ? primary : one_line(PQresultErrorMessage(r.get())));
    if (const char* detail = PQresultErrorField(r.get(), PG_DIAG_MESSAGE_DETAIL)) {
      e.with("detail", detail);
    }
    if (const char* hint = PQresultErrorField(r.get(), PG_DIAG_MESSAGE_HINT)) e.with("hint", hint);
    throw e;
  }

  void put_copy_data(std::string& chunk) {
    if (chunk.empty()) return;
    if (PQputCopyData(conn_, chunk.data(), static_cast<int>(chunk.size())) != 1) {
      throw lost(one_line(PQerrorMessage(conn_)));
    }
    chunk.clear();
  }

  // Ends the COPY (with `error`: makes the server fail it) and collects the server's verdict.
  void finish_copy(const char* error) {
    if (PQputCopyEnd(conn_, error) != 1) throw lost(one_line(PQerrorMessage(conn_)));
    std::optional<core::Error> failure;
    while (PGresult* raw = PQgetResult(conn_)) {
      try {
        check(raw);
      } catch (const core::Error& e) {
        if (!failure) failure = e;
      }
    }
    if (failure && !error) throw *failure;
  }

  friend class PostgresCopyStream;
  PGconn* conn_;
  std::string endpoint_;
  bool broken_ = false;
  uint64_t cursor_seq_ = 0;
};

// One COPY FROM STDIN for many write()s; libpq sends as the buffer fills, the server loads as
// the data arrives.
class PostgresCopyStream : public CopyStream {
 public:
  PostgresCopyStream(PostgresSession& s, std::string_view table, const std::vector<std::string>& columns)
      : s_(s), columns_(columns) {
    s_.run("COPY " + quote_table_name(table) + " (" + quote_identifiers(columns) + ") FROM STDIN", {});
    chunk_.reserve(kCopyChunk + 1024);
  }
  ~PostgresCopyStream() override {
    if (open_ && !s_.broken_) {
      try {
        s_.finish_copy("wharf abandoned the COPY");
      } catch (...) {
      }
    }
  }
  void write(const std::vector<Row>& rows) override {
    Session::check_copy_rows(columns_, rows);
    for (const Row& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) chunk_ += '\t';
        append_copy_field(chunk_, to_pg_text(row[i]));
      }
      chunk_ += '\n';
      if (chunk_.size() >= kCopyChunk) s_.put_copy_data(chunk_);
    }
  }
  void finish() override {
    s_.put_copy_data(chunk_);
    open_ = false;
    s_.finish_copy(nullptr);
  }

 private:
  PostgresSession& s_;
  std::vector<std::string> columns_;
  std::string chunk_;
  bool open_ = true;
};

std::unique_ptr<CopyStream> PostgresSession::open_copy(std::string_view table, const std::vector<std::string>& columns) {
  return std::make_unique<PostgresCopyStream>(*this, table, columns);
}

bool refused_credentials(std::string_view message) {
  return message.find("password authentication failed") != std::string_view::npos ||
         message.find("no password supplied") != std::string_view::npos ||
         message.find("authentication failed") != std::string_view::npos;
}

}  // namespace

std::unique_ptr<Session> connect_postgres(const StoreUrl& url,
                                          std::chrono::milliseconds connect_timeout) {
  // libpq takes whole seconds (and treats 1 as 2).
  std::string timeout =
      std::to_string(std::max<long long>(2, (connect_timeout.count() + 999) / 1000));
  // Keywords after "dbname" override what the URL says; those before it are defaults the URL
  // may override.
  const char* keys[] = {"application_name", "connect_timeout", "dbname", "client_encoding",
                        nullptr};
  const char* values[] = {"wharf", timeout.c_str(), url.url.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!conn) throw sql_store_error("SqlUnavailable", "out of memory connecting to PostgreSQL");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = one_line(PQerrorMessage(conn));
    PQfinish(conn);
    if (refused_credentials(why)) {
      throw sql_store_error("SqlAccessDenied", "PostgreSQL at " + url.endpoint() +
                                                   " refused user \"" + url.user + "\": " + why);
    }
    throw sql_store_error("SqlUnavailable",
                          "cannot connect to PostgreSQL at " + url.endpoint() + ": " + why);
  }
  PQsetNoticeProcessor(conn, log_notice, nullptr);
  auto session = std::make_unique<PostgresSession>(conn, url.endpoint());
  // The value decoding (pg_codec.h) relies on these output formats.
  session->execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET bytea_output = 'hex'");
  return session;
}

std::unique_ptr<SqlStore> open_postgres_store(const StoreUrl& url, const PoolOptions& options) {
  auto timeout = options.connect_timeout;
  auto pool = ConnectionPool::create(
      url.redacted(), [url, timeout] { return connect_postgres(url, timeout); }, options);
  return std::make_unique<SqlStore>(Dialect::kPostgres, std::move(pool));
}

}  // namespace wharf::sql
