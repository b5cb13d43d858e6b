// CSV (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks), read
// one way for the claim reader and the importers. Cells are returned as written (no
// trimming): callers trim what their format allows. A hand-written line (a CPT descriptor
// file) is read by the same scanner, leniently (ParseLenientCsvLine).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace medcode::csv {

struct CsvRecord {
  std::vector<std::string> fields;
  size_t line = 0;  // 1-based line where it starts
};

enum class BlankLines { kSkip, kKeep };

// Reads the record starting at pos and moves pos past it; false at the end of the text.
// A blank line is skipped (kSkip) or read as a record without fields (kKeep). A record
// ends at LF, CRLF or a lone CR outside quotes; `line` counts LFs.
bool NextCsvRecord(std::string_view text, size_t& pos, size_t& line, CsvRecord& rec,
                   BlankLines blank = BlankLines::kSkip);
// Every record of the text; a blank line is an empty record.
std::vector<std::vector<std::string>> ParseCsvRecords(std::string_view text);
// The fields of one line (at least one, "" for an empty line).
std::vector<std::string> ParseCsvLine(std::string_view line);
// The fields of one line read leniently, as people write CSV by hand: a quote opens a quoted
// field only at the field's start (elsewhere it is text), blanks around each field are
// dropped, a quoted field's inside is kept as is. False if a quote is left open.
bool ParseLenientCsvLine(std::string_view line, std::vector<std::string>& fields);

}  // namespace medcode::csv
