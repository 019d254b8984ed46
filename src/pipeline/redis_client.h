// A small blocking Redis client on hiredis, for the Redis source and sink: connect from a URL,
// send commands one by one or pipelined (many commands, one round trip per batch).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

struct redisContext;

namespace wharf::pipeline {

struct RedisReply {
  enum class Kind { kNil, kString, kInteger, kArray, kStatus } kind = Kind::kNil;
  std::string str;  // kString, kStatus
  long long integer = 0;
  std::vector<RedisReply> elements;  // kArray
};

class RedisClient {
 public:
  // redis://[:password@]host[:port][/db]. Throws core::Error("RedisUnavailable") naming the
  // address when it cannot connect (or authenticate).
  explicit RedisClient(const std::string& url);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // One command; a Redis error reply throws core::Error("RedisError") with its text.
  RedisReply command(const std::vector<std::string>& args);
  // Queues a command; flush() sends everything queued and checks every reply.
  void append(const std::vector<std::string>& args);
  void flush();
  // Several commands in one round trip; their replies in order (an error reply throws).
  std::vector<RedisReply> exchange(const std::vector<std::vector<std::string>>& commands);
  const std::string& address() const { return address_; }

 private:
  RedisReply read_reply();
  redisContext* ctx_ = nullptr;
  std::string address_;
  size_t pending_ = 0;
};

}  // namespace wharf::pipeline
