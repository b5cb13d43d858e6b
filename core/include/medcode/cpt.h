// CPT from a descriptor file the user supplies (CPT is © AMA: this project ships no CPT
// descriptors). The file is parsed locally, in memory, into an ordinary code set (system
// "CPT"), searchable and looked up like the others. Nothing is stored or sent anywhere.
//
// Accepted: UTF-8 text (a BOM is skipped), one code per line, CRLF or LF:
//   99213<TAB>descriptor             (tab-separated; further columns are ignored)
//   99213,"descriptor, with comma"   (CSV, RFC 4180 quoting on one line)
//   99213 descriptor                 (a space after the code, when the line has no tab or comma)
// An optional header on the first line ("code<TAB>descriptor") is recognised and skipped.
// Codes are five characters: four digits and a digit or F, M, T, U (99213, 1234F, 0001M,
// 0500T, 0001U). Lines that cannot be read are skipped and reported with their line
// number; the codes of the other lines are loaded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "medcode/error.h"

namespace medcode {

inline constexpr size_t kMaxCptFileBytes = 16u << 20;  // a full CPT descriptor file is a few MB
inline constexpr size_t kMaxCptLineBytes = 8192;
inline constexpr uint32_t kMaxCptCodes = 50000;
inline constexpr size_t kMaxCptIssuesKept = 100;     // more bad lines are counted, not listed

struct CptOptions {
  std::string name;    // the file's name as the user chose it (shown as the code set's source)
  int year = 0;        // CPT year; 0: a year in the file name ("cpt-2026.tsv"), else the load date's year
  std::string loaded;  // date loaded, YYYY-MM-DD ("" = today, UTC)
};

struct CptLineIssue {
  uint32_t line = 0;   // 1-based
  std::string reason;  // "not a CPT code number ('9921')" -- never the descriptor text
};

struct CptLoadReport {
  uint32_t lines = 0;        // lines read (including empty and header lines)
  uint32_t codes = 0;        // codes loaded
  uint32_t skipped = 0;      // lines not loaded (issues), beyond empty lines and the header
  bool header = false;       // the first line was a header
  std::string separators;    // what was seen: "tab", "comma", "space" (joined with ", ")
  uint32_t extra_columns = 0;  // lines whose columns after the descriptor were ignored
  std::vector<CptLineIssue> issues;  // the first kMaxCptIssuesKept
  int year = 0;
  std::string year_from;     // "option", "file name" or "load date"
  std::string sha256;        // of the file's bytes
  std::string loaded;        // YYYY-MM-DD
  std::string provenance;    // "user-supplied file NAME, sha256 X, loaded DATE"
};

struct CptBuild {
  std::string bytes;    // an MCS code-set file (open it from an 8-byte aligned copy)
  CptLoadReport report;
};

bool IsCptCode(std::string_view code);  // "99213", "0001U": exactly five characters, upper case

// Errors: kInputTooLong (over kMaxCptFileBytes or kMaxCptCodes), kInvalidArgument (no line
// holds a code and a descriptor; a year outside 1990-2100), kInvalidUtf8 (the whole file
// is not UTF-8 text, e.g. a spreadsheet or a UTF-16 file).
Result<CptBuild> BuildCptCodeSet(std::string_view file_bytes, const CptOptions& options);

}  // namespace medcode
