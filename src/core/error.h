// Errors are values: a service-specific code ("NoSuchKey"), the HTTP status the real service
// answers with, and a message meant for the user. Each service keeps one table of its codes
// (s3/errors.h, ...); core only defines the carrier. Thrown as an exception across layers so that
// the api layer renders it in the service's wire format in one place.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace wharf::core {

class Error : public std::runtime_error {
 public:
  Error(std::string code, int http_status, std::string message)
      : std::runtime_error(message), code_(std::move(code)), http_status_(http_status) {}

  const std::string& code() const { return code_; }
  int http_status() const { return http_status_; }
  std::string message() const { return what(); }

  // Extra elements some wire formats carry beside code and message (S3: BucketName, Key, ...).
  const std::vector<std::pair<std::string, std::string>>& details() const { return details_; }
  Error& with(std::string name, std::string value) {
    details_.emplace_back(std::move(name), std::move(value));
    return *this;
  }

 private:
  std::string code_;
  int http_status_;
  std::vector<std::pair<std::string, std::string>> details_;
};

// An internal failure (I/O error, corrupt record): 500 in every service.
[[noreturn]] void throw_internal(const std::string& what);

}  // namespace wharf::core
