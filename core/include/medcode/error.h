// Errors and results. No exceptions: every fallible call returns Result<T>.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace medcode {

enum class ErrorCode {
  kIo,                  // a file could not be read
  kTruncated,           // shorter than its header or a section says
  kBadMagic,            // not a code-set file
  kUnsupportedVersion,  // format major version (or a required section version) unknown
  kBadChecksum,         // header or payload CRC mismatch
  kCorrupt,             // structurally invalid content (bad offsets, counts, references)
  kUnsupportedSection,  // a required section this reader does not know
  kInvalidUtf8,         // text input that is not valid UTF-8
  kInputTooLong,        // query or code longer than the accepted limit
  kInvalidArgument,     // e.g. limit out of range
  kNotFound,            // a code that does not exist
  kInternal,            // ICU failure and the like
};

const char* ErrorCodeName(ErrorCode code);  // stable identifiers, e.g. "BAD_CHECKSUM"

struct Error {
  ErrorCode code;
  std::string message;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

inline Error MakeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace medcode
