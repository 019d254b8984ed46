#include "pipeline/runner.h"

#include "core/json_codec.h"
#include "pipeline_test_util.h"
#include "tests/unit/test_util.h"

namespace wharf::pipeline {
namespace runner_test {

using testing::PipelineTest;
using RunnerTest = PipelineTest;

std::vector<core::Value> ndjson(const std::string& text) {
  std::vector<core::Value> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(core::parse_json(line));
  return out;
}

const std::string kUsers =
    "user_id,name,email,age,updated_at\n"
    "1, Zhang San ,ZHANG@Example.com,30,2026-01-01T00:00:00Z\n"
    "2,Li Si,li@example.com,N/A,2026-01-02T00:00:00Z\n"
    "3,Bad Age,bad@example.com,abc,2026-01-03T00:00:00Z\n"
    "4,No Mail,,40,2026-01-04T00:00:00Z\n"
    "5,\"Quote\"d,q@example.com,22,2026-01-05T00:00:00Z\n"
    "6,Dup Old,zhang@example.com,31,2025-12-01T00:00:00Z\n"
    "7,Wang Wu,wang@example.com,28,2026-01-07T00:00:00Z\n";

const std::string kCleanUsers = R"y(pipeline: users
source: {file: users.csv}
steps:
  - trim: all
  - null_tokens: ["", "N/A"]
  - required: [user_id, email]
  - coerce: {user_id: int, age: int, email: email, updated_at: timestamp}
  - dedupe: {key: [email], latest_by: updated_at}
sink: {file: out/users.ndjson}
)y";

TEST_F(RunnerTest, CleansDedupesAndRejectsWithReasons) {
  write_file("users.csv", kUsers);
  auto r = run(kCleanUsers);
  ASSERT_EQ(r.status, "succeeded") << r.error;
  EXPECT_EQ(r.rows_read, 7u);  // line 6 is malformed: read, and rejected by the source
  EXPECT_EQ(stage(r, "source").rejected, 1u);
  EXPECT_EQ(stage(r, "source").out, 6u);
  auto rows = ndjson(read_file("out/users.ndjson"));
  ASSERT_EQ(rows.size(), 3u);  // 1 (kept over 6 by updated_at), 2, 7
  auto& first = rows[0].as<core::Map>();
  EXPECT_EQ(first.at("name"), core::Value("Zhang San"));
  EXPECT_EQ(first.at("email"), core::Value("zhang@example.com"));
  EXPECT_EQ(first.at("user_id"), core::Value(1));
  EXPECT_EQ(rows[1].as<core::Map>().count("age"), 0u);  // N/A became null, left out
  EXPECT_EQ(r.rows_rejected, 3u);
  auto rejects = ndjson(read_file(r.rejects_path.substr(dir_.string().size() + 1)));
  ASSERT_EQ(rejects.size(), 3u);
  std::map<std::string, std::string> by_step;
  for (auto& rej : rejects) {
    auto& m = rej.as<core::Map>();
    EXPECT_EQ(m.at("run"), core::Value(r.run_id));
    by_step[m.at("step").as<std::string>()] = m.at("reason").as<std::string>();
    if (m.at("step") == core::Value("read")) {
      EXPECT_EQ(m.at("position"), core::Value(6));
      EXPECT_NE(m.at("raw").as<std::string>().find("Quote"), std::string::npos);
    }
  }
  EXPECT_EQ(by_step["3:required"], "missing required field 'email'");
  EXPECT_EQ(by_step["4:coerce"], "field 'age': 'abc' is not an integer");
  EXPECT_NE(by_step["read"].find("malformed CSV"), std::string::npos);
  EXPECT_EQ(stage(r, "5:dedupe").out, 3u);
  EXPECT_EQ(stage(r, "sink:sink").out, 3u);
}

TEST_F(RunnerTest, TooManyRejectsPublishesNothing) {
  write_file("users.csv", kUsers);
  auto r = run(kCleanUsers + "rejects: {max: 2}\n");
  EXPECT_EQ(r.status, "failed");
  EXPECT_NE(r.error.find("over max_rejects 2 rows"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("nothing was published"), std::string::npos);
  EXPECT_FALSE(exists("out/users.ndjson"));
  // A ratio is checked once the input is read: 3 of 6 is 50%.
  r = run(kCleanUsers + "rejects: {max: \"40%\"}\n");
  EXPECT_EQ(r.status, "failed");
  EXPECT_NE(r.error.find("over max_rejects 40% of the rows read"), std::string::npos) << r.error;
  EXPECT_FALSE(exists("out/users.ndjson"));
  r = run(kCleanUsers + "rejects: {max: \"60%\"}\n");
  EXPECT_EQ(r.status, "succeeded") << r.error;
  EXPECT_TRUE(exists("out/users.ndjson"));
}

TEST_F(RunnerTest, IncrementalCursorSkipsWhatWasLoaded) {
  write_file("events.csv",
             "id,updated_at,v\n1,2026-01-01,a\n2,2026-01-01,b\n3,2026-01-02,c\n");
  std::string yaml = R"y(pipeline: events
source: {file: events.csv}
incremental: {cursor: [updated_at, id]}
steps:
  - coerce: {id: int}
sink: {file: "out/{run}.ndjson", mode: append}
)y";
  auto r1 = run(yaml);
  ASSERT_EQ(r1.status, "succeeded") << r1.error;
  EXPECT_EQ(ndjson(read_file("out/" + r1.run_id + ".ndjson")).size(), 3u);
  // Same updated_at as a loaded row but a greater id: new. Equal tuples: already loaded.
  write_file("events.csv",
             "id,updated_at,v\n1,2026-01-01,a\n2,2026-01-01,b\n3,2026-01-02,c\n4,2026-01-02,d\n"
             "0,2026-01-03,e\n");
  auto r2 = run(yaml);
  ASSERT_EQ(r2.status, "succeeded") << r2.error;
  EXPECT_EQ(r2.rows_skipped, 3u);
  auto rows = ndjson(read_file("out/" + r2.run_id + ".ndjson"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].as<core::Map>().at("v"), core::Value("d"));
  EXPECT_EQ(rows[1].as<core::Map>().at("v"), core::Value("e"));
  ASSERT_EQ(r2.cursor_after.size(), 2u);
  EXPECT_EQ(r2.cursor_after[0], core::Value("2026-01-03"));
  // A failed run does not move the cursor.
  write_file("events.csv", "id,updated_at,v\nbad,2026-02-01,x\n");
  auto r3 = run(yaml + "rejects: {max: 0}\n");
  EXPECT_EQ(r3.status, "failed");
  write_file("events.csv", "id,updated_at,v\n0,2026-01-03,e\n8,2026-02-01,y\n");
  auto r4 = run(yaml);
  ASSERT_EQ(r4.status, "succeeded") << r4.error;
  rows = ndjson(read_file("out/" + r4.run_id + ".ndjson"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].as<core::Map>().at("v"), core::Value("y"));
}

TEST_F(RunnerTest, ComputeFilterGroupByAndRouting) {
  write_file("orders.ndjson",
             "{\"order\": 1, \"user\": \"u1\", \"qty\": 2, \"price\": \"9.99\", \"country\": \"CN\"}\n"
             "{\"order\": 2, \"user\": \"u2\", \"qty\": 1, \"price\": \"100\", \"country\": \"US\"}\n"
             "{\"order\": 3, \"user\": \"u1\", \"qty\": 3, \"price\": \"0.01\", \"country\": \"CN\"}\n"
             "{\"order\": 4, \"user\": \"u3\", \"qty\": 0, \"price\": \"5\", \"country\": \"US\"}\n"
             "{\"order\": 5, \"user\": \"u3\", \"qty\": 1, \"price\": \"x\", \"country\": \"US\"}\n");
  auto r = run(R"y(pipeline: totals
source: {file: orders.ndjson}
steps:
  - compute: {amount: "qty * number(price)"}
  - filter: "qty > 0"
  - group_by: {keys: [user, country], aggregates: {orders: "count()", spent: "sum(amount)", ids: "collect(order)"}}
sinks:
  cn: {file: out/cn.csv, when: "country = 'CN'"}
  other: {file: out/other.json, when: "country != 'CN'"}
)y");
  ASSERT_EQ(r.status, "succeeded") << r.error;
  EXPECT_EQ(r.rows_rejected, 1u);  // number('x')
  EXPECT_EQ(read_file("out/cn.csv"), "user,country,orders,spent,ids\nu1,CN,2,20.01,\"[1,3]\"\n");
  auto other = core::parse_json(read_file("out/other.json"));
  ASSERT_EQ(other.as<core::List>().size(), 1u);  // u3's only order had qty 0
  EXPECT_EQ(other.as<core::List>()[0].as<core::Map>().at("spent"), core::Value(100));
}

TEST_F(RunnerTest, PartitionedFileSinkWritesOneFilePerValue) {
  write_file("in.ndjson", "{\"id\": 1, \"city\": \"上海\"}\n{\"id\": 2}\n{\"id\": 3, \"city\": \"a/b\"}\n"
                          "{\"id\": 4, \"city\": \"上海\"}\n");
  auto r = run("pipeline: parts\nsource: {file: in.ndjson}\nsink: {file: \"out/{city}.csv\", partition_by: city, columns: [id]}\n");
  ASSERT_EQ(r.status, "succeeded") << r.error;
  EXPECT_EQ(read_file("out/上海.csv"), "id\n1\n4\n");
  EXPECT_EQ(read_file("out/null.csv"), "id\n2\n");
  EXPECT_EQ(read_file("out/a_b.csv"), "id\n3\n");  // no separator from data in a path
  // A field no row has: every row is in the null partition.
  r = run("pipeline: parts2\nsource: {file: in.ndjson}\nsink: {file: \"out2/{zone}.csv\", partition_by: zone, columns: [id]}\n");
  ASSERT_EQ(r.status, "succeeded") << r.error;
  EXPECT_EQ(read_file("out2/null.csv"), "id\n1\n2\n3\n4\n");
}

TEST_F(RunnerTest, SpecErrorsNameTheLine) {
  write_file("a.csv", "x\n1\n");
  auto r = run("pipeline: p\nsource: {file: a.csv}\nsteps:\n  - trimm: all\nsink: {file: o.csv}\n");
  EXPECT_EQ(r.status, "failed");
  EXPECT_NE(r.error.find("p.yaml:4:5: unknown step 'trimm'"), std::string::npos) << r.error;
  // validate_pipeline finds the same before anything runs.
  auto spec = load_pipeline_file(path("p.yaml"));
  auto err = wharf::testing::error_of([&] { validate_pipeline(spec, services_); });
  EXPECT_EQ(err.code(), "PipelineSpecError");
  EXPECT_NE(std::string(err.what()).find("p.yaml:4:5: unknown step 'trimm'"), std::string::npos) << err.what();
  err = wharf::testing::error_of([&] { run("pipeline: p\nsourc: {file: a.csv}\n"); });
  EXPECT_NE(std::string(err.what()).find("p.yaml:2:1: unknown key 'sourc'"), std::string::npos) << err.what();
  r = run("pipeline: p\nsource: {file: a.csv}\nsteps:\n  - compute: {y: \"x + \"}\nsink: {file: o.csv}\n");
  EXPECT_EQ(r.status, "failed");
  EXPECT_NE(r.error.find("p.yaml:4:"), std::string::npos) << r.error;
  r = run("pipeline: p\nsource: {file: missing/*.csv}\nsink: {file: o.csv}\n");
  EXPECT_EQ(r.status, "failed");
  EXPECT_NE(r.error.find("no file matches"), std::string::npos) << r.error;
  // A failure after the sinks exist but before the stages do (an unwritable rejects file).
  write_file("blocker", "a file where a directory should be");
  r = run("pipeline: p\nsource: {file: a.csv}\nsink: {file: o.csv}\nrejects: {path: blocker/r.ndjson}\n");
  EXPECT_EQ(r.status, "failed");
  EXPECT_FALSE(r.error.empty());
}

TEST_F(RunnerTest, XmlAndGbkCsvToCsvAndSql) {
  write_file("catalog.xml",
             "<?xml version=\"1.0\"?><catalog><product id=\"p1\"><title>手机</title><price>1999</price></product>"
             "<product id=\"p2\"><title>Tea &amp; cups</title><price>25.5</price></product></catalog>");
  auto r = run(R"y(pipeline: xml
source: {file: catalog.xml, record: /catalog/product}
steps:
  - coerce: {price: decimal}
  - select: [id, title, price]
sinks:
  csv: {file: out/products.csv}
  inserts: {file: out/products.sql, sql_table: products}
)y");
  ASSERT_EQ(r.status, "succeeded") << r.error;
  EXPECT_EQ(read_file("out/products.csv"), "id,title,price\np1,手机,1999\np2,Tea & cups,25.5\n");
  EXPECT_EQ(read_file("out/products.sql"),
            "INSERT INTO \"products\" (\"id\", \"title\", \"price\") VALUES\n  ('p1', '手机', 1999),\n"
            "  ('p2', 'Tea & cups', 25.5);\n");
  // GBK bytes for 张三 are D5 C5 C8 FD.
  write_file("gbk.csv", "id,name\n1,\xD5\xC5\xC8\xFD\n");
  r = run("pipeline: gbk\nsource: {file: gbk.csv, encoding: gbk}\nsink: {file: out/gbk.ndjson}\n");
  ASSERT_EQ(r.status, "succeeded") << r.error;
  EXPECT_EQ(read_file("out/gbk.ndjson"), "{\"id\":\"1\",\"name\":\"张三\"}\n");
  // Read as UTF-8 the same bytes are a reject that says what to do.
  r = run("pipeline: gbk2\nsource: {file: gbk.csv}\nsink: {file: out/gbk2.ndjson}\n");
  ASSERT_EQ(r.status, "succeeded") << r.error;
  EXPECT_EQ(r.rows_rejected, 1u);
}

TEST_F(RunnerTest, SqliteSinkUpsertsDeletesAndKeepsStateInItsTransaction) {
  write_file("changes.csv", "id,name,op\n1,a,U\n2,b,U\n3,c,U\n");
  std::string yaml = R"y(pipeline: sync
source: {file: changes.csv}
steps:
  - coerce: {id: int}
sink:
  sql: sqlite:db/shop.db
  table: people
  key: [id]
  delete_when: "op = 'D'"
  columns: {id: integer, name: text, op: text}
)y";
  auto r = run(yaml);
  ASSERT_EQ(r.status, "succeeded") << r.error;
  write_file("changes.csv", "id,name,op\n1,a2,U\n2,,D\n4,d,U\n1,a3,U\n");
  r = run(yaml);
  ASSERT_EQ(r.status, "succeeded") << r.error;
  EXPECT_EQ(r.stages.back().out, 2u);
  // Check through a second pipeline reading the table back.
  r = run("pipeline: back\nsource: {sql: \"SELECT id, name FROM people ORDER BY id\", database: sqlite:db/shop.db}\n"
          "sink: {file: out/people.csv}\n",
          "back");
  ASSERT_EQ(r.status, "succeeded") << r.error;
  EXPECT_EQ(read_file("out/people.csv"), "id,name\n1,a3\n3,c\n4,d\n");
  r = run("pipeline: st\nsource: {sql: \"SELECT pipeline, state FROM _wharf_pipeline_state\", database: sqlite:db/shop.db}\n"
          "sink: {file: out/state.ndjson}\n",
          "st");
  ASSERT_EQ(r.status, "succeeded") << r.error;
  EXPECT_NE(read_file("out/state.ndjson").find("\\\"runs\\\":2"), std::string::npos) << read_file("out/state.ndjson");
}

TEST_F(RunnerTest, SqlSinkSchemaDriftFailsTheRun) {
  write_file("a.csv", "id,name\n1,a\n");
  auto r = run("pipeline: s\nsource: {file: a.csv}\nsink: {sql: sqlite:d.db, table: t, key: [id]}\n");
  ASSERT_EQ(r.status, "succeeded") << r.error;
  write_file("a.csv", "id,name,extra\n2,b,x\n");
  r = run("pipeline: s\nsource: {file: a.csv}\nsink: {sql: sqlite:d.db, table: t, key: [id]}\n");
  EXPECT_EQ(r.status, "failed");
  EXPECT_NE(r.error.find("field 'extra' has no column in t"), std::string::npos) << r.error;
}

}  // namespace runner_test
}  // namespace wharf::pipeline
