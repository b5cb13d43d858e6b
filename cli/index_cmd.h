// coder index: browse the Alphabetic Index and the Tables (cli/index_cmd.cpp).
#pragma once

#include <string>
#include <vector>

#include "medcode/codeset.h"

namespace medcode::cli {

// args: everything after "index". Returns the process exit code.
int RunIndex(const CodeSet& cs, const std::vector<std::string>& args);

}  // namespace medcode::cli
