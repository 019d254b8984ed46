#include "sql/session.h"

#include <spdlog/spdlog.h>

#include "sql/dialect.h"
#include "sql/errors.h"

namespace wharf::sql {

void Session::create_table(const TableSchema& schema, bool if_not_exists) {
  execute(create_table_sql(dialect(), schema, if_not_exists));
}

int64_t Session::upsert_from(std::string_view staging_table, std::string_view target_table,
                             const std::vector<std::string>& columns,
                             const std::vector<std::string>& key_columns,
                             std::string_view version_column) {
  return execute(upsert_sql(staging_table, target_table, columns, key_columns, version_column));
}

Transaction::Transaction(Session& session) : session_(session) { session_.begin(); }

Transaction::~Transaction() {
  if (!open_) return;
  try {
    session_.rollback();
  } catch (const std::exception& e) {
    spdlog::warn("sql: rollback of an abandoned transaction failed: {}", e.what());
  }
}

void Transaction::commit() {
  open_ = false;  // whatever commit() answers, the transaction is over
  session_.commit();
}

void Transaction::rollback() {
  open_ = false;
  session_.rollback();
}

SessionLease::SessionLease(std::unique_ptr<Session> session, GiveBack give_back)
    : session_(std::move(session)), give_back_(std::move(give_back)) {}

SessionLease::SessionLease(SessionLease&& o) noexcept
    : session_(std::move(o.session_)), give_back_(std::move(o.give_back_)) {}

SessionLease& SessionLease::operator=(SessionLease&& o) noexcept {
  if (this != &o) {
    release();
    session_ = std::move(o.session_);
    give_back_ = std::move(o.give_back_);
  }
  return *this;
}

SessionLease::~SessionLease() { release(); }

void SessionLease::release() {
  if (!session_) return;
  if (give_back_) {
    give_back_(std::move(session_));
  } else {
    session_.reset();
  }
  give_back_ = nullptr;
}

void Session::check_copy_rows(const std::vector<std::string>& columns, const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    if (row.size() != columns.size()) {
      throw usage_error("copy_in: a row has " + std::to_string(row.size()) + " values for " +
                        std::to_string(columns.size()) + " columns");
    }
  }
}

namespace {
class CopyThroughCopyIn : public CopyStream {
 public:
  CopyThroughCopyIn(Session& s, std::string table, std::vector<std::string> columns)
      : s_(s), table_(std::move(table)), columns_(std::move(columns)) {}
  void write(const std::vector<Row>& rows) override { s_.copy_in(table_, columns_, rows); }
  void finish() override {}

 private:
  Session& s_;
  std::string table_;
  std::vector<std::string> columns_;
};
}  // namespace

std::unique_ptr<CopyStream> Session::open_copy(std::string_view table, const std::vector<std::string>& columns) {
  return std::make_unique<CopyThroughCopyIn>(*this, std::string(table), columns);
}

}  // namespace wharf::sql
