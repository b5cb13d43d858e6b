// The HCPCS alpha-numeric file as fixed-width text (hcpcs_txt.h): its lines checked and cut
// into the workbook's columns.
#include "hcpcs_txt.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "medcode/date.h"
#include "medcode/text.h"

namespace medcode::import::hcpcs_txt {
namespace {

struct Column {
  const char* name;
  size_t begin;  // 1-based, as the record layout numbers them
  size_t length;
  bool date = false;
};

// The workbook's 48 columns, in its order, at their places in the record.
const std::vector<Column>& Columns() {
  static const std::vector<Column> cols = [] {
    std::vector<Column> c = {{"HCPC", 1, 5},   {"SEQNUM", 6, 5}, {"RECID", 11, 1}, {"LONG DESCRIPTION", 12, 80},
                             {"SHORT DESCRIPTION", 92, 28}};
    static const char* const price[] = {"PRICE1", "PRICE2", "PRICE3", "PRICE4"};
    for (size_t k = 0; k < 4; ++k) c.push_back({price[k], 120 + 2 * k, 2});
    c.push_back({"MULT_PI", 128, 1});
    static const char* const cim[] = {"CIM1", "CIM2", "CIM3"};
    for (size_t k = 0; k < 3; ++k) c.push_back({cim[k], 129 + 6 * k, 6});
    static const char* const mcm[] = {"MCM1", "MCM2", "MCM3"};
    for (size_t k = 0; k < 3; ++k) c.push_back({mcm[k], 147 + 8 * k, 8});
    c.push_back({"STATUTE", 171, 10});
    static const char* const lab[] = {"LABCERT1", "LABCERT2", "LABCERT3", "LABCERT4",
                                      "LABCERT5", "LABCERT6", "LABCERT7", "LABCERT8"};
    for (size_t k = 0; k < 8; ++k) c.push_back({lab[k], 181 + 3 * k, 3});
    static const char* const xref[] = {"XREF1", "XREF2", "XREF3", "XREF4", "XREF5"};
    for (size_t k = 0; k < 5; ++k) c.push_back({xref[k], 205 + 5 * k, 5});
    c.push_back({"COV", 230, 1});
    c.push_back({"ASC_GRP", 231, 2});
    c.push_back({"ASC_DT", 233, 8, true});
    c.push_back({"OPPS", 241, 3});
    c.push_back({"OPPS_PI", 244, 1});
    c.push_back({"OPPS_DT", 245, 8, true});
    c.push_back({"PROCNOTE", 253, 4});
    c.push_back({"BETOS", 257, 3});
    static const char* const tos[] = {"TOS1", "TOS2", "TOS3", "TOS4", "TOS5"};
    for (size_t k = 0; k < 5; ++k) c.push_back({tos[k], 261 + k, 1});
    c.push_back({"ANEST_BU", 266, 3});
    c.push_back({"ADD DT", 269, 8, true});
    c.push_back({"ACT EFF DT", 277, 8, true});
    c.push_back({"TERM DT", 285, 8, true});
    c.push_back({"ACTION CD", 293, 1});
    return c;
  }();
  return cols;
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' '; });
}

std::string_view RightTrim(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// A line of text, indexed by character (code point): the byte offset where each one starts.
class Chars {
 public:
  explicit Chars(std::string_view line) : line_(line) {
    ascii_ = std::all_of(line.begin(), line.end(), [](char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; });
    if (ascii_) return;
    for (size_t i = 0; i < line.size(); ++i) {
      if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) starts_.push_back(i);
    }
  }
  size_t size() const { return ascii_ ? line_.size() : starts_.size(); }
  // Characters [begin, begin + n) (0-based), as far as the line goes.
  std::string_view Slice(size_t begin, size_t n) const {
    const size_t end = std::min(begin + n, size());
    if (begin >= end) return {};
    const size_t b = Byte(begin), e = end < size() ? Byte(end) : line_.size();
    return line_.substr(b, e - b);
  }

 private:
  size_t Byte(size_t ch) const { return ascii_ ? ch : starts_[ch]; }
  std::string_view line_;
  bool ascii_ = true;
  std::vector<size_t> starts_;
};

// A UTF-8 byte order mark, if an editor added one, is no part of the first record.
std::string_view WithoutBom(std::string_view b) { return b.starts_with("\xEF\xBB\xBF") ? b.substr(3) : b; }

std::string At(size_t line) { return "line " + std::to_string(line) + ": "; }

Error Damaged(size_t line, const std::string& why) { return MakeError(ErrorCode::kCorrupt, At(line) + why); }

}  // namespace

bool LooksLikeHcpcsText(std::string_view b) {
  b = WithoutBom(b);
  const size_t end = std::min(b.find('\n'), b.size());
  std::string_view l = b.substr(0, end);
  if (l.size() <= 11) return false;
  auto code_char = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  std::string_view code = l.substr(0, 5);
  const bool procedure = std::all_of(code.begin(), code.end(), code_char);
  const bool modifier = code.substr(0, 3) == "   " && code_char(code[3]) && code_char(code[4]);
  return (procedure || modifier) && IsDigits(l.substr(5, 5)) && (l[10] == '3' || l[10] == '4' || l[10] == '7' || l[10] == '8');
}

Result<Table> Read(std::string_view bytes) {
  Table t;
  const auto& cols = Columns();
  xlsx::Row header;
  for (const Column& c : cols) header.emplace_back(c.name);
  t.rows.push_back(std::move(header));
  t.lines.push_back(0);

  bytes = WithoutBom(bytes);
  if (long bad = text::FindInvalidUtf8(bytes); bad >= 0) {
    const size_t line = 1 + static_cast<size_t>(std::count(bytes.begin(), bytes.begin() + bad, '\n'));
    const size_t col = static_cast<size_t>(bad) - (bytes.rfind('\n', static_cast<size_t>(bad)) + 1) + 1;
    return Damaged(line, "byte " + std::to_string(col) + " of the line is not UTF-8 text: not the fixed-width HCPCS file (or a damaged one)");
  }
  // Lines: "\n" ends a record, an "\r" before it is dropped.
  std::vector<std::string_view> lines;
  bool ends_with_newline = false;
  for (size_t s = 0; s < bytes.size();) {
    size_t e = bytes.find('\n', s);
    ends_with_newline = e != std::string_view::npos;
    std::string_view l = bytes.substr(s, (ends_with_newline ? e : bytes.size()) - s);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    lines.push_back(l);
    s = ends_with_newline ? e + 1 : bytes.size();
  }
  size_t last = lines.size();  // empty lines at the end are no records
  while (last > 0 && lines[last - 1].empty()) --last;
  if (last == 0) return MakeError(ErrorCode::kCorrupt, "no records: the file holds only empty lines");

  char open_recid = 0;  // the RECID of the record the next continuation line may continue (3 or 7), 0 if none
  std::string open_code;
  for (size_t i = 0; i < last; ++i) {
    const size_t n = i + 1;
    std::string_view l = lines[i];
    if (l.empty()) return Damaged(n, "an empty line between the records");
    for (size_t k = 0; k < l.size(); ++k) {
      const unsigned char c = static_cast<unsigned char>(l[k]);
      if (c < 0x20 || c == 0x7F) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", c);
        return Damaged(n, std::string("a control character (") + hex + ") at byte " + std::to_string(k + 1) +
                              ": not the fixed-width HCPCS text (a binary file, or one with tabs)");
      }
    }
    const Chars ch(l);
    const bool last_record = i + 1 == last && last == lines.size() && !ends_with_newline;  // no line end after it
    if (ch.size() < 11) {
      return Damaged(n, last_record ? "the last record is cut short (" + std::to_string(ch.size()) + " characters of " +
                                          std::to_string(kRecordLength) + "): the file is truncated"
                                    : "a line of " + std::to_string(ch.size()) + " characters, too short for a record (" +
                                          std::to_string(kRecordLength) + ")");
    }
    const char recid = ch.Slice(10, 1)[0];
    if (recid != '3' && recid != '4' && recid != '7' && recid != '8') {
      return Damaged(n, std::string("record identification code (RECID, column 11) '") + recid +
                            "': the layout knows 3, 4 (procedure), 7, 8 (modifier)");
    }
    const bool continuation = recid == '4' || recid == '8';
    const size_t len = ch.size();
    if (len != kRecordLength && !(continuation && len == kContinuationLength)) {
      const std::string want = continuation ? std::to_string(kRecordLength) + " (or " + std::to_string(kContinuationLength) +
                                                  " for a continuation line)"
                                            : std::to_string(kRecordLength);
      if (last_record && len < kRecordLength) {
        return Damaged(n, "the last record is cut short (" + std::to_string(len) + " characters of " + want + "): the file is truncated");
      }
      return Damaged(n, "a record of " + std::to_string(len) + " characters: the layout's are " + want);
    }
    if (!IsDigits(ch.Slice(5, 5))) {
      return Damaged(n, "the sequence number (SEQNUM, columns 6-10) '" + std::string(ch.Slice(5, 5)) + "' is not five digits");
    }
    const std::string code(ch.Slice(0, 5));
    if (continuation) {
      const char first = recid == '4' ? '3' : '7';
      if (open_recid != first || code != open_code) {
        return Damaged(n, std::string("a continuation line (RECID ") + recid + ") of '" + code + "' without the first line of its " +
                              (recid == '4' ? "procedure (RECID 3)" : "modifier (RECID 7)") +
                              (open_recid ? " before it ('" + open_code + "', RECID " + open_recid + ")" : ""));
      }
      if (len == kRecordLength && !IsBlank(ch.Slice(kContinuationLength, kRecordLength - kContinuationLength))) {
        return Damaged(n, std::string("a continuation line (RECID ") + recid + ") with data after its description (columns 92-320 must be blank)");
      }
    } else {
      open_recid = recid;
      open_code = code;
    }
    xlsx::Row row;
    row.reserve(cols.size());
    for (const Column& c : cols) {
      std::string_view v = RightTrim(ch.Slice(c.begin - 1, c.length));
      if (c.date && !v.empty() && (v.size() != 8 || !IsDigits(v) || !ParseDate(v))) {
        return Damaged(n, std::string(c.name) + " (columns " + std::to_string(c.begin) + "-" + std::to_string(c.begin + c.length - 1) +
                              ") '" + std::string(v) + "' is not a date YYYYMMDD");
      }
      row.emplace_back(v);
    }
    t.rows.push_back(std::move(row));
    t.lines.push_back(n);
  }
  return t;
}

}  // namespace medcode::import::hcpcs_txt
