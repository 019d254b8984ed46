// The regex wrapper: Perl syntax, search semantics, groups, replacement formats, errors.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/expr/regex.h"

namespace wharf::pipeline::expr {
namespace expr_regex_test {

TEST(ExprRegex, SearchesExtractsAndReplaces) {
  Regex re("(\\w+)@(\\w+)\\.com");
  EXPECT_EQ(re.pattern(), "(\\w+)@(\\w+)\\.com");
  EXPECT_EQ(re.groups(), 2u);
  EXPECT_TRUE(re.search("mail ada@example.com now"));
  EXPECT_FALSE(re.search("ada at example"));
  EXPECT_EQ(re.extract("x ada@example.com", 0), "ada@example.com");
  EXPECT_EQ(re.extract("x ada@example.com", 2), "example");
  EXPECT_EQ(re.extract("nothing", 1), std::nullopt);
  EXPECT_EQ(re.extract("ada@example.com", 3), std::nullopt);
  EXPECT_EQ(re.replace("ada@example.com, bob@test.com", "$2:$1"), "example:ada, test:bob");
  EXPECT_EQ(Regex("^$").search(""), true);
  EXPECT_EQ(Regex("a|").replace("banana", "-"), "-b--n--n--");  // as Perl and Python
}

TEST(ExprRegex, MalformedPatternsThrow) {
  for (const char* bad : {"(", ")", "[a-", "*", "a{2,1}", "(?<", "\\"})
    EXPECT_THROW(Regex{bad}, std::invalid_argument) << bad;
}

TEST(ExprRegex, OneRegexServesManyThreads) {
  const Regex re("^(\\d{4})-(\\d{2})-(\\d{2})$");
  std::vector<std::thread> threads;
  std::vector<int> hits(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i)
        if (re.extract("2026-11-" + std::to_string(10 + i % 10), 3) == std::to_string(10 + i % 10))
          ++hits[t];
    });
  for (auto& th : threads) th.join();
  for (int h : hits) EXPECT_EQ(h, 2000);
}

}  // namespace expr_regex_test
}  // namespace wharf::pipeline::expr
