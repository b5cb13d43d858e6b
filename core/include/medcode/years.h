// The code year in force on a date of service, and what changed between years, for a
// code-set file that holds several years (ICD-10-CM FY2026 and FY2027; format.h YEAR).
//
//   auto y = medcode::ChooseYear(cs, "2026-12-01");   // y.index: FY2027's, y.label "FY2027"
//   if (!cs.InYear(code, y.index)) ... medcode::Replacements(cs, code, y.index);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "medcode/codeset.h"

namespace medcode {

struct YearChoice {
  int index = 0;          // index into cs.years() (0 for a file with one year)
  int year = 0;           // 2027
  std::string label;      // "FY2027" (ICD-10-CM), "2025" (others)
  std::string from, to;   // the year's first and last date of service, ISO
  uint32_t date = 0;      // the date of service (YYYYMMDD; 0 = none given: the newest year)
  bool outside = false;   // the date is outside every year of the file: the nearest year is used
  std::string note;       // "" or why the year was chosen ("2024-05-01 is before FY2026 ...")
};

// The year in force on a date of service (YYYY-MM-DD or YYYYMMDD; empty = the newest year).
// A date outside the file's years uses the nearest year and says so in `note`. An
// unparsable date is kInvalidArgument.
Result<YearChoice> ChooseYear(const CodeSet& cs, std::string_view date_of_service);
YearChoice ChooseYearAt(const CodeSet& cs, uint32_t date);  // date already parsed (0 = newest)
// ChooseYearAt's index only, without its texts (for a check run on every diagnosis of a claim).
int ChooseYearIndexAt(const CodeSet& cs, uint32_t date);

// The codes that take the place, in year y, of a code that is not (billable) in y: the
// codes new since the code's last billable year below its nearest ancestor present in y,
// the likeliest first (those sharing its later characters: T52.8X1A -> T52.811A,
// T52.891A). Empty when nothing new took its place.
std::vector<uint32_t> Replacements(const CodeSet& cs, uint32_t code, int y);

// For a code not yet in year y (new in a later year): the codes to report in y instead
// (its nearest ancestor billable in y, else billable codes below that ancestor).
std::vector<uint32_t> EarlierEquivalents(const CodeSet& cs, uint32_t code, int y, size_t max = 5);

enum class ChangeKind { kAdded, kDeleted, kRetitled, kBecameHeader, kBecameBillable };
const char* ChangeKindName(ChangeKind k);  // "added", "deleted", "retitled", "became-header", "became-billable"

struct CodeChange {
  ChangeKind kind;
  uint32_t code;                       // index into the code set
  bool billable = false;               // in the new year (for deleted: in the old year)
  std::string title;                   // in the new year (deleted: the old year's)
  std::string previous_title;          // retitled: the old year's
  std::vector<uint32_t> replaced_by;   // deleted, became-header: Replacements in the new year
};

// What changed from year y - 1 to year y (y an index, >= 1), in tabular order.
// kInvalidArgument if the file has no such pair of years.
Result<std::vector<CodeChange>> Changes(const CodeSet& cs, int y);

}  // namespace medcode
