// Updates a clinic loads itself (user_files.h): recognises each file by its content, reads
// the dates of its release from the content or the CMS file name, and hands the files to
// the manifest path's importers as one entry built here (ImportHcpcs, ImportEdits).
#include "user_files.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>

#include "medcode/date.h"
#include "edits.h"
#ifndef MEDCODE_IMPORT_NO_ICD10CM
#include "icd10cm_onto.h"
#endif
#include "hcpcs.h"
#include "hcpcs_lexicon.h"
#include "hcpcs_txt.h"
#include "medcode/edits.h"
#include "util.h"
#include "xlsx.h"

namespace medcode::import {
namespace {

Error Refuse(const std::string& name, const std::string& why) { return MakeError(ErrorCode::kCorrupt, name + ": " + why); }

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string Lower(std::string_view s) {
  std::string o(s);
  for (char& c : o) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return o;
}

// The first lines of a text (at most `n`), without their ends.
std::vector<std::string_view> Head(std::string_view text, size_t n) {
  auto lines = SplitLines(text.substr(0, std::min<size_t>(text.size(), 64 * 1024)));
  if (lines.size() > n) lines.resize(n);
  return lines;
}

// Tab-separated cells reduced to lower-case letters and digits ("Column 1" -> "column1").
std::vector<std::string> TabKeys(std::string_view line) {
  std::vector<std::string> out;
  size_t s = 0;
  for (;;) {
    size_t tab = line.find('\t', s);
    std::string k;
    for (char c : Lower(line.substr(s, tab == std::string_view::npos ? std::string_view::npos : tab - s))) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) k += c;
    }
    out.push_back(k);
    if (tab == std::string_view::npos) return out;
    s = tab + 1;
  }
}

// The quarter holding `d` (YYYYMMDD): its first and last day.
std::pair<uint32_t, uint32_t> Quarter(uint32_t d) {
  uint32_t y = d / 10000, m = (d / 100) % 100, q0 = (m - 1) / 3 * 3 + 1, q1 = q0 + 2;
  static const uint32_t last[] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return {y * 10000 + q0 * 100 + 1, y * 10000 + q1 * 100 + last[q1]};
}

std::string QuarterName(uint32_t d) { return std::to_string(d / 10000) + "Q" + std::to_string(((d / 100) % 100 - 1) / 3 + 1); }

// The HCPCS alpha-numeric file, as .xlsx or as fixed-width text: one input of role "hcpcs".
bool IsHcpcs(const std::string& kind) { return kind == "hcpcs" || kind == "hcpcs-txt"; }
std::string Role(const std::string& kind) { return IsHcpcs(kind) ? "hcpcs" : kind; }

}  // namespace

Result<Recognised> RecogniseUserFile(const UserFile& f) {
  const std::string_view b = f.bytes;
  if (b.empty()) return Refuse(f.name, "the file is empty");
  if (b.starts_with("PK\x03\x04")) {
    auto book = xlsx::Open(b);
    if (!book) {
      return Refuse(f.name, "a zip archive that is not a readable workbook (" + book.error().message +
                                "); if it is the zip CMS publishes, unpack it and load the file inside");
    }
    auto rows = book->Rows(0, 20);  // the header is in the first rows: the importer reads the rest
    if (!rows) return Refuse(f.name, "a workbook whose first sheet does not read: " + rows.error().message);
    for (size_t r = 0; r < rows->size(); ++r) {
      bool hcpc = false, recid = false, mue = false;
      for (const auto& cell : (*rows)[r]) {
        std::string u = ascii::Upper(Trim(cell));
        hcpc |= u == "HCPC";
        recid |= u == "RECID";
        mue |= u.find("MUE VALUES") != std::string::npos;
      }
      if (hcpc && recid) return Recognised{"hcpcs", "", "HCPCS Level II alpha-numeric file (xlsx)"};
      if (mue) return Refuse(f.name, "an NCCI MUE workbook: load the CSV file of the same release (CMS publishes both)");
    }
    return Refuse(f.name, "a workbook without the HCPC and RECID columns: not the HCPCS alpha-numeric file");
  }
  if (b.starts_with("\x1f\x8b") || b.starts_with("\xfd" "7zXZ")) return Refuse(f.name, "a compressed file: unpack it first");
  if (b.substr(0, 4096).find('\0') != std::string_view::npos) {
    return Refuse(f.name, "a binary file, not one of the CMS text, CSV or xlsx files this loader reads");
  }
  auto lines = Head(b, 60);
  for (std::string_view line : lines) {
    if (line.find("MUE Values") != std::string_view::npos || line.find("MUE Adjudication") != std::string_view::npos) {
      std::string setting = line.find("Practitioner") != std::string_view::npos          ? "practitioner"
                            : line.find("Outpatient Hospital") != std::string_view::npos ? "outpatient-hospital"
                            : line.find("DME Supplier") != std::string_view::npos        ? "dme-supplier"
                                                                                         : "";
      if (setting.empty()) continue;  // the column header's first line; the setting is named on the value column
      return Recognised{"mue", setting, "NCCI MUE table, " + setting + " (CSV)"};
    }
    auto keys = TabKeys(line);
    if (keys.size() >= 6 && keys[0] == "column1" && keys[1] == "column2") {
      std::string n = Lower(f.name);
      std::string setting = n.starts_with("ccipra") ? "practitioner" : n.starts_with("ccioph") ? "outpatient-hospital" : "";
      return Recognised{"ptp", setting, "NCCI PTP edits, text part file" + (setting.empty() ? "" : ", " + setting)};
    }
    if (std::find(keys.begin(), keys.end(), "addoncode") != keys.end() &&
        std::find(keys.begin(), keys.end(), "primarycode") != keys.end()) {
      return Recognised{"aoc", "", "NCCI add-on code edits (text)"};
    }
  }
  if (!lines.empty()) {
    std::string_view l = lines[0];
    // ICD-10-CM order file: "00001 A00     0 Cholera   ..." (order number, code in 7, flag).
    if (l.size() > 16 && IsDigits(l.substr(0, 5)) && l[5] == ' ' && l[6] >= 'A' && l[6] <= 'Z' && l[13] == ' ' &&
        (l[14] == '0' || l[14] == '1') && l[15] == ' ') {
      return Recognised{"icd10cm-order", "", "ICD-10-CM order file (fixed width)"};
    }
    // HCPCS fixed-width record: code (5), sequence number (5), record id (1), long description.
    if (hcpcs_txt::LooksLikeHcpcsText(b)) {
      return Recognised{"hcpcs-txt", "", "HCPCS Level II alpha-numeric file (fixed-width text)"};
    }
  }
  return Refuse(f.name, "not a file this loader knows: expected the HCPCS alpha-numeric .xlsx or .txt, an NCCI MUE CSV, "
                        "an NCCI PTP text part file or the NCCI add-on code text file");
}

namespace {

struct Planned {
  const UserFile* file = nullptr;
  Recognised rec;
  std::string edition, sha256;
  uint32_t from = 0, to = 0;
  std::string dates_from;  // "file name" | "options"
  int part = 0;            // PTP: the part number (fN), 0 if none
};

// Dates of the release from the CMS file name (the files' content does not state them,
// except each edit's own effective date, which is checked after the import).
std::optional<Error> DatesFromName(Planned& p) {
  const std::string n = p.file->name, low = Lower(n);
  auto set = [&](uint32_t from) {
    auto [a, z] = Quarter(from);
    p.from = from;
    p.to = z;
    (void)a;
    p.edition = QuarterName(from);
    p.dates_from = "file name";
  };
  if (p.rec.kind == "mue") {  // MCR_MUE_PractitionerServices_Eff_07-01-2026.csv
    size_t k = low.find("_eff_");
    if (k != std::string::npos && k + 15 <= n.size()) {
      std::string mdy = n.substr(k + 5, 10);
      uint32_t d = ParseIsoDate(mdy.substr(6, 4) + "-" + mdy.substr(0, 2) + "-" + mdy.substr(3, 2));
      if (d) set(d);
    }
  } else if (p.rec.kind == "ptp") {  // ccipra-v322r0-f1.txt: version 32.2 = 2026 Q3
    size_t k = low.find("-v");
    if (k != std::string::npos && k + 5 < low.size() && IsDigits(low.substr(k + 2, 3))) {
      int major = std::stoi(low.substr(k + 2, 2)), minor = low[k + 4] - '0';
      if (minor >= 0 && minor <= 3) {
        set(static_cast<uint32_t>((1994 + major) * 10000 + (minor * 3 + 1) * 100 + 1));
        p.edition += " (v" + std::to_string(major) + "." + std::to_string(minor) + ")";
      }
      size_t f = low.find("-f", k);
      if (f != std::string::npos && f + 2 < low.size() && IsDigits(low.substr(f + 2, 1))) p.part = low[f + 2] - '0';
    }
  } else if (p.rec.kind == "aoc") {  // AOC_V2026Q3-F-MCR.txt
    size_t k = low.find("aoc_v");
    if (k != std::string::npos && k + 11 <= low.size() && IsDigits(low.substr(k + 5, 4)) && low[k + 9] == 'q') {
      int q = low[k + 10] - '0';
      if (q >= 1 && q <= 4) set(static_cast<uint32_t>(std::stoi(low.substr(k + 5, 4)) * 10000 + ((q - 1) * 3 + 1) * 100 + 1));
    }
  } else if (IsHcpcs(p.rec.kind)) {  // HCPC2026_JUL_ANWEB*.xlsx (or .txt)
    static const std::map<std::string, int> months = {{"jan", 1}, {"apr", 4}, {"jul", 7}, {"oct", 10}};
    size_t k = low.find("hcpc");
    if (k != std::string::npos && k + 12 <= low.size() && IsDigits(low.substr(k + 4, 4)) && low[k + 8] == '_') {
      auto it = months.find(low.substr(k + 9, 3));
      if (it != months.end()) set(static_cast<uint32_t>(std::stoi(low.substr(k + 4, 4)) * 10000 + it->second * 100 + 1));
    }
  }
  return std::nullopt;
}

std::string Iso(uint32_t d) { return FormatDate(d); }

}  // namespace

Result<UserLoad> LoadUserFiles(const std::vector<UserFile>& files, const LoadOptions& opt) {
  if (files.empty()) return MakeError(ErrorCode::kInvalidArgument, "no files to load");
  const uint32_t opt_from = opt.effective_from.empty() ? 0 : ParseIsoDate(opt.effective_from);
  const uint32_t opt_to = opt.effective_to.empty() ? 0 : ParseIsoDate(opt.effective_to);
  if ((!opt.effective_from.empty() && !opt_from) || (!opt.effective_to.empty() && !opt_to) || (opt_from && opt_to && opt_from > opt_to)) {
    return MakeError(ErrorCode::kInvalidArgument, "the effective dates given must be ISO dates (YYYY-MM-DD), the first not after the second");
  }
  std::string loaded = opt.loaded_on.empty() ? FormatDate(TodayUtc()) : opt.loaded_on;
  if (!ParseIsoDate(loaded)) return MakeError(ErrorCode::kInvalidArgument, "the load date must be an ISO date (YYYY-MM-DD)");

  std::vector<Planned> plan;
  for (const auto& f : files) {
    auto rec = RecogniseUserFile(f);
    if (!rec) return rec.error();
    Planned p;
    p.file = &f;
    p.rec = *rec;
    p.sha256 = Sha256Hex(f.bytes);
    if (rec->kind == "icd10cm-order") {
      if (files.size() != 1) return Refuse(f.name, "an ICD-10-CM order file: load it on its own (one year at a time)");
#ifdef MEDCODE_IMPORT_NO_ICD10CM
      return Refuse(f.name, "an ICD-10-CM order file: this build of the importer (medcode-import-wasm) does not compile "
                            "ICD-10-CM years; the ICD-10-CM importer (medcode-import-icd-wasm) or coder-import --load "
                            "FILE --base icd10cm-*.mcs does");
#else
      return LoadIcd10cmYear(f, opt);
#endif
    }
    if (rec->kind == "ptp" && p.rec.setting.empty()) {
      if (opt.setting != "practitioner" && opt.setting != "outpatient-hospital") {
        return Refuse(f.name, "a PTP file whose name does not say its setting (CMS names them ccipra-... for practitioners, "
                              "ccioph-... for outpatient hospitals): give the setting");
      }
      p.rec.setting = opt.setting;
    }
    if (auto e = DatesFromName(p)) return *e;
    if (opt_from) {
      p.from = opt_from;
      p.to = opt_to ? opt_to : Quarter(opt_from).second;
      if (p.edition.empty()) p.edition = QuarterName(opt_from);
      p.dates_from = "options";
    }
    if (!p.from) {
      return Refuse(f.name, "the dates of this release are not in the file, and its name is not the CMS name that "
                            "states them: keep the CMS file name or give the effective dates");
    }
    plan.push_back(std::move(p));
  }
  for (size_t i = 0; i < plan.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (plan[i].sha256 == plan[j].sha256) {
        return Refuse(plan[i].file->name, "the same file as " + plan[j].file->name + " (equal sha256)");
      }
    }
  }
  const bool hcpcs = std::any_of(plan.begin(), plan.end(), [](const Planned& p) { return IsHcpcs(p.rec.kind); });
  if (hcpcs && plan.size() > 1) {
    return MakeError(ErrorCode::kInvalidArgument, "load the HCPCS file on its own: it makes a code set, the NCCI files make claim edits");
  }
  // NCCI: one dataset per MUE setting, one per PTP setting (its part files in order), one add-on code file.
  std::stable_sort(plan.begin(), plan.end(), [](const Planned& a, const Planned& b) {
    static const std::map<std::string, int> order = {{"mue", 0}, {"ptp", 1}, {"aoc", 2}, {"hcpcs", 3}, {"hcpcs-txt", 3}};
    if (a.rec.kind != b.rec.kind) return order.at(a.rec.kind) < order.at(b.rec.kind);
    if (a.rec.setting != b.rec.setting) return a.rec.setting < b.rec.setting;
    return a.part < b.part;
  });

  std::string provenance = "user-loaded";
  nlohmann::json entry = {{"id", hcpcs ? "hcpcs-user" : "edits-user"}, {"system", hcpcs ? "HCPCS" : "CLAIM-EDITS"}};
  nlohmann::json inputs = nlohmann::json::array(), rfiles = nlohmann::json::array();
  std::vector<LoadedInput> loaded_inputs;
  uint32_t from = 0, to = 0;
  std::vector<std::string> parts_of_label;
  for (size_t i = 0; i < plan.size(); ++i) {
    const Planned& p = plan[i];
    const bool continues = p.rec.kind == "ptp" && i > 0 && plan[i - 1].rec.kind == "ptp" && plan[i - 1].rec.setting == p.rec.setting;
    if (continues && plan[i - 1].edition != p.edition) {
      return Refuse(p.file->name, "a PTP part file of release " + p.edition + ", but " + plan[i - 1].file->name +
                                      " is of release " + plan[i - 1].edition + " (load one release per setting)");
    }
    if (continues && plan[i - 1].part == p.part) {
      return Refuse(p.file->name, "the same part (f" + std::to_string(p.part) + ") as " + plan[i - 1].file->name);
    }
    if (!continues && i > 0 && plan[i - 1].rec.kind == p.rec.kind && plan[i - 1].rec.setting == p.rec.setting) {
      return Refuse(p.file->name, "a second " + p.rec.what + " beside " + plan[i - 1].file->name + " (load one release at a time)");
    }
    const int year = static_cast<int>(p.from / 10000);
    nlohmann::json in = {{"role", Role(p.rec.kind)}, {"name", p.file->name}, {"path", "user-loaded " + loaded},
                         {"year", year}, {"kind", "user-loaded"}, {"sha256", p.sha256},
                         {"edition", p.edition}, {"effective_from", Iso(p.from)}, {"effective_to", Iso(p.to)}};
    if (!p.rec.setting.empty()) in["setting"] = p.rec.setting;
    if (p.rec.kind == "ptp" || p.rec.kind == "aoc") in["format"] = "cms-text";
    if (continues) in["continues"] = true;
    inputs.push_back(in);
    LoadedInput li;
    li.info = {Role(p.rec.kind), p.file->name, "user-loaded " + loaded, p.sha256, "user-loaded", year};
    li.content = p.file->bytes;
    loaded_inputs.push_back(std::move(li));
    from = from ? std::min(from, p.from) : p.from;
    to = std::max(to, p.to);
    provenance += (i ? "; " : ": ") + p.file->name + " (sha256 " + p.sha256 + ")";
    if (!continues) parts_of_label.push_back(IsHcpcs(p.rec.kind) ? "HCPCS Level II " + p.edition
                                                                  : (p.rec.kind == "mue" ? "MUE " : p.rec.kind == "ptp" ? "PTP " : "add-on codes ") +
                                                                        (p.rec.setting.empty() ? "" : p.rec.setting + " ") + p.edition);
    rfiles.push_back({{"name", p.file->name}, {"bytes", p.file->bytes.size()}, {"sha256", p.sha256}, {"kind", p.rec.kind},
                      {"what", p.rec.what}, {"setting", p.rec.setting}, {"edition", p.edition},
                      {"effective_from", Iso(p.from)}, {"effective_to", Iso(p.to)}, {"dates_from", p.dates_from},
                      {"loaded", loaded}});
  }
  if (hcpcs) {
    // The project's HCPCS lexicon, as the shipped HCPCS file has it (hcpcs_lexicon.h).
    const std::string text(HcpcsLexiconText());
    const std::string sha = Sha256Hex(text);
    inputs.push_back({{"role", "lexicon"}, {"name", std::string(kHcpcsLexiconName)}, {"path", "project:lexicon/hcpcs-en.tsv"},
                      {"year", kHcpcsLexiconYear}, {"kind", "project"}, {"sha256", sha}});
    LoadedInput li;
    li.info = {"lexicon", std::string(kHcpcsLexiconName), "project:lexicon/hcpcs-en.tsv", sha, "project", kHcpcsLexiconYear};
    li.content = text;
    loaded_inputs.push_back(std::move(li));
  }
  provenance += ", loaded " + loaded;
  std::string label;
  for (size_t i = 0; i < parts_of_label.size(); ++i) label += (i ? ", " : "") + parts_of_label[i];
  label = (hcpcs ? label : "Claim edits: " + label) + " (user-loaded)";
  // NCCI files added to an existing claim-edits file: its editions stay, dated beside the new ones.
  std::vector<uint64_t> base_copy;
  std::optional<EditSet> base;
  if (!opt.base.empty()) {
    const std::string bname = opt.base_name.empty() ? "the claim-edits file to add to" : opt.base_name;
    if (hcpcs) return MakeError(ErrorCode::kInvalidArgument, "an HCPCS file makes a code set of its own: it is not added to " + bname);
    base_copy.resize((opt.base.size() + 7) / 8);
    std::memcpy(base_copy.data(), opt.base.data(), opt.base.size());
    auto es = EditSet::Open({reinterpret_cast<const uint8_t*>(base_copy.data()), opt.base.size()});
    if (!es) return MakeError(es.error().code, bname + ": " + es.error().message);
    base.emplace(std::move(*es));
    const auto& bm = base->meta();
    if (uint32_t f = ParseIsoDate(bm.effective_from); f && f < from) from = f;
    if (uint32_t t = ParseIsoDate(bm.effective_to); t > to) to = t;
    label = bm.label + " + " + label;
    if (!bm.provenance.empty()) provenance = bm.provenance + "; " + provenance;
  }
  if (!opt.base_state.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, opt.base_state_name + ": an ICD-10-CM import state: only an ICD-10-CM "
                                                  "order file is loaded with one");
  }
  entry["label"] = label;
  entry["year"] = static_cast<int>(from / 10000);
  entry["effective_from"] = Iso(from);
  entry["effective_to"] = Iso(to);
  entry["provenance"] = provenance;
  entry["inputs"] = inputs;

  Report rep;
  UserLoad out;
  out.system = JsonStr(entry, "system");
  if (hcpcs) {
    auto model = ImportHcpcs(loaded_inputs, entry, rep);
    if (!model) return model.error();
    model->provenance = provenance;
    model->lexicon_skips_unknown = true;  // the quarter loaded may lack a drug the lexicon names
    auto bytes = WriteCodeSet(*model, rep);
    if (!bytes) return bytes.error();
    out.bytes = std::move(*bytes);
  } else {
    auto bytes = base ? ImportEditsOnto(*base, loaded_inputs, entry, rep) : ImportEdits(loaded_inputs, entry, rep);
    if (!bytes) return bytes.error();
    out.bytes = std::move(*bytes);
  }
  nlohmann::json r = rep.ToJson();
  r["system"] = out.system;
  r["label"] = label;
  r["effective_from"] = Iso(from);
  r["effective_to"] = Iso(to);
  r["provenance"] = provenance;
  r["files"] = rfiles;
  r["bytes"] = out.bytes.size();
  r["sha256"] = Sha256Hex(out.bytes);
  if (!hcpcs) {
    // Each dataset as the file records it (counts, dates), and a check of the edits' own
    // effective dates against the release's dates.
    std::vector<uint64_t> aligned((out.bytes.size() + 7) / 8);
    std::memcpy(aligned.data(), out.bytes.data(), out.bytes.size());
    auto es = EditSet::Open({reinterpret_cast<const uint8_t*>(aligned.data()), out.bytes.size()});
    if (!es) return MakeError(ErrorCode::kInternal, "the written claim-edits file does not read back: " + es.error().message);
    auto meta = nlohmann::json::parse(es->meta().json, nullptr, false);
    r["datasets"] = meta.is_object() && meta.contains("datasets") ? meta["datasets"] : nlohmann::json::array();
    for (auto& d : r["datasets"]) {
      std::string newest = JsonStr(d["counts"], "newest_effective_date");
      if (!newest.empty() && newest > JsonStr(d, "effective_to")) {
        return MakeError(ErrorCode::kCorrupt, JsonStr(d, "source") + ": holds edits effective " + newest + ", after the release's last day " +
                                                  JsonStr(d, "effective_to") + ": the file name and the content disagree");
      }
    }
  }
  out.report = std::move(r);
  return out;
}

}  // namespace medcode::import
