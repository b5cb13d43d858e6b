// The claim-edits importer: NCCI MUE (official CSV), NCCI PTP (derived compact JSON of
// the current quarter; derived TSV with deletion dates and rationale of an older
// quarter), NCCI add-on code edits (derived JSON), the MCE definitions text
// (Windows-1252), place-of-service lists and HCPCS Level II modifiers (official xlsx),
// written as one claim-edits file (core/include/medcode/edits_format.h).
//
// Manifest entry: "system": "CLAIM-EDITS". Each input names its role and, where it
// applies, its setting, edition and the dates of service it covers:
//   role      mue | ptp | aoc | mce | place-of-service | place-of-service-check | hcpcs-modifiers
//   format    (ptp) "compact-v1" (pairs + modifier indicator) or "tsv-history"
//             (column_1, column_2, deletion_date, modifier, rationale)
//   setting   practitioner | outpatient-hospital | dme-supplier   (mue, ptp)
//   edition   "2026Q2", "v43.1", ...
//   effective_from, effective_to   ISO dates the edition covers (either may be absent = open)
//   version_from  (mce) the date this version replaced the previous one
#pragma once

#include <string>
#include <vector>

#include "csv.h"
#include "icd10cm.h"
#include "medcode/edits.h"

namespace medcode::import {

Result<std::string> ImportEdits(const std::vector<LoadedInput>& inputs, const nlohmann::json& entry, Report& report);

// The same, adding the inputs' data sets to those of an existing claim-edits file (every
// table of `base` is read back and written again, its META inputs first): a quarter a
// clinic loads beside the shipped editions, each chosen by the date of service. MUE tables
// of one setting must not overlap in dates; an add-on code input replaces the base's table.
Result<std::string> ImportEditsOnto(const EditSet& base, const std::vector<LoadedInput>& inputs,
                                    const nlohmann::json& entry, Report& report);

// CSV records of a whole text: the core's reader (csv.h).
using csv::ParseCsvRecords;

// Windows-1252 to UTF-8.
std::string Cp1252ToUtf8(std::string_view in);

}  // namespace medcode::import
