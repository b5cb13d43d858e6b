// Updates a clinic loads itself: official CMS files a user downloaded (not named in the
// manifest), recognised by their content, compiled by the same importers as the manifest
// path (hcpcs.cpp, edits.cpp) into the same file format, with the provenance of each file
// (its name, sha256 and the date it was loaded) in the file's META.
//
//   std::vector<UserFile> files = {{"MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", bytes}};
//   auto out = LoadUserFiles(files, {});     // Result<UserLoad>
//   out->bytes   the .mcs file (a claim-edits file, or an HCPCS code set)
//   out->report  what was recognised: per file its kind, setting, edition, dates, counts
//
// One call makes one file: one HCPCS alpha-numeric file (.xlsx, or the fixed-width .txt of
// the same release: the same code set) gives an HCPCS code set;
// any number of NCCI files (MUE CSVs, PTP text part files, the add-on code text file) give
// one claim-edits file, on its own or added to the shipped one (LoadOptions::base); one
// ICD-10-CM order file gives the ICD-10-CM code set LoadOptions::base with that file's
// fiscal year added as its newest (icd10cm_onto.h). A file that is not one of these, or is
// damaged, is refused with an error naming the file and the problem.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "medcode/error.h"

namespace medcode::import {

struct UserFile {
  std::string name;   // the file's own name (no folder), as the user picked it
  std::string bytes;  // as read, not decompressed
};

// What a file is, from its content: "hcpcs" (the alpha-numeric .xlsx), "hcpcs-txt" (the
// fixed-width text of the same release), "mue", "ptp", "aoc", "icd10cm-order", or an error
// naming the file and what it looks like instead.
struct Recognised {
  std::string kind;
  std::string setting;  // mue, ptp: practitioner | outpatient-hospital | dme-supplier ("" if unknown)
  std::string what;     // a sentence for the user: "NCCI MUE table, practitioner services (CSV)"
};
Result<Recognised> RecogniseUserFile(const UserFile& file);

struct LoadOptions {
  std::string loaded_on;       // ISO date recorded in the provenance ("" = today, UTC)
  std::string effective_from;  // override the dates read from the files' content or names
  std::string effective_to;
  std::string setting;         // a PTP file's setting when its name does not say (ccipra/ccioph)
  // NCCI files: the bytes of a claim-edits file (the shipped one, or one a user loaded
  // before) to add them to, so that the date of service chooses between its editions and the
  // loaded ones ("" = a claim-edits file of the loaded files alone). An ICD-10-CM order file:
  // the ICD-10-CM code set (the shipped one) whose next year it is (required).
  std::string base;
  std::string base_name;  // its file name, for messages
  // An ICD-10-CM order file: the import state file of `base` (icd10cm_state.h; coder-import
  // finds it beside the base, BASE.import.mcs); refused if it belongs to another file.
  std::string base_state;
  std::string base_state_name;  // its file name, for messages (also when it was not found)
  // The file name the result is written as (named in the import state file written with an
  // ICD-10-CM year).
  std::string out_name;
};

struct UserLoad {
  std::string system;  // "HCPCS", "CLAIM-EDITS" or "ICD-10-CM"
  std::string bytes;
  nlohmann::json report;
  // ICD-10-CM: the import state file of `bytes`, to write beside it
  // (ImportStateFileName(out)), so that a later year can be loaded onto it.
  std::string import_state;
};

Result<UserLoad> LoadUserFiles(const std::vector<UserFile>& files, const LoadOptions& options);

}  // namespace medcode::import
