// Output helpers shared by the coder commands (coder.cpp, index_cmd.cpp, practice_cmd.cpp):
// one copy of the error line and of column padding.
#pragma once

#include <cstdio>
#include <string>

#include "medcode/error.h"

namespace medcode::cli {

// "coder: CODE: message" on stderr; returns the process exit code for an error (1).
inline int Fail(const Error& e) {
  std::fprintf(stderr, "coder: %s: %s\n", ErrorCodeName(e.code), e.message.c_str());
  return 1;
}

// s padded with spaces to at least w bytes (a table column).
inline std::string Pad(std::string s, size_t w) {
  if (s.size() < w) s.append(w - s.size(), ' ');
  return s;
}

}  // namespace medcode::cli
