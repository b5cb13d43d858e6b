// The error table: the stable name of each ErrorCode ("BAD_CHECKSUM"), as the CLI, the
// JSON answers and the JS API report it. Adding an ErrorCode means adding its name here.
#include "medcode/error.h"

#include "enum_names.h"

namespace medcode {

const char* ErrorCodeName(ErrorCode code) {
  static constexpr const char* kNames[] = {
      "IO", "TRUNCATED", "BAD_MAGIC", "UNSUPPORTED_VERSION", "BAD_CHECKSUM", "CORRUPT", "UNSUPPORTED_SECTION",
      "INVALID_UTF8", "INPUT_TOO_LONG", "INVALID_ARGUMENT", "NOT_FOUND", "INTERNAL"};
  return EnumName(code, kNames, "UNKNOWN");
}

}  // namespace medcode
