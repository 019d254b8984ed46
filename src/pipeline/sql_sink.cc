// The SQL sink: rows into a PostgreSQL or SQLite table.
//   sinks:
//     facts: {sql: default, table: order_facts, key: [order_id, line_no], mode: upsert}
// Rows are COPYed as the run reads them, through one COPY FROM STDIN kept open for the whole run
// in PostgreSQL (the server loads while the pipeline cleans the next batch) and a prepared INSERT
// in SQLite, each mode so that the database writes every row once:
//   upsert:  into a temporary staging table; publish applies the latest row per key with
//            INSERT ... ON CONFLICT DO UPDATE and the deletes, in one transaction;
//   append:  PostgreSQL: straight into the table, inside a transaction opened at the first row;
//            SQLite (one writer per file: a transaction held for the run would stall the other
//            sinks of the file): into a temporary staging table, inserted on publish;
//   replace: into a new table <table>__wharf_load (PostgreSQL: inside such a transaction);
//            publish drops the old table and renames the new one in its place (load, then swap:
//            readers see the old rows until the commit, and are never blocked while it loads).
// The pipeline's state goes into _wharf_pipeline_state in the same transaction: target and state
// commit together or not at all, so a killed run leaves neither.
#include "pipeline/expr/date_time.h"
#include "pipeline/sink.h"
#include "pipeline/value_order.h"
#include "sql/sql_store.h"

namespace wharf::pipeline {
namespace {

constexpr const char* kStateTable = "_wharf_pipeline_state";
constexpr const char* kSeq = "wharf_seq";
constexpr const char* kOp = "wharf_op";

std::optional<sql::ColumnType> type_named(const std::string& n) {
  static const std::map<std::string, sql::ColumnType> kTypes = {
      {"text", sql::ColumnType::kText},         {"string", sql::ColumnType::kText},
      {"integer", sql::ColumnType::kInteger},   {"int", sql::ColumnType::kInteger},
      {"decimal", sql::ColumnType::kDecimal},   {"numeric", sql::ColumnType::kDecimal},
      {"boolean", sql::ColumnType::kBoolean},   {"bool", sql::ColumnType::kBoolean},
      {"date", sql::ColumnType::kDate},         {"timestamp", sql::ColumnType::kTimestamp},
      {"json", sql::ColumnType::kJson},         {"binary", sql::ColumnType::kBinary}};
  auto it = kTypes.find(n);
  return it == kTypes.end() ? std::nullopt : std::optional(it->second);
}

const char* type_word(sql::ColumnType t) {
  switch (t) {
    case sql::ColumnType::kText: return "text";
    case sql::ColumnType::kInteger: return "integer";
    case sql::ColumnType::kDecimal: return "decimal";
    case sql::ColumnType::kBoolean: return "boolean";
    case sql::ColumnType::kDate: return "date";
    case sql::ColumnType::kTimestamp: return "timestamp";
    case sql::ColumnType::kJson: return "json";
    case sql::ColumnType::kBinary: return "binary";
  }
  return "text";
}

// The value as the column takes it, or nullopt when it cannot be one.
std::optional<core::Value> fit(const core::Value& v, sql::ColumnType t) {
  if (v.is_null()) return v;
  const std::string* s = v.is<std::string>() ? &v.as<std::string>() : nullptr;
  switch (t) {
    case sql::ColumnType::kText:
      if (s) return v;
      if (v.is<core::Decimal>()) return core::Value(v.as<core::Decimal>().to_string());
      if (v.is<bool>()) return core::Value(std::string(v.as<bool>() ? "true" : "false"));
      return std::nullopt;
    case sql::ColumnType::kInteger:
    case sql::ColumnType::kDecimal: {
      std::optional<core::Decimal> d;
      if (v.is<core::Decimal>()) d = v.as<core::Decimal>();
      if (s) d = core::Decimal::parse(*s);
      if (!d || (t == sql::ColumnType::kInteger && (!d->is_integer() || !d->to_int64()))) return std::nullopt;
      return core::Value(*d);
    }
    case sql::ColumnType::kBoolean:
      if (v.is<bool>()) return v;
      if (s && (*s == "true" || *s == "false")) return core::Value(*s == "true");
      return std::nullopt;
    case sql::ColumnType::kDate:
    case sql::ColumnType::kTimestamp: {
      if (!s) return std::nullopt;
      auto dt = expr::parse_iso(*s);
      if (!dt || (t == sql::ColumnType::kDate && !dt->date_only)) return std::nullopt;
      return v;
    }
    case sql::ColumnType::kJson:
      return v;
    case sql::ColumnType::kBinary:
      if (v.is<core::Binary>()) return v;
      if (s) return core::Value(core::Binary{*s});
      return std::nullopt;
  }
  return std::nullopt;
}

// The type a new table gives a field, from the values of the first batch.
sql::ColumnType infer(const Batch& b, int slot) {
  std::optional<sql::ColumnType> t;
  for (const auto& row : b.rows) {
    const auto& v = row.at(slot);
    if (v.is_null()) continue;
    sql::ColumnType here = sql::ColumnType::kText;
    if (v.is<core::Decimal>())
      here = v.as<core::Decimal>().is_integer() && v.as<core::Decimal>().to_int64() ? sql::ColumnType::kInteger
                                                                                : sql::ColumnType::kDecimal;
    else if (v.is<bool>())
      here = sql::ColumnType::kBoolean;
    else if (v.is<core::Binary>())
      here = sql::ColumnType::kBinary;
    else if (v.is<core::Map>() || v.is<core::List>())
      here = sql::ColumnType::kJson;
    else if (auto dt = expr::parse_iso(v.as<std::string>()))
      here = dt->date_only ? sql::ColumnType::kDate : sql::ColumnType::kTimestamp;
    if (!t)
      t = here;
    else if (*t != here)
      t = (*t == sql::ColumnType::kInteger && here == sql::ColumnType::kDecimal) ||
                  (*t == sql::ColumnType::kDecimal && here == sql::ColumnType::kInteger)
              ? sql::ColumnType::kDecimal
              : sql::ColumnType::kText;
  }
  return t.value_or(sql::ColumnType::kText);
}

class SqlSink : public Sink {
 public:
  SqlSink(SinkCommon c, const SpecNode& spec, const Services& s, const SinkRun& run)
      : Sink(std::move(c)), run_(run) {
    spec.allow_keys({"sql", "table", "key", "mode", "when", "delete_when", "columns"});
    url_ = resolve_database_url(s, spec.at("sql"));
    table_ = spec.string("table");
    if (auto cols = spec.get("columns"))
      for (auto& [name, type] : cols->entries()) {
        auto t = type_named(type.as_string());
        if (!t) type.fail("unknown column type '" + type.as_string() +
                          "' (text, integer, decimal, boolean, date, timestamp, json, binary)");
        declared_.push_back(sql::Column{name, *t, true});
      }
    // Opened now, so an unreachable database fails the run before anything is read.
    store_ = sql::open_store(url_, sql::PoolOptions{.min_connections = 1, .max_connections = 1});
    session_ = store_->acquire();
    existing_ = session_->describe(table_);
    if (existing_ && !common().key.empty() && !existing_->primary_key.empty() &&
        existing_->primary_key != common().key)
      spec.at("key").fail("table " + table_ + " has the primary key (" + join(existing_->primary_key) +
                          "), not (" + join(common().key) + ")");
    key_ = common().key.empty() && existing_ ? existing_->primary_key : common().key;
    if (common().mode == WriteMode::kUpsert && key_.empty())
      spec.fail("upsert into " + table_ + " needs key: [columns] (or mode: append / replace)");
  }

  std::string describe() const override { return "table " + table_ + " in " + store_->name(); }

  void write(const Batch& b) override { stage(b, 'u'); }
  void remove(const Batch& b) override { stage(b, 'd'); }

  void publish(const PublishContext& ctx) override {
    auto& s = *session_;
    if (!prepared_) prepare(nullptr);  // no rows: replace still empties, the table still appears
    if (copy_) {
      copy_->finish();  // the database's verdict on every row copied
      copy_.reset();
    }
    if (!s.in_transaction()) s.begin();
    std::string target = sql::quote_table_name(table_);
    bool staged = copy_table_ == staging_name();
    switch (common().mode) {
      case WriteMode::kAppend:
        if (staged) {
          if (!existing_) s.create_table(target_schema(), true);
          std::string cols = sql::quote_identifiers(column_names());
          s.execute("INSERT INTO " + target + " (" + cols + ") SELECT " + cols + " FROM " +
                    sql::quote_identifier(staging_name()) + " ORDER BY " + kSeq);
        }
        rows_ = copied_;
        break;
      case WriteMode::kReplace:
        s.execute("DROP TABLE IF EXISTS " + target);
        s.execute("ALTER TABLE " + sql::quote_table_name(load_name()) + " RENAME TO " +
                  sql::quote_identifier(unqualified(table_)));
        // PostgreSQL names the key's index after the table it was created with; give it the
        // table's name, so that the next load table can take its own.
        if (s.dialect() == sql::Dialect::kPostgres && !key_.empty())
          s.execute("ALTER INDEX IF EXISTS " + sql::quote_table_name(load_name() + "_pkey") + " RENAME TO " +
                    sql::quote_identifier(unqualified(table_) + "_pkey"));
        rows_ = copied_;
        break;
      case WriteMode::kUpsert: {
        if (!staged) break;  // no rows
        if (!existing_) s.create_table(target_schema(), true);
        std::string staging = sql::quote_identifier(staging_name());
        std::string keys = sql::quote_identifiers(key_);
        // The latest row per key decides (an upsert, or a delete).
        s.execute("DELETE FROM " + staging + " WHERE " + kSeq + " NOT IN (SELECT max(" + kSeq + ") FROM " +
                  staging + " GROUP BY " + keys + ")");
        deleted_ = s.execute("DELETE FROM " + target + " WHERE (" + keys + ") IN (SELECT " + keys + " FROM " +
                             staging + " WHERE " + kOp + " = 'd')");
        s.execute("DELETE FROM " + staging + " WHERE " + kOp + " = 'd'");
        rows_ = s.upsert_from(staging_name(), table_, column_names(), key_);
        break;
      }
    }
    save_state(s, ctx);
    s.commit();
    if (staged) s.execute("DROP TABLE IF EXISTS " + sql::quote_identifier(staging_name()));
  }

  void abort() noexcept override {
    try {
      copy_.reset();  // fails an open COPY: none of its rows stay
      if (session_->in_transaction()) session_->rollback();
      if (copy_table_ == staging_name() || copy_table_ == load_name())
        session_->execute("DROP TABLE IF EXISTS " + sql::quote_table_name(copy_table_));
    } catch (...) {
    }
  }

  std::optional<std::string> committed_state(const std::string& pipeline) override {
    if (!session_->table_exists(kStateTable)) return std::nullopt;
    auto r = session_->query(std::string("SELECT state FROM ") + kStateTable + " WHERE pipeline = $1", {pipeline});
    if (r.rows.empty() || !r.rows[0][0].is<std::string>()) return std::nullopt;
    return r.rows[0][0].as<std::string>();
  }

 private:
  static std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  }

  // A temporary table lives in the sink's own session, so one name serves every sink.
  static std::string staging_name() { return "wharf_stage"; }
  std::string load_name() const { return table_ + "__wharf_load"; }
  static std::string unqualified(const std::string& name) {
    size_t dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
  }

  std::vector<std::string> column_names() const {
    std::vector<std::string> v;
    for (auto& c : columns_) v.push_back(c.name);
    return v;
  }

  sql::TableSchema target_schema() const {
    sql::TableSchema t{table_, columns_, key_};
    for (auto& c : t.columns)
      if (std::find(key_.begin(), key_.end(), c.name) != key_.end()) c.nullable = false;
    return t;
  }

  // The target's columns: the table's, else the declared ones, else the first batch's fields
  // (no batch: publish of a run without rows). Then where the rows go until publish.
  void prepare(const Batch* b) {
    prepared_ = true;
    if (existing_) {
      columns_ = existing_->columns;
    } else if (!declared_.empty()) {
      columns_ = declared_;
    } else if (b) {
      for (size_t i = 0; i < b->schema->size(); ++i)
        columns_.push_back(sql::Column{b->schema->names()[i], infer(*b, static_cast<int>(i)), true});
    }
    for (auto& k : key_)
      if (std::none_of(columns_.begin(), columns_.end(), [&](auto& c) { return c.name == k; }))
        throw core::Error("PipelineSpecError", 400, "sink " + name() + ": key column '" + k + "' is not a column of " + table_);
    auto& s = *session_;
    bool postgres = s.dialect() == sql::Dialect::kPostgres;
    if (common().mode == WriteMode::kUpsert || (common().mode == WriteMode::kAppend && !postgres)) {
      if (columns_.empty()) return;  // a run without rows into a table that is not there yet
      sql::TableSchema staging{staging_name(), columns_, {}};
      staging.columns.push_back(sql::Column{kSeq, sql::ColumnType::kInteger, false});
      staging.columns.push_back(sql::Column{kOp, sql::ColumnType::kText, false});
      auto create = sql::create_table_sql(s.dialect(), staging, false);
      s.execute("DROP TABLE IF EXISTS " + sql::quote_identifier(staging_name()));
      s.execute("CREATE TEMPORARY TABLE " + create.substr(std::string("CREATE TABLE ").size()));
      copy_table_ = staging_name();
      return;
    }
    if (columns_.empty()) {
      if (existing_ || common().mode == WriteMode::kAppend) return;  // nothing to create
      throw core::Error("PipelineSpecError", 400,
                        "sink " + name() + ": no rows to infer the columns of " + table_ + " from; declare columns:");
    }
    if (postgres) s.begin();  // held until publish: a failed or killed run leaves nothing behind
    if (common().mode == WriteMode::kAppend) {
      if (!existing_) s.create_table(target_schema(), true);
      copy_table_ = table_;
    } else {
      auto load = target_schema();
      load.name = load_name();
      s.execute("DROP TABLE IF EXISTS " + sql::quote_table_name(load.name));
      s.create_table(load, false);
      copy_table_ = load.name;
    }
  }

  void stage(const Batch& b, char op) {
    if (!prepared_) prepare(&b);
    bool staged = copy_table_ == staging_name();  // staging rows carry their order and kind
    if (slots_schema_ != b.schema) {
      slots_schema_ = b.schema;
      slots_.clear();
      for (auto& c : columns_) slots_.push_back(b.schema->find(c.name));
      // Schema drift: a field the table has no column for is an error, not a silent drop.
      for (auto& field : b.schema->names())
        if (std::none_of(columns_.begin(), columns_.end(), [&](auto& c) { return c.name == field; }))
          throw core::Error("SchemaDrift", 400,
                            "field '" + field + "' has no column in " + table_ +
                                " (add the column, or drop or rename the field before this sink)");
    }
    std::vector<sql::Row> rows;
    rows.reserve(b.rows.size());
    for (const auto& row : b.rows) {
      sql::Row out;
      out.reserve(columns_.size() + 2);
      std::optional<std::string> why;
      for (size_t i = 0; i < columns_.size() && !why; ++i) {
        const auto& v = row.at(slots_[i]);
        bool is_key = std::find(key_.begin(), key_.end(), columns_[i].name) != key_.end();
        if (v.is_null() && (is_key || !columns_[i].nullable)) {
          why = "column '" + columns_[i].name + "' cannot be null";
          break;
        }
        if (op == 'd' && !is_key) {
          out.emplace_back();
          continue;
        }
        auto fitted = fit(v, columns_[i].type);
        if (!fitted) {
          why = "column '" + columns_[i].name + "' (" + type_word(columns_[i].type) + ") cannot hold " +
                (v.is<std::string>() ? "'" + v.as<std::string>() + "'" : std::string(core::type_name(v.type())));
          break;
        }
        out.push_back(std::move(*fitted));
      }
      if (why) {
        reject(b, row, *why);
        continue;
      }
      if (staged) {
        out.emplace_back(static_cast<long long>(++seq_));
        out.emplace_back(std::string(1, op));
      }
      rows.push_back(std::move(out));
    }
    if (rows.empty()) return;
    auto names = column_names();
    if (staged) {
      names.push_back(kSeq);
      names.push_back(kOp);
    }
    if (!copy_) copy_ = session_->open_copy(copy_table_, names);
    copy_->write(rows);
    copied_ += rows.size();
  }

  void save_state(sql::Session& s, const PublishContext& ctx) {
    s.execute(std::string("CREATE TABLE IF NOT EXISTS ") + kStateTable +
              " (pipeline TEXT PRIMARY KEY, state TEXT NOT NULL, run TEXT NOT NULL)");
    s.execute(std::string("INSERT INTO ") + kStateTable + " (pipeline, state, run) VALUES ($1, $2, $3) " +
                  "ON CONFLICT (pipeline) DO UPDATE SET state = excluded.state, run = excluded.run",
              {ctx.pipeline, ctx.state_json, ctx.run_id});
  }

  SinkRun run_;
  std::string url_, table_;
  std::vector<sql::Column> declared_, columns_;
  std::vector<std::string> key_;
  std::unique_ptr<sql::SqlStore> store_;
  sql::SessionLease session_;
  std::optional<sql::TableSchema> existing_;
  bool prepared_ = false;
  std::string copy_table_;  // where stage() copies rows: staging, load or target table
  std::unique_ptr<sql::CopyStream> copy_;  // one COPY for the whole run
  uint64_t copied_ = 0;
  SchemaPtr slots_schema_;
  std::vector<int> slots_;
  uint64_t seq_ = 0;
};

}  // namespace

std::unique_ptr<Sink> make_sql_sink(SinkCommon c, const SpecNode& spec, const Services& s, const SinkRun& run) {
  return std::make_unique<SqlSink>(std::move(c), spec, s, run);
}

}  // namespace wharf::pipeline
