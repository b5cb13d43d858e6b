// coder suggest: code a note (cli/suggest_cmd.cpp).
#pragma once

#include <string>
#include <vector>

#include "medcode/codeset.h"

namespace medcode::cli {

// args: everything after "suggest". Returns the process exit code.
int RunSuggest(const CodeSet& cs, const std::vector<std::string>& args);

}  // namespace medcode::cli
