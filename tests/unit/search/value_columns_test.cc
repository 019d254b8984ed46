// In-memory value slots (search/value_columns.h): what a column holds, and that a new revision
// is read again rather than served from the old one.
#include "search/value_columns.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace wharf::search {
namespace {

namespace fs = std::filesystem;

class ValueColumnsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("wharf-value-columns-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    writer_ = Xapian::WritableDatabase(dir_.string(), Xapian::DB_CREATE_OR_OPEN);
  }
  void TearDown() override {
    writer_.close();
    fs::remove_all(dir_);
  }
  void add(const std::string& value) {
    Xapian::Document doc;
    if (!value.empty()) doc.add_value(3, value);
    writer_.add_document(doc);
  }
  fs::path dir_;
  Xapian::WritableDatabase writer_;
};

TEST_F(ValueColumnsTest, ColumnHoldsEachDocumentsValue) {
  add("admin");
  add("");  // no value in the slot
  add("net");
  add("admin");
  writer_.commit();
  Xapian::Database db(dir_.string());
  auto column = ValueColumn::build(db, 3);
  ASSERT_TRUE(column);
  EXPECT_EQ(column->get(1), "admin");
  EXPECT_EQ(column->get(2), "");
  EXPECT_EQ(column->get(3), "net");
  EXPECT_EQ(column->get(4), "admin");
  EXPECT_EQ(column->get(5), "");  // past the last document
  EXPECT_EQ(column->get(0), "");
  auto empty_slot = ValueColumn::build(db, 7);
  ASSERT_TRUE(empty_slot);
  EXPECT_EQ(empty_slot->get(1), "");
}

TEST_F(ValueColumnsTest, NewRevisionIsReadAgain) {
  add("a");
  writer_.commit();
  ValueColumns columns;
  Xapian::Database old_db(dir_.string());
  auto first = columns.get(old_db, 3);
  EXPECT_EQ(columns.get(old_db, 3), first);  // same revision: the same column
  writer_.replace_document(1, [] {
    Xapian::Document d;
    d.add_value(3, "b");
    return d;
  }());
  writer_.commit();
  Xapian::Database new_db(dir_.string());
  auto second = columns.get(new_db, 3);
  EXPECT_NE(second, first);
  EXPECT_EQ(second->get(1), "b");
  // A reader still on the old revision gets a column of that revision, not the newer one.
  EXPECT_EQ(columns.get(old_db, 3)->get(1), "a");
}

}  // namespace
}  // namespace wharf::search
