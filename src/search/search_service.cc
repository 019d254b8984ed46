#include "search/search_service.h"

#include <fmt/format.h>
#include <xapian.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "core/clock.h"
#include "core/log.h"
#include "core/random.h"
#include "search/errors.h"
#include "search/patterns.h"

namespace wharf::search {

namespace fs = std::filesystem;

namespace {

}  // namespace

SearchService::SearchService(std::string dir) : dir_(std::move(dir)) {
  // Commits happen on refresh (and every 20000 buffered documents), not on Xapian's own count.
  setenv("XAPIAN_FLUSH_THRESHOLD", "1000000", 0);
  fs::create_directories(dir_);
  for (const auto& e : fs::directory_iterator(dir_)) {
    if (!e.is_directory()) continue;
    std::string name = e.path().filename().string();
    if (name.starts_with(".trash-")) {
      fs::remove_all(e.path());
      continue;
    }
    try {
      auto idx = SearchIndex::open(e.path().string());
      indices_[idx->name()] = std::move(idx);
    } catch (const std::exception& ex) {
      spdlog::error("search index in {} cannot be opened: {}", e.path().string(), ex.what());
    } catch (const Xapian::Error& ex) {
      spdlog::error("search index in {} cannot be opened: {}", e.path().string(), ex.get_msg());
    }
  }
}

SearchService::~SearchService() {
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (refresher_.joinable()) refresher_.join();
  std::lock_guard lock(mu_);
  for (auto& [name, idx] : indices_) idx->close();
}

void SearchService::start_background() { refresher_ = std::thread([this] { refresher(); }); }

void SearchService::refresher() {
  std::map<std::string, std::chrono::steady_clock::time_point> last;
  std::unique_lock lock(stop_mu_);
  while (!stopping_) {
    stop_cv_.wait_for(lock, std::chrono::milliseconds(100));
    if (stopping_) break;
    lock.unlock();
    auto now = std::chrono::steady_clock::now();
    for (const auto& idx : all()) {
      int64_t interval = idx->refresh_interval_ms();
      if (interval < 0 || !idx->has_pending()) continue;
      auto& t = last[idx->name()];
      if (now - t < std::chrono::milliseconds(interval)) continue;
      try {
        idx->refresh();
      } catch (const std::exception& e) {
        spdlog::error("refresh of {} failed: {}", idx->name(), e.what());
      } catch (const Xapian::Error& e) {
        spdlog::error("refresh of {} failed: {}", idx->name(), e.get_msg());
      }
      t = now;
    }
    lock.lock();
  }
}

void SearchService::validate_name(const std::string& name) {
  // The order of Elasticsearch's checks, so the first problem reported is the same.
  if (name.empty()) throw invalid_index_name(name, "must not be empty");
  if (name.find_first_of("\\/*?\"<>| ,") != std::string::npos)
    throw invalid_index_name(
        name, "must not contain the following characters [ , \", *, \\, <, |, ,, >, /, ?]");
  if (name.find('#') != std::string::npos) throw invalid_index_name(name, "must not contain '#'");
  if (name.find(':') != std::string::npos) throw invalid_index_name(name, "must not contain ':'");
  if (name[0] == '_' || name[0] == '-' || name[0] == '+')
    throw invalid_index_name(name, "must not start with '_', '-', or '+'");
  for (char c : name)
    if (c >= 'A' && c <= 'Z') throw invalid_index_name(name, "must be lowercase");
  if (name == "." || name == "..") throw invalid_index_name(name, "must not be '.' or '..'");
  if (name.size() > 255)
    throw invalid_index_name(name, "index name is too long, (" + std::to_string(name.size()) +
                                       " > 255)");
}

std::shared_ptr<SearchIndex> SearchService::create(IndexMeta meta, Mapping mapping) {
  validate_name(meta.name);
  std::lock_guard lock(mu_);
  if (auto it = indices_.find(meta.name); it != indices_.end())
    throw index_already_exists(meta.name, it->second->meta().uuid);
  for (const auto& [n, idx] : indices_)
    if (idx->meta().aliases.count(meta.name))
      throw invalid_index_name(meta.name, "already exists as alias");
  meta.uuid = core::random_hex(11).substr(0, 22);
  meta.creation_date = core::now_millis();
  std::string dir = dir_ + "/" + meta.uuid;
  try {
    auto idx = std::shared_ptr<SearchIndex>(SearchIndex::create(dir, meta, std::move(mapping)));
    indices_[meta.name] = idx;
    return idx;
  } catch (...) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    throw;
  }
}

void SearchService::remove(const std::string& name) {
  std::shared_ptr<SearchIndex> idx;
  {
    std::lock_guard lock(mu_);
    auto it = indices_.find(name);
    if (it == indices_.end()) throw index_not_found(name);
    idx = it->second;
    indices_.erase(it);
  }
  idx->close();
  std::error_code ec;
  fs::path trash = fs::path(dir_) / (".trash-" + core::random_hex(8));
  fs::rename(idx->dir(), trash, ec);
  fs::remove_all(ec ? fs::path(idx->dir()) : trash, ec);
}

std::shared_ptr<SearchIndex> SearchService::find_or_create(const std::string& name) {
  if (auto idx = find(name)) return idx;
  IndexMeta meta;
  meta.name = name;
  try {
    return create(std::move(meta), Mapping());
  } catch (const core::Error& e) {
    if (e.code() == "resource_already_exists_exception") return get(name);
    throw;
  }
}

void SearchService::swap_alias(const std::string& alias, const std::string& index) {
  std::vector<std::shared_ptr<SearchIndex>> old;
  {
    std::lock_guard lock(mu_);
    auto target = indices_.find(index);
    if (target == indices_.end()) throw index_not_found(index);
    for (auto it = indices_.begin(); it != indices_.end();) {
      if (it->first != index && (it->first == alias || it->second->meta().aliases.count(alias))) {
        old.push_back(it->second);
        it = indices_.erase(it);
      } else {
        ++it;
      }
    }
    auto aliases = target->second->meta().aliases;
    aliases[alias] = {};
    target->second->set_aliases(std::move(aliases));
  }
  for (auto& idx : old) {
    idx->close();
    std::error_code ec;
    fs::remove_all(idx->dir(), ec);
  }
}

std::shared_ptr<SearchIndex> SearchService::find(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = indices_.find(name);
  if (it != indices_.end()) return it->second;
  std::vector<std::shared_ptr<SearchIndex>> via_alias;
  for (const auto& [n, idx] : indices_)
    if (idx->meta().aliases.count(name)) via_alias.push_back(idx);
  if (via_alias.size() > 1) {
    std::vector<std::string> names;
    for (const auto& idx : via_alias) names.push_back(idx->name());
    throw illegal_argument(fmt::format(
        "Alias [{}] has more than one index associated with it [{}], can't execute a single "
        "index op",
        name, fmt::join(names, ", ")));
  }
  return via_alias.empty() ? nullptr : via_alias[0];
}

std::shared_ptr<SearchIndex> SearchService::find_index(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = indices_.find(name);
  return it == indices_.end() ? nullptr : it->second;
}

std::shared_ptr<SearchIndex> SearchService::get(const std::string& name) const {
  auto idx = find(name);
  if (!idx) throw index_not_found(name);
  return idx;
}

std::vector<std::shared_ptr<SearchIndex>> SearchService::all() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<SearchIndex>> out;
  for (const auto& [n, idx] : indices_) out.push_back(idx);
  return out;
}

std::map<std::string, std::vector<std::string>> SearchService::aliases() const {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& idx : all())
    for (const auto& [alias, def] : idx->meta().aliases) out[alias].push_back(idx->name());
  return out;
}

std::vector<std::shared_ptr<SearchIndex>> SearchService::resolve(const std::string& expression,
                                                                 bool ignore_unavailable) const {
  std::map<std::string, std::shared_ptr<SearchIndex>> picked;
  auto everything = all();
  auto alias_map = aliases();
  size_t pos = 0;
  std::string expr = expression.empty() ? "_all" : expression;
  while (pos <= expr.size()) {
    size_t comma = expr.find(',', pos);
    std::string part = expr.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    pos = comma == std::string::npos ? expr.size() + 1 : comma + 1;
    if (part.empty()) continue;
    bool exclude = part[0] == '-' && !picked.empty();
    if (exclude) part = part.substr(1);
    std::vector<std::shared_ptr<SearchIndex>> hits;
    if (part == "_all" || part == "*") {
      hits = everything;
    } else if (part.find('*') != std::string::npos) {
      for (const auto& idx : everything)
        if (glob_match(part, idx->name())) hits.push_back(idx);
      for (const auto& [alias, names] : alias_map)
        if (glob_match(part, alias))
          for (const auto& idx : everything)
            if (std::find(names.begin(), names.end(), idx->name()) != names.end())
              hits.push_back(idx);
    } else {
      for (const auto& idx : everything)
        if (idx->name() == part) hits.push_back(idx);
      if (auto a = alias_map.find(part); a != alias_map.end())
        for (const auto& idx : everything)
          if (std::find(a->second.begin(), a->second.end(), idx->name()) != a->second.end())
            hits.push_back(idx);
      if (hits.empty() && !ignore_unavailable) throw index_not_found(part);
    }
    for (auto& h : hits) {
      if (exclude) picked.erase(h->name());
      else picked[h->name()] = h;
    }
  }
  std::vector<std::shared_ptr<SearchIndex>> out;
  for (auto& [n, idx] : picked) out.push_back(idx);
  return out;
}

}  // namespace wharf::search

namespace wharf::search {

std::map<std::string, boost::json::value> SearchService::alias_filters(
    const std::string& expression) const {
  std::map<std::string, boost::json::value> filters;
  std::set<std::string> unfiltered;
  size_t pos = 0;
  auto everything = all();
  while (pos <= expression.size()) {
    size_t comma = expression.find(',', pos);
    std::string part = expression.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    pos = comma == std::string::npos ? expression.size() + 1 : comma + 1;
    for (const auto& idx : everything) {
      if (idx->name() == part || part == "_all" || part == "*" || part.find('*') != std::string::npos) {
        unfiltered.insert(idx->name());
        continue;
      }
      auto meta = idx->meta();
      auto a = meta.aliases.find(part);
      if (a == meta.aliases.end()) continue;
      if (auto f = a->second.if_contains("filter")) filters[idx->name()] = *f;
      else unfiltered.insert(idx->name());
    }
  }
  for (const auto& name : unfiltered) filters.erase(name);
  return filters;
}

}  // namespace wharf::search
