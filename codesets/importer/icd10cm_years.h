#pragma once

#include <vector>

#include "model.h"

namespace medcode::import {

// The manifest entry's "years": [{year, effective_from, effective_to}, ...], oldest first
// (empty when the entry has none: the file holds one year).
Result<std::vector<YearSpan>> ReadYears(const nlohmann::json& entry);

// With Model::years set and the newest year's codes read: every code is in the newest year only.
void StartNewestYear(Model& m);

// Merges the codes of the older year `year` (index into Model::years, read from its order
// file, in its tabular order) into the model, which holds the years after it. Call from
// the newest year backwards. Counts what changed in the report.
Result<bool> MergeOlderYear(Model& m, std::vector<Code> older, uint8_t year, Report& rep);

}  // namespace medcode::import
