// A small .xlsx reader for the importers, native and in the page (wasm) alike: the zip
// container (stored or deflate entries, inflate.h, CRC-32 checked), the workbook's sheet
// list, shared strings and sheet cells (xml.h); no zlib or expat. Every cell comes back as text:
//   shared and inline strings   their text (rich-text runs joined; phonetic runs skipped)
//   numbers, dates              the stored text, e.g. "20160101", "1.5", "45292" (a date
//                               serial: Excel dates are numbers; convert where needed)
//   booleans                    "TRUE" / "FALSE"
//   errors, formula strings     the stored text ("#N/A", ...)
// Rows are indexed from 0 = spreadsheet row 1; a row or a cell the sheet leaves out
// reads as empty, so rows[r][c] is the cell in row r+1, column c (A = 0).
//
//   auto book = medcode::import::xlsx::Open(bytes);            // Result<Workbook>
//   for (auto& name : book->SheetNames()) ...
//   auto rows = book->Rows(0);                                  // Result<std::vector<Row>>
//   auto rows = medcode::import::xlsx::ReadFirstSheet(bytes);   // the same, in one call
//
// Errors (not a zip, zip64, encrypted or unsupported compression, damaged entries (CRC),
// bad XML, a missing part) are Results with a message naming the part; nothing throws.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "medcode/error.h"

namespace medcode::import::xlsx {

using Row = std::vector<std::string>;

// Limits that keep a hostile file from exhausting memory.
inline constexpr uint64_t kMaxEntryBytes = 512ull << 20;  // one uncompressed part
inline constexpr uint32_t kMaxRows = 2'000'000;
inline constexpr uint32_t kMaxColumns = 16'384;           // XFD, Excel's last column

// The parts of a zip archive, by name.
class ZipArchive {
 public:
  static Result<ZipArchive> Open(std::string_view bytes);  // the bytes must outlive the archive
  bool Has(const std::string& name) const { return entries_.count(name) != 0; }
  std::vector<std::string> Names() const;
  Result<std::string> Read(const std::string& name) const;  // inflated and CRC-checked

 private:
  struct Entry {
    uint16_t method = 0;
    uint16_t flags = 0;
    uint32_t crc = 0;
    uint64_t compressed = 0;
    uint64_t size = 0;
    uint64_t local_offset = 0;
  };
  std::string_view bytes_;
  std::map<std::string, Entry> entries_;
};

class Workbook {
 public:
  static Result<Workbook> Open(std::string_view bytes);  // the bytes must outlive the workbook
  const std::vector<std::string>& SheetNames() const { return names_; }
  // The sheet's rows; with max_rows, only the first max_rows (the rest of the sheet is not
  // read: for a look at its header).
  Result<std::vector<Row>> Rows(size_t sheet, uint32_t max_rows = kMaxRows) const;
  Result<std::vector<Row>> Rows(const std::string& sheet_name) const;

 private:
  ZipArchive zip_;
  std::vector<std::string> names_;
  std::vector<std::string> parts_;    // zip part of each sheet, e.g. "xl/worksheets/sheet1.xml"
  std::vector<std::string> shared_;   // shared strings
};

Result<Workbook> Open(std::string_view bytes);
Result<std::vector<Row>> ReadFirstSheet(std::string_view bytes);

// "A" -> 0, "AV" -> 47; -1 if not a column name.
int ColumnIndex(std::string_view letters);

}  // namespace medcode::import::xlsx
