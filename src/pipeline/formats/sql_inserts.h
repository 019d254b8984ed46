// The rows of the INSERT statements in a SQL script (a `pg_dump --inserts` or `sqlite3 .dump`
// file, or what the `sql` output format writes): the SQL-to-rows half of the CSV <-> SQL INSERT
// conversion. Streamed: one row tuple is in memory at a time, whatever the statement's size.
//
// What it reads:
//  - INSERT [INTO] table [(col, ...)] VALUES (v, ...), (v, ...) [ON CONFLICT ... | RETURNING ...];
//    table and column names bare, "double-quoted", `backquoted` or [bracketed]; a schema prefix
//    (public.users) is kept in the table name's last part only.
//  - Values: 'strings' ('' is a quote), E'strings' (backslash escapes), $$strings$$, numbers
//    (exact decimals), NULL, TRUE/FALSE, X'hex' (binary), and the functions sqlite3 .dump writes
//    values with: replace(...), char(...), unistr(...); a cast after a value ('2026-01-01'::date;
//    CAST is not read) is dropped. Anything else (another function, an expression) or a string over
//    16 MiB makes that row a record with `error` set, and reading goes on with the next row.
//  - Every other statement (SET, CREATE incl. a trigger's BEGIN ... END body, COMMIT, ...) is
//    skipped; so are -- and /* */ comments, and the data lines of COPY ... FROM stdin up to `\.`.
// A row becomes a map of the statement's column names (or `columns`, else column_1, ...) to its
// values; `only_table` keeps the rows of one table.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/byte_source.h"
#include "pipeline/formats/record.h"

namespace wharf::pipeline::formats {

struct SqlInsertOptions {
  std::string only_table;            // empty: the rows of every table
  std::vector<std::string> columns;  // names for statements without a column list
};

class SqlInsertReader : public RecordReader {
 public:
  SqlInsertReader(std::unique_ptr<core::ByteSource> source, SqlInsertOptions options = {});
  ~SqlInsertReader() override;
  // position: the line where the row's tuple starts; raw: the tuple's text (up to 64 KiB).
  bool next(Record& out) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wharf::pipeline::formats
