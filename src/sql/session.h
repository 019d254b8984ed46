// Session: one connection to a relational database, the interface PostgreSQL and SQLite both
// implement (postgres_store.cc, sqlite_store.cc). A session belongs to one thread at a time; take
// one from SqlStore::acquire() and let the lease give it back.
//
// Values are core::Values both ways:
//   null; bool; core::Decimal for every number (INTEGER, NUMERIC and floats come back as exact
//   Decimals, never through a double; SQLite REALs are parsed from SQLite's text of them);
//   strings; core::Binary for bytea / BLOB; dates and timestamps as ISO text ("2026-11-21",
//   "2026-11-21T10:04:05Z", always UTC; SQLite keeps the text it is given, so give it that
//   form); maps, lists and sets go in as JSON text (jsonb in PostgreSQL) and JSON columns come
//   back parsed into maps and lists (a plain string sent to a JSON column must itself be JSON
//   text). Other PostgreSQL types (uuid, arrays, intervals, ...) come back as their text.
//
// Placeholders are positional: $1, $2 ... in PostgreSQL. SQLite takes ?, ?NNN and also $n, which
// is rewritten to ?n (dialect.h), so the same statement text serves both engines.
//
// Errors: core::Errors from errors.h. A statement the database rejects is SqlError with its
// SQLSTATE; a lost connection is SqlUnavailable and marks the session broken, so that the pool
// discards it instead of handing it out again.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"
#include "sql/dialect.h"
#include "sql/schema.h"

namespace wharf::sql {

using Row = std::vector<core::Value>;
using Params = std::vector<core::Value>;

struct ResultSet {
  std::vector<std::string> columns;
  std::vector<Row> rows;
};

// Receives a streamed result batch by batch; the rows are the callee's to keep or move on.
using BatchCallback =
    std::function<void(const std::vector<std::string>& columns, std::vector<Row>&& rows)>;

// Rows appended through one statement kept open across calls (PostgreSQL: one COPY FROM STDIN),
// so that the database loads while the caller prepares the next rows. Until finish() the
// session runs nothing else. Destroyed unfinished, the COPY is failed: none of its rows stay.
class CopyStream {
 public:
  virtual ~CopyStream() = default;
  virtual void write(const std::vector<Row>& rows) = 0;
  virtual void finish() = 0;  // throws the database's verdict (a constraint, a bad value)
};

class Session {
 public:
  virtual ~Session() = default;
  // copy_in's precondition, shared by the engines: one value per column in every row.
  static void check_copy_rows(const std::vector<std::string>& columns, const std::vector<Row>& rows);
  virtual Dialect dialect() const = 0;

  // Runs a statement and returns the row count the database reports for it (rows inserted,
  // updated, deleted; PostgreSQL also counts the rows of a SELECT, SQLite does not). With
  // no parameters `sql` may hold several statements separated by ';' (a schema script; the count
  // is the last statement's); with parameters it must be one statement.
  int64_t execute(std::string_view sql) { return execute(sql, {}); }
  virtual int64_t execute(std::string_view sql, const Params& params) = 0;

  // Runs one statement and returns its whole result.
  ResultSet query(std::string_view sql) { return query(sql, {}); }
  virtual ResultSet query(std::string_view sql, const Params& params) = 0;

  // Runs one query and hands its rows to `on_batch` in batches of at most batch_rows, never
  // holding more than one batch: PostgreSQL reads through a server-side cursor (inside the open
  // transaction, or one of its own), SQLite steps the statement. When the result is empty
  // `on_batch` is called once with no rows, so the caller always learns the column names. An
  // exception from `on_batch` stops the query and is rethrown.
  virtual void query_stream(std::string_view sql, const Params& params, size_t batch_rows,
                            const BatchCallback& on_batch) = 0;

  // A query's whole result for bulk reads, batch by batch as query_stream gives it: PostgreSQL
  // sends it with COPY (query) TO STDOUT, one stream instead of a FETCH round trip per batch.
  // COPY takes no parameters, so this takes none; the default is query_stream.
  virtual void copy_out(std::string_view sql, size_t batch_rows, const BatchCallback& on_batch) {
    query_stream(sql, {}, batch_rows, on_batch);
  }
  // One transaction at a time. Use these (or Transaction below) rather than BEGIN/COMMIT
  // statements: SQLite sessions serialize writers on them. commit() throws SqlError 25P02 when
  // the database rolled the transaction back instead (PostgreSQL does that on COMMIT after a
  // failed statement); if the connection is lost during commit() the outcome is unknown, which
  // is why a pipeline writes its checkpoint inside the same transaction as its data.
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual bool in_transaction() const = 0;

  // Appends rows to a table: PostgreSQL COPY ... FROM STDIN, SQLite one prepared INSERT reused.
  // All or nothing: a failure leaves none of the batch (PostgreSQL: and aborts the open
  // transaction, as any failed statement does there). Outside a transaction the batch commits on
  // its own. Every row must have one value per column (else SqlUsageError, before anything is
  // sent).
  virtual void copy_in(std::string_view table, const std::vector<std::string>& columns,
                       const std::vector<Row>& rows) = 0;

  // A CopyStream into `table` (copy_in's rules, spread over many calls). The default sends each
  // write() through copy_in: right for SQLite, whose writes are in-process.
  virtual std::unique_ptr<CopyStream> open_copy(std::string_view table, const std::vector<std::string>& columns);
  // Table names may be schema-qualified ("analytics.events", "main.events") and are otherwise
  // taken as given, case included (dialect.h quote_table_name).
  virtual bool table_exists(std::string_view table) = 0;
  // The columns in table order with their portable types (dialect.h column_type_from_name) and
  // the primary key in key order; nullopt when there is no such table.
  virtual std::optional<TableSchema> describe(std::string_view table) = 0;
  void create_table(const TableSchema& schema, bool if_not_exists);

  // INSERT INTO target SELECT ... FROM staging ON CONFLICT (keys) DO UPDATE (dialect.h
  // upsert_sql, including the version_column rule and the one-row-per-key requirement). Returns
  // the rows inserted or updated.
  int64_t upsert_from(std::string_view staging_table, std::string_view target_table,
                      const std::vector<std::string>& columns,
                      const std::vector<std::string>& key_columns,
                      std::string_view version_column = {});

  // For the pool. ping() runs SELECT 1 and says whether the connection works; may_be_stale() is
  // a free check (PostgreSQL: the server wrote to the idle socket, as it does when it shuts
  // down); is_broken() is true once a connection-level failure was seen.
  virtual bool ping() = 0;
  virtual bool may_be_stale() const = 0;
  virtual bool is_broken() const = 0;
};

// begin() on construction; rolls back on destruction unless commit() or rollback() ran. The
// destructor never throws (a failed rollback leaves the session broken or in_transaction(),
// and the pool discards it).
class Transaction {
 public:
  explicit Transaction(Session& session);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();
  void rollback();

 private:
  Session& session_;
  bool open_ = true;
};

// A session borrowed from a pool; it goes back when the lease is destroyed or release() runs.
class SessionLease {
 public:
  using GiveBack = std::function<void(std::unique_ptr<Session>)>;

  SessionLease() = default;
  SessionLease(std::unique_ptr<Session> session, GiveBack give_back);
  SessionLease(SessionLease&& o) noexcept;
  SessionLease& operator=(SessionLease&& o) noexcept;
  ~SessionLease();

  Session* get() const { return session_.get(); }
  Session* operator->() const { return session_.get(); }
  Session& operator*() const { return *session_; }
  explicit operator bool() const { return session_ != nullptr; }
  void release();

 private:
  std::unique_ptr<Session> session_;
  GiveBack give_back_;
};

}  // namespace wharf::sql
