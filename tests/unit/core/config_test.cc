// core::load_config: defaults, the YAML file, the environment over the file, and every invalid
// value refused with InvalidConfig before the server starts.
#include "core/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "core/error.h"
#include "tests/unit/test_util.h"

namespace wharf::core {
namespace config_test {

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* v : {"WHARF_FSYNC", "WHARF_DATA", "WHARF_ROOT_ACCESS_KEY"}) ::unsetenv(v);
  }
  void TearDown() override { SetUp(); }
  std::string file(const std::string& yaml) {
    std::string path = (scratch_.path() / "wharf.yaml").string();
    std::ofstream(path) << yaml;
    return path;
  }
  wharf::testing::ScratchDir scratch_{"wharf-config-test"};
};

TEST_F(ConfigTest, DefaultsWithoutAFile) {
  Config c = load_config(std::nullopt);
  EXPECT_EQ(c.fsync, "none");
  EXPECT_EQ(c.pack_size_mib, 64);
  ASSERT_EQ(c.users.size(), 1u);
  EXPECT_EQ(c.users[0].access_key, kDefaultRootAccessKey);
}

TEST_F(ConfigTest, FileValuesAndTheEnvironmentOverThem) {
  std::string path = file(
      "data: /srv/wharf\nfsync: always\npack_size_mib: 8\n"
      "users:\n  - {name: alice, access_key: AK1, secret_key: s1}\n");
  Config c = load_config(path);
  EXPECT_EQ(c.data_dir, "/srv/wharf");
  EXPECT_EQ(c.fsync, "always");
  EXPECT_EQ(c.pack_size_mib, 8);
  ASSERT_EQ(c.users.size(), 2u);
  EXPECT_EQ(c.users[1].name, "alice");
  ::setenv("WHARF_FSYNC", "none", 1);
  ::setenv("WHARF_DATA", "/elsewhere", 1);
  c = load_config(path);
  EXPECT_EQ(c.fsync, "none");
  EXPECT_EQ(c.data_dir, "/elsewhere");
}

TEST_F(ConfigTest, InvalidValuesAreRefused) {
  auto code_of = [&](const std::string& yaml) {
    return wharf::testing::error_of([&] { load_config(file(yaml)); }).code();
  };
  EXPECT_EQ(code_of("fsync: sometimes\n"), "InvalidConfig");
  EXPECT_EQ(code_of("pack_size_mib: 0\n"), "InvalidConfig");
  EXPECT_EQ(code_of("pack_size_mib: 5000\n"), "InvalidConfig");
  EXPECT_EQ(code_of("pack_size_mib: lots\n"), "InvalidConfig");
  EXPECT_EQ(code_of("users:\n  - {name: a, access_key: K, secret_key: s}\n"
                    "  - {name: b, access_key: K, secret_key: t}\n"),
            "InvalidConfig");
  EXPECT_EQ(code_of("users:\n  - {name: a, access_key: '', secret_key: s}\n"), "InvalidConfig");
  EXPECT_EQ(code_of("port: [1\n"), "InvalidConfig");  // not YAML
  EXPECT_EQ(wharf::testing::error_of([&] {
              load_config((scratch_.path() / "missing.yaml").string());
            }).code(),
            "InvalidConfig");
  ::setenv("WHARF_FSYNC", "maybe", 1);
  EXPECT_EQ(wharf::testing::error_of([&] { load_config(std::nullopt); }).code(), "InvalidConfig");
}

}  // namespace config_test
}  // namespace wharf::core
