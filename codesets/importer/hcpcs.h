// HCPCS Level II: the CMS alpha-numeric file (HCPC<YEAR>_<MONTH>_ANWEB*.xlsx, 48 columns).
#pragma once

#include <vector>

#include "icd10cm.h"

namespace medcode::import {

// One input of role "hcpcs": the alpha-numeric file as .xlsx. Codes (RECID 3, with
// continuation lines 4) become the code set's codes, flat, with their dates and the fields
// a coder needs as attributes; modifiers (RECID 7, continuations 8) go to the modifier list.
Result<Model> ImportHcpcs(const std::vector<LoadedInput>& inputs, const nlohmann::json& entry, Report& report);

}  // namespace medcode::import
