// coder practice: coding cases for students (cli/practice_cmd.cpp).
#pragma once

#include <string>
#include <vector>

#include "medcode/codeset.h"

namespace medcode::cli {

// args: everything after "practice"; sets: the code sets loaded (ICD-10-CM and HCPCS are
// picked by system). Returns the process exit code.
int RunPractice(const std::vector<const CodeSet*>& sets, const std::vector<std::string>& args);

}  // namespace medcode::cli
