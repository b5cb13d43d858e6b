// A new ICD-10-CM year a clinic loads itself: the official order file of the year after
// the newest one of an existing code set (the shipped file), compiled onto that file by
// the manifest path's own steps (icd10cm_steps.h, StartNewestYear/MergeOlderYear) into the
// same format, so that the date of service chooses between the shipped years and the new
// one. The file's own sections give the older years' codes, titles and billable flags,
// the notes, the 7th characters, the chapters and sections and the deleted codes; its
// import state file (BASE.import.mcs, icd10cm_state.h) gives the Index and Tables as
// read, whose targets are checked again against the new year. For the same inputs the
// result is the file the manifest path writes, byte for byte, except META's provenance and
// the loaded input's path, sha256 and kind, and its import state file (UserLoad::
// import_state) that of the manifest path but for the file it names
// (tests/core/test_icd10cm_year_fulldata.cpp).
#pragma once

#include "user_files.h"

namespace medcode::import {

// `file` is the order file (kind "icd10cm-order"); options.base the ICD-10-CM code set to
// load it onto, options.base_state its import state file. The fiscal year comes from the
// file's name (icd10cm_order_2028.txt: FY2028, 2027-10-01 to 2028-09-30) unless
// options.effective_from/to are given. Refused,
// with an error naming the file: a damaged order file, a year that is not the one after
// the base's newest, a base that is not an ICD-10-CM file, an import state file missing,
// damaged or belonging to another file (its sha256 differs from the base's).
Result<UserLoad> LoadIcd10cmYear(const UserFile& file, const LoadOptions& options);

}  // namespace medcode::import
