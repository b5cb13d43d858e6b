// CPT from a licensed user's descriptor file (TSV, CSV or "code description" lines): reads
// it leniently, reports what it skipped, and builds a flat code set through the writer.
#include "medcode/cpt.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <set>

#include "ascii.h"
#include "csv.h"
#include "model.h"
#include "sha256.h"
#include "medcode/text.h"

namespace medcode {
namespace {

std::string Unquote(std::string_view s) {
  s = ascii::Trim(s, ascii::kBlanks);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    std::string out;
    for (size_t i = 1; i + 1 < s.size(); ++i) {
      out += s[i];
      if (s[i] == '"' && i + 2 < s.size() && s[i + 1] == '"') ++i;
    }
    return out;
  }
  return std::string(s);
}

// A year (1990-2100) in a file name, not part of a longer number: "cpt-2026.tsv" -> 2026.
int YearInName(std::string_view name) {
  for (size_t i = 0; i + 4 <= name.size(); ++i) {
    bool digits = true;
    for (size_t k = i; k < i + 4; ++k) digits = digits && name[k] >= '0' && name[k] <= '9';
    if (!digits) continue;
    bool before = i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9';
    bool after = i + 4 < name.size() && name[i + 4] >= '0' && name[i + 4] <= '9';
    if (before || after) continue;
    int y = std::stoi(std::string(name.substr(i, 4)));
    if (y >= 1990 && y <= 2100) return y;
  }
  return 0;
}

// The code field as shown in a message: printable ASCII, at most 12 characters.
std::string Shown(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 12)) out += (c >= 0x20 && c < 0x7F) ? c : '?';
  if (s.size() > 12) out += "...";
  return out;
}

}  // namespace

bool IsCptCode(std::string_view c) {
  if (c.size() != 5) return false;
  for (size_t i = 0; i < 4; ++i) if (c[i] < '0' || c[i] > '9') return false;
  char l = c[4];
  return (l >= '0' && l <= '9') || l == 'F' || l == 'M' || l == 'T' || l == 'U';
}

Result<CptBuild> BuildCptCodeSet(std::string_view bytes, const CptOptions& options) {
  if (bytes.size() > kMaxCptFileBytes) {
    return MakeError(ErrorCode::kInputTooLong, "the file is " + std::to_string(bytes.size()) + " bytes; a CPT descriptor file may be at most " +
                                                   std::to_string(kMaxCptFileBytes >> 20) + " MB");
  }
  if (options.name.size() > 255) return MakeError(ErrorCode::kInputTooLong, "the file name is longer than 255 characters");
  if (text::FindInvalidUtf8(options.name) >= 0) return MakeError(ErrorCode::kInvalidUtf8, "the file name is not valid UTF-8");
  CptBuild out;
  CptLoadReport& rep = out.report;
  rep.sha256 = Sha256Hex(bytes);
  rep.loaded = options.loaded.empty() ? FormatDate(TodayUtc()) : options.loaded;
  if (!ParseIsoDate(rep.loaded)) return MakeError(ErrorCode::kInvalidArgument, "the load date must be YYYY-MM-DD");
  if (options.year) {
    rep.year = options.year;
    rep.year_from = "option";
  } else if (int y = YearInName(options.name)) {
    rep.year = y;
    rep.year_from = "file name";
  } else {
    rep.year = std::stoi(rep.loaded.substr(0, 4));
    rep.year_from = "load date";
  }
  if (rep.year < 1990 || rep.year > 2100) {
    return MakeError(ErrorCode::kInvalidArgument, "the CPT year must be between 1990 and 2100, not " + std::to_string(rep.year));
  }
  // Binary files and UTF-16 text are refused as a whole; a stray bad byte only costs its line.
  if (bytes.find('\0') != std::string_view::npos) {
    return MakeError(ErrorCode::kInvalidUtf8, "the file is not UTF-8 text (it holds NUL bytes: a spreadsheet, a UTF-16 file or binary data?)."
                                              " Save it as tab-separated or CSV text in UTF-8");
  }
  std::string_view rest = bytes;
  if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);

  import::Model m;
  m.system = "CPT";
  m.year = rep.year;
  m.flat = true;
  m.dot_after = 0;
  const std::string name = options.name.empty() ? std::string("(unnamed file)") : options.name;
  m.label = "CPT " + std::to_string(rep.year) + " (your file " + name + ")";
  m.effective_from = std::to_string(rep.year) + "-01-01";
  m.effective_to = std::to_string(rep.year) + "-12-31";
  rep.provenance = "user-supplied file " + name + ", sha256 " + rep.sha256 + ", loaded " + rep.loaded;
  m.provenance = rep.provenance;
  m.inputs.push_back({"descriptors", name, "(user-supplied; kept in memory only)", rep.sha256, "user-supplied", rep.year});

  auto issue = [&](uint32_t line, std::string reason) {
    ++rep.skipped;
    if (rep.issues.size() < kMaxCptIssuesKept) rep.issues.push_back({line, std::move(reason)});
  };
  std::set<std::string> seen_sep;
  std::set<std::string> codes_seen;
  std::vector<std::string> fields;
  bool first_content = true;
  uint32_t line_no = 0;
  size_t pos = 0;
  while (pos <= rest.size()) {
    size_t nl = rest.find('\n', pos);
    size_t end = nl == std::string_view::npos ? rest.size() : nl;
    std::string_view line = rest.substr(pos, end - pos);
    pos = end + 1;
    if (nl == std::string_view::npos && line.empty()) break;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (ascii::Trim(line, ascii::kBlanks).empty()) continue;
    const bool was_first = first_content;
    first_content = false;
    if (line.size() > kMaxCptLineBytes) {
      issue(line_no, "line longer than " + std::to_string(kMaxCptLineBytes) + " bytes");
      continue;
    }
    if (long bad = text::FindInvalidUtf8(line); bad >= 0) {
      issue(line_no, "not valid UTF-8 text (byte " + std::to_string(bad + 1) + " of the line)");
      continue;
    }
    std::string code, desc;
    size_t extra = 0;
    const char* sep = nullptr;
    if (line.find('\t') != std::string_view::npos) {
      sep = "tab";
      fields.clear();
      size_t s = 0;
      while (true) {
        size_t t = line.find('\t', s);
        fields.push_back(std::string(line.substr(s, t == std::string_view::npos ? std::string_view::npos : t - s)));
        if (t == std::string_view::npos) break;
        s = t + 1;
      }
      code = ascii::Upper(Unquote(fields[0]));
      desc = fields.size() > 1 ? Unquote(fields[1]) : std::string();
      for (size_t k = 2; k < fields.size(); ++k) extra += ascii::Trim(fields[k], ascii::kBlanks).empty() ? 0 : 1;
    } else if (line.find(',') != std::string_view::npos || ascii::Trim(line, ascii::kBlanks).starts_with("\"")) {
      sep = "comma";
      if (!csv::ParseLenientCsvLine(line, fields)) {
        issue(line_no, "a quoted field is not closed on its line");
        continue;
      }
      code = ascii::Upper(std::string(ascii::Trim(fields[0], ascii::kBlanks)));
      desc = fields.size() > 1 ? fields[1] : std::string();
      for (size_t k = 2; k < fields.size(); ++k) extra += ascii::Trim(fields[k], ascii::kBlanks).empty() ? 0 : 1;
    } else {
      std::string_view t = ascii::Trim(line, ascii::kBlanks);
      size_t sp = t.find(' ');
      sep = "space";
      code = ascii::Upper(std::string(t.substr(0, sp)));
      desc = sp == std::string_view::npos ? std::string() : std::string(t.substr(sp + 1));
    }
    desc = std::string(ascii::Trim(desc, ascii::kBlanks));
    if (!IsCptCode(code)) {
      // A first line whose first field is a word ("code", "HCPCS", "CPT Code") is a header.
      bool wordy = !code.empty() && std::any_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; }) &&
                   !(code.size() == 5 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= '0' && code[1] <= '9');
      if (was_first && wordy) {
        rep.header = true;
        continue;
      }
      issue(line_no, code.empty() ? "no code at the start of the line"
                                  : "not a CPT code number ('" + Shown(code) +
                                        "': four digits, then a digit or F, M, T or U, e.g. 99213 or 0001U)");
      continue;
    }
    if (desc.empty()) {
      issue(line_no, "code " + code + " has no descriptor (a tab or a comma must separate code and descriptor)");
      continue;
    }
    if (!codes_seen.insert(code).second) {
      issue(line_no, "code " + code + " appears again (the first line with it was loaded)");
      continue;
    }
    if (codes_seen.size() > kMaxCptCodes) {
      return MakeError(ErrorCode::kInputTooLong, "the file has more than " + std::to_string(kMaxCptCodes) + " codes");
    }
    seen_sep.insert(sep);
    if (extra) ++rep.extra_columns;
    import::Code c;
    c.code = code;
    c.category = code.substr(0, 3);
    c.billable = true;
    c.title = desc;
    m.codes.push_back(std::move(c));
  }
  rep.lines = line_no;
  rep.codes = static_cast<uint32_t>(m.codes.size());
  for (const auto& s : seen_sep) rep.separators += (rep.separators.empty() ? "" : ", ") + s;
  if (m.codes.empty()) {
    std::string why = "no line of the file holds a CPT code and its descriptor";
    if (!rep.issues.empty()) why += " (line " + std::to_string(rep.issues[0].line) + ": " + rep.issues[0].reason + ")";
    return MakeError(ErrorCode::kInvalidArgument, why);
  }
  std::sort(m.codes.begin(), m.codes.end(), [](const import::Code& a, const import::Code& b) { return a.code < b.code; });
  import::Report wr;
  auto bytes_out = import::WriteCodeSet(m, wr);
  if (!bytes_out) return bytes_out.error();
  out.bytes = std::move(*bytes_out);
  return out;
}

}  // namespace medcode
