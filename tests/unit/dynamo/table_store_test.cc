// TableStore on a real storage::Kv in a fresh directory: tables, items, conditional writes,
// Query and Scan (sort key conditions, paging, the 1 MB page, parallel scan segments), global
// secondary indexes under writes and backfill, transactions, the change log, TTL expiry and
// reopening the store.
#include "dynamo/table_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/decimal.h"
#include "core/error.h"
#include "core/value.h"
#include "dynamo/expression_ast.h"
#include "dynamo/expression_parser.h"
#include "dynamo/item_codec.h"
#include "dynamo/table_schema.h"
#include "storage/kv.h"
#include "tests/unit/test_util.h"

namespace wharf::dynamo {
namespace table_store_test {

namespace fs = std::filesystem;
using core::Value;
using ::testing::HasSubstr;
using Names = std::map<std::string, std::string>;
using Values = std::map<std::string, Value>;
using Op = SortKeyCondition::Op;

Value N(std::string_view text) { return Value(core::Decimal::parse(text).value()); }

std::string random_suffix() {
  std::random_device rd;
  std::ostringstream s;
  s << std::hex << rd() << rd();
  return s.str();
}

// -- tables -------------------------------------------------------------------------------------

// pk (S) only.
TableDef hash_table(std::string name) {
  TableDef t;
  t.name = std::move(name);
  t.key.hash = {"pk", 'S'};
  t.attribute_types = {{"pk", 'S'}};
  return t;
}

// pk (S) and sk (`sk_type`).
TableDef hash_range_table(std::string name, char sk_type = 'N') {
  TableDef t = hash_table(std::move(name));
  t.key.range = KeyAttribute{"sk", sk_type};
  t.attribute_types["sk"] = sk_type;
  return t;
}

IndexDef index_on(TableDef& t, std::string name, KeyAttribute hash,
                  std::optional<KeyAttribute> range,
                  ProjectionType projection = ProjectionType::kAll) {
  IndexDef i;
  i.name = std::move(name);
  i.id = t.next_index_id++;
  i.global = true;
  t.attribute_types[hash.name] = hash.type;
  if (range) t.attribute_types[range->name] = range->type;
  i.key.hash = std::move(hash);
  i.key.range = std::move(range);
  i.projection.type = projection;
  return i;
}

// -- expressions ----------------------------------------------------------------------------------

expr::Condition cond(std::string_view text, const Values& values = {}, const Names& names = {}) {
  Placeholders ph(&names, &values);
  return parse_condition(text, "ConditionExpression", ph);
}

expr::Update upd(std::string_view text, const Values& values = {}, const Names& names = {}) {
  Placeholders ph(&names, &values);
  return parse_update(text, ph);
}

// -- reads ----------------------------------------------------------------------------------------

ReadRequest query_of(const std::string& table, Value hash, const std::string& index = "") {
  ReadRequest r;
  r.table = table;
  r.index = index;
  r.hash = std::move(hash);
  return r;
}

ReadRequest scan_of(const std::string& table, const std::string& index = "") {
  ReadRequest r;
  r.table = table;
  r.index = index;
  return r;
}

// A ReadResult's items (held in their stored encoding) as Maps.
core::Map to_map(const std::string& encoded) { return decode_item(encoded); }

std::vector<core::Map> items_of(const ReadResult& r) {
  std::vector<core::Map> out;
  for (const auto& item : r.items) out.push_back(to_map(item));
  return out;
}

// Every page of `r`, following LastEvaluatedKey; `pages` counts the requests made.
std::vector<core::Map> read_all(const TableStore& s, ReadRequest r, bool query,
                                int* pages = nullptr) {
  std::vector<core::Map> out;
  for (int n = 1; n <= 100000; ++n) {
    ReadResult page = query ? s.query(r) : s.scan(r);
    EXPECT_EQ(page.count, page.items.size());
    for (const auto& item : page.items) out.push_back(to_map(item));
    if (!page.last_key) {
      if (pages) *pages = n;
      return out;
    }
    r.exclusive_start = page.last_key;
  }
  ADD_FAILURE() << "paging does not end";
  return out;
}

// An attribute as text: numbers in plain notation, strings as they are.
std::string text_of(const core::Map& item, const std::string& name) {
  auto it = item.find(name);
  if (it == item.end()) return "<missing>";
  if (it->second.is<core::Decimal>()) return it->second.as<core::Decimal>().to_string();
  if (it->second.is<std::string>()) return it->second.as<std::string>();
  return "<other>";
}

std::vector<std::string> column(const std::vector<core::Map>& items, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(text_of(i, name));
  return out;
}

std::vector<std::string> reversed(std::vector<std::string> v) {
  std::reverse(v.begin(), v.end());
  return v;
}

using wharf::testing::error_of;

class TableStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("wharf-table-store-test-" + random_suffix());
    open();
  }
  void TearDown() override {
    close();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void open() {
    kv_ = std::make_unique<storage::Kv>((dir_ / "kv").string(), storage::KvOptions{});
    store_ = std::make_unique<TableStore>(*kv_);
  }
  void close() {
    store_.reset();
    kv_.reset();
  }
  TableStore& store() { return *store_; }

  // The whole table by Scan.
  std::vector<core::Map> table_items(const std::string& table) {
    return read_all(store(), scan_of(table), false);
  }

  fs::path dir_;
  std::unique_ptr<storage::Kv> kv_;
  std::unique_ptr<TableStore> store_;
};

// ---------------------------------------------------------------------------------------------
// Control plane

TEST_F(TableStoreTest, CreateGetListDeleteTables) {
  EXPECT_TRUE(store().list_tables().empty());
  TablePtr b = store().create_table(hash_table("beta"));
  TablePtr a = store().create_table(hash_range_table("alpha"));
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->name, "alpha");
  EXPECT_NE(a->id, 0u);
  EXPECT_NE(a->id, b->id);
  EXPECT_GT(a->created_millis, 0);
  EXPECT_EQ(store().list_tables(), (std::vector<std::string>{"alpha", "beta"}));
  EXPECT_EQ(store().get("alpha"), a);
  EXPECT_EQ(store().find("beta"), b);
  ASSERT_TRUE(store().get("alpha")->key.range);
  EXPECT_EQ(store().get("alpha")->key.range->name, "sk");

  EXPECT_EQ(store().find("gamma"), nullptr);
  core::Error e = error_of([&] { store().get("gamma"); });
  EXPECT_EQ(e.code(), "ResourceNotFoundException");
  EXPECT_EQ(e.http_status(), 400);
  // Data operations say only this; the control plane names the table (dynamo/api).
  EXPECT_EQ(e.message(), "Requested resource not found");
  e = error_of([&] { store().put_item("gamma", {{"pk", Value("x")}}, nullptr); });
  EXPECT_EQ(e.code(), "ResourceNotFoundException");

  e = error_of([&] { store().create_table(hash_table("alpha")); });
  EXPECT_EQ(e.code(), "ResourceInUseException");
  EXPECT_EQ(e.http_status(), 400);
  EXPECT_EQ(store().get("alpha"), a);  // the existing table is untouched

  store().put_item("alpha", {{"pk", Value("x")}, {"sk", Value(1)}}, nullptr);
  TablePtr deleted = store().delete_table("alpha");
  ASSERT_NE(deleted, nullptr);
  EXPECT_EQ(deleted->id, a->id);
  EXPECT_EQ(store().list_tables(), (std::vector<std::string>{"beta"}));
  EXPECT_EQ(store().find("alpha"), nullptr);
  EXPECT_EQ(error_of([&] { store().get("alpha"); }).code(), "ResourceNotFoundException");
  EXPECT_EQ(error_of([&] { store().delete_table("alpha"); }).code(), "ResourceNotFoundException");

  // A table re-created under the name gets a new id and none of the old items.
  TablePtr again = store().create_table(hash_range_table("alpha"));
  EXPECT_NE(again->id, a->id);
  EXPECT_NE(again->id, b->id);
  EXPECT_FALSE(store().get_item("alpha", {{"pk", Value("x")}, {"sk", Value(1)}}));
  EXPECT_TRUE(table_items("alpha").empty());
}

TEST_F(TableStoreTest, DeletionProtection) {
  TableDef def = hash_table("t");
  def.deletion_protection = true;
  store().create_table(def);
  core::Error e = error_of([&] { store().delete_table("t"); });
  EXPECT_EQ(e.code(), "ValidationException");
  EXPECT_THAT(e.message(), HasSubstr("protected against deletion"));
  EXPECT_NE(store().find("t"), nullptr);
  store().update_table("t", [](TableDef& d) { d.deletion_protection = false; });
  store().delete_table("t");
  EXPECT_EQ(store().find("t"), nullptr);
}

// ---------------------------------------------------------------------------------------------
// Items

TEST_F(TableStoreTest, PutGetDeleteItems) {
  store().create_table(hash_range_table("t"));
  const core::Map key{{"pk", Value("a")}, {"sk", Value(1)}};
  const core::Map first{{"pk", Value("a")}, {"sk", Value(1)}, {"v", Value(1)}, {"s", Value("x")}};
  WriteResult r = store().put_item("t", first, nullptr);
  EXPECT_FALSE(r.old_item);
  ASSERT_TRUE(r.new_item);
  EXPECT_EQ(*r.new_item, first);
  EXPECT_EQ(store().get_item("t", key), first);

  // A put replaces the whole item.
  const core::Map second{{"pk", Value("a")}, {"sk", Value(1)}, {"v", Value(2)}};
  r = store().put_item("t", second, nullptr);
  EXPECT_EQ(r.old_item, first);
  EXPECT_EQ(store().get_item("t", key), second);

  // Another sort key is another item; number keys match by value.
  const core::Map other{{"pk", Value("a")}, {"sk", N("1.5")}, {"v", Value(3)}};
  store().put_item("t", other, nullptr);
  EXPECT_EQ(store().get_item("t", key), second);
  EXPECT_EQ(store().get_item("t", {{"pk", Value("a")}, {"sk", N("1.50")}}), other);
  EXPECT_EQ(store().get_item("t", {{"pk", Value("a")}, {"sk", N("1.0")}}), second);
  EXPECT_FALSE(store().get_item("t", {{"pk", Value("b")}, {"sk", Value(1)}}));

  r = store().delete_item("t", key, nullptr);
  EXPECT_EQ(r.old_item, second);
  EXPECT_FALSE(r.new_item);
  EXPECT_FALSE(store().get_item("t", key));
  r = store().delete_item("t", key, nullptr);
  EXPECT_FALSE(r.old_item);
  EXPECT_EQ(store().get_item("t", {{"pk", Value("a")}, {"sk", N("1.5")}}), other);
}

TEST_F(TableStoreTest, KeyAndItemValidation) {
  store().create_table(hash_range_table("t"));
  auto message_of = [&](auto f) {
    core::Error e = error_of(f);
    EXPECT_EQ(e.code(), "ValidationException") << e.message();
    return e.message();
  };
  const std::string mismatch = "The provided key element does not match the schema";
  EXPECT_EQ(message_of([&] { store().get_item("t", {{"pk", Value("a")}}); }), mismatch);
  EXPECT_EQ(message_of([&] {
              store().get_item("t", {{"pk", Value("a")}, {"sk", Value("1")}});
            }),
            mismatch);
  EXPECT_EQ(message_of([&] {
              store().get_item("t", {{"pk", Value("a")}, {"sk", Value(1)}, {"x", Value(1)}});
            }),
            mismatch);
  EXPECT_THAT(message_of([&] {
                store().put_item("t", {{"pk", Value("a")}}, nullptr);
              }),
              HasSubstr("Missing the key sk"));
  EXPECT_THAT(message_of([&] {
                store().put_item("t", {{"pk", Value("a")}, {"sk", Value("1")}}, nullptr);
              }),
              HasSubstr("Type mismatch for key sk"));
  EXPECT_THAT(message_of([&] {
                store().put_item("t", {{"pk", Value("")}, {"sk", Value(1)}}, nullptr);
              }),
              HasSubstr("cannot contain an empty string value"));
  EXPECT_EQ(
      message_of([&] {
        store().put_item(
            "t",
            {{"pk", Value("a")}, {"sk", Value(1)}, {"big", Value(std::string(kMaxItemSize, 'x'))}},
            nullptr);
      }),
      "Item size has exceeded the maximum allowed size");
  EXPECT_TRUE(table_items("t").empty());
}

TEST_F(TableStoreTest, ConditionalPutFailureKeepsTheItem) {
  store().create_table(hash_table("t"));
  TablePtr t = store().get("t");
  const core::Map original{{"pk", Value("a")}, {"v", Value(1)}};
  store().put_item("t", original, nullptr);
  const size_t records = store().read_changes(t->id, 0, 1000).size();

  const expr::Condition absent = cond("attribute_not_exists(pk)");
  try {
    store().put_item("t", {{"pk", Value("a")}, {"v", Value(2)}}, &absent);
    ADD_FAILURE() << "the put went through";
  } catch (const ConditionFailed& e) {
    EXPECT_EQ(e.code(), "ConditionalCheckFailedException");
    EXPECT_EQ(e.http_status(), 400);
    EXPECT_EQ(e.message(), "The conditional request failed");
    ASSERT_TRUE(e.item);
    EXPECT_EQ(*e.item, original);
  }
  EXPECT_EQ(store().get_item("t", {{"pk", Value("a")}}), original);
  EXPECT_EQ(store().read_changes(t->id, 0, 1000).size(), records);  // nothing recorded

  // A condition on a value: holds once, then no longer.
  const expr::Condition v_is_1 = cond("v = :v", {{":v", 1}});
  store().put_item("t", {{"pk", Value("a")}, {"v", Value(2)}}, &v_is_1);
  EXPECT_EQ(store().get_item("t", {{"pk", Value("a")}})->at("v"), Value(2));
  try {
    store().put_item("t", {{"pk", Value("a")}, {"v", Value(3)}}, &v_is_1);
    ADD_FAILURE() << "the put went through";
  } catch (const ConditionFailed& e) {
    ASSERT_TRUE(e.item);
    EXPECT_EQ(e.item->at("v"), Value(2));
  }
  EXPECT_EQ(store().get_item("t", {{"pk", Value("a")}})->at("v"), Value(2));

  // Against an absent item, attribute_not_exists holds and the failure carries no item.
  store().put_item("t", {{"pk", Value("b")}}, &absent);
  EXPECT_TRUE(store().get_item("t", {{"pk", Value("b")}}));
  const expr::Condition present = cond("attribute_exists(pk)");
  try {
    store().delete_item("t", {{"pk", Value("zz")}}, &present);
    ADD_FAILURE() << "the delete went through";
  } catch (const ConditionFailed& e) {
    EXPECT_FALSE(e.item);
  }
  // A failed conditional delete keeps the item.
  const expr::Condition v_is_9 = cond("v = :v", {{":v", 9}});
  EXPECT_THROW(store().delete_item("t", {{"pk", Value("a")}}, &v_is_9), ConditionFailed);
  EXPECT_TRUE(store().get_item("t", {{"pk", Value("a")}}));
}

TEST_F(TableStoreTest, UpdateItem) {
  store().create_table(hash_table("t"));
  const core::Map key{{"pk", Value("a")}};
  const expr::Update bump = upd("SET cnt = if_not_exists(cnt, :z) + :one, nick = :n",
                                {{":z", 0}, {":one", 1}, {":n", "x"}});
  WriteResult r = store().update_item("t", key, bump, nullptr);
  EXPECT_FALSE(r.old_item);
  ASSERT_TRUE(r.new_item);
  EXPECT_EQ(*r.new_item, (core::Map{{"pk", Value("a")}, {"cnt", Value(1)}, {"nick", Value("x")}}));
  r = store().update_item("t", key, bump, nullptr);
  ASSERT_TRUE(r.old_item);
  EXPECT_EQ(r.old_item->at("cnt"), Value(1));
  EXPECT_EQ(r.new_item->at("cnt"), Value(2));
  EXPECT_EQ(store().get_item("t", key)->at("cnt"), Value(2));

  // REMOVE alone does not create a missing item.
  r = store().update_item("t", {{"pk", Value("b")}}, upd("REMOVE nick"), nullptr);
  EXPECT_FALSE(r.old_item);
  EXPECT_FALSE(r.new_item);
  EXPECT_FALSE(store().get_item("t", {{"pk", Value("b")}}));

  // Key attributes cannot be updated.
  core::Error e = error_of([&] {
    store().update_item("t", key, upd("SET pk = :v", {{":v", "z"}}), nullptr);
  });
  EXPECT_EQ(e.code(), "ValidationException");
  EXPECT_THAT(e.message(), HasSubstr("Cannot update attribute pk"));

  // An evaluation error changes nothing.
  e = error_of([&] {
    store().update_item("t", key, upd("SET nick = nick + :one", {{":one", 1}}), nullptr);
  });
  EXPECT_EQ(e.message(), "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(store().get_item("t", key),
            (core::Map{{"pk", Value("a")}, {"cnt", Value(2)}, {"nick", Value("x")}}));

  // Conditional updates.
  const expr::Condition cnt_is_2 = cond("cnt = :two", {{":two", 2}});
  store().update_item("t", key, upd("SET cnt = :ten", {{":ten", 10}}), &cnt_is_2);
  EXPECT_EQ(store().get_item("t", key)->at("cnt"), Value(10));
  try {
    store().update_item("t", key, upd("SET cnt = :z", {{":z", 0}}), &cnt_is_2);
    ADD_FAILURE() << "the update went through";
  } catch (const ConditionFailed& e) {
    ASSERT_TRUE(e.item);
    EXPECT_EQ(e.item->at("cnt"), Value(10));
  }
  EXPECT_EQ(store().get_item("t", key)->at("cnt"), Value(10));

  // An update may not grow the item past the limit.
  e = error_of([&] {
    store().update_item(
        "t", key, upd("SET big = :b", {{":b", Value(std::string(kMaxItemSize, 'x'))}}), nullptr);
  });
  EXPECT_EQ(e.message(), "Item size to update has exceeded the maximum allowed size");
  EXPECT_EQ(store().get_item("t", key)->count("big"), 0u);
}

// ---------------------------------------------------------------------------------------------
// Query

class TableStoreQueryTest : public TableStoreTest {
 protected:
  void SetUp() override {
    TableStoreTest::SetUp();
    store().create_table(hash_range_table("t", 'N'));
    // Scrambled insertion order, and neighbouring partitions whose keys extend "p".
    for (const char* sk : {"10", "-1.5", "2.5", "0", "100", "-5", "2", "1"})
      store().put_item("t", {{"pk", Value("p")}, {"sk", N(sk)}, {"v", Value(sk)}}, nullptr);
    for (const char* sk : {"1", "2", "3"}) {
      store().put_item("t", {{"pk", Value("pp")}, {"sk", N(sk)}}, nullptr);
      store().put_item("t", {{"pk", Value("q")}, {"sk", N(sk)}}, nullptr);
      store().put_item("t", {{"pk", Value(std::string("p\0", 2))}, {"sk", N(sk)}}, nullptr);
    }
  }
};

TEST_F(TableStoreQueryTest, EverySortKeyConditionBothWays) {
  struct Case {
    Op op;
    Value a, b;
    std::vector<std::string> want;
  };
  const std::vector<std::string> all = {"-5", "-1.5", "0", "1", "2", "2.5", "10", "100"};
  const Case cases[] = {
      {Op::kNone, {}, {}, all},
      {Op::kEq, Value(2), {}, {"2"}},
      {Op::kEq, N("2.0"), {}, {"2"}},
      {Op::kEq, Value(3), {}, {}},
      {Op::kLt, Value(2), {}, {"-5", "-1.5", "0", "1"}},
      {Op::kLt, Value(-5), {}, {}},
      {Op::kEq, Value(-5), {}, {"-5"}},
      {Op::kLe, Value(-5), {}, {"-5"}},
      {Op::kGt, N("-1.5"), {}, {"0", "1", "2", "2.5", "10", "100"}},
      {Op::kLt, N("-1.5"), {}, {"-5"}},
      {Op::kLe, Value(2), {}, {"-5", "-1.5", "0", "1", "2"}},
      {Op::kLe, N("1.0"), {}, {"-5", "-1.5", "0", "1"}},
      {Op::kGt, Value(2), {}, {"2.5", "10", "100"}},
      {Op::kGt, Value(100), {}, {}},
      {Op::kGe, Value(2), {}, {"2", "2.5", "10", "100"}},
      {Op::kGe, N("-1.5"), {}, {"-1.5", "0", "1", "2", "2.5", "10", "100"}},
      {Op::kGt, N("-1E+125"), {}, all},
      {Op::kBetween, N("-1.5"), N("2.5"), {"-1.5", "0", "1", "2", "2.5"}},
      {Op::kBetween, Value(-2), Value(1), {"-1.5", "0", "1"}},
      {Op::kBetween, Value(3), Value(9), {}},
      {Op::kBetween, Value(2), Value(2), {"2"}},
  };
  for (const auto& c : cases) {
    for (bool forward : {true, false}) {
      ReadRequest r = query_of("t", Value("p"));
      r.range = SortKeyCondition{c.op, c.a, c.b};
      r.forward = forward;
      const ReadResult res = store().query(r);
      const std::vector<std::string> want = forward ? c.want : reversed(c.want);
      EXPECT_EQ(column(items_of(res), "sk"), want)
          << "op " << static_cast<int>(c.op) << (forward ? " forward" : " backward");
      EXPECT_EQ(res.count, want.size());
      EXPECT_EQ(res.scanned, want.size());
      EXPECT_FALSE(res.last_key);
      for (const auto& item : items_of(res)) EXPECT_EQ(item.at("pk"), Value("p"));
    }
  }
  // Other partitions are separate, the one whose key is a prefix included.
  EXPECT_EQ(column(items_of(store().query(query_of("t", Value("pp")))), "sk"),
            (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_TRUE(store().query(query_of("t", Value("nope"))).items.empty());
}

TEST_F(TableStoreQueryTest, ConditionTypesMustMatchTheSchema) {
  ReadRequest r = query_of("t", Value(1));  // the partition key is a string
  EXPECT_EQ(error_of([&] { store().query(r); }).code(), "ValidationException");
  r = query_of("t", Value("p"));
  r.range = SortKeyCondition{Op::kEq, Value("2"), {}};
  EXPECT_EQ(error_of([&] { store().query(r); }).code(), "ValidationException");
  r.range = SortKeyCondition{Op::kBeginsWith, Value(1), {}};
  EXPECT_THAT(error_of([&] { store().query(r); }).message(), HasSubstr("begins_with"));
  r.range = SortKeyCondition{Op::kBetween, Value(1), Value("x")};
  EXPECT_EQ(error_of([&] { store().query(r); }).code(), "ValidationException");
  r = scan_of("t");
  r.index = "nope";
  EXPECT_THAT(error_of([&] { store().scan(r); }).message(),
              HasSubstr("does not have the specified index"));
}

TEST_F(TableStoreTest, QueryStringSortKeys) {
  using namespace std::string_literals;
  store().create_table(hash_range_table("s", 'S'));
  const std::vector<std::string> sorted = {"a",   "a\x01"s, "ab", "ab\0z"s,   "abc",
                                           "abd", "ac",     "b",  "\xc3\xa9"s};
  std::vector<std::string> scrambled = sorted;
  std::mt19937 rng(5);
  std::shuffle(scrambled.begin(), scrambled.end(), rng);
  for (const auto& sk : scrambled)
    store().put_item("s", {{"pk", Value("p")}, {"sk", Value(sk)}}, nullptr);
  auto sks = [&](Op op, Value a, Value b = {}, bool forward = true) {
    ReadRequest r = query_of("s", Value("p"));
    r.range = SortKeyCondition{op, std::move(a), std::move(b)};
    r.forward = forward;
    return column(items_of(store().query(r)), "sk");
  };
  EXPECT_EQ(sks(Op::kNone, {}), sorted);
  EXPECT_EQ(sks(Op::kNone, {}, {}, false), reversed(sorted));
  EXPECT_EQ(sks(Op::kBeginsWith, "ab"), (std::vector<std::string>{"ab", "ab\0z"s, "abc", "abd"}));
  EXPECT_EQ(sks(Op::kBeginsWith, "ab", {}, false),
            (std::vector<std::string>{"abd", "abc", "ab\0z"s, "ab"}));
  EXPECT_EQ(sks(Op::kBeginsWith, "a").size(), 7u);
  EXPECT_EQ(sks(Op::kBeginsWith, "ab\0"s), (std::vector<std::string>{"ab\0z"s}));
  EXPECT_EQ(sks(Op::kBeginsWith, "\xc3"s), (std::vector<std::string>{"\xc3\xa9"s}));
  EXPECT_TRUE(sks(Op::kBeginsWith, "z").empty());
  EXPECT_EQ(sks(Op::kEq, "ab"), (std::vector<std::string>{"ab"}));
  EXPECT_EQ(sks(Op::kLt, "ab"), (std::vector<std::string>{"a", "a\x01"s}));
  EXPECT_EQ(sks(Op::kLe, "ab"), (std::vector<std::string>{"a", "a\x01"s, "ab"}));
  EXPECT_EQ(sks(Op::kGt, "ab"),
            (std::vector<std::string>{"ab\0z"s, "abc", "abd", "ac", "b", "\xc3\xa9"s}));
  EXPECT_EQ(sks(Op::kGe, "abd"), (std::vector<std::string>{"abd", "ac", "b", "\xc3\xa9"s}));
  EXPECT_EQ(sks(Op::kBetween, "ab", "abc"), (std::vector<std::string>{"ab", "ab\0z"s, "abc"}));
  EXPECT_EQ(sks(Op::kBetween, "ab", "abc", false),
            (std::vector<std::string>{"abc", "ab\0z"s, "ab"}));
}

TEST_F(TableStoreTest, QueryPagesConcatenate) {
  store().create_table(hash_range_table("t"));
  std::vector<std::string> all;
  for (int i = 0; i < 25; ++i) {
    store().put_item("t", {{"pk", Value("p")}, {"sk", Value(i)}, {"v", Value(i % 3)}}, nullptr);
    store().put_item("t", {{"pk", Value("other")}, {"sk", Value(i)}}, nullptr);
    all.push_back(std::to_string(i));
  }
  for (bool forward : {true, false}) {
    for (size_t limit : {1, 7, 25, 30}) {
      ReadRequest r = query_of("t", Value("p"));
      r.forward = forward;
      r.limit = limit;
      int pages = 0;
      const auto items = read_all(store(), r, true, &pages);
      const auto sks = column(items, "sk");
      EXPECT_EQ(sks, forward ? all : reversed(all)) << "limit " << limit;
      EXPECT_EQ(std::set<std::string>(sks.begin(), sks.end()).size(), sks.size());
      // A page that stops at the limit answers a LastEvaluatedKey even if nothing follows.
      EXPECT_EQ(pages, static_cast<int>(25 / limit + 1)) << "limit " << limit;
    }
  }
  // The first page of 7 ends at the seventh item, and says so.
  ReadRequest r = query_of("t", Value("p"));
  r.limit = 7;
  ReadResult page = store().query(r);
  EXPECT_EQ(page.items.size(), 7u);
  ASSERT_TRUE(page.last_key);
  EXPECT_EQ(*page.last_key, (core::Map{{"pk", Value("p")}, {"sk", Value(6)}}));
  r.exclusive_start = page.last_key;
  EXPECT_EQ(column(items_of(store().query(r)), "sk").front(), "7");
  r.forward = false;  // backwards from the same key
  EXPECT_EQ(column(items_of(store().query(r)), "sk"),
            (std::vector<std::string>{"5", "4", "3", "2", "1", "0"}));

  // Paging within a sort key range.
  r = query_of("t", Value("p"));
  r.range = SortKeyCondition{Op::kBetween, Value(10), Value(20)};
  r.limit = 4;
  int pages = 0;
  EXPECT_EQ(
      column(read_all(store(), r, true, &pages), "sk"),
      (std::vector<std::string>{"10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"}));
  EXPECT_EQ(pages, 3);

  // A filter counts what passes; Limit counts what was evaluated.
  const expr::Condition filter = cond("v = :z", {{":z", 0}});
  r = query_of("t", Value("p"));
  r.filter = &filter;
  r.limit = 10;
  page = store().query(r);
  EXPECT_EQ(page.scanned, 10u);
  EXPECT_EQ(page.count, 4u);  // 0, 3, 6, 9
  EXPECT_EQ(column(items_of(page), "sk"), (std::vector<std::string>{"0", "3", "6", "9"}));
  ASSERT_TRUE(page.last_key);
  EXPECT_EQ(page.last_key->at("sk"), Value(9));
  EXPECT_EQ(column(read_all(store(), r, true), "sk"),
            (std::vector<std::string>{"0", "3", "6", "9", "12", "15", "18", "21", "24"}));
  // The last evaluated item may be one the filter dropped.
  r.limit = 2;
  page = store().query(r);
  EXPECT_EQ(page.count, 1u);
  ASSERT_TRUE(page.last_key);
  EXPECT_EQ(page.last_key->at("sk"), Value(1));
  // Select=COUNT.
  r.limit = 0;
  r.keep_items = false;
  page = store().query(r);
  EXPECT_TRUE(page.items.empty());
  EXPECT_EQ(page.count, 9u);
  EXPECT_EQ(page.scanned, 25u);
}

TEST_F(TableStoreTest, PageStopsAtOneMegabyte) {
  store().create_table(hash_range_table("t"));
  constexpr int kItems = 30;
  for (int i = 0; i < kItems; ++i)
    store().put_item("t",
                     {{"pk", Value("p")},
                      {"sk", Value(i)},
                      {"payload", Value(std::string(100'000, static_cast<char>('a' + i % 26)))}},
                     nullptr);
  const ReadResult page = store().query(query_of("t", Value("p")));
  ASSERT_TRUE(page.last_key);
  ASSERT_FALSE(page.items.empty());
  ASSERT_LT(page.items.size(), static_cast<size_t>(kItems));
  // The page holds items until their stored bytes reach 1 MB: the last one crosses the line.
  size_t before_last = 0;
  const std::vector<core::Map> items = items_of(page);
  for (size_t i = 0; i + 1 < items.size(); ++i) before_last += encode_item(items[i]).size();
  const size_t with_last = before_last + encode_item(items.back()).size();
  EXPECT_LT(before_last, 1024u * 1024);
  EXPECT_GE(with_last, 1024u * 1024);
  EXPECT_EQ(page.items.size(), 11u);  // 10 items of ~100 KB stay below 1 MiB, 11 do not
  EXPECT_EQ(page.last_key->at("sk"), Value(static_cast<int>(page.items.size()) - 1));
  // Paging reads everything exactly once.
  std::vector<std::string> want;
  for (int i = 0; i < kItems; ++i) want.push_back(std::to_string(i));
  EXPECT_EQ(column(read_all(store(), query_of("t", Value("p")), true), "sk"), want);
  // Scan pages are cut the same way.
  const ReadResult scanned = store().scan(scan_of("t"));
  EXPECT_EQ(scanned.items.size(), 11u);
  EXPECT_TRUE(scanned.last_key);
}

// ---------------------------------------------------------------------------------------------
// Scan

TEST_F(TableStoreTest, ScanPagesAndSegmentsPartitionTheTable) {
  store().create_table(hash_table("t"));
  std::set<std::string> all;
  for (int i = 0; i < 200; ++i) {
    std::string pk = "k" + std::to_string(i);
    store().put_item("t", {{"pk", Value(pk)}, {"i", Value(i)}}, nullptr);
    all.insert(pk);
  }
  const ReadResult whole = store().scan(scan_of("t"));
  EXPECT_EQ(whole.count, 200u);
  EXPECT_FALSE(whole.last_key);
  const auto whole_pks = column(items_of(whole), "pk");
  EXPECT_EQ(std::set<std::string>(whole_pks.begin(), whole_pks.end()), all);

  // Pages of 13 concatenate to the same sequence.
  ReadRequest paged = scan_of("t");
  paged.limit = 13;
  EXPECT_EQ(column(read_all(store(), paged, false), "pk"), whole_pks);

  for (int total : {2, 3, 4, 7, 16}) {
    std::set<std::string> seen;
    int nonempty = 0;
    for (int segment = 0; segment < total; ++segment) {
      ReadRequest r = scan_of("t");
      r.segment = segment;
      r.total_segments = total;
      r.limit = 11;  // paging stays within the segment
      const auto pks = column(read_all(store(), r, false), "pk");
      if (!pks.empty()) ++nonempty;
      for (const auto& pk : pks)
        EXPECT_TRUE(seen.insert(pk).second)
            << pk << " in two segments (or twice in one) of " << total;
    }
    EXPECT_EQ(seen, all) << total << " segments";
    if (total <= 4) {
      EXPECT_EQ(nonempty, total) << "segments of " << total;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Secondary indexes

class TableStoreIndexTest : public TableStoreTest {
 protected:
  // Items that belong in an index keyed by `hash` (= value) and, if given, `range`.
  static std::vector<core::Map> expected_entries(const std::vector<core::Map>& table,
                                                 const std::string& hash, const Value& value,
                                                 const std::string& range) {
    std::vector<core::Map> out;
    for (const auto& item : table) {
      auto h = item.find(hash);
      if (h == item.end() || !(h->second == value)) continue;
      if (!range.empty()) {
        auto r = item.find(range);
        if (r == item.end() || !r->second.is<core::Decimal>()) continue;
      }
      out.push_back(item);
    }
    return out;
  }

  static std::vector<core::Map> sorted_by_pk(std::vector<core::Map> items) {
    std::sort(items.begin(), items.end(), [](const core::Map& a, const core::Map& b) {
      return a.at("pk").as<std::string>() < b.at("pk").as<std::string>();
    });
    return items;
  }

  // Only the attributes `names` of each item.
  static std::vector<core::Map> only(const std::vector<core::Map>& items,
                                     const std::vector<std::string>& names) {
    std::vector<core::Map> out;
    for (const auto& item : items) {
      core::Map m;
      for (const auto& n : names)
        if (auto it = item.find(n); it != item.end()) m.insert(*it);
      out.push_back(std::move(m));
    }
    return out;
  }

  // The indexes of table "t" agree with its items.
  void expect_indexes_match(const std::string& context) {
    SCOPED_TRACE(context);
    const auto table = table_items("t");
    size_t indexed = 0;
    for (const char* color : {"red", "green", "blue"}) {
      // by_color: color + score, all attributes, read in pages of 3.
      ReadRequest r = query_of("t", Value(color), "by_color");
      r.limit = 3;
      const auto got = read_all(store(), r, true);
      for (size_t i = 1; i < got.size(); ++i)
        EXPECT_LE(got[i - 1].at("score").as<core::Decimal>(),
                  got[i].at("score").as<core::Decimal>())
            << color << ": index entries out of score order";
      const auto want = expected_entries(table, "color", Value(color), "score");
      EXPECT_EQ(sorted_by_pk(got), sorted_by_pk(want)) << color;
      indexed += want.size();

      // Backwards, with a sort key condition.
      ReadRequest ge = query_of("t", Value(color), "by_color");
      ge.range = SortKeyCondition{Op::kGe, Value(0), {}};
      ge.forward = false;
      const auto nonnegative = read_all(store(), ge, true);
      std::vector<core::Map> want_nonnegative;
      for (const auto& item : want)
        if (item.at("score").as<core::Decimal>() >= core::Decimal(0))
          want_nonnegative.push_back(item);
      EXPECT_EQ(sorted_by_pk(nonnegative), sorted_by_pk(want_nonnegative)) << color;
      for (size_t i = 1; i < nonnegative.size(); ++i)
        EXPECT_GE(nonnegative[i - 1].at("score").as<core::Decimal>(),
                  nonnegative[i].at("score").as<core::Decimal>());

      // by_color_keys: color only, keys only.
      const auto keys = read_all(store(), query_of("t", Value(color), "by_color_keys"), true);
      EXPECT_EQ(
          sorted_by_pk(keys),
          only(sorted_by_pk(expected_entries(table, "color", Value(color), "")), {"pk", "color"}))
          << color;
    }
    // Nothing else is in the index.
    EXPECT_EQ(read_all(store(), scan_of("t", "by_color"), false).size(), indexed);
  }
};

TEST_F(TableStoreIndexTest, GlobalIndexFollowsPutsUpdatesAndDeletes) {
  TableDef def = hash_table("t");
  def.indexes.push_back(index_on(def, "by_color", {"color", 'S'}, KeyAttribute{"score", 'N'}));
  def.indexes.push_back(
      index_on(def, "by_color_keys", {"color", 'S'}, std::nullopt, ProjectionType::kKeysOnly));
  store().create_table(def);

  std::mt19937 rng(42);
  const char* colors[] = {"red", "green", "blue"};
  auto random_color = [&] { return Value(colors[rng() % 3]); };
  auto random_score = [&] { return Value(static_cast<int>(rng() % 101) - 50); };
  for (int step = 1; step <= 400; ++step) {
    const std::string pk = "k" + std::to_string(rng() % 40);
    const core::Map key{{"pk", Value(pk)}};
    switch (rng() % 7) {
      case 0:
      case 1: {
        core::Map item{{"pk", Value(pk)}, {"note", Value("n" + std::to_string(step))}};
        if (rng() % 5) item["color"] = random_color();
        if (rng() % 6) item["score"] = rng() % 2 ? random_score() : N("0.5");
        store().put_item("t", item, nullptr);
        break;
      }
      case 2:
        store().update_item(
            "t", key,
            upd("SET color = :c, score = :s", {{":c", random_color()}, {":s", random_score()}}),
            nullptr);
        break;
      case 3:
        store().update_item("t", key, upd(rng() % 2 ? "REMOVE color" : "REMOVE score"), nullptr);
        break;
      case 4:
        store().update_item(
            "t", key,
            upd("SET score = if_not_exists(score, :z) + :d", {{":z", 0}, {":d", random_score()}}),
            nullptr);
        break;
      case 5:
        store().update_item(
            "t", key, upd("SET note = :n", {{":n", Value("u" + std::to_string(step))}}), nullptr);
        break;
      default:
        store().delete_item("t", key, nullptr);
        break;
    }
    if (step % 50 == 0) expect_indexes_match("after step " + std::to_string(step));
  }
  // Something of everything ended up in the indexes.
  EXPECT_GT(read_all(store(), scan_of("t", "by_color"), false).size(), 5u);
  EXPECT_GT(read_all(store(), scan_of("t", "by_color_keys"), false).size(), 5u);
}

TEST_F(TableStoreIndexTest, IndexEntriesRejectWrongTypes) {
  TableDef def = hash_table("t");
  def.indexes.push_back(index_on(def, "by_color", {"color", 'S'}, KeyAttribute{"score", 'N'}));
  store().create_table(def);
  core::Error e = error_of([&] {
    store().put_item("t", {{"pk", Value("a")}, {"color", Value("red")}, {"score", Value("high")}},
                     nullptr);
  });
  EXPECT_EQ(e.code(), "ValidationException");
  EXPECT_THAT(e.message(), HasSubstr("Type mismatch for Index Key score"));
  EXPECT_FALSE(store().get_item("t", {{"pk", Value("a")}}));
}

TEST_F(TableStoreIndexTest, UpdateTableAddsAnIndexAndBackfillsIt) {
  store().create_table(hash_table("t"));
  for (int i = 0; i < 30; ++i) {
    core::Map item{{"pk", Value("k" + std::to_string(i))}, {"score", Value(i)}};
    if (i % 3 == 0) item["color"] = Value("red");
    if (i % 3 == 1) item["color"] = Value("blue");
    store().put_item("t", item, nullptr);
  }
  auto add_index = [](TableDef& d) {
    d.indexes.push_back(index_on(d, "by_color", {"color", 'S'}, KeyAttribute{"score", 'N'}));
  };
  TablePtr t = store().update_table("t", add_index);
  ASSERT_NE(t->index("by_color"), nullptr);
  ASSERT_NE(store().get("t")->index("by_color"), nullptr);

  auto scores = [&](const char* color) {
    return column(read_all(store(), query_of("t", Value(color), "by_color"), true), "score");
  };
  EXPECT_EQ(scores("red"),
            (std::vector<std::string>{"0", "3", "6", "9", "12", "15", "18", "21", "24", "27"}));
  EXPECT_EQ(scores("blue").size(), 10u);
  EXPECT_TRUE(scores("green").empty());

  // Writes after the change maintain the new index.
  store().put_item("t", {{"pk", Value("k30")}, {"color", Value("red")}, {"score", Value(-1)}},
                   nullptr);
  store().update_item("t", {{"pk", Value("k0")}}, upd("SET color = :c", {{":c", "blue"}}), nullptr);
  store().delete_item("t", {{"pk", Value("k3")}}, nullptr);
  EXPECT_EQ(scores("red"),
            (std::vector<std::string>{"-1", "6", "9", "12", "15", "18", "21", "24", "27"}));
  EXPECT_EQ(scores("blue").size(), 11u);
  // The whole index holds exactly the items with both index key attributes.
  std::vector<core::Map> with_keys;
  for (const auto& item : table_items("t"))
    if (item.count("color") && item.count("score")) with_keys.push_back(item);
  EXPECT_EQ(sorted_by_pk(read_all(store(), scan_of("t", "by_color"), false)),
            sorted_by_pk(with_keys));

  // Dropping the index: it can no longer be read.
  store().update_table("t", [](TableDef& d) {
    d.indexes.erase(std::remove_if(d.indexes.begin(), d.indexes.end(),
                                   [](const IndexDef& i) { return i.name == "by_color"; }),
                    d.indexes.end());
  });
  EXPECT_THAT(error_of([&] { store().query(query_of("t", Value("red"), "by_color")); }).message(),
              HasSubstr("does not have the specified index"));
  // Adding it again backfills from the current items (and nothing stale from before).
  store().update_item("t", {{"pk", Value("k6")}}, upd("REMOVE color"), nullptr);
  TablePtr again = store().update_table("t", add_index);
  EXPECT_NE(again->index("by_color")->id, t->index("by_color")->id);
  EXPECT_EQ(scores("red"),
            (std::vector<std::string>{"-1", "9", "12", "15", "18", "21", "24", "27"}));
}

// ---------------------------------------------------------------------------------------------
// Transactions

TransactWrite put_op(std::string table, core::Map item) {
  TransactWrite w;
  w.kind = TransactWrite::Kind::kPut;
  w.table = std::move(table);
  w.item = std::move(item);
  return w;
}

TransactWrite key_op(TransactWrite::Kind kind, std::string table, core::Map key) {
  TransactWrite w;
  w.kind = kind;
  w.table = std::move(table);
  w.item = std::move(key);
  return w;
}

TEST_F(TableStoreTest, TransactWriteIsAllOrNothing) {
  TablePtr t = store().create_table(hash_table("t"));
  TablePtr u = store().create_table(hash_table("u"));
  const core::Map a{{"pk", Value("a")}, {"v", Value(1)}};
  const core::Map b{{"pk", Value("b")}, {"v", Value(1)}};
  const core::Map d{{"pk", Value("d")}, {"v", Value(1)}};
  for (const auto& item : {a, b, d}) store().put_item("t", item, nullptr);
  const size_t records = store().read_changes(t->id, 0, 1000).size();

  auto ops_with_check = [&](int expected_v) {
    std::vector<TransactWrite> ops;
    ops.push_back(put_op("t", {{"pk", Value("c")}, {"v", Value(1)}}));
    TransactWrite update = key_op(TransactWrite::Kind::kUpdate, "t", {{"pk", Value("a")}});
    update.update = upd("SET v = :two", {{":two", 2}});
    ops.push_back(std::move(update));
    ops.push_back(key_op(TransactWrite::Kind::kDelete, "t", {{"pk", Value("b")}}));
    ops.push_back(put_op("u", {{"pk", Value("x")}}));
    TransactWrite check = key_op(TransactWrite::Kind::kCheck, "t", {{"pk", Value("d")}});
    check.condition = cond("v = :v", {{":v", expected_v}});
    check.return_old_on_failure = true;
    ops.push_back(std::move(check));
    return ops;
  };

  try {
    store().transact_write(ops_with_check(9));
    ADD_FAILURE() << "the transaction went through";
  } catch (const TransactionCanceled& e) {
    EXPECT_EQ(e.code(), "TransactionCanceledException");
    EXPECT_EQ(e.http_status(), 400);
    EXPECT_THAT(e.message(), HasSubstr("[None, None, None, None, ConditionalCheckFailed]"));
    ASSERT_EQ(e.reasons.size(), 5u);
    for (size_t i = 0; i < 4; ++i) EXPECT_EQ(e.reasons[i].code, "None") << i;
    EXPECT_EQ(e.reasons[4].code, "ConditionalCheckFailed");
    ASSERT_TRUE(e.reasons[4].item);
    EXPECT_EQ(*e.reasons[4].item, d);
  }
  // Nothing was applied, nothing recorded.
  EXPECT_FALSE(store().get_item("t", {{"pk", Value("c")}}));
  EXPECT_EQ(store().get_item("t", {{"pk", Value("a")}}), a);
  EXPECT_EQ(store().get_item("t", {{"pk", Value("b")}}), b);
  EXPECT_FALSE(store().get_item("u", {{"pk", Value("x")}}));
  EXPECT_EQ(store().read_changes(t->id, 0, 1000).size(), records);
  EXPECT_TRUE(store().read_changes(u->id, 0, 1000).empty());

  // A failing update (wrong operand type) cancels the others too.
  {
    std::vector<TransactWrite> ops;
    ops.push_back(put_op("t", {{"pk", Value("c")}}));
    TransactWrite bad = key_op(TransactWrite::Kind::kUpdate, "t", {{"pk", Value("a")}});
    bad.update = upd("SET v = pk + :one", {{":one", 1}});
    ops.push_back(std::move(bad));
    try {
      store().transact_write(ops);
      ADD_FAILURE() << "the transaction went through";
    } catch (const TransactionCanceled& e) {
      ASSERT_EQ(e.reasons.size(), 2u);
      EXPECT_EQ(e.reasons[0].code, "None");
      EXPECT_EQ(e.reasons[1].code, "ValidationError");
      EXPECT_FALSE(e.reasons[1].item);
    }
    EXPECT_FALSE(store().get_item("t", {{"pk", Value("c")}}));
  }

  // Two operations on one item are refused outright.
  {
    std::vector<TransactWrite> ops;
    ops.push_back(put_op("t", {{"pk", Value("a")}}));
    ops.push_back(key_op(TransactWrite::Kind::kDelete, "t", {{"pk", Value("a")}}));
    core::Error e = error_of([&] { store().transact_write(ops); });
    EXPECT_EQ(e.code(), "ValidationException");
    EXPECT_EQ(store().get_item("t", {{"pk", Value("a")}}), a);
  }

  // With the check holding, everything applies.
  store().transact_write(ops_with_check(1));
  EXPECT_EQ(store().get_item("t", {{"pk", Value("c")}}),
            (core::Map{{"pk", Value("c")}, {"v", Value(1)}}));
  EXPECT_EQ(store().get_item("t", {{"pk", Value("a")}})->at("v"), Value(2));
  EXPECT_FALSE(store().get_item("t", {{"pk", Value("b")}}));
  EXPECT_TRUE(store().get_item("u", {{"pk", Value("x")}}));
  EXPECT_EQ(store().get_item("t", {{"pk", Value("d")}}), d);
  // Three records in t (the check writes nothing), one in u.
  EXPECT_EQ(store().read_changes(t->id, 0, 1000).size(), records + 3);
  EXPECT_EQ(store().read_changes(u->id, 0, 1000).size(), 1u);

  // transact_get reads them together.
  const auto got = store().transact_get(
      {{"t", {{"pk", Value("a")}}}, {"t", {{"pk", Value("b")}}}, {"u", {{"pk", Value("x")}}}});
  ASSERT_EQ(got.size(), 3u);
  ASSERT_TRUE(got[0]);
  EXPECT_EQ(got[0]->at("v"), Value(2));
  EXPECT_FALSE(got[1]);
  EXPECT_TRUE(got[2]);
}

// ---------------------------------------------------------------------------------------------
// Change log

TEST_F(TableStoreTest, ChangeLogRecordsEveryChangeInOrder) {
  TablePtr t = store().create_table(hash_table("t"));
  TablePtr other = store().create_table(hash_table("o"));
  const core::Map key{{"pk", Value("a")}};
  const core::Map v1{{"pk", Value("a")}, {"v", Value(1)}};
  const core::Map v2{{"pk", Value("a")}, {"v", Value(2)}};

  store().put_item("t", v1, nullptr);                                      // INSERT
  store().put_item("t", v1, nullptr);                                      // same item: nothing
  store().put_item("t", {{"pk", Value("a")}, {"v", N("1.0")}}, nullptr);   // equal: nothing
  store().put_item("o", {{"pk", Value("z")}}, nullptr);                    // another table
  store().update_item("t", key, upd("SET v = :v", {{":v", 2}}), nullptr);  // MODIFY
  store().update_item("t", key, upd("SET v = :v", {{":v", 2}}), nullptr);  // no change
  store().update_item("t", key, upd("REMOVE nope"), nullptr);              // no change
  store().delete_item("t", key, nullptr);                                  // REMOVE
  store().delete_item("t", key, nullptr);                                  // absent: nothing
  store().put_item("t", {{"pk", Value("b")}}, nullptr);                    // INSERT

  const auto recs = store().read_changes(t->id, 0, 100);
  ASSERT_EQ(recs.size(), 4u);
  std::vector<std::string> events;
  for (const auto& r : recs) events.push_back(r.event);
  EXPECT_EQ(events, (std::vector<std::string>{"INSERT", "MODIFY", "REMOVE", "INSERT"}));
  for (size_t i = 1; i < recs.size(); ++i) EXPECT_LT(recs[i - 1].sequence, recs[i].sequence);
  for (const auto& r : recs) {
    EXPECT_FALSE(r.ttl);
    EXPECT_GT(r.millis, 0);
  }
  EXPECT_EQ(recs[0].keys, key);
  EXPECT_FALSE(recs[0].old_image);
  EXPECT_EQ(recs[0].new_image, v1);
  EXPECT_EQ(recs[1].keys, key);
  EXPECT_EQ(recs[1].old_image, v1);
  EXPECT_EQ(recs[1].new_image, v2);
  EXPECT_EQ(recs[2].keys, key);
  EXPECT_EQ(recs[2].old_image, v2);
  EXPECT_FALSE(recs[2].new_image);
  EXPECT_EQ(recs[3].keys, (core::Map{{"pk", Value("b")}}));

  // Reading from a sequence number, and with a limit.
  const auto from_modify = store().read_changes(t->id, recs[1].sequence, 100);
  ASSERT_EQ(from_modify.size(), 3u);
  EXPECT_EQ(from_modify[0].event, "MODIFY");
  EXPECT_EQ(from_modify[0].sequence, recs[1].sequence);
  EXPECT_EQ(store().read_changes(t->id, 0, 2).size(), 2u);
  EXPECT_TRUE(store().read_changes(t->id, recs.back().sequence + 1, 100).empty());
  EXPECT_EQ(store().first_sequence(t->id), recs[0].sequence);
  EXPECT_GE(store().visible_sequence(), recs.back().sequence);

  // The other table's log holds only its own record.
  const auto others = store().read_changes(other->id, 0, 100);
  ASSERT_EQ(others.size(), 1u);
  EXPECT_EQ(others[0].event, "INSERT");
  EXPECT_EQ(others[0].keys, (core::Map{{"pk", Value("z")}}));
  EXPECT_GT(others[0].sequence, recs[0].sequence);
  EXPECT_LT(others[0].sequence, recs[1].sequence);
}

// ---------------------------------------------------------------------------------------------
// TTL

TEST_F(TableStoreTest, ExpireItemsDeletesItemsPastTheirTtl) {
  TableDef def = hash_table("t");
  def.ttl_attribute = "exp";
  TablePtr t = store().create_table(def);
  auto put = [&](const char* pk, std::optional<Value> exp) {
    core::Map item{{"pk", Value(pk)}};
    if (exp) item["exp"] = *exp;
    store().put_item("t", item, nullptr);
  };
  auto exists = [&](const char* pk) {
    return store().get_item("t", {{"pk", Value(pk)}}).has_value();
  };
  put("a", Value(100));
  put("b", Value(200));
  put("c", N("250.5"));
  put("none", std::nullopt);
  put("text", Value("100"));  // not a number: never expires
  put("far", N("1E+16"));     // far beyond any epoch time: never expires

  EXPECT_EQ(store().expire_items(99), 0u);
  EXPECT_EQ(store().expire_items(150), 1u);
  EXPECT_FALSE(exists("a"));
  EXPECT_TRUE(exists("b"));
  const auto recs = store().read_changes(t->id, 0, 100);
  ASSERT_FALSE(recs.empty());
  EXPECT_EQ(recs.back().event, "REMOVE");
  EXPECT_TRUE(recs.back().ttl);
  EXPECT_EQ(recs.back().keys, (core::Map{{"pk", Value("a")}}));
  EXPECT_EQ(recs.back().old_image, (core::Map{{"pk", Value("a")}, {"exp", Value(100)}}));
  EXPECT_FALSE(recs.back().new_image);
  EXPECT_EQ(store().expire_items(150), 0u);

  EXPECT_EQ(store().expire_items(200), 1u);  // at the TTL itself
  EXPECT_FALSE(exists("b"));
  EXPECT_EQ(store().expire_items(250), 0u);  // 250.5 is later
  EXPECT_TRUE(exists("c"));
  EXPECT_EQ(store().expire_items(251), 1u);
  EXPECT_FALSE(exists("c"));

  // A later expiry written by an update is respected; so is removing it.
  put("g", Value(300));
  store().update_item("t", {{"pk", Value("g")}},
                      upd("SET #e = :later", {{":later", 1000}}, {{"#e", "exp"}}), nullptr);
  put("h", Value(300));
  store().update_item("t", {{"pk", Value("h")}}, upd("REMOVE #e", {}, {{"#e", "exp"}}), nullptr);
  EXPECT_EQ(store().expire_items(500), 0u);
  EXPECT_TRUE(exists("g"));
  EXPECT_EQ(store().expire_items(1000), 1u);
  EXPECT_FALSE(exists("g"));
  EXPECT_EQ(store().expire_items(1'000'000'000'000), 0u);
  for (const char* pk : {"h", "none", "text", "far"}) EXPECT_TRUE(exists(pk)) << pk;

  // An ordinary delete is not a TTL deletion.
  store().delete_item("t", {{"pk", Value("h")}}, nullptr);
  EXPECT_FALSE(store().read_changes(t->id, 0, 100).back().ttl);
}

TEST_F(TableStoreTest, EnablingTtlCoversExistingItems) {
  store().create_table(hash_table("t"));
  store().put_item("t", {{"pk", Value("old")}, {"exp", Value(10)}}, nullptr);
  store().put_item("t", {{"pk", Value("young")}, {"exp", Value(5000)}}, nullptr);
  EXPECT_EQ(store().expire_items(20), 0u);  // TTL is not enabled yet
  store().update_table("t", [](TableDef& d) { d.ttl_attribute = "exp"; });
  EXPECT_EQ(store().expire_items(20), 1u);
  EXPECT_FALSE(store().get_item("t", {{"pk", Value("old")}}));
  EXPECT_TRUE(store().get_item("t", {{"pk", Value("young")}}));
  // Disabling it stops expiry.
  store().update_table("t", [](TableDef& d) { d.ttl_attribute.reset(); });
  EXPECT_EQ(store().expire_items(10'000), 0u);
  EXPECT_TRUE(store().get_item("t", {{"pk", Value("young")}}));
}

// ---------------------------------------------------------------------------------------------
// Persistence

TEST_F(TableStoreTest, DataSurvivesReopening) {
  close();  // this test opens its own store, twice
  const std::string path = (dir_ / "reopen").string();
  uint64_t table_id = 0;
  std::vector<ChangeRecord> before;
  const core::Map a{{"pk", Value("a")}, {"color", Value("red")}, {"score", Value(1)}};
  const core::Map b{{"pk", Value("b")}, {"color", Value("red")}, {"score", Value(2)}};
  {
    storage::Kv kv(path, storage::KvOptions{});
    TableStore s(kv);
    TableDef def = hash_table("t");
    def.indexes.push_back(index_on(def, "by_color", {"color", 'S'}, KeyAttribute{"score", 'N'}));
    def.ttl_attribute = "exp";
    table_id = s.create_table(def)->id;
    s.put_item("t", a, nullptr);
    s.put_item("t", b, nullptr);
    s.put_item("t", {{"pk", Value("c")}, {"exp", Value(100)}}, nullptr);
    s.put_item("t", {{"pk", Value("d")}}, nullptr);
    s.delete_item("t", {{"pk", Value("d")}}, nullptr);
    before = s.read_changes(table_id, 0, 100);
    ASSERT_EQ(before.size(), 5u);
  }
  {
    storage::Kv kv(path, storage::KvOptions{});
    TableStore s(kv);
    EXPECT_EQ(s.list_tables(), (std::vector<std::string>{"t"}));
    TablePtr t = s.get("t");
    EXPECT_EQ(t->id, table_id);
    ASSERT_NE(t->index("by_color"), nullptr);
    EXPECT_EQ(t->ttl_attribute, std::optional<std::string>("exp"));
    EXPECT_EQ(s.get_item("t", {{"pk", Value("a")}}), a);
    EXPECT_FALSE(s.get_item("t", {{"pk", Value("d")}}));
    EXPECT_EQ(read_all(s, query_of("t", Value("red"), "by_color"), true),
              (std::vector<core::Map>{a, b}));

    const auto after = s.read_changes(table_id, 0, 100);
    ASSERT_EQ(after.size(), before.size());
    for (size_t i = 0; i < after.size(); ++i) {
      EXPECT_EQ(after[i].sequence, before[i].sequence);
      EXPECT_EQ(after[i].event, before[i].event);
      EXPECT_EQ(after[i].new_image, before[i].new_image);
    }
    // New records continue after the old ones; new tables get new ids.
    s.put_item("t", {{"pk", Value("e")}}, nullptr);
    const auto more = s.read_changes(table_id, 0, 100);
    ASSERT_EQ(more.size(), before.size() + 1);
    EXPECT_GT(more.back().sequence, before.back().sequence);
    EXPECT_NE(s.create_table(hash_table("t2"))->id, table_id);
    // TTL entries survived too.
    EXPECT_EQ(s.expire_items(1000), 1u);
    EXPECT_FALSE(s.get_item("t", {{"pk", Value("c")}}));
  }
  {
    storage::Kv kv(path, storage::KvOptions{});
    TableStore s(kv);
    EXPECT_EQ(s.list_tables(), (std::vector<std::string>{"t", "t2"}));
    EXPECT_NE(s.get("t2")->id, table_id);
    EXPECT_EQ(read_all(s, scan_of("t"), false).size(), 3u);  // a, b, e
  }
}

// A stream's start is a sequence number handed out before the restart; records written after
// the restart must still number at or above it, or the stream never shows them.
TEST_F(TableStoreTest, SequenceNumbersAfterReopenStayAboveStreamStart) {
  close();
  const std::string path = (dir_ / "streams").string();
  uint64_t table_id = 0, start = 0;
  {
    storage::Kv kv(path, storage::KvOptions{});
    TableStore s(kv);
    for (const char* name : {"first", "second"}) {
      TableDef def = hash_table(name);
      def.stream.enabled = true;
      def.stream.view_type = "NEW_AND_OLD_IMAGES";
      TablePtr t = s.create_table(def);
      table_id = t->id;
      start = t->stream.start_sequence;
    }
    // No writes before the restart.
  }
  {
    storage::Kv kv(path, storage::KvOptions{});
    TableStore s(kv);
    EXPECT_EQ(s.get("second")->stream.start_sequence, start);
    s.put_item("second", {{"pk", Value("a")}}, nullptr);
    const auto all = s.read_changes(table_id, 0, 100);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_GE(all[0].sequence, start) << "a write after the restart numbered below the start of "
                                         "the table's stream";
    EXPECT_EQ(s.read_changes(table_id, start, 100).size(), 1u);
  }
}

}  // namespace table_store_test
}  // namespace wharf::dynamo
