// The claim-edits importer (edits.h): reads the NCCI, MCE, place-of-service and modifier
// inputs of a manifest entry, interns their codes and writes one claim-edits file through
// the container writer, read back with the core's EditSet before it is kept.
#include "edits.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "container.h"
#include "medcode/edits.h"
#include "medcode/edits_format.h"
#include "util.h"
#include "xlsx.h"

namespace medcode::import {

using namespace edits_format;
using format::StrRef;

std::string Cp1252ToUtf8(std::string_view in) {
  // 0x80-0x9F differ from Latin-1; 0 marks the five undefined bytes (kept as U+FFFD).
  static const uint16_t k80[32] = {0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
                                   0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
                                   0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};
  std::string out;
  out.reserve(in.size());
  for (unsigned char c : in) {
    uint32_t cp = c < 0x80 ? c : c < 0xA0 ? (k80[c - 0x80] ? k80[c - 0x80] : 0xFFFD) : c;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

namespace {

using container::Align;
using container::Put;
using Pool = container::StringPool;

bool IsHcpcsShape(std::string_view c) {
  if (c.size() != 5) return false;
  for (char ch : c) {
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) return false;
  }
  return true;
}

uint64_t Key(std::string_view c) { return PackCode(c.data(), static_cast<unsigned>(c.size())); }

// "20240630" -> 20240630 (the core's date parser, compact form only); 0 if not a date.
uint32_t CompactDate(std::string_view s) { return s.size() == 8 ? ParseDate(s) : 0; }

uint32_t IsoOrZero(const nlohmann::json& o, const char* k, bool& bad) {
  std::string s = JsonStr(o, k);
  if (s.empty()) return 0;
  uint32_t d = ParseIsoDate(s);
  if (!d) bad = true;
  return d;
}

struct DatasetIn {
  DatasetKind kind;
  Setting setting = Setting::kAny;
  uint32_t from = 0, to = 0, flags = 0, input = 0, extra = 0;
  std::string label, version, note;
  nlohmann::json counts = nlohmann::json::object();
};

struct MueIn {
  uint32_t dataset;
  struct Row {
    uint64_t code;
    uint32_t value;
    uint8_t mai;
    uint8_t rationale;
  };
  std::vector<Row> rows;
  std::vector<std::string> rationales;
};

struct PtpRow {
  uint64_t c1, c2;
  uint32_t deleted;  // YYYYMMDD, 0 = not deleted
  uint8_t mod;       // 0, 1, 2 (= indicator 9)
  uint8_t rationale; // index + 1, 0 = none
};

struct PtpIn {
  uint32_t dataset;
  std::vector<PtpRow> rows;
  std::vector<std::string> rationales;
  bool from_base = false;  // read back from the base file: its codes are among Importer::base_keys_
  // A rationale's index + 1 (0 for none), added to the list if new; nullopt past 31.
  std::optional<uint8_t> Rationale(std::string_view text) {
    if (text.empty()) return uint8_t{0};
    auto it = std::find(rationales.begin(), rationales.end(), text);
    if (it == rationales.end()) {
      if (rationales.size() >= kPtpRationaleMask) return std::nullopt;
      rationales.emplace_back(text);
      it = rationales.end() - 1;
    }
    return static_cast<uint8_t>(it - rationales.begin() + 1);
  }
};

struct AocRow {
  uint64_t addon, primary;  // primary 0 = none listed (CCCCC)
  uint32_t effective, end;
  uint8_t type;
};

std::optional<Setting> ParseSetting(const std::string& s) {
  if (s == "practitioner") return Setting::kPractitioner;
  if (s == "outpatient-hospital") return Setting::kOutpatientHospital;
  if (s == "dme-supplier") return Setting::kDmeSupplier;
  return std::nullopt;
}

std::string SettingLabel(Setting s) {
  switch (s) {
    case Setting::kPractitioner: return "practitioner";
    case Setting::kOutpatientHospital: return "outpatient hospital";
    case Setting::kDmeSupplier: return "DME supplier";
    default: return "";
  }
}

class Importer {
 public:
  Importer(Report& rep) : rep_(rep) {}

  Result<std::string> Run(const std::vector<LoadedInput>& inputs, const nlohmann::json& entry);
  // Takes every data set and table of an existing claim-edits file (read back from its
  // sections), before Run adds the inputs: the new quarters beside the shipped ones.
  std::optional<Error> AddBase(const EditSet& base);

 private:
  std::optional<Error> Mue(const LoadedInput& in, DatasetIn& ds);
  std::optional<Error> PtpCompact(const LoadedInput& in, DatasetIn& ds);
  std::optional<Error> PtpTsv(const LoadedInput& in, DatasetIn& ds);
  std::optional<Error> PtpCms(const LoadedInput& in, DatasetIn& ds, bool continues);
  std::optional<Error> Aoc(const LoadedInput& in, DatasetIn& ds);
  std::optional<Error> AocCms(const LoadedInput& in, DatasetIn& ds);
  std::optional<Error> Mce(const LoadedInput& in, DatasetIn& ds);
  std::optional<Error> Pos(const LoadedInput& in, DatasetIn& ds);
  std::optional<Error> PosCheck(const LoadedInput& in);
  std::optional<Error> Modifiers(const LoadedInput& in, DatasetIn& ds);
  Error Bad(const LoadedInput& in, const std::string& what) {
    return MakeError(ErrorCode::kCorrupt, in.info.name + ": " + what);
  }

  Report& rep_;
  nlohmann::json base_inputs_ = nlohmann::json::array();  // META inputs of the base file (first in the new one)
  std::vector<std::string> replaced_;                     // base data sets an input replaced
  size_t base_datasets_ = 0;                              // data sets taken from the base file (first)
  std::vector<uint64_t> base_keys_;                       // the base file's codes, by its ids
  std::vector<DatasetIn> datasets_;
  std::vector<MueIn> mue_;
  std::vector<PtpIn> ptp_;
  std::vector<AocRow> aoc_;
  int aoc_dataset_ = -1;
  std::map<std::string, uint32_t> mce_;  // undotted code -> flags
  int mce_dataset_ = -1;
  struct PosIn {
    std::string code, name;
    uint32_t flags;
  };
  std::vector<PosIn> pos_;
  int pos_dataset_ = -1;
  struct ModIn {
    std::string code, short_desc, long_desc;
    uint32_t added, terminated;
  };
  std::vector<ModIn> mods_;
  int mods_dataset_ = -1;
};

std::optional<Error> Importer::Mue(const LoadedInput& in, DatasetIn& ds) {
  auto recs = ParseCsvRecords(in.content);
  size_t header = recs.size();
  for (size_t i = 0; i < recs.size() && i < 50; ++i) {
    if (!recs[i].empty() && recs[i][0].find("HCPCS") != std::string::npos && recs[i][0].find("CPT") != std::string::npos) {
      header = i;
      break;
    }
  }
  if (header == recs.size()) return Bad(in, "no header row naming the \"HCPCS/CPT Code\" column");
  if (recs[header].size() < 4) return Bad(in, "the header row has fewer than 4 columns (code, MUE value, MAI, rationale)");
  MueIn t{static_cast<uint32_t>(datasets_.size()), {}, {}};
  std::set<uint64_t> seen;
  int64_t rows = 0, by_mai[4] = {0, 0, 0, 0}, zero = 0;
  for (size_t i = header + 1; i < recs.size(); ++i) {
    const auto& r = recs[i];
    bool blank = std::all_of(r.begin(), r.end(), [](const std::string& f) { return Trim(f).empty(); });
    if (blank) continue;
    std::string what = in.info.name + " row " + std::to_string(i + 1);
    if (r.size() < 4) {
      rep_.Skip("MUE row with fewer than 4 fields", what);
      continue;
    }
    std::string code = ascii::Upper(Trim(r[0]));
    std::string_view value = Trim(r[1]), mai = Trim(r[2]);
    uint32_t v = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (!IsHcpcsShape(code) || ec != std::errc() || p != value.data() + value.size() || mai.empty() || mai[0] < '1' ||
        mai[0] > '3') {
      rep_.Skip("MUE row not of the form code, units, MAI 1-3, rationale", what + ": " + code);
      continue;
    }
    if (!seen.insert(Key(code)).second) {
      rep_.Skip("MUE code listed twice (first kept)", what + ": " + code);
      continue;
    }
    std::string rationale(Trim(r[3]));
    auto it = std::find(t.rationales.begin(), t.rationales.end(), rationale);
    if (it == t.rationales.end()) {
      if (t.rationales.size() >= 255) return Bad(in, "more than 255 distinct MUE rationales");
      t.rationales.push_back(rationale);
      it = t.rationales.end() - 1;
    }
    uint8_t m = static_cast<uint8_t>(mai[0] - '0');
    t.rows.push_back({Key(code), v, m, static_cast<uint8_t>(it - t.rationales.begin())});
    ++rows;
    ++by_mai[m];
    if (v == 0) ++zero;
  }
  if (t.rows.empty()) return Bad(in, "no MUE rows");
  ds.counts = {{"codes", rows}, {"mai_1_line", by_mai[1]}, {"mai_2_date_policy", by_mai[2]},
               {"mai_3_date_clinical", by_mai[3]}, {"value_0_not_payable", zero}};
  mue_.push_back(std::move(t));
  return std::nullopt;
}

std::optional<Error> Importer::PtpCompact(const LoadedInput& in, DatasetIn& ds) {
  auto j = nlohmann::json::parse(in.content, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Bad(in, "not valid JSON");
  if (JsonStr(j, "format") != "compact-v1") return Bad(in, "format is '" + JsonStr(j, "format") + "', expected compact-v1");
  auto idx = j.find("index");
  if (idx == j.end() || !idx->is_object()) return Bad(in, "no \"index\" object");
  if (!JsonStr(j, "version").empty() && !ds.version.empty() && JsonStr(j, "version") != ds.version) {
    return Bad(in, "holds version " + JsonStr(j, "version") + ", but the manifest says " + ds.version);
  }
  PtpIn t{static_cast<uint32_t>(datasets_.size()), {}, {}, false};
  int64_t by_mod[3] = {0, 0, 0};
  std::set<std::pair<uint64_t, uint64_t>> seen;
  for (auto it = idx->begin(); it != idx->end(); ++it) {
    std::string c1 = ascii::Upper(it.key());
    if (!IsHcpcsShape(c1) || !it->is_array()) {
      rep_.Skip("PTP column-1 entry not a code with a list", in.info.name + ": " + it.key().substr(0, 20));
      continue;
    }
    for (const auto& pair : *it) {
      if (!pair.is_array() || pair.size() < 2 || !pair[0].is_string() || !pair[1].is_number_integer()) {
        rep_.Skip("PTP pair not [code, modifier indicator]", in.info.name + ": under " + c1);
        continue;
      }
      std::string c2 = ascii::Upper(pair[0].get<std::string>());
      int m = pair[1].get<int>();
      if (!IsHcpcsShape(c2) || (m != 0 && m != 1 && m != 9)) {
        rep_.Skip("PTP pair with an invalid code or modifier indicator", in.info.name + ": " + c1 + "/" + c2);
        continue;
      }
      if (!seen.insert({Key(c1), Key(c2)}).second) {
        rep_.Skip("PTP pair listed twice (first kept)", in.info.name + ": " + c1 + "/" + c2);
        continue;
      }
      uint8_t mod = m == 9 ? 2 : static_cast<uint8_t>(m);
      ++by_mod[mod];
      t.rows.push_back({Key(c1), Key(c2), 0, mod, 0});
    }
  }
  if (t.rows.empty()) return Bad(in, "no PTP pairs");
  ds.counts = {{"pairs", t.rows.size()}, {"column_1_codes", idx->size()}, {"modifier_0", by_mod[0]},
               {"modifier_1", by_mod[1]}, {"modifier_9", by_mod[2]}};
  if (JsonInt(j, "pairCount") != 0 && static_cast<size_t>(JsonInt(j, "pairCount")) != t.rows.size()) {
    rep_.Skip("PTP pair count differs from the file's pairCount", in.info.name + ": " + std::to_string(JsonInt(j, "pairCount")) +
                                                                    " stated, " + std::to_string(t.rows.size()) + " read");
  }
  ptp_.push_back(std::move(t));
  return std::nullopt;
}

std::optional<Error> Importer::PtpTsv(const LoadedInput& in, DatasetIn& ds) {
  std::string_view text = in.content;
  size_t nl = text.find('\n');
  std::string_view head = Trim(text.substr(0, nl));
  if (head != "column_1\tcolumn_2\tdeletion_date\tmodifier\trationale") {
    return Bad(in, "header is not 'column_1, column_2, deletion_date, modifier, rationale' (tab-separated)");
  }
  PtpIn t{static_cast<uint32_t>(datasets_.size()), {}, {}, false};
  t.rows.reserve(text.size() / 60);
  int64_t by_mod[3] = {0, 0, 0}, deleted = 0, lineno = 1;
  std::set<uint32_t> dates;
  size_t pos = nl == std::string_view::npos ? text.size() : nl + 1;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    std::string_view f[5];
    size_t n = 0, s = 0;
    while (n < 5) {
      size_t tab = line.find('\t', s);
      if (n == 4 || tab == std::string_view::npos) {
        f[n++] = line.substr(s);
        break;
      }
      f[n++] = line.substr(s, tab - s);
      s = tab + 1;
    }
    std::string what = in.info.name + " line " + std::to_string(lineno);
    if (n != 5) {
      rep_.Skip("PTP row without 5 tab-separated fields", what);
      continue;
    }
    uint32_t del = 0;
    if (f[2] != "*") {
      del = CompactDate(f[2]);
      if (!del) {
        rep_.Skip("PTP row with an invalid deletion date", what);
        continue;
      }
    }
    if (!IsHcpcsShape(f[0]) || !IsHcpcsShape(f[1]) || !(f[3] == "0" || f[3] == "1" || f[3] == "9")) {
      rep_.Skip("PTP row with an invalid code or modifier indicator", what);
      continue;
    }
    auto rationale = t.Rationale(Trim(f[4]));
    if (!rationale) return Bad(in, "more than 31 distinct PTP rationales");
    const uint8_t ri = *rationale;
    uint8_t mod = f[3] == "9" ? 2 : static_cast<uint8_t>(f[3][0] - '0');
    ++by_mod[mod];
    if (del) {
      ++deleted;
      dates.insert(del);
    }
    t.rows.push_back({Key(f[0]), Key(f[1]), del, mod, ri});
  }
  if (t.rows.empty()) return Bad(in, "no PTP rows");
  if (dates.size() > kPtpDateMask) return Bad(in, "more than 511 distinct deletion dates");
  ds.flags |= kDatasetHasDeletionDates | (t.rationales.empty() ? 0 : kDatasetHasRationale);
  ds.counts = {{"rows", t.rows.size()}, {"deleted_rows", deleted}, {"modifier_0", by_mod[0]},
               {"modifier_1", by_mod[1]}, {"modifier_9_not_applicable", by_mod[2]},
               {"distinct_deletion_dates", dates.size()}, {"rationales", t.rationales.size()}};
  ptp_.push_back(std::move(t));
  return std::nullopt;
}

// Tab-separated fields of one line (CR removed).
std::vector<std::string_view> TabFields(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<std::string_view> f;
  size_t s = 0;
  for (;;) {
    size_t tab = line.find('\t', s);
    f.push_back(Trim(line.substr(s, tab == std::string_view::npos ? std::string_view::npos : tab - s)));
    if (tab == std::string_view::npos) break;
    s = tab + 1;
  }
  return f;
}

// A header cell reduced to its lower-case letters and digits ("AOC Edit Eff Dt" -> "aoceditefftdt").
std::string HeaderKey(std::string_view cell) {
  std::string k;
  for (char c : cell) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) k += c;
    else if (c >= 'A' && c <= 'Z') k += static_cast<char>(c - 'A' + 'a');
  }
  return k;
}

// A date of an NCCI text file: YYYYMMDD, YYYY-MM-DD or MM/DD/YYYY; "*", "" and 99991231 are open (0).
std::optional<uint32_t> NcciDate(std::string_view s) {
  if (s.empty() || s == "*" || s == "99991231") return 0u;
  if (s.size() == 10 && s[2] == '/' && s[5] == '/') {
    std::string iso = std::string(s.substr(6, 4)) + "-" + std::string(s.substr(0, 2)) + "-" + std::string(s.substr(3, 2));
    uint32_t d = ParseIsoDate(iso);
    return d ? std::optional<uint32_t>(d) : std::nullopt;
  }
  uint32_t d = ParseDate(s);
  return d ? std::optional<uint32_t>(d) : std::nullopt;
}

// The CMS PTP text part file (ccipra-/ccioph-vNNNrN-fN.txt): the AMA notice, a header row
// "Column 1, Column 2, * = In existence prior to 1996, Effective Date, Deletion Date,
// Modifier, PTP Edit Rationale" (tab-separated, its legend continued on the next lines),
// then one edit per line. A later part file of the same release continues the table.
std::optional<Error> Importer::PtpCms(const LoadedInput& in, DatasetIn& ds, bool continues) {
  std::string text = Cp1252ToUtf8(in.content);
  std::string_view t = text;
  if (!continues) ptp_.push_back(PtpIn{static_cast<uint32_t>(datasets_.size()), {}, {}, false});
  PtpIn& p = ptp_.back();
  int col_eff = -1, col_del = -1, col_mod = -1, col_rat = -1;
  bool header = false, data = false;
  int64_t rows = 0, deleted = 0, by_mod[3] = {0, 0, 0}, lineno = 0;
  uint32_t newest = 0;
  size_t pos = 0;
  while (pos < t.size()) {
    size_t end = t.find('\n', pos);
    if (end == std::string_view::npos) end = t.size();
    std::string_view line = t.substr(pos, end - pos);
    pos = end + 1;
    ++lineno;
    auto f = TabFields(line);
    if (!header) {
      if (f.size() >= 6 && HeaderKey(f[0]) == "column1" && HeaderKey(f[1]) == "column2") {
        header = true;
        for (size_t c = 2; c < f.size(); ++c) {
          std::string k = HeaderKey(f[c]);
          if (k.find("effective") != std::string::npos) col_eff = static_cast<int>(c);
          else if (k.find("deletion") != std::string::npos) col_del = static_cast<int>(c);
          else if (k.find("modifier") != std::string::npos) col_mod = static_cast<int>(c);
          else if (k.find("rationale") != std::string::npos) col_rat = static_cast<int>(c);
        }
        if (col_eff < 0 || col_del < 0 || col_mod < 0) {
          return Bad(in, "the header row lacks the Effective Date, Deletion Date or Modifier column");
        }
      } else if (lineno > 40) {
        return Bad(in, "no header row \"Column 1, Column 2, ...\" in the first 40 lines: not an NCCI PTP text file");
      }
      continue;
    }
    if (f.size() == 1 && f[0].empty()) continue;  // a blank line
    const bool shaped = f.size() > static_cast<size_t>(std::max(col_mod, col_del)) && IsHcpcsShape(f[0]) && IsHcpcsShape(f[1]);
    if (!shaped) {
      // The header's legend continues over the lines before the first edit.
      if (!data && !IsHcpcsShape(f[0])) continue;
      rep_.Skip("PTP line that is not an edit (column 1, column 2, dates, modifier)", in.info.name + " line " + std::to_string(lineno));
      continue;
    }
    data = true;
    std::string what = in.info.name + " line " + std::to_string(lineno);
    auto eff = NcciDate(f[col_eff]);
    auto del = NcciDate(f[col_del]);
    std::string_view mod = f[col_mod];
    if (!eff || !*eff || !del || !(mod == "0" || mod == "1" || mod == "9")) {
      rep_.Skip("PTP edit with an invalid date or modifier indicator", what);
      continue;
    }
    auto rationale = p.Rationale(col_rat >= 0 && static_cast<size_t>(col_rat) < f.size() ? f[col_rat] : std::string_view());
    if (!rationale) return Bad(in, "more than 31 distinct PTP rationales");
    const uint8_t ri = *rationale;
    uint8_t m = mod == "9" ? 2 : static_cast<uint8_t>(mod[0] - '0');
    ++by_mod[m];
    ++rows;
    if (*del) ++deleted;
    newest = std::max(newest, *eff);
    p.rows.push_back({Key(f[0]), Key(f[1]), *del, m, ri});
  }
  if (!header) return Bad(in, "no header row \"Column 1, Column 2, ...\": not an NCCI PTP text file");
  if (rows == 0) return Bad(in, "no PTP edits after the header row");
  std::set<uint32_t> dates;
  for (const auto& r : p.rows) if (r.deleted) dates.insert(r.deleted);
  if (dates.size() > kPtpDateMask) return Bad(in, "more than 511 distinct deletion dates");
  ds.flags |= kDatasetHasDeletionDates | (p.rationales.empty() ? 0 : kDatasetHasRationale);
  auto add = [&](const char* k, int64_t n) { ds.counts[k] = (ds.counts.contains(k) ? ds.counts[k].get<int64_t>() : 0) + n; };
  add("part_files", 1);
  add("rows", rows);
  add("deleted_rows", deleted);
  add("modifier_0", by_mod[0]);
  add("modifier_1", by_mod[1]);
  add("modifier_9_not_applicable", by_mod[2]);
  ds.counts["distinct_deletion_dates"] = dates.size();
  ds.counts["rationales"] = p.rationales.size();
  std::string prev = JsonStr(ds.counts, "newest_effective_date");
  if (prev.empty() || FormatDate(newest) > prev) ds.counts["newest_effective_date"] = FormatDate(newest);
  return std::nullopt;
}

// The CMS add-on code edits text file (AOC_VyyyyQn-F-MCR.txt): the AMA notice, a header row
// naming Add-on Code, Primary Code, AOC Edit Type, AOC Edit Eff Dt and AOC Edit Del Dt
// (tab-separated, in any order, other columns ignored), then one edit per line; primary
// code "CCCCC" = the contractor defines the primaries.
std::optional<Error> Importer::AocCms(const LoadedInput& in, DatasetIn& ds) {
  std::string text = Cp1252ToUtf8(in.content);
  auto lines = SplitLines(text);
  int c_add = -1, c_prim = -1, c_type = -1, c_eff = -1, c_del = -1;
  size_t first = lines.size();
  for (size_t i = 0; i < lines.size() && i < 60; ++i) {
    auto f = TabFields(lines[i]);
    c_add = c_prim = c_type = c_eff = c_del = -1;
    for (size_t c = 0; c < f.size(); ++c) {
      std::string k = HeaderKey(f[c]);
      if (k == "addoncode" || k == "aoccode") c_add = static_cast<int>(c);
      else if (k == "primarycode") c_prim = static_cast<int>(c);
      else if (k.find("type") != std::string::npos) c_type = static_cast<int>(c);
      else if (k.find("aocedit") == 0 && k.find("eff") != std::string::npos) c_eff = static_cast<int>(c);
      else if (k.find("aocedit") == 0 && k.find("del") != std::string::npos) c_del = static_cast<int>(c);
    }
    if (c_add >= 0 && c_prim >= 0) {
      first = i + 1;
      break;
    }
  }
  if (first == lines.size()) return Bad(in, "no header row naming the Add-on Code and Primary Code columns: not an NCCI add-on code text file");
  if (c_type < 0 || c_eff < 0 || c_del < 0) return Bad(in, "the header row lacks the AOC Edit Type, AOC Edit Eff Dt or AOC Edit Del Dt column");
  aoc_dataset_ = static_cast<int>(datasets_.size());
  std::set<uint64_t> addons;
  int64_t listed = 0;
  uint32_t newest = 0;
  std::map<int, int64_t> by_type;
  const size_t need = static_cast<size_t>(std::max({c_add, c_prim, c_type, c_eff, c_del}));
  for (size_t i = first; i < lines.size(); ++i) {
    auto f = TabFields(lines[i]);
    if (f.size() == 1 && f[0].empty()) continue;
    std::string what = in.info.name + " line " + std::to_string(i + 1);
    if (f.size() <= need) {
      rep_.Skip("add-on code line with fewer fields than the header", what);
      continue;
    }
    std::string a = ascii::Upper(f[c_add]), p = ascii::Upper(f[c_prim]);
    std::string_view type = f[c_type];
    auto eff = NcciDate(f[c_eff]), end = NcciDate(f[c_del]);
    if (!IsHcpcsShape(a) || !IsHcpcsShape(p) || type.size() != 1 || type[0] < '1' || type[0] > '3' || !eff || !*eff || !end) {
      rep_.Skip("add-on code edit without codes, type 1-3 or valid dates", what);
      continue;
    }
    bool none = p == "CCCCC";
    aoc_.push_back({Key(a), none ? 0 : Key(p), *eff, *end, static_cast<uint8_t>(type[0] - '0')});
    addons.insert(Key(a));
    if (!none) ++listed;
    newest = std::max(newest, *eff);
    ++by_type[type[0] - '0'];
  }
  if (aoc_.empty()) return Bad(in, "no add-on code edits after the header row");
  ds.counts = {{"rows", aoc_.size()}, {"add_on_codes", addons.size()}, {"listed_primary_pairs", listed},
               {"type_1_rows", by_type[1]}, {"type_2_rows", by_type[2]}, {"type_3_rows", by_type[3]},
               {"newest_effective_date", FormatDate(newest)}};
  return std::nullopt;
}

std::optional<Error> Importer::Aoc(const LoadedInput& in, DatasetIn& ds) {
  auto j = nlohmann::json::parse(in.content, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return Bad(in, "not a JSON array of add-on code edits");
  aoc_dataset_ = static_cast<int>(datasets_.size());
  std::set<uint64_t> addons;
  int64_t listed = 0;
  std::map<int, int64_t> by_type;
  for (size_t i = 0; i < j.size(); ++i) {
    const auto& r = j[i];
    std::string what = in.info.name + " item " + std::to_string(i);
    std::string a = ascii::Upper(JsonStr(r, "code1")), p = ascii::Upper(JsonStr(r, "code2")), type = JsonStr(r, "modifier");
    bool bad = false;
    uint32_t eff = IsoOrZero(r, "effective_date", bad), end = IsoOrZero(r, "end_date", bad);
    if (!IsHcpcsShape(a) || !(IsHcpcsShape(p)) || type.size() != 1 || type[0] < '1' || type[0] > '3' || bad || !eff) {
      rep_.Skip("add-on code edit without codes, type 1-3 or valid dates", what);
      continue;
    }
    bool none = p == "CCCCC";
    aoc_.push_back({Key(a), none ? 0 : Key(p), eff, end, static_cast<uint8_t>(type[0] - '0')});
    addons.insert(Key(a));
    if (!none) ++listed;
    ++by_type[type[0] - '0'];
  }
  if (aoc_.empty()) return Bad(in, "no add-on code edits");
  ds.counts = {{"rows", aoc_.size()}, {"add_on_codes", addons.size()}, {"listed_primary_pairs", listed},
               {"type_1_rows", by_type[1]}, {"type_2_rows", by_type[2]}, {"type_3_rows", by_type[3]}};
  return std::nullopt;
}

bool IsIcdShape(std::string_view c) {
  if (c.size() < 3 || c.size() > 7 || c[0] < 'A' || c[0] > 'Z' || c[1] < '0' || c[1] > '9') return false;
  for (char ch : c) {
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) return false;
  }
  return true;
}

std::optional<Error> Importer::Mce(const LoadedInput& in, DatasetIn& ds) {
  std::string text = Cp1252ToUtf8(in.content);
  auto lines = SplitLines(text);
  // The body headings (the table of contents repeats them with a tab and a page number).
  struct Heading {
    const char* text;
    uint32_t flag;
    const char* name;
  };
  const Heading headings[] = {
      {"A. Perinatal/Newborn diagnoses", kMceNewborn, "age_newborn"},
      {"B. Pediatric diagnoses (age 0 through 17)", kMcePediatric, "age_pediatric"},
      {"C. Maternity diagnoses (age 9 through 64)", kMceMaternity, "age_maternity"},
      {"D. Adult diagnoses (age 15 through 124)", kMceAdult, "age_adult"},
      {"Manifestation codes not allowed as principal diagnosis", kMceManifestation, "manifestation"},
      {"Unacceptable principal diagnosis codes", kMceUnacceptablePdx, "unacceptable_principal"},
  };
  std::map<std::string, int64_t> counts;
  bool found_version = false;
  for (size_t i = 0; i < lines.size() && i < 20; ++i) {
    std::string_view l = Trim(lines[i]);
    if (l.starts_with("v") && l.find(' ') != std::string_view::npos) {
      std::string v(l.substr(0, l.find(' ')));
      if (!ds.version.empty() && v != ds.version) return Bad(in, "is " + v + ", but the manifest says " + ds.version);
      found_version = true;
      break;
    }
  }
  if (!found_version) return Bad(in, "no version line (e.g. 'v43.1 April 2026') near the top");
  uint32_t current = 0;
  const char* current_name = nullptr;
  bool chapter2 = false, removed_unacceptable = false, in_unacceptable_changes = false;
  int64_t asterisks = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view l = lines[i];
    std::string_view t = Trim(l);
    if (t == "Chapter 2: Code list changes") {
      chapter2 = true;
      current = 0;
      continue;
    }
    bool heading = false;
    if (!chapter2) {
      for (const auto& h : headings) {
        if (t == h.text) {
          current = h.flag;
          current_name = h.name;
          heading = true;
        }
      }
    } else {
      if (t == "9. Unacceptable principal diagnosis") in_unacceptable_changes = true;
      else if (!t.empty() && t[0] >= '1' && t[0] <= '9' && t.find(". ") != std::string_view::npos && t.find('\t') == std::string_view::npos &&
               !IsIcdShape(t.substr(0, t.find('\t')))) {
        in_unacceptable_changes = false;
      }
      if (in_unacceptable_changes && t == "The following codes were removed") {
        removed_unacceptable = true;
        current = kMceUnacceptableBefore;
        current_name = "unacceptable_principal_removed_by_this_version";
        continue;
      }
    }
    if (heading) continue;
    if (!current) continue;
    size_t tab = l.find('\t');
    std::string_view code = tab == std::string_view::npos ? t : Trim(l.substr(0, tab));
    bool star = !code.empty() && code[0] == '*';
    if (star) code.remove_prefix(1);
    if (tab == std::string_view::npos || !IsIcdShape(code)) {
      current = 0;  // a list ends at the first line that is not "CODE<TAB>title"
      continue;
    }
    uint32_t& f = mce_[std::string(code)];
    f |= current;
    if (star && current == kMceUnacceptablePdx) {
      f |= kMceAcceptableWithSecondary;
      ++asterisks;
    }
    ++counts[current_name];
  }
  for (const auto& h : headings) {
    if (counts[h.name] == 0) return Bad(in, std::string("the list '") + h.text + "' was not found or is empty");
  }
  if (!removed_unacceptable) counts["unacceptable_principal_removed_by_this_version"] = 0;
  // A code removed from the list and still on it would be contradictory: keep the list.
  for (auto& [code, f] : mce_) {
    if ((f & kMceUnacceptableBefore) && (f & kMceUnacceptablePdx)) f &= ~kMceUnacceptableBefore;
  }
  counts["unacceptable_acceptable_with_secondary"] = asterisks;
  counts["codes"] = static_cast<int64_t>(mce_.size());
  ds.counts = counts;
  mce_dataset_ = static_cast<int>(datasets_.size());
  return std::nullopt;
}

std::optional<Error> Importer::Pos(const LoadedInput& in, DatasetIn& ds) {
  auto j = nlohmann::json::parse(in.content, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return Bad(in, "not a JSON array of place-of-service codes");
  std::set<std::string> seen;
  int64_t tele = 0;
  for (size_t i = 0; i < j.size(); ++i) {
    std::string code = JsonStr(j[i], "code"), name = JsonStr(j[i], "description");
    if (code.size() != 2 || !std::isdigit(static_cast<unsigned char>(code[0])) ||
        !std::isdigit(static_cast<unsigned char>(code[1])) || name.empty()) {
      rep_.Skip("place-of-service item without a 2-digit code and a description", in.info.name + " item " + std::to_string(i));
      continue;
    }
    if (!seen.insert(code).second) {
      rep_.Skip("place-of-service code listed twice (first kept)", code);
      continue;
    }
    uint32_t flags = 0;
    auto t = j[i].find("is_telehealth");
    if (t != j[i].end() && ((t->is_number_integer() && t->get<int>() == 1) || (t->is_boolean() && t->get<bool>()))) {
      flags |= kPosTelehealth;
      ++tele;
    }
    pos_.push_back({code, name, flags});
  }
  if (pos_.empty()) return Bad(in, "no place-of-service codes");
  std::sort(pos_.begin(), pos_.end(), [](const PosIn& a, const PosIn& b) { return a.code < b.code; });
  ds.counts = {{"codes", pos_.size()}, {"telehealth", tele}};
  pos_dataset_ = static_cast<int>(datasets_.size());
  return std::nullopt;
}

std::optional<Error> Importer::PosCheck(const LoadedInput& in) {
  std::string_view text = in.content;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  auto recs = ParseCsvRecords(text);
  if (recs.empty() || recs[0].empty() || Trim(recs[0][0]) != "place_of_service_code") {
    return Bad(in, "header is not 'place_of_service_code,description'");
  }
  std::set<std::string> other;
  for (size_t i = 1; i < recs.size(); ++i) {
    if (!recs[i].empty() && !Trim(recs[i][0]).empty()) other.insert(std::string(Trim(recs[i][0])));
  }
  std::set<std::string> mine;
  for (const auto& p : pos_) mine.insert(p.code);
  std::string only_mine, only_other;
  for (const auto& c : mine) if (!other.count(c)) only_mine += (only_mine.empty() ? "" : " ") + c;
  for (const auto& c : other) if (!mine.count(c)) only_other += (only_other.empty() ? "" : " ") + c;
  rep_.counts["place-of-service cross-check: codes in both lists"] =
      static_cast<int64_t>(std::count_if(mine.begin(), mine.end(), [&](const std::string& c) { return other.count(c) > 0; }));
  if (!only_mine.empty()) rep_.Skip("place-of-service code missing from the cross-check list (kept)", only_mine);
  if (!only_other.empty()) rep_.Skip("place-of-service code only in the cross-check list (not used)", only_other);
  return std::nullopt;
}

std::optional<Error> Importer::Modifiers(const LoadedInput& in, DatasetIn& ds) {
  auto rows = xlsx::ReadFirstSheet(in.content);
  if (!rows) return Bad(in, rows.error().message);
  if (rows->empty()) return Bad(in, "the sheet is empty");
  const auto& head = (*rows)[0];
  auto col = [&](const char* name) -> int {
    for (size_t c = 0; c < head.size(); ++c) if (Trim(head[c]) == name) return static_cast<int>(c);
    return -1;
  };
  int c_code = col("HCPC"), c_rec = col("RECID"), c_long = col("LONG DESCRIPTION"), c_short = col("SHORT DESCRIPTION"),
      c_add = col("ADD DT"), c_term = col("TERM DT");
  if (c_code < 0 || c_rec < 0 || c_long < 0 || c_short < 0 || c_add < 0 || c_term < 0) {
    return Bad(in, "the header row lacks HCPC, RECID, LONG DESCRIPTION, SHORT DESCRIPTION, ADD DT or TERM DT");
  }
  auto cell = [](const xlsx::Row& r, int c) -> std::string_view { return static_cast<size_t>(c) < r.size() ? Trim(r[c]) : ""; };
  std::set<std::string> seen;
  int64_t terminated = 0, codes = 0;
  for (size_t i = 1; i < rows->size(); ++i) {
    const auto& r = (*rows)[i];
    if (cell(r, c_rec) == "3") ++codes;
    if (cell(r, c_rec) != "7") continue;  // RECID 7: a modifier
    std::string code = ascii::Upper(cell(r, c_code));
    std::string what = in.info.name + " row " + std::to_string(i + 1);
    uint32_t add = CompactDate(cell(r, c_add));
    uint32_t term = cell(r, c_term).empty() ? 0 : CompactDate(cell(r, c_term));
    if (code.size() != 2 || !std::isalnum(static_cast<unsigned char>(code[0])) || !std::isalnum(static_cast<unsigned char>(code[1])) ||
        !add || (!cell(r, c_term).empty() && !term)) {
      rep_.Skip("modifier row without a 2-character code or valid dates", what);
      continue;
    }
    if (!seen.insert(code).second) {
      rep_.Skip("modifier listed twice (first kept)", what + ": " + code);
      continue;
    }
    if (term) ++terminated;
    mods_.push_back({code, std::string(cell(r, c_short)), std::string(cell(r, c_long)), add, term});
  }
  if (mods_.empty()) return Bad(in, "no modifier rows (RECID 7)");
  std::sort(mods_.begin(), mods_.end(), [](const ModIn& a, const ModIn& b) { return a.code < b.code; });
  ds.counts = {{"modifiers", mods_.size()}, {"terminated", terminated}, {"hcpcs_code_rows_not_used", codes}};
  mods_dataset_ = static_cast<int>(datasets_.size());
  return std::nullopt;
}

std::optional<Error> Importer::AddBase(const EditSet& b) {
  auto meta = nlohmann::json::parse(b.meta().json, nullptr, false);
  if (!meta.is_object() || !meta.contains("inputs") || !meta["inputs"].is_array()) {
    return MakeError(ErrorCode::kCorrupt, "the claim-edits file to add to has no inputs in its META");
  }
  base_inputs_ = meta["inputs"];
  const nlohmann::json mds = meta.contains("datasets") && meta["datasets"].is_array() ? meta["datasets"] : nlohmann::json::array();
  for (const auto& d : b.datasets()) {
    DatasetIn ds{.kind = d.kind, .setting = d.setting, .from = d.from, .to = d.to, .flags = d.flags, .input = 0,
                 .extra = d.extra, .label = d.label, .version = d.version, .note = d.note};
    const nlohmann::json md = d.index < mds.size() ? mds[d.index] : nlohmann::json::object();
    if (md.contains("counts") && md["counts"].is_object()) ds.counts = md["counts"];
    const std::string source = JsonStr(md, "source");
    for (size_t k = 0; k < base_inputs_.size(); ++k) {
      if (JsonStr(base_inputs_[k], "name") == source) {
        ds.input = static_cast<uint32_t>(k);
        break;
      }
    }
    datasets_.push_back(std::move(ds));
  }
  base_datasets_ = datasets_.size();
  // Every code of the base, packed once (its tables name them by id; they are interned again with the new inputs').
  base_keys_.resize(b.code_count());
  for (uint32_t id = 0; id < b.code_count(); ++id) base_keys_[id] = Key(b.CodeText(static_cast<uint16_t>(id)));
  auto key = [&](uint16_t id) { return base_keys_[id]; };
  for (const auto& t : b.mue_tables()) {
    MueIn m{t.dataset->index, {}, {}};
    for (auto r : t.rationales) m.rationales.emplace_back(b.str(r));
    for (const auto& r : t.recs) m.rows.push_back({key(r.code), r.value, r.mai, r.rationale});
    mue_.push_back(std::move(m));
  }
  for (const auto& t : b.ptp_tables()) {
      PtpIn p{t.dataset->index, {}, {}, true};
    for (auto r : t.rationales) p.rationales.emplace_back(b.str(r));
    for (uint32_t c1 = 0; c1 + 1 < t.row_first.size(); ++c1) {
      for (uint32_t e = t.row_first[c1]; e < t.row_first[c1 + 1]; ++e) {
        const uint16_t a = t.attr[e];
        const uint32_t di = (a >> kPtpDateShift) & kPtpDateMask;
        p.rows.push_back({key(static_cast<uint16_t>(c1)), key(t.column2[e]), di ? t.dates[di - 1] : 0,
                          static_cast<uint8_t>(a & kPtpModMask), static_cast<uint8_t>((a >> kPtpRationaleShift) & kPtpRationaleMask)});
      }
    }
    ptp_.push_back(std::move(p));
  }
  if (const auto* t = b.aoc()) {
    aoc_dataset_ = static_cast<int>(t->dataset->index);
    for (const auto& a : t->addons) {
      // A row without a primary carries the add-on's own dates (the earliest effective date of
      // all its rows, its end): written again, the add-on record comes out the same.
      aoc_.push_back({key(a.code), 0, a.effective, a.end, a.type});
      for (uint32_t k = a.primary_first; k < a.primary_first + a.primary_count; ++k) {
        const AocPrimary& p = t->primaries[k];
        aoc_.push_back({key(a.code), key(p.code), p.effective, p.end, a.type});
      }
    }
  }
  if (const auto* t = b.mce()) {
    mce_dataset_ = static_cast<int>(t->dataset->index);
    for (const auto& r : t->recs) mce_[std::string(r.code, strnlen(r.code, sizeof(r.code)))] = r.flags;
  }
  if (const auto* t = b.pos()) {
    pos_dataset_ = static_cast<int>(t->dataset->index);
    for (const auto& r : t->recs) pos_.push_back({std::string(r.code, strnlen(r.code, sizeof(r.code))), std::string(b.str(r.name)), r.flags});
  }
  if (const auto* t = b.modifiers()) {
    mods_dataset_ = static_cast<int>(t->dataset->index);
    for (const auto& r : t->recs) {
      mods_.push_back({std::string(r.code, strnlen(r.code, sizeof(r.code))), std::string(b.str(r.short_desc)),
                       std::string(b.str(r.long_desc)), r.added, r.terminated});
    }
  }
  return std::nullopt;
}

Result<std::string> Importer::Run(const std::vector<LoadedInput>& inputs, const nlohmann::json& entry) {
  const auto& jin = entry["inputs"];
  for (size_t k = 0; k < inputs.size(); ++k) {
    const LoadedInput& in = inputs[k];
    const nlohmann::json& x = jin[k];
    const std::string& role = in.info.role;
    if (role == "ptp" && x.is_object() && x.value("continues", false)) {
      // A further part file of the PTP release just read (same setting, same dataset).
      if (ptp_.empty() || JsonStr(jin[k - 1], "role") != "ptp" || JsonStr(jin[k - 1], "format") != "cms-text" ||
          JsonStr(x, "format") != "cms-text" || JsonStr(jin[k - 1], "setting") != JsonStr(x, "setting")) {
        return MakeError(ErrorCode::kInvalidArgument, "input " + in.info.name + " continues a PTP release, but does not follow a part file of it");
      }
      if (auto e = PtpCms(in, datasets_[ptp_.back().dataset], true)) return *e;
      continue;
    }
    if (role == "place-of-service-check") {
      if (pos_.empty()) return MakeError(ErrorCode::kInvalidArgument, "place-of-service-check must follow the place-of-service input");
      if (auto e = PosCheck(in)) return *e;
      continue;
    }
    DatasetIn ds;
    ds.input = static_cast<uint32_t>(base_inputs_.size() + k);
    ds.version = JsonStr(x, "edition");
    bool bad = false;
    ds.from = IsoOrZero(x, "effective_from", bad);
    ds.to = IsoOrZero(x, "effective_to", bad);
    if (bad || (ds.from && ds.to && ds.from > ds.to)) {
      return MakeError(ErrorCode::kInvalidArgument, "manifest input " + in.info.name + ": effective_from/effective_to must be ISO dates in order");
    }
    if (in.info.kind == "derived") ds.flags |= kDatasetDerived;
    std::string setting = JsonStr(x, "setting");
    std::optional<Error> err;
    if (role == "mue" || role == "ptp") {
      auto s = ParseSetting(setting);
      if (!s) {
        return MakeError(ErrorCode::kInvalidArgument, "manifest input " + in.info.name +
                                                          ": setting must be practitioner, outpatient-hospital or dme-supplier");
      }
      ds.setting = *s;
    }
    if (role == "mue") {
      ds.kind = DatasetKind::kMue;
      ds.label = "NCCI MUE " + SettingLabel(ds.setting) + " " + ds.version;
      for (const auto& m : mue_) {
        const DatasetIn& o = datasets_[m.dataset];
        const bool overlap = (!o.to || !ds.from || ds.from <= o.to) && (!ds.to || !o.from || o.from <= ds.to);
        if (o.setting == ds.setting && overlap) {
          return MakeError(ErrorCode::kInvalidArgument, "two MUE inputs for the setting " + setting + " with overlapping dates (" +
                                                            in.info.name + ", " + o.label + ")");
        }
      }
      err = Mue(in, ds);
    } else if (role == "ptp") {
      ds.kind = DatasetKind::kPtp;
      ds.label = "NCCI PTP " + SettingLabel(ds.setting) + " " + ds.version;
      std::string fmt = JsonStr(x, "format");
      if (fmt == "compact-v1") {
        ds.note = "active pairs on " + FormatDate(ds.from) + " only: no effective, deletion or rationale data";
        err = PtpCompact(in, ds);
      } else if (fmt == "tsv-history") {
        ds.note = "every edit with its deletion date and CMS rationale, but no effective dates";
        err = PtpTsv(in, ds);
      } else if (fmt == "cms-text") {
        ds.note = "the CMS text part files: every edit with its deletion date and CMS rationale";
        err = PtpCms(in, ds, false);
      } else {
        return MakeError(ErrorCode::kInvalidArgument, "manifest input " + in.info.name + ": ptp format must be compact-v1, tsv-history or cms-text");
      }
    } else if (role == "aoc") {
      ds.kind = DatasetKind::kAoc;
      ds.label = "NCCI add-on code edits " + ds.version;
      ds.note = "rows in force in " + ds.version + " with their effective dates; edits that ended earlier are not in the file";
      if (aoc_dataset_ >= 0 && static_cast<size_t>(aoc_dataset_) < base_datasets_) {
        // A file holds one add-on code table: a loaded quarter replaces the base's (each edit
        // keeps its own effective and end dates); the base's data set stays listed, saying so.
        DatasetIn& old = datasets_[static_cast<size_t>(aoc_dataset_)];
        replaced_.push_back(old.label);
        old.note = "replaced by " + in.info.name + " (" + in.info.kind + "): a file holds one add-on code table";
        aoc_.clear();
        aoc_dataset_ = -1;
      }
      if (aoc_dataset_ >= 0) return MakeError(ErrorCode::kInvalidArgument, "two add-on code inputs");
      err = JsonStr(x, "format") == "cms-text" ? AocCms(in, ds) : Aoc(in, ds);
    } else if (role == "mce") {
      ds.kind = DatasetKind::kMce;
      ds.label = "MCE " + ds.version;
      ds.extra = IsoOrZero(x, "version_from", bad);
      if (bad) return MakeError(ErrorCode::kInvalidArgument, "manifest input " + in.info.name + ": version_from must be an ISO date");
      if (mce_dataset_ >= 0) return MakeError(ErrorCode::kInvalidArgument, "two MCE inputs");
      err = Mce(in, ds);
      if (!err && ds.extra) {
        ds.note = ds.version + " is in force from " + FormatDate(ds.extra) + "; before that, codes it removed from the "
                  "unacceptable principal diagnosis list still apply";
      }
    } else if (role == "place-of-service") {
      ds.kind = DatasetKind::kPos;
      ds.label = "CMS place of service codes";
      if (!ds.version.empty()) ds.label += " (" + ds.version + ")";
      ds.note = "a derived list; check it against the CMS Place of Service code set";
      if (pos_dataset_ >= 0) return MakeError(ErrorCode::kInvalidArgument, "two place-of-service inputs");
      err = Pos(in, ds);
    } else if (role == "hcpcs-modifiers") {
      ds.kind = DatasetKind::kModifiers;
      ds.label = "HCPCS Level II modifiers " + ds.version;
      ds.note = "modifiers added after " + ds.version + " are not known; CPT modifiers (AMA) are not included";
      if (mods_dataset_ >= 0) return MakeError(ErrorCode::kInvalidArgument, "two modifier inputs");
      err = Modifiers(in, ds);
    } else {
      return MakeError(ErrorCode::kInvalidArgument, "manifest input " + in.info.name + " has unknown role '" + role + "'");
    }
    if (err) return *err;
    if (!JsonStr(x, "label").empty()) ds.label = JsonStr(x, "label");
    datasets_.push_back(std::move(ds));
  }
  if (datasets_.empty()) return MakeError(ErrorCode::kInvalidArgument, "the manifest entry has no edit inputs");

  // Intern every HCPCS/CPT code.
  std::vector<uint64_t> keys;
  auto dedupe = [&keys] {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  };
  keys = base_keys_;
  for (const auto& m : mue_) for (const auto& r : m.rows) keys.push_back(r.code);
  for (const auto& p : ptp_) {
    if (p.from_base) continue;
    for (const auto& r : p.rows) {
      keys.push_back(r.c1);
      keys.push_back(r.c2);
    }
    dedupe();  // a table at a time: millions of rows name some thousands of codes
  }
  for (const auto& a : aoc_) {
    keys.push_back(a.addon);
    if (a.primary) keys.push_back(a.primary);
  }
  dedupe();
  if (keys.size() > kMaxCodes) return MakeError(ErrorCode::kInvalidArgument, "more than 65,535 distinct HCPCS/CPT codes");
  auto id = [&](uint64_t k) { return static_cast<uint16_t>(std::lower_bound(keys.begin(), keys.end(), k) - keys.begin()); };
  rep_.counts["HCPCS/CPT codes named by the edits"] = static_cast<int64_t>(keys.size());

  Pool pool;
  std::vector<RawSection> secs;
  {
    std::string s;
    Put(s, static_cast<uint32_t>(keys.size()));
    Put(s, uint32_t{0});
    for (uint64_t k : keys) Put(s, k);
    secs.push_back({kTagEditCodes, 1, format::kSectionRequired, s});
  }
  {
    std::string s;
    Put(s, static_cast<uint32_t>(datasets_.size()));
    Put(s, uint32_t{0});
    for (const auto& d : datasets_) {
      Put(s, DatasetRec{.kind = static_cast<uint32_t>(d.kind), .setting = static_cast<uint32_t>(d.setting),
                        .from = d.from, .to = d.to, .flags = d.flags, .input = d.input, .label = pool.Add(d.label),
                        .version = pool.Add(d.version), .note = pool.Add(d.note), .extra = d.extra, .reserved = 0});
    }
    secs.push_back({kTagDatasets, 1, format::kSectionRequired, s});
  }
  for (auto& m : mue_) {
    std::string s;
    MueHeader h{m.dataset, static_cast<uint32_t>(m.rows.size()), static_cast<uint32_t>(m.rationales.size()), 0};
    Put(s, h);
    for (const auto& r : m.rationales) Put(s, pool.Add(r));
    std::sort(m.rows.begin(), m.rows.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
    for (const auto& r : m.rows) Put(s, MueRec{id(r.code), r.mai, r.rationale, r.value});
    secs.push_back({kTagMue, 1, format::kSectionRequired, s});
  }
  int64_t ptp_bytes = 0;
  for (auto& p : ptp_) {
    std::vector<uint32_t> dates;
    for (const auto& r : p.rows) if (r.deleted) dates.push_back(r.deleted);
    std::sort(dates.begin(), dates.end());
    dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
    struct E {
      uint16_t c1, c2, attr;
      uint32_t del;
    };
    std::vector<E> es;
    es.reserve(p.rows.size());
    for (const auto& r : p.rows) {
      uint16_t di = r.deleted ? static_cast<uint16_t>(std::lower_bound(dates.begin(), dates.end(), r.deleted) - dates.begin() + 1) : 0;
      uint16_t attr = static_cast<uint16_t>(r.mod | (r.rationale << kPtpRationaleShift) | (di << kPtpDateShift));
      es.push_back({id(r.c1), id(r.c2), attr, r.deleted ? r.deleted : 0xFFFFFFFFu});
    }
    std::vector<PtpRow>().swap(p.rows);
    std::sort(es.begin(), es.end(), [](const E& a, const E& b) {
      if (a.c1 != b.c1) return a.c1 < b.c1;
      if (a.c2 != b.c2) return a.c2 < b.c2;
      return a.del < b.del;
    });
    PtpHeader h{p.dataset, static_cast<uint32_t>(keys.size()), static_cast<uint32_t>(es.size()),
                static_cast<uint32_t>(dates.size()), static_cast<uint32_t>(p.rationales.size()), 0};
    std::string s;
    Put(s, h);
    std::vector<uint32_t> first(keys.size() + 1, 0);
    for (const auto& e : es) ++first[e.c1 + 1];
    for (size_t k = 1; k < first.size(); ++k) first[k] += first[k - 1];
    for (uint32_t v : first) Put(s, v);
    for (uint32_t d : dates) Put(s, d);
    for (const auto& r : p.rationales) Put(s, pool.Add(r));
    for (const auto& e : es) Put(s, e.c2);
    Align(s, 4);
    for (const auto& e : es) Put(s, e.attr);
    ptp_bytes += static_cast<int64_t>(s.size());
    secs.push_back({kTagPtp, 1, format::kSectionRequired, s});
  }
  if (aoc_dataset_ >= 0) {
    std::sort(aoc_.begin(), aoc_.end(), [](const AocRow& a, const AocRow& b) {
      return a.addon != b.addon ? a.addon < b.addon : a.primary < b.primary;
    });
    std::vector<AocAddon> addons;
    std::vector<AocPrimary> prims;
    for (size_t i = 0; i < aoc_.size();) {
      size_t j = i;
      AocAddon a{};
      a.code = id(aoc_[i].addon);
      a.type = aoc_[i].type;
      a.effective = aoc_[i].effective;
      a.end = aoc_[i].end;
      a.primary_first = static_cast<uint32_t>(prims.size());
      for (; j < aoc_.size() && aoc_[j].addon == aoc_[i].addon; ++j) {
        const AocRow& r = aoc_[j];
        if (r.type != a.type) {
          rep_.Skip("add-on code with rows of different edit types (the first type is used)", FormatDate(r.effective));
        }
        a.effective = std::min(a.effective, r.effective);
        a.end = (a.end == 0 || r.end == 0) ? 0 : std::max(a.end, r.end);
        if (!r.primary) continue;
        if (!prims.empty() && prims.size() > a.primary_first && prims.back().code == id(r.primary)) continue;
        prims.push_back({id(r.primary), 0, r.effective, r.end});
      }
      a.primary_count = static_cast<uint32_t>(prims.size() - a.primary_first);
      addons.push_back(a);
      i = j;
    }
    std::string s;
    Put(s, AocHeader{static_cast<uint32_t>(aoc_dataset_), static_cast<uint32_t>(addons.size()),
                     static_cast<uint32_t>(prims.size()), 0});
    for (const auto& a : addons) Put(s, a);
    for (const auto& p : prims) Put(s, p);
    secs.push_back({kTagAoc, 1, format::kSectionRequired, s});
  }
  if (mce_dataset_ >= 0) {
    std::string s;
    Put(s, MceHeader{static_cast<uint32_t>(mce_dataset_), static_cast<uint32_t>(mce_.size())});
    for (const auto& [code, flags] : mce_) {
      MceRec r{};
      std::memcpy(r.code, code.data(), std::min<size_t>(7, code.size()));
      r.flags = flags;
      Put(s, r);
    }
    secs.push_back({kTagMce, 1, format::kSectionRequired, s});
  }
  if (pos_dataset_ >= 0) {
    std::string s;
    Put(s, ListHeader{static_cast<uint32_t>(pos_dataset_), static_cast<uint32_t>(pos_.size())});
    for (const auto& p : pos_) {
      PosRec r{};
      std::memcpy(r.code, p.code.data(), 2);
      r.name = pool.Add(p.name);
      r.flags = p.flags;
      Put(s, r);
    }
    secs.push_back({kTagPos, 1, format::kSectionRequired, s});
  }
  if (mods_dataset_ >= 0) {
    std::string s;
    Put(s, ListHeader{static_cast<uint32_t>(mods_dataset_), static_cast<uint32_t>(mods_.size())});
    for (const auto& m : mods_) {
      ModRec r{};
      std::memcpy(r.code, m.code.data(), 2);
      r.added = m.added;
      r.terminated = m.terminated;
      r.short_desc = pool.Add(m.short_desc);
      r.long_desc = pool.Add(m.long_desc);
      Put(s, r);
    }
    secs.push_back({kTagModifiers, 1, format::kSectionRequired, s});
  }

  nlohmann::json meta;
  meta["system"] = kSystem;
  meta["year"] = JsonInt(entry, "year");
  meta["label"] = JsonStr(entry, "label");
  meta["effective_from"] = JsonStr(entry, "effective_from");
  meta["effective_to"] = JsonStr(entry, "effective_to");
  meta["format"] = std::to_string(format::kFormatMajor) + "." + std::to_string(format::kFormatMinor);
  if (!JsonStr(entry, "provenance").empty()) meta["provenance"] = JsonStr(entry, "provenance");
  meta["inputs"] = base_inputs_;
  for (const auto& in : inputs) {
    meta["inputs"].push_back({{"role", in.info.role}, {"name", in.info.name}, {"path", in.info.path},
                              {"year", in.info.year}, {"sha256", in.info.sha256}, {"kind", in.info.kind}});
  }
  meta["datasets"] = nlohmann::json::array();
  for (const auto& d : datasets_) {
    nlohmann::json dj = {{"kind", DatasetKindName(d.kind)}, {"setting", SettingName(d.setting)}, {"label", d.label},
                         {"version", d.version}, {"effective_from", FormatDate(d.from)}, {"effective_to", FormatDate(d.to)},
                         {"source", JsonStr(meta["inputs"][d.input], "name")}, {"source_kind", JsonStr(meta["inputs"][d.input], "kind")},
                         {"note", d.note}, {"counts", d.counts}};
    meta["datasets"].push_back(dj);
    for (auto it = d.counts.begin(); it != d.counts.end(); ++it) {
      if (it->is_number_integer()) rep_.counts[d.label + ": " + it.key()] = it->get<int64_t>();
    }
  }
  secs.insert(secs.begin(), RawSection{format::kTagMeta, 1, format::kSectionRequired, meta.dump()});
  secs.push_back({format::kTagStrings, 1, format::kSectionRequired, pool.data()});
  rep_.counts["PTP table bytes"] = ptp_bytes;
  std::string file = AssembleFile(secs);
  // Read it back with the core's own reader: the importer never writes a file the engine refuses.
  std::vector<uint64_t> aligned((file.size() + 7) / 8);
  std::memcpy(aligned.data(), file.data(), file.size());
  auto check = EditSet::Open({reinterpret_cast<const uint8_t*>(aligned.data()), file.size()});
  if (!check) return MakeError(ErrorCode::kInternal, "the written claim-edits file does not read back: " + check.error().message);
  return file;
}

}  // namespace

Result<std::string> ImportEdits(const std::vector<LoadedInput>& inputs, const nlohmann::json& entry, Report& report) {
  Importer im(report);
  return im.Run(inputs, entry);
}

Result<std::string> ImportEditsOnto(const EditSet& base, const std::vector<LoadedInput>& inputs, const nlohmann::json& entry,
                                    Report& report) {
  Importer im(report);
  if (auto e = im.AddBase(base)) return *e;
  return im.Run(inputs, entry);
}

}  // namespace medcode::import
