// Steps through the runner: NDJSON in, NDJSON out, one pipeline per behaviour.
#include "core/json_codec.h"
#include "pipeline_test_util.h"

namespace wharf::pipeline {
namespace steps_test {

class StepsTest : public testing::PipelineTest {
 protected:
  // Runs `steps` over the NDJSON `input`; returns the output rows as JSON lines.
  std::vector<std::string> through(const std::string& input, const std::string& steps) {
    write_file("in.ndjson", input);
    auto r = run("pipeline: s\nsource: {file: in.ndjson}\nsteps:\n" + steps + "sink: {file: out.ndjson}\n");
    last_ = r;
    EXPECT_EQ(r.status, "succeeded") << r.error;
    std::vector<std::string> out;
    std::istringstream lines(read_file("out.ndjson"));
    for (std::string line; std::getline(lines, line);) out.push_back(line);
    return out;
  }
  RunReport last_;
};

TEST_F(StepsTest, TrimCleansUnicodeSpaceAndCaseSteps) {
  auto out = through("{\"a\": \"\\u3000 Zhang\\u00a0\", \"b\": \"MiXed@Example.COM \"}\n",
                     "  - trim: all\n  - lowercase: [b]\n  - uppercase: a\n");
  EXPECT_EQ(out, std::vector<std::string>{R"({"a":"ZHANG","b":"mixed@example.com"})"});
}

TEST_F(StepsTest, NullTokensAreCaseInsensitiveByDefault) {
  auto out = through("{\"a\": \"n/a\", \"b\": \"NULL\", \"c\": \"keep\"}\n", "  - null_tokens: [\"N/A\", \"null\"]\n");
  EXPECT_EQ(out, std::vector<std::string>{R"({"c":"keep"})"});
}

TEST_F(StepsTest, CoerceTypesAndTheirRejects) {
  auto out = through(
      "{\"i\": \"42\", \"d\": \"3.14159\", \"b\": \"Yes\", \"t\": \"2026-03-05 10:04:05+08:00\", "
      "\"day\": \"05.03.2026\", \"s\": \"PAID\"}\n"
      "{\"i\": \"4.5\"}\n{\"b\": \"maybe\"}\n{\"s\": \"lost\"}\n{\"day\": \"2026-02-30\"}\n",
      "  - coerce:\n      i: int\n      d: {type: decimal, scale: 2}\n      b: bool\n      t: timestamp\n"
      "      day: {type: date, formats: [\"%d.%m.%Y\"]}\n      s: {type: enum, values: [paid, shipped]}\n");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], R"({"b":true,"d":3.14,"day":"2026-03-05","i":42,"s":"paid","t":"2026-03-05T02:04:05Z"})");
  EXPECT_EQ(last_.rows_rejected, 4u);
}

TEST_F(StepsTest, CheckMatchAndRange) {
  auto out = through("{\"p\": 5, \"c\": \"AB-1\"}\n{\"p\": -1, \"c\": \"AB-2\"}\n{\"p\": 7, \"c\": \"x\"}\n{\"p\": 200}\n",
                     "  - check: {expr: \"p >= 0\", reason: negative}\n  - match: {field: c, regex: \"[A-Z]{2}-[0-9]+\"}\n"
                     "  - range: {field: p, max: 100}\n");
  EXPECT_EQ(out, std::vector<std::string>{R"({"c":"AB-1","p":5})"});
  EXPECT_EQ(last_.rows_rejected, 3u);
}

TEST_F(StepsTest, SelectRenameDropAndCompute) {
  auto out = through("{\"a\": 1, \"b\": 2, \"c\": 3}\n",
                     "  - rename: {a: x}\n  - compute: {y: \"x + b\", z: \"y * 10\"}\n  - drop: [c]\n"
                     "  - select: [z, y, x, missing]\n");
  EXPECT_EQ(out, std::vector<std::string>{R"({"x":1,"y":3,"z":30})"});
}

TEST_F(StepsTest, ExplodeFlattenNest) {
  auto out = through("{\"o\": 1, \"lines\": [{\"p\": \"a\", \"q\": 1}, {\"p\": \"b\", \"q\": 2}], \"addr\": {\"city\": \"上海\"}}\n"
                     "{\"o\": 2, \"lines\": []}\n",
                     "  - explode: lines\n  - flatten: [lines]\n  - nest: {into: place, fields: {city: addr}}\n");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], R"({"lines_p":"a","lines_q":1,"o":1,"place":{"city":{"city":"上海"}}})");
  EXPECT_EQ(out[1], R"({"lines_p":"b","lines_q":2,"o":1,"place":{"city":{"city":"上海"}}})");
}

TEST_F(StepsTest, DedupeKeepsTheLatestByAFieldInFirstSeenOrder) {
  auto out = through("{\"k\": \"a\", \"t\": 1, \"v\": \"old\"}\n{\"k\": \"b\", \"t\": 5}\n{\"k\": \"a\", \"t\": 3, \"v\": \"new\"}\n"
                     "{\"k\": \"a\", \"t\": 2, \"v\": \"older\"}\n",
                     "  - dedupe: {key: [k], latest_by: t}\n");
  EXPECT_EQ(out, (std::vector<std::string>{R"({"k":"a","t":3,"v":"new"})", R"({"k":"b","t":5})"}));
}

TEST_F(StepsTest, LookupJoinsAndReportsMisses) {
  write_file("dim.csv", "id,title\np1,Phone\np2,Tea\n");
  auto out = through("{\"pid\": \"p1\"}\n{\"pid\": \"p3\"}\n{\"pid\": \"p2\"}\n",
                     "  - lookup: {from: {file: dim.csv}, on: {pid: id}, fields: {title: product}, missing: reject}\n");
  EXPECT_EQ(out, (std::vector<std::string>{R"({"pid":"p1","product":"Phone"})", R"({"pid":"p2","product":"Tea"})"}));
  EXPECT_EQ(last_.rows_rejected, 1u);
}

TEST_F(StepsTest, GroupByAggregatesExactly) {
  auto out = through("{\"k\": \"a\", \"v\": 0.1}\n{\"k\": \"a\", \"v\": 0.2}\n{\"k\": \"b\", \"v\": 1}\n{\"k\": \"a\"}\n",
                     "  - group_by: {keys: [k], aggregates: {n: \"count()\", nv: \"count(v)\", s: \"sum(v)\", "
                     "avg: \"avg(v)\", lo: \"min(v)\", hi: \"max(v)\", all: \"collect(v)\"}}\n");
  EXPECT_EQ(out, (std::vector<std::string>{R"({"all":[0.1,0.2],"avg":0.15,"hi":0.2,"k":"a","lo":0.1,"n":3,"nv":2,"s":0.3})",
                                           R"({"all":[1],"avg":1,"hi":1,"k":"b","lo":1,"n":1,"nv":1,"s":1})"}));
}

TEST_F(StepsTest, RecommendScoresCoPurchases) {
  // Baskets: {phone, case}, {phone, case, charger}, {phone, charger}, {phone}, {tea, cup}.
  // Phone-case and phone-charger were bought together twice, case-charger once. u1 bought a
  // phone: case and charger score 2 each (tie: equally popular, so by id); u2 (phone, case) gets
  // charger, 2 + 1; u3 bought all three, u9 both of its pair: nothing to recommend.
  auto out = through(
      "{\"u\": \"u2\", \"p\": \"phone\", \"o\": 1}\n{\"u\": \"u2\", \"p\": \"case\", \"o\": 1}\n"
      "{\"u\": \"u3\", \"p\": \"phone\", \"o\": 2}\n{\"u\": \"u3\", \"p\": \"case\", \"o\": 2}\n{\"u\": \"u3\", \"p\": \"charger\", \"o\": 2}\n"
      "{\"u\": \"u4\", \"p\": \"phone\", \"o\": 3}\n{\"u\": \"u4\", \"p\": \"charger\", \"o\": 3}\n"
      "{\"u\": \"u1\", \"p\": \"phone\", \"o\": 4}\n"
      "{\"u\": \"u9\", \"p\": \"tea\", \"o\": 5}\n{\"u\": \"u9\", \"p\": \"cup\", \"o\": 5}\n",
      "  - recommend: {user: u, item: p, basket: o, top: 2}\n");
  ASSERT_EQ(out.size(), 3u);  // u1, u2, u4 get something; u3 and u9 bought everything related
  EXPECT_EQ(out[0], R"({"recommendations":["charger"],"scores":[3],"u":"u2"})");
  EXPECT_EQ(out[1], R"({"recommendations":["case"],"scores":[3],"u":"u4"})");
  EXPECT_EQ(out[2], R"({"recommendations":["case","charger"],"scores":[2,2],"u":"u1"})");
}

}  // namespace steps_test
}  // namespace wharf::pipeline
