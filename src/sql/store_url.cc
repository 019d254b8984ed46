#include "sql/store_url.h"

#include <charconv>

#include "core/url.h"
#include "sql/errors.h"

namespace wharf::sql {

namespace {

[[noreturn]] void invalid(std::string_view url, const std::string& why) {
  // The URL may carry a password: name its scheme only.
  std::string_view scheme = url.substr(0, url.find(':'));
  throw sql_store_error("SqlInvalidUrl", "invalid " + std::string(scheme) + " store URL: " + why);
}

std::string decoded(std::string_view url, std::string_view part) {
  auto d = core::percent_decode(part);
  if (!d) invalid(url, "malformed percent-escape");
  return *d;
}

int parse_port(std::string_view url, std::string_view text) {
  int port = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc() || end != text.data() + text.size() || port < 1 || port > 65535) {
    invalid(url, "bad port \"" + std::string(text) + "\"");
  }
  return port;
}

StoreUrl parse_postgres(std::string_view url, std::string_view rest) {
  StoreUrl u;
  u.dialect = Dialect::kPostgres;
  u.url = std::string(url);
  std::string_view query;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) u.database = decoded(url, rest.substr(slash + 1));
  std::string_view hosts = authority;
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    u.user = decoded(url, userinfo.substr(0, userinfo.find(':')));
    hosts = authority.substr(at + 1);
  }
  std::string_view first = hosts.substr(0, hosts.find(','));  // libpq tries hosts in order
  std::string_view port;
  if (first.starts_with('[')) {
    size_t close = first.find(']');
    if (close == std::string_view::npos) invalid(url, "unterminated [IPv6 address]");
    u.host = std::string(first.substr(0, close + 1));
    if (close + 1 < first.size()) {
      if (first[close + 1] != ':') invalid(url, "junk after [IPv6 address]");
      port = first.substr(close + 2);
    }
  } else {
    size_t colon = first.find(':');
    u.host = decoded(url, first.substr(0, colon));
    if (colon != std::string_view::npos) port = first.substr(colon + 1);
  }
  if (!port.empty()) u.port = parse_port(url, port);
  auto params = core::parse_query(query);
  if (!params) invalid(url, "malformed query string");
  for (const auto& [name, value] : *params) {
    if (name == "host") u.host = value;
    if (name == "port") u.port = parse_port(url, value);
    if (name == "dbname") u.database = value;
    if (name == "user") u.user = value;
  }
  if (u.host.empty()) u.host = "localhost";
  if (u.database.empty()) u.database = u.user;
  return u;
}

StoreUrl parse_sqlite(std::string_view url, std::string_view rest) {
  StoreUrl u;
  u.dialect = Dialect::kSqlite;
  u.url = std::string(url);
  if (rest.starts_with("//")) {
    rest.remove_prefix(2);
    if (!rest.starts_with('/')) invalid(url, "use sqlite:///absolute/path or sqlite:relative/path");
  }
  if (rest.find('?') != std::string_view::npos) invalid(url, "query parameters are not supported");
  u.path = decoded(url, rest);
  if (u.path.empty()) invalid(url, "no database file");
  if (u.path == ":memory:") {
    invalid(url, "in-memory databases cannot be shared by a pool of connections; use a file");
  }
  return u;
}

}  // namespace

std::string StoreUrl::redacted() const {
  if (dialect == Dialect::kSqlite) return url;
  size_t scheme_end = url.find("://");
  size_t at = url.find('@', scheme_end);
  if (scheme_end == std::string::npos || at == std::string::npos) return url;
  size_t user_start = scheme_end + 3;
  size_t colon = url.find(':', user_start);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::string StoreUrl::endpoint() const {
  if (dialect == Dialect::kSqlite) return path;
  return host + ":" + std::to_string(port);
}

StoreUrl parse_store_url(std::string_view url) {
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (url.starts_with(scheme)) return parse_postgres(url, url.substr(scheme.size()));
  }
  if (url.starts_with("sqlite:")) return parse_sqlite(url, url.substr(7));
  invalid(url, "expected postgresql://user:password@host:port/database or sqlite:path");
}

}  // namespace wharf::sql
