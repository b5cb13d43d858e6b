// HCPCS Level II: the CMS alpha-numeric file as fixed-width text (HCPC<YEAR>_<MONTH>_ANWEB*.txt,
// in the same zip as the .xlsx), read into the rows the workbook gives, so that ImportHcpcs
// (hcpcs.h) makes the same code set of either.
//
// The layout is CMS's "HCPCS Contractor Record" (RIF record layout): one record a line,
// 320 characters, the fields at fixed columns (1-based, inclusive):
//   HCPC 1-5 (a modifier in 4-5, 1-3 blank), SEQNUM 6-10, RECID 11 (3 = first line of a
//   procedure, 4 = its next description lines, 7 = first line of a modifier, 8 = its next
//   lines), LONG DESCRIPTION 12-91 (80 a line), SHORT DESCRIPTION 92-119, PRICE1-4 120-127,
//   MULT_PI 128, CIM1-3 129-146, MCM1-3 147-170, STATUTE 171-180, LABCERT1-8 181-204,
//   XREF1-5 205-229, COV 230, ASC_GRP 231-232, ASC_DT 233-240, OPPS (MOG payment group)
//   241-243, OPPS_PI 244, OPPS_DT 245-252, PROCNOTE 253-256, BETOS 257-259, TOS1-5 261-265,
//   ANEST_BU 266-268, ADD DT 269-276, ACT EFF DT 277-284, TERM DT 285-292, ACTION CD 293,
//   filler 294-320.
// A continuation line (RECID 4 or 8) carries no detail fields: CMS writes it either 320
// characters long (blank after column 91) or cut after the description, 91 characters.
//
//   auto t = hcpcs_txt::Read(bytes);   // Result<hcpcs_txt::Table>
//   t->rows[0]     the workbook's header row (its 48 column names)
//   t->rows[i]     one record, each field without its padding on the right ("   KX", "  0")
//   t->lines[i]    the line of rows[i] in the file (1 = the first; 0 for the header row)
//
// Every line is checked, and the first damage refuses the file with its line (and column)
// in the message: text that is not UTF-8 or holds control characters (a binary file), a
// record that is not 320 characters (91 also for a continuation line), the last record
// cut short (a truncated file), a RECID not 3, 4, 7 or 8, a sequence number that is not
// digits, a continuation line without the first line of its record (or of another code),
// a continuation line with data after its description, a date field that is not blank or
// a date YYYYMMDD, an empty line between records. Empty lines at the end are allowed.
// Lengths are in characters (UTF-8 code points); lines end in CR LF or LF; a UTF-8 byte
// order mark before the first record is skipped.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "medcode/error.h"
#include "xlsx.h"

namespace medcode::import::hcpcs_txt {

inline constexpr size_t kRecordLength = 320;
inline constexpr size_t kContinuationLength = 91;  // a continuation line cut after its description

// Does the text start like the fixed-width file? Looks at the first line only (a code or a
// right-aligned modifier, five digits, a RECID 3, 4, 7 or 8, more than the RECID): a
// damaged file still reads as this one, and Read says what is wrong with it.
bool LooksLikeHcpcsText(std::string_view bytes);

struct Table {
  std::vector<xlsx::Row> rows;
  std::vector<size_t> lines;
};

// The records as rows of the workbook's 48 columns (see above); errors are kCorrupt,
// "line N: ..." (the caller adds the file name).
Result<Table> Read(std::string_view bytes);

}  // namespace medcode::import::hcpcs_txt
