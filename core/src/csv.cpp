// The one CSV reader (csv.h): record by record with line numbers (claim batches), all
// records at once (NCCI and MCE files in the importer), single lines (the ICD-10-CM
// tables in the importer) and lenient single lines (CPT descriptor files).
#include "csv.h"

#include "ascii.h"

namespace medcode::csv {

namespace {

// The fields of the record at pos; pos moves past it. RFC 4180 (lenient = false): a quote
// anywhere opens a quoted run, the record ends at a line break outside quotes, cells are as
// written. Lenient (one line): a quote opens a quoted field only at its start (after
// blanks), blanks around a field are dropped, line breaks are text. False if the text ends
// inside quotes.
bool ScanFields(std::string_view text, size_t& pos, size_t& line, std::vector<std::string>& fields, bool lenient) {
  std::string cur;
  bool quoted = false, was_quoted = false;
  auto end_field = [&] {
    fields.push_back(lenient && !was_quoted ? std::string(ascii::Trim(cur, ascii::kBlanks)) : std::move(cur));
    cur.clear();
    was_quoted = false;
  };
  for (; pos < text.size(); ++pos) {
    char c = text[pos];
    if (quoted) {
      if (c == '"') {
        if (pos + 1 < text.size() && text[pos + 1] == '"') {
          cur += '"';
          ++pos;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cur += c;
      }
      continue;
    }
    if (c == '"' && (!lenient || ascii::Trim(cur, ascii::kBlanks).empty())) {
      quoted = was_quoted = true;
      if (lenient) cur.clear();
    } else if (c == ',') {
      end_field();
    } else if (!lenient && (c == '\n' || c == '\r')) {
      if (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
      ++pos;
      ++line;
      break;
    } else if (!(lenient && was_quoted && (c == ' ' || c == '\t'))) {
      cur += c;
    }
  }
  end_field();
  return !quoted;
}

}  // namespace

bool NextCsvRecord(std::string_view text, size_t& pos, size_t& line, CsvRecord& rec, BlankLines blank) {
  rec.fields.clear();
  if (blank == BlankLines::kKeep) {
    if (pos < text.size() && (text[pos] == '\n' || text[pos] == '\r')) {
      rec.line = line;
      if (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
      ++pos;
      ++line;
      return true;
    }
  } else {
    while (pos < text.size()) {  // blank lines between records
      if (text[pos] == '\n') {
        ++line;
        ++pos;
      } else if (text[pos] == '\r') {
        ++pos;
      } else {
        break;
      }
    }
  }
  if (pos >= text.size()) return false;
  rec.line = line;
  ScanFields(text, pos, line, rec.fields, false);
  return true;
}

std::vector<std::vector<std::string>> ParseCsvRecords(std::string_view text) {
  std::vector<std::vector<std::string>> out;
  size_t pos = 0, line = 1;
  CsvRecord rec;
  while (NextCsvRecord(text, pos, line, rec, BlankLines::kKeep)) out.push_back(std::move(rec.fields));
  return out;
}

std::vector<std::string> ParseCsvLine(std::string_view text) {
  size_t pos = 0, line = 1;
  CsvRecord rec;
  if (!NextCsvRecord(text, pos, line, rec, BlankLines::kKeep) || rec.fields.empty()) return {""};
  return std::move(rec.fields);
}

bool ParseLenientCsvLine(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  size_t pos = 0, lines = 1;
  return ScanFields(line, pos, lines, fields, true);
}

}  // namespace medcode::csv
