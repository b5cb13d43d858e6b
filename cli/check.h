// coder check: claim pre-checks (cli/check.cpp).
#pragma once

#include <string>
#include <vector>

#include "medcode/codeset.h"

namespace medcode::cli {

// args: everything after "check". Returns the process exit code.
int RunCheck(const CodeSet& icd, const std::vector<std::string>& args);

}  // namespace medcode::cli
