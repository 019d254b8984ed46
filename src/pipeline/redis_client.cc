#include "pipeline/redis_client.h"

#include <hiredis/hiredis.h>

#include <charconv>

#include "core/error.h"

namespace wharf::pipeline {
namespace {

core::Error unavailable(const std::string& address, const std::string& why) {
  return core::Error("RedisUnavailable", 503, "cannot reach Redis at " + address + ": " + why);
}

RedisReply convert(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      out.kind = RedisReply::Kind::kString;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.kind = RedisReply::Kind::kStatus;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.kind = RedisReply::Kind::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.kind = RedisReply::Kind::kArray;
      for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert(r->element[i]));
      break;
    case REDIS_REPLY_ERROR:
      throw core::Error("RedisError", 502, "Redis: " + std::string(r->str, r->len));
    default:
      break;
  }
  return out;
}

}  // namespace

RedisClient::RedisClient(const std::string& url) {
  if (!url.starts_with("redis://"))
    throw core::Error("PipelineSpecError", 400, "a Redis URL is redis://[:password@]host[:port][/db], got '" + url + "'");
  std::string rest = url.substr(8), password, host = "127.0.0.1";
  int port = 6379, db = 0;
  if (auto at = rest.rfind('@'); at != std::string::npos) {
    password = rest.substr(0, at);
    if (auto colon = password.find(':'); colon != std::string::npos) password = password.substr(colon + 1);
    rest = rest.substr(at + 1);
  }
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    std::string d = rest.substr(slash + 1);
    if (!d.empty()) std::from_chars(d.data(), d.data() + d.size(), db);
    rest = rest.substr(0, slash);
  }
  if (auto colon = rest.rfind(':'); colon != std::string::npos) {
    std::string p = rest.substr(colon + 1);
    std::from_chars(p.data(), p.data() + p.size(), port);
    rest = rest.substr(0, colon);
  }
  if (!rest.empty()) host = rest;
  address_ = host + ":" + std::to_string(port);
  ctx_ = redisConnectWithTimeout(host.c_str(), port, timeval{5, 0});
  if (!ctx_ || ctx_->err) {
    std::string why = ctx_ ? ctx_->errstr : "out of memory";
    if (ctx_) redisFree(ctx_);
    ctx_ = nullptr;
    throw unavailable(address_, why);
  }
  timeval tv{30, 0};
  redisSetTimeout(ctx_, tv);
  try {
    if (!password.empty()) command({"AUTH", password});
    if (db) command({"SELECT", std::to_string(db)});
  } catch (...) {
    redisFree(ctx_);
    ctx_ = nullptr;
    throw;
  }
}

RedisClient::~RedisClient() {
  if (ctx_) redisFree(ctx_);
}

void RedisClient::append(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  if (redisAppendCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()) != REDIS_OK)
    throw unavailable(address_, ctx_->errstr);
  ++pending_;
}

RedisReply RedisClient::read_reply() {
  void* raw = nullptr;
  if (redisGetReply(ctx_, &raw) != REDIS_OK || !raw) throw unavailable(address_, ctx_->errstr);
  std::unique_ptr<redisReply, void (*)(void*)> reply(static_cast<redisReply*>(raw), freeReplyObject);
  return convert(reply.get());
}

void RedisClient::flush() {
  std::optional<core::Error> first;
  for (; pending_ > 0; --pending_) {
    try {
      read_reply();
    } catch (const core::Error& e) {
      if (e.code() == "RedisUnavailable") throw;
      if (!first) first = e;  // read every reply, so the connection stays in step
    }
  }
  if (first) throw *first;
}

std::vector<RedisReply> RedisClient::exchange(const std::vector<std::vector<std::string>>& commands) {
  flush();
  for (auto& c : commands) append(c);
  std::vector<RedisReply> out;
  out.reserve(commands.size());
  std::optional<core::Error> first;
  for (; pending_ > 0; --pending_) {
    try {
      out.push_back(read_reply());
    } catch (const core::Error& e) {
      if (e.code() == "RedisUnavailable") throw;
      if (!first) first = e;
      out.emplace_back();
    }
  }
  if (first) throw *first;
  return out;
}

RedisReply RedisClient::command(const std::vector<std::string>& args) {
  flush();
  append(args);
  pending_ = 0;
  return read_reply();
}

}  // namespace wharf::pipeline
