// In-memory value slots (search/value_columns.h): what a column holds, its limits, that a new
// revision is read again rather than served from the old one, and that a SlotReader answers
// the same from a column as from a value stream.
#include "search/value_columns.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/test_util.h"

namespace wharf::search {
namespace value_columns_test {

constexpr Xapian::valueno kSlot = 3;

class ValueColumnsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = Xapian::WritableDatabase(dir_.path().string(), Xapian::DB_CREATE_OR_OPEN);
  }
  void TearDown() override { writer_.close(); }
  void add(const std::string& value) {
    Xapian::Document doc;
    if (!value.empty()) doc.add_value(kSlot, value);
    writer_.add_document(doc);
  }
  // admin, (none), net, admin
  Xapian::Database four_documents() {
    for (const char* v : {"admin", "", "net", "admin"}) add(v);
    writer_.commit();
    return Xapian::Database(dir_.path().string());
  }
  wharf::testing::ScratchDir dir_{"wharf-value-columns-test"};
  Xapian::WritableDatabase writer_;
};

TEST_F(ValueColumnsTest, ColumnHoldsEachDocumentsValue) {
  Xapian::Database db = four_documents();
  auto column = ValueColumn::build(db, kSlot, {});
  ASSERT_TRUE(column);
  EXPECT_EQ(column->get(1), "admin");
  EXPECT_EQ(column->get(2), "");
  EXPECT_EQ(column->get(3), "net");
  EXPECT_EQ(column->get(4), "admin");
  EXPECT_EQ(column->get(5), "");  // past the last document
  EXPECT_EQ(column->get(0), "");
  auto empty_slot = ValueColumn::build(db, 7, {});
  ASSERT_TRUE(empty_slot);
  EXPECT_EQ(empty_slot->get(1), "");
}

TEST_F(ValueColumnsTest, OverTheLimitsThereIsNoColumn) {
  Xapian::Database db = four_documents();
  EXPECT_FALSE(ValueColumn::build(db, kSlot, {.max_docid = 4}));  // docids 1..4 need 5 slots
  EXPECT_TRUE(ValueColumn::build(db, kSlot, {.max_docid = 5}));
  EXPECT_FALSE(ValueColumn::build(db, kSlot, {.max_value_bytes = 7}));  // "admin" + "net"
  EXPECT_TRUE(ValueColumn::build(db, kSlot, {.max_value_bytes = 8}));
  ValueColumns small({.max_docid = 2});
  EXPECT_FALSE(small.get(db, kSlot));
}

TEST_F(ValueColumnsTest, NewRevisionIsReadAgain) {
  add("a");
  writer_.commit();
  ValueColumns columns;
  Xapian::Database old_db(dir_.path().string());
  auto first = columns.get(old_db, kSlot);
  EXPECT_EQ(columns.get(old_db, kSlot), first);  // same revision: the same column
  Xapian::Document replaced;
  replaced.add_value(kSlot, "b");
  writer_.replace_document(1, replaced);
  writer_.commit();
  Xapian::Database new_db(dir_.path().string());
  auto second = columns.get(new_db, kSlot);
  EXPECT_NE(second, first);
  EXPECT_EQ(second->get(1), "b");
  // A reader still on the old revision gets a column of that revision, not the newer one.
  EXPECT_EQ(columns.get(old_db, kSlot)->get(1), "a");
}

// The same answers through a column, through a stream (no columns, or the slot over the
// limits), including a docid smaller than the one before, which restarts a stream.
TEST_F(ValueColumnsTest, SlotReaderAnswersAlikeFromColumnAndStream) {
  Xapian::Database db = four_documents();
  ValueColumns held, too_small({.max_docid = 1});
  std::vector<Xapian::docid> asked = {1, 2, 3, 4, 5, 1, 3, 3, 2};
  std::vector<std::string> want = {"admin", "", "net", "admin", "", "admin", "net", "net", ""};
  for (ValueColumns* columns : {&held, &too_small, static_cast<ValueColumns*>(nullptr)}) {
    SlotReader reader(db, kSlot, columns);
    for (size_t i = 0; i < asked.size(); ++i)
      EXPECT_EQ(reader.get(asked[i]), want[i])
          << "docid " << asked[i] << (columns == &held ? " (column)" : " (stream)");
  }
}

}  // namespace value_columns_test
}  // namespace wharf::search
