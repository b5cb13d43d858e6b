// A new ICD-10-CM year compiled onto an existing code set (icd10cm_onto.h): the file is
// turned back into the importer's Model as ImportIcd10cm had it before the new order
// file, and the new year goes through the manifest path's steps in the same order.
#include "icd10cm_onto.h"

#include <algorithm>
#include <cstring>

#include "icd10cm_state.h"
#include "icd10cm_steps.h"
#include "icd10cm_years.h"
#include "medcode/codeset.h"
#include "medcode/date.h"
#include "util.h"

namespace medcode::import {
namespace {

Error Refuse(const std::string& name, const std::string& why) { return MakeError(ErrorCode::kCorrupt, name + ": " + why); }

// The fiscal year a CMS/CDC order file's name states ("icd10cm_order_2028.txt",
// "icd10cm-order-2028.txt"): the first 20xx in it, or 0.
int YearFromName(const std::string& name) {
  for (size_t i = 0; i + 4 <= name.size(); ++i) {
    if (name[i] == '2' && name[i + 1] == '0' && std::isdigit(static_cast<unsigned char>(name[i + 2])) &&
        std::isdigit(static_cast<unsigned char>(name[i + 3])) &&
        (i + 4 == name.size() || !std::isdigit(static_cast<unsigned char>(name[i + 4]))) &&
        (i == 0 || !std::isdigit(static_cast<unsigned char>(name[i - 1])))) {
      return std::stoi(name.substr(i, 4));
    }
  }
  return 0;
}

// The order numbers of the official file run 1, 2, 3, ...: a gap or a repeat is a damaged
// or edited file (a line lost in a copy keeps the layout of every other line).
std::optional<Error> CheckSequence(const std::string& text, const std::string& name) {
  uint32_t expect = 1, lineno = 0;
  for (auto line : SplitLines(text)) {
    ++lineno;
    if (Trim(line).empty()) continue;
    uint32_t n = 0;
    for (char c : line.substr(0, 5)) n = n * 10 + static_cast<uint32_t>(c - '0');
    if (n != expect) {
      return Refuse(name, "line " + std::to_string(lineno) + ": order number " + std::to_string(n) + " where " +
                              std::to_string(expect) + " belongs (lines missing or repeated: a damaged or edited file)");
    }
    ++expect;
  }
  return std::nullopt;
}

std::string Text(const char* p, size_t n) { return std::string(p, strnlen(p, n)); }

// The base file's years: its YEAR records, or the one year its META states.
std::vector<YearSpan> BaseYears(const CodeSet& cs) {
  std::vector<YearSpan> out;
  for (const auto& y : cs.years()) out.push_back({static_cast<int>(y.year), y.from, y.to});
  if (out.empty()) {
    out.push_back({cs.meta().year, ParseIsoDate(cs.meta().effective_from), ParseIsoDate(cs.meta().effective_to)});
  }
  return out;
}

// The codes of year y of the base file as that year's order file lists them (code,
// billable flag, titles), in tabular order.
std::vector<Code> CodesOfYear(const CodeSet& cs, int y, bool has_years) {
  std::vector<Code> out;
  for (uint32_t i = 0; i < cs.size(); ++i) {
    if (has_years && !cs.InYear(i, y)) continue;
    Code c;
    c.code = std::string(cs.code(i));
    c.billable = has_years ? cs.BillableIn(i, y) : cs.billable(i);
    c.title = std::string(has_years ? cs.TitleIn(i, y) : cs.title(i));
    c.short_title = std::string(has_years ? cs.ShortTitleIn(i, y) : cs.str(cs.rec(i).short_title));
    c.category = c.code.substr(0, 3);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Note> NotesOf(const CodeSet& cs, uint32_t first, uint32_t count, uint8_t shift) {
  std::vector<Note> out;
  for (uint32_t k = first; k < first + count; ++k) {
    const format::NoteRec& r = cs.notes()[k];
    Note n{static_cast<format::NoteKind>(r.kind), static_cast<uint8_t>(r.source + shift), std::string(cs.str(r.text)), {}};
    for (uint32_t x = r.ref_first; x < r.ref_first + r.ref_count; ++x) {
      const auto& cr = cs.note_refs()[x];
      n.refs.push_back({Text(cr.first, 8), Text(cr.last, 8)});
    }
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

Result<UserLoad> LoadIcd10cmYear(const UserFile& file, const LoadOptions& opt) {
  const std::string& name = file.name;
  const std::string bname = opt.base_name.empty() ? "the ICD-10-CM code set" : opt.base_name;
  if (opt.base.empty()) {
    return Refuse(name, "an ICD-10-CM order file is loaded onto the ICD-10-CM code set whose newest year it follows: "
                        "give that file (the shipped icd10cm-*.mcs) as the base");
  }
  const uint32_t opt_from = opt.effective_from.empty() ? 0 : ParseIsoDate(opt.effective_from);
  const uint32_t opt_to = opt.effective_to.empty() ? 0 : ParseIsoDate(opt.effective_to);
  if ((!opt.effective_from.empty() && !opt_from) || (!opt.effective_to.empty() && !opt_to) ||
      (opt_from && opt_to && opt_from > opt_to)) {
    return MakeError(ErrorCode::kInvalidArgument, "the effective dates given must be ISO dates (YYYY-MM-DD), the first not after the second");
  }
  const std::string loaded = opt.loaded_on.empty() ? FormatDate(TodayUtc()) : opt.loaded_on;
  if (!ParseIsoDate(loaded)) return MakeError(ErrorCode::kInvalidArgument, "the load date must be an ISO date (YYYY-MM-DD)");

  // The base: an ICD-10-CM code set with its import state.
  std::vector<uint64_t> aligned((opt.base.size() + 7) / 8);
  std::memcpy(aligned.data(), opt.base.data(), opt.base.size());
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(aligned.data()), opt.base.size());
  auto opened = CodeSet::Open(bytes);
  if (!opened) return MakeError(opened.error().code, bname + ": " + opened.error().message);
  const CodeSet& cs = *opened;
  if (cs.meta().system != "ICD-10-CM") {
    return MakeError(ErrorCode::kInvalidArgument, bname + ": a " + cs.meta().system + " file, not an ICD-10-CM code set: "
                                                      "an ICD-10-CM order file is loaded onto the ICD-10-CM file");
  }
  const std::string sname = opt.base_state_name.empty() ? ImportStateFileName(bname) : opt.base_state_name;
  if (opt.base_state.empty()) {
    return MakeError(ErrorCode::kNotFound, bname + ": its ICD-10-CM import state (" + sname + ", written beside it by "
                                               "coder-import) was not found: give it with --base-state FILE, or rebuild "
                                               "both with coder-import --manifest");
  }
  auto state = ReadImportStateFile(opt.base_state, sname, opt.base, bname);
  if (!state) return state.error();

  // The new year: the one after the base's newest, its dates from the name or the options.
  std::vector<YearSpan> years = BaseYears(cs);
  const YearSpan newest = years.back();
  int fy = YearFromName(name);
  if (!fy && opt_to) fy = static_cast<int>(opt_to / 10000);
  if (!fy) {
    return Refuse(name, "the fiscal year is not in the file (an order file does not state it) and its name is not the "
                        "CMS name that does (icd10cm_order_2028.txt): keep that name or give the effective dates");
  }
  YearSpan ny{fy, static_cast<uint32_t>((fy - 1) * 10000 + 1001), static_cast<uint32_t>(fy * 10000 + 930)};
  std::string dates_from = "file name";
  if (opt_from) {
    ny.from = opt_from;
    if (opt_to) ny.to = opt_to;
    dates_from = "options";
  } else if (opt_to) {
    ny.to = opt_to;
    dates_from = "options";
  }
  const std::string fyl = "FY" + std::to_string(fy), newl = "FY" + std::to_string(newest.year);
  if (fy <= newest.year) {
    return Refuse(name, "an order file of " + fyl + ", but " + bname + " already holds " + newl + ": load the year after " + newl);
  }
  if (fy != newest.year + 1) {
    return Refuse(name, "an order file of " + fyl + ", but the newest year of " + bname + " is " + newl + ": load FY" +
                            std::to_string(newest.year + 1) + " first (years are loaded one after another)");
  }
  if (ny.from <= newest.to || ny.to < ny.from) {
    return Refuse(name, fyl + " from " + FormatDate(ny.from) + " to " + FormatDate(ny.to) + " would overlap " + newl +
                            " (to " + FormatDate(newest.to) + ")");
  }
  if (years.size() + 1 > format::kMaxYears) {
    return Refuse(name, bname + " already holds " + std::to_string(years.size()) + " years, the most one file holds");
  }
  years.push_back(ny);

  // The model as ImportIcd10cm builds it: the new input first (the manifest lists the
  // newest order file first), then the base's inputs, whose indices move by one.
  constexpr uint8_t kShift = 1;
  if (cs.meta().inputs.size() + 1 > 250) return Refuse(name, bname + " lists too many inputs");
  const std::string sha = Sha256Hex(file.bytes);
  Model m;
  m.system = "ICD-10-CM";
  m.year = fy;
  m.years = years;
  std::string label = "ICD-10-CM ";
  for (size_t y = years.size(); y-- > 0;) {
    label += "FY" + std::to_string(years[y].year) + (y == 0 ? "" : y == 1 ? " and " : ", ");
  }
  m.label = label;
  m.effective_from = FormatDate(years.front().from);
  m.effective_to = FormatDate(years.back().to);
  m.inputs.push_back({"order", name, "user-loaded " + loaded, sha, "user-loaded", fy});
  for (const auto& in : cs.meta().inputs) m.inputs.push_back({in.role, in.name, in.path, in.sha256, in.kind, in.year});
  std::string provenance = "user-loaded: " + name + " (sha256 " + sha + "), loaded " + loaded;
  if (!cs.meta().provenance.empty()) provenance = cs.meta().provenance + "; " + provenance;
  m.provenance = provenance;

  Report rep;
  Icd10cmCtx ctx{m, rep, {}};
  auto r = ParseOrder(ctx, file.bytes, name);
  if (!r) return r.error();
  if (auto e = CheckSequence(file.bytes, name)) return *e;
  const bool has_years = !cs.years().empty();
  const int base_newest = static_cast<int>(years.size()) - 2;
  std::vector<Code> previous = CodesOfYear(cs, base_newest, has_years);
  if (m.codes.size() * 2 < previous.size()) {
    return Refuse(name, "holds " + std::to_string(m.codes.size()) + " codes where " + newl + " has " +
                            std::to_string(previous.size()) + ": a truncated file, or not a whole order file");
  }
  StartNewestYear(m);
  for (int y = base_newest; y >= 0; --y) {
    r = MergeOlderYear(m, y == base_newest ? std::move(previous) : CodesOfYear(cs, y, has_years), static_cast<uint8_t>(y), rep);
    if (!r) return r.error();
  }
  ctx.index.clear();  // the merge placed the older years' codes among the new year's
  for (uint32_t i = 0; i < m.codes.size(); ++i) ctx.index.emplace(m.codes[i].code, i);

  // What the other inputs gave, as the base file holds it.
  for (const auto& d : cs.deleted()) m.deleted.push_back({Text(d.code, 8), std::string(cs.str(d.title)), static_cast<uint8_t>(d.source + kShift)});
  for (const auto& c : cs.chapters()) {
    m.chapters.push_back({c.number, std::string(cs.str(c.title)), Text(c.first, 4), Text(c.last, 4),
                          NotesOf(cs, c.note_first, c.note_count, kShift)});
  }
  for (const auto& s : cs.sections()) {
    m.sections.push_back({Text(s.first, 4), Text(s.last, 4), std::string(cs.str(s.title)), s.chapter,
                          NotesOf(cs, s.note_first, s.note_count, kShift)});
  }
  for (uint32_t i = 0; i < cs.size(); ++i) {
    if (cs.code(i).size() == 3) m.category_section[std::string(cs.code(i))] = cs.rec(i).section;
  }
  // Listed categories the base did not have keep their listed section (icd10cm_state.h).
  for (const auto& [category, section] : state->categories) {
    if (section >= m.sections.size()) return MakeError(ErrorCode::kCorrupt, sname + ": names a section " + bname + " does not have");
    m.category_section.emplace(category, section);
  }
  r = PlaceCategories(ctx);
  if (!r) return r.error();
  for (uint32_t i = 0; i < cs.size(); ++i) {
    Code& c = m.codes[ctx.index.at(std::string(cs.code(i)))];
    c.notes = NotesOf(cs, cs.rec(i).note_first, cs.rec(i).note_count, kShift);
    for (const Note& n : c.notes) {
      if (n.kind == format::NoteKind::kInclusionTerm) c.docs.push_back({format::DocKind::kInclusion, n.text, "", "", 0, n.source});
    }
  }
  // What the notes JSON and the tabular XML gave for codes the base's years lack and the
  // new year has, in the order they were read (the notes JSON's first, as in the manifest
  // path); the rest stays kept for a later year.
  Icd10cmImportState next{state->books, state->lexicon, {}, {}, {}};
  for (PendingNote& p : state->notes) {
    p.note.source = static_cast<uint8_t>(p.note.source + kShift);
    auto it = ctx.index.find(p.code);
    if (it == ctx.index.end()) {
      next.notes.push_back(std::move(p));
      continue;
    }
    Code& c = m.codes[it->second];
    if (p.notes_json && p.note.kind == format::NoteKind::kInclusionTerm) {
      c.docs.push_back({format::DocKind::kInclusion, p.note.text, "", "", 0, p.note.source});
    }
    c.notes.push_back(std::move(p.note));
  }
  std::vector<uint8_t> book_sources;
  for (const BookRead& b : state->books) {
    auto in = std::find_if(m.inputs.begin(), m.inputs.end(), [&](const InputFile& f) { return f.role == b.role; });
    if (in == m.inputs.end()) return MakeError(ErrorCode::kCorrupt, sname + ": holds a book (" + b.role + ") the inputs of " + bname + " do not list");
    book_sources.push_back(static_cast<uint8_t>(in - m.inputs.begin()));
  }
  r = ImportBooks(ctx, state->books, book_sources);
  if (!r) return r.error();
  m.lexicon = state->lexicon;
  // 7th-character definitions in the tabular XML's order: the base's, and the kept ones
  // whose code the new year has, each where the XML put it.
  std::vector<SeventhDefIn> defs;
  for (const auto& d : cs.seventh_defs()) {
    SeventhDefIn s{std::string(cs.code(d.owner)), static_cast<uint8_t>(d.source + kShift), {}};
    for (uint32_t x = d.ext_first; x < d.ext_first + d.ext_count; ++x) {
      s.exts.emplace_back(cs.seventh_exts()[x].ch, std::string(cs.str(cs.seventh_exts()[x].meaning)));
    }
    defs.push_back(std::move(s));
  }
  uint32_t resolved = 0;
  size_t k = 0;  // the next base definition
  for (PendingSeventh& p : state->sevenths) {
    p.def.source = static_cast<uint8_t>(p.def.source + kShift);
    if (p.before > defs.size()) return MakeError(ErrorCode::kCorrupt, sname + ": places a 7th-character definition past those of " + bname);
    if (!ctx.index.count(p.def.owner)) {
      next.sevenths.push_back({p.before + resolved, std::move(p.def)});
      continue;
    }
    for (; k < p.before; ++k) m.sevenths.push_back(std::move(defs[k]));
    m.sevenths.push_back(std::move(p.def));
    ++resolved;
  }
  for (; k < defs.size(); ++k) m.sevenths.push_back(std::move(defs[k]));
  for (size_t d = 0; d < m.sevenths.size(); ++d) {
    auto owner = ctx.index.find(m.sevenths[d].owner);
    if (owner == ctx.index.end()) return MakeError(ErrorCode::kCorrupt, bname + ": a 7th-character definition on a code it does not have");
    m.codes[owner->second].own_seventh = static_cast<int>(d);
  }
  for (const auto& [category, section] : state->categories) {
    if (!ctx.index.count(category)) next.categories.emplace_back(category, section);
  }
  MoveSplitOffDocs(m, rep);
  CountBareNewCodes(m, rep);

  auto written = WriteCodeSet(m, rep);
  if (!written) return written.error();
  UserLoad out;
  out.system = "ICD-10-CM";
  out.bytes = std::move(*written);
  out.import_state = WriteImportStateFile(next, out.bytes, opt.out_name.empty() ? "the loaded code set" : opt.out_name);
  nlohmann::json j = rep.ToJson();
  j["system"] = out.system;
  j["label"] = m.label;
  j["effective_from"] = m.effective_from;
  j["effective_to"] = m.effective_to;
  j["provenance"] = provenance;
  j["files"] = nlohmann::json::array({{{"name", name}, {"bytes", file.bytes.size()}, {"sha256", sha}, {"kind", "icd10cm-order"},
                                       {"what", "ICD-10-CM order file (fixed width)"}, {"setting", ""}, {"edition", fyl},
                                       {"effective_from", FormatDate(ny.from)}, {"effective_to", FormatDate(ny.to)},
                                       {"dates_from", dates_from}, {"loaded", loaded}}});
  // The year's changes, under names that do not depend on the years' numbers.
  const std::string prev = "FY" + std::to_string(newest.year);
  auto count = [&](const std::string& key) { return rep.counts.count(key) ? rep.counts.at(key) : int64_t{0}; };
  j["year"] = {{"year", fy},
               {"base_year", newest.year},
               {"codes", count("codes (order file lines)")},
               {"added", count(fyl + " codes new since " + prev)},
               {"deleted", count(prev + " codes not in " + fyl + " (kept, valid through " + prev + ")")},
               {"retitled", count(prev + " codes retitled in " + fyl)},
               {"became_headers", count(prev + " billable codes that are headers in " + fyl)},
               {"became_billable", count(prev + " headers that are billable in " + fyl)},
               {"new_without_own_notes", count(fyl + " new codes with no notes of their own (inherit their category's)")}};
  j["bytes"] = out.bytes.size();
  j["sha256"] = Sha256Hex(out.bytes);
  out.report = std::move(j);
  return out;
}

}  // namespace medcode::import
