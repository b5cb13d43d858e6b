// The error table: the stable name of each ErrorCode ("BAD_CHECKSUM"), as the CLI, the
// JSON answers and the JS API report it. Adding an ErrorCode means adding its name here.
#include "medcode/error.h"

namespace medcode {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kIo: return "IO";
    case ErrorCode::kTruncated: return "TRUNCATED";
    case ErrorCode::kBadMagic: return "BAD_MAGIC";
    case ErrorCode::kUnsupportedVersion: return "UNSUPPORTED_VERSION";
    case ErrorCode::kBadChecksum: return "BAD_CHECKSUM";
    case ErrorCode::kCorrupt: return "CORRUPT";
    case ErrorCode::kUnsupportedSection: return "UNSUPPORTED_SECTION";
    case ErrorCode::kInvalidUtf8: return "INVALID_UTF8";
    case ErrorCode::kInputTooLong: return "INPUT_TOO_LONG";
    case ErrorCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case ErrorCode::kNotFound: return "NOT_FOUND";
    case ErrorCode::kInternal: return "INTERNAL";
  }
  return "UNKNOWN";
}

}  // namespace medcode
