// The one CSV reader (csv.h): record by record with line numbers (claim batches), all
// records at once (NCCI and MCE files in the importer) and single lines (the ICD-10-CM
// tables in the importer).
#include "csv.h"

namespace medcode::csv {

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
  std::string cur;
  bool quoted = false;
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
    if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rec.fields.push_back(std::move(cur));
      cur.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
      ++pos;
      ++line;
      break;
    } else {
      cur += c;
    }
  }
  rec.fields.push_back(std::move(cur));
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

}  // namespace medcode::csv
