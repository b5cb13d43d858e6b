// Lookup and validation of one code (lookup.h): title, hierarchy, billable status,
// notes with their sources, 7th characters, dates of a dated code set, modifiers.
#include "medcode/lookup.h"

#include <algorithm>
#include <cstring>
#include <tuple>

#include "medcode/text.h"
#include "medcode/years.h"
#include "ascii.h"
#include "enum_names.h"

namespace medcode {
namespace {

using namespace format;

std::string RangeEnd(const char (&c)[8]) { return DotCode(std::string_view(c, strnlen(c, 8))); }

void AppendNotes(const CodeSet& cs, uint32_t first, uint32_t count, const std::string& from,
                 const std::string& level, bool inherited, std::vector<NoteView>& out, bool skip_inclusion) {
  for (uint32_t k = first; k < first + count; ++k) {
    const NoteRec& n = cs.notes()[k];
    if (skip_inclusion && n.kind == static_cast<uint8_t>(NoteKind::kInclusionTerm)) continue;
    NoteView v;
    v.kind = NoteKindName(n.kind);
    v.text = std::string(cs.str(n.text));
    v.from = from;
    v.from_level = level;
    v.inherited = inherited;
    v.source = cs.SourceLabel(n.source);
    v.source_year = n.source < cs.meta().inputs.size() ? cs.meta().inputs[n.source].year : 0;
    for (uint32_t r = n.ref_first; r < n.ref_first + n.ref_count; ++r) {
      v.refs.push_back({RangeEnd(cs.note_refs()[r].first), RangeEnd(cs.note_refs()[r].last)});
    }
    out.push_back(std::move(v));
  }
}

std::string SectionId(const SectionRec& s) {
  std::string a(s.first, strnlen(s.first, 4)), b(s.last, strnlen(s.last, 4));
  return a == b ? a : a + "-" + b;
}

bool SeventhValid(const CodeSet& cs, uint32_t def, char ch) {
  const SeventhDef& d = cs.seventh_defs()[def];
  for (uint32_t k = d.ext_first; k < d.ext_first + d.ext_count; ++k) {
    if (cs.seventh_exts()[k].ch == ch) return true;
  }
  return false;
}

std::string SeventhList(const CodeSet& cs, uint32_t def) {
  const SeventhDef& d = cs.seventh_defs()[def];
  std::string s;
  for (uint32_t k = d.ext_first; k < d.ext_first + d.ext_count; ++k) {
    if (!s.empty()) s += ", ";
    s += cs.seventh_exts()[k].ch;
  }
  return s;
}

}  // namespace

// The billable code a coder reaches from a header by default: down the children whose
// title is the header's plus "without complications", "uncomplicated" or "unspecified"
// (E11 -> E11.9 "Type 2 diabetes mellitus without complications"; not E11.8 "with
// unspecified complications", which says a complication is there).
std::optional<uint32_t> DefaultCode(const CodeSet& cs, uint32_t idx) {
  for (int depth = 0; depth < 4 && !cs.billable(idx); ++depth) {
    std::string_view title = cs.title(idx);
    uint32_t without = kNone, unspecified = kNone;
    for (uint32_t k = idx + 1; k < cs.rec(idx).subtree_end; k = cs.rec(k).subtree_end) {
      std::string_view t = cs.title(k);
      if (t.size() <= title.size() || t.substr(0, title.size()) != title) continue;
      std::string rest = ascii::Lower(t.substr(title.size()));
      if (rest.find("with unspecified") != std::string::npos || rest.find("with other") != std::string::npos) continue;
      if (without == kNone && (rest.find("without") != std::string::npos || rest.find("uncomplicated") != std::string::npos ||
                               rest.find("not having achieved remission") != std::string::npos))
        without = k;
      if (unspecified == kNone && rest.find("unspecified") != std::string::npos) unspecified = k;
    }
    uint32_t next = without != kNone ? without : unspecified;
    if (next == kNone) return std::nullopt;
    idx = next;
  }
  if (!cs.billable(idx)) return std::nullopt;
  return idx;
}

namespace {

// Billable codes below a header: the index default first, then the others in tabular order.
// y: the year (index into cs.years()) the codes must be billable in.
std::vector<std::string> BillableBelow(const CodeSet& cs, uint32_t idx, size_t max, int y) {
  std::vector<std::string> out;
  uint32_t def = DefaultCode(cs, idx).value_or(kNone);
  if (def != kNone && !cs.BillableIn(def, y)) def = kNone;
  if (def != kNone) out.push_back(cs.Dotted(def));
  for (uint32_t k = idx + 1; k < cs.rec(idx).subtree_end && out.size() < max; ++k) {
    if (cs.BillableIn(k, y) && k != def) out.push_back(cs.Dotted(k));
  }
  return out;
}

// The definition of an attribute kind by key (nullptr if the code set has none).
const AttributeDefInfo* AttrDef(const CodeSet& cs, std::string_view key) {
  for (const auto& a : cs.meta().attributes) if (a.key == key) return &a;
  return nullptr;
}

std::string Meaning(const CodeSet& cs, std::string_view key, std::string_view value) {
  const AttributeDefInfo* a = AttrDef(cs, key);
  return a ? a->Meaning(value) : std::string();
}

// The date a dated code set is checked against: the date of service, else the code set's start.
uint32_t CheckDate(const CodeSet& cs, std::string_view date_of_service) {
  uint32_t d = ParseDate(date_of_service);
  return d ? d : ParseDate(cs.meta().effective_from);
}

// "HCPCS" codes are five letters or digits: "E0100", "99213".
std::string FlatShapeHint(const CodeSet& cs) {
  return cs.meta().system == "CPT" ? "five letters or digits, e.g. 99213 or 0001U"
                                   : "five letters or digits, e.g. " + (cs.size() ? std::string(cs.code(cs.sorted()[0])) : std::string("E0100"));
}

Validation ValidateFlat(const CodeSet& cs, std::string_view input, std::string_view date_of_service) {
  Validation v;
  v.input = std::string(input.substr(0, 64));
  std::string n = NormalizeCode(input);
  const std::string& label = cs.meta().label;
  if (n.size() != 5 || n.find('.') != std::string::npos || std::string_view(input).find('.') != std::string_view::npos) {
    v.status = CodeStatus::kMalformed;
    v.message = "'" + v.input + "' is not shaped like a " + cs.meta().system + " code (" + FlatShapeHint(cs) + ")";
    return v;
  }
  v.code = n;
  auto idx = cs.Find(n);
  if (!idx) {
    v.status = CodeStatus::kUnknown;
    v.message = n + " is not a code in " + label;
    auto [lo, hi] = cs.PrefixRange(n.substr(0, 4));
    if (lo == hi) std::tie(lo, hi) = cs.PrefixRange(n.substr(0, 3));
    for (uint32_t k = lo; k < hi && v.suggestions.size() < 5; ++k) {
      if (cs.billable(cs.sorted()[k])) v.suggestions.push_back(cs.Dotted(cs.sorted()[k]));
    }
    if (!v.suggestions.empty()) v.message += "; codes nearby include " + v.suggestions[0];
    return v;
  }
  const uint32_t i = *idx;
  const format::CodeDates* dt = cs.dates(i);
  const uint32_t when = CheckDate(cs, date_of_service);
  const bool dated = ParseDate(date_of_service) != 0;
  auto xrefs = [&] {
    for (const auto& a : cs.AttributesOf(i)) {
      if (a.key < cs.meta().attributes.size() && cs.meta().attributes[a.key].key == "xref") {
        std::string x(cs.str(a.value));
        if (auto k = cs.Find(x); k && !cs.terminated(*k)) v.suggestions.push_back(cs.Dotted(*k));
      }
    }
  };
  if ((dt && dt->terminated && when && dt->terminated < when) || (!dated && cs.terminated(i))) {
    v.status = CodeStatus::kTerminated;
    v.message = n + " was terminated: its last date of service was " +
                (dt && dt->terminated ? FormatDate(dt->terminated) : std::string("before ") + cs.meta().effective_from);
    if (dated) v.message += " (date of service " + FormatDate(when) + ")";
    xrefs();
    if (!v.suggestions.empty()) v.message += "; the code set cross-references it to " + v.suggestions[0];
    return v;
  }
  if (dt && dt->added && when && dt->added > when) {
    v.status = CodeStatus::kNotYetEffective;
    v.message = n + " takes effect on " + FormatDate(dt->added) + ", after the date of service " + FormatDate(when);
    return v;
  }
  if (cs.billable(i) || cs.terminated(i)) {
    v.status = CodeStatus::kValid;
    v.message = n + " is a valid code in " + label;
    if (dated) v.message += " on " + FormatDate(when);
    if (dt && dt->terminated) v.message += "; it is terminated after " + FormatDate(dt->terminated);
    return v;
  }
  v.status = CodeStatus::kHeader;
  v.message = n + " is in " + label + " but not billable";
  return v;
}

}  // namespace

const char* NoteKindName(uint8_t kind) {
  static constexpr const char* kNames[] = {
      nullptr, "includes", "inclusionTerm", "excludes1", "excludes2", "codeFirst", "useAdditionalCode",
      "codeAlso", "notes", "sevenChrNote"};
  static_assert(std::size(kNames) == kMaxNoteKind + 1);
  return EnumName(kind, kNames);
}

const char* CodeStatusName(CodeStatus s) {
  static constexpr const char* kNames[] = {
      "valid", "header", "needs-seventh", "missing-placeholder", "invalid-seventh", "deleted", "unknown",
      "malformed", "terminated", "not-yet-effective"};
  return EnumName(s, kNames);
}

namespace {

// The year-dependent part of a lookup in a file of several years: the code as the year in
// force has it, when it is valid, and what replaced it (or what to report before it existed).
void YearDetail(const CodeSet& cs, uint32_t idx, const YearChoice& yc, CodeDetail& d) {
  const int y = yc.index;
  const format::CodeYears& cy = *cs.code_years(idx);
  const auto years = cs.years();
  d.year = yc.label;
  d.valid_from = FormatDate(years[cy.first].from);
  d.valid_to = cy.last == cs.newest_year() ? "" : FormatDate(years[cy.last].to);
  const int shown = std::clamp<int>(y, cy.first, cy.last);  // the title of the nearest year it has
  d.title = std::string(cs.TitleIn(idx, shown));
  d.short_title = std::string(cs.ShortTitleIn(idx, shown));
  d.billable = cs.InYear(idx, y) && cs.BillableIn(idx, y);
  d.new_this_year = y > 0 && cy.first == y;
  d.revised_this_year = y > 0 && cs.InYear(idx, y - 1) && cs.TitleIn(idx, y) != cs.TitleIn(idx, y - 1);
  d.terminated = y > cy.last;
  const std::string on = yc.date ? " on " + FormatDate(yc.date) : " in " + yc.label;
  auto names = [&](const std::vector<uint32_t>& codes) {
    std::vector<std::string> out;
    for (uint32_t k : codes) out.push_back(cs.Dotted(k));
    return out;
  };
  if (y > cy.last) {
    d.replaced_by = names(Replacements(cs, idx, y));
    d.status_note = "deleted in " + ChooseYearAt(cs, years[cy.last + 1].from).label + ": valid through " + d.valid_to +
                    ", not" + on;
    d.status_note += d.replaced_by.empty() ? "; no code was added in its place" : "; now reported with " + d.replaced_by[0];
    for (size_t k = 1; k < d.replaced_by.size(); ++k) d.status_note += ", " + d.replaced_by[k];
  } else if (y < cy.first) {
    d.use_instead = names(EarlierEquivalents(cs, idx, y));
    d.status_note = "new in " + ChooseYearAt(cs, years[cy.first].from).label + ": valid from " + d.valid_from + ", not" + on;
    if (!d.use_instead.empty()) d.status_note += "; in " + yc.label + " report " + d.use_instead[0];
  } else if (!d.billable && y > 0 && cs.BillableIn(idx, y - 1)) {
    d.replaced_by = names(Replacements(cs, idx, y));
    d.status_note = "a header since " + yc.label + " (billable through " + FormatDate(years[y - 1].to) + ")";
    if (!d.replaced_by.empty()) d.status_note += ": report " + d.replaced_by[0] + " or another code below it";
  }
  if (yc.outside) d.status_note += (d.status_note.empty() ? "" : "; ") + yc.note;
}

}  // namespace

Result<CodeDetail> Lookup(const CodeSet& cs, std::string_view text, std::string_view date_of_service) {
  if (text.size() > 64) return MakeError(ErrorCode::kInputTooLong, "a code is at most 8 characters");
  auto found = cs.Find(text);
  if (!date_of_service.empty() && !ParseDate(date_of_service)) {
    return MakeError(ErrorCode::kInvalidArgument, "the date of service must be a date (YYYY-MM-DD)");
  }
  if (!found) {
    Validation v = Validate(cs, text);
    return MakeError(ErrorCode::kNotFound, v.message);
  }
  uint32_t idx = *found;
  const CodeRec& r = cs.rec(idx);
  CodeDetail d;
  d.index = idx;
  d.code = cs.Dotted(idx);
  d.title = std::string(cs.title(idx));
  d.short_title = std::string(cs.str(r.short_title));
  d.billable = r.flags & kBillable;
  d.new_this_year = r.flags & kNewThisYear;
  d.revised_this_year = r.flags & kRevisedThisYear;
  const YearChoice yc = ChooseYearAt(cs, ParseDate(date_of_service));
  const int y = yc.index;
  if (!cs.years().empty()) YearDetail(cs, idx, yc, d);
  if (const DeletedRec* del = cs.FindDeleted(cs.code(idx))) {
    d.deleted_note = "listed as deleted in the " + cs.SourceLabel(del->source) +
                     "; in FY" + std::to_string(cs.meta().year) + " it is a header, not billable";
  }

  std::vector<uint32_t> chain;  // the code and its ancestors, nearest first
  for (uint32_t k = idx; k != kNone; k = cs.rec(k).parent) chain.push_back(k);

  const bool has_chapter = !cs.chapters().empty();
  const bool has_section = !cs.sections().empty();
  if (has_chapter) {
    const ChapterRec& ch = cs.chapters()[r.chapter];
    d.hierarchy.push_back({"chapter", std::to_string(ch.number), std::string(cs.str(ch.title))});
  }
  if (has_section) {
    const SectionRec& s = cs.sections()[r.section];
    d.hierarchy.push_back({"section", SectionId(s), std::string(cs.str(s.title))});
  }
  const bool flat = cs.meta().flat;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const CodeRec& a = cs.rec(*it);
    std::string level = flat ? "code" : a.level == 0 ? "category" : (a.flags & kBillable) ? "code" : "subcategory";
    d.hierarchy.push_back({level, cs.Dotted(*it), std::string(cs.TitleIn(*it, y))});
  }

  for (size_t c = 0; c < chain.size(); ++c) {
    const CodeRec& a = cs.rec(chain[c]);
    // Inclusion terms describe the code they are written under; every other note
    // written at a category or subcategory applies to all codes below it.
    std::string level = flat ? "code" : a.level == 0 ? "category" : (a.flags & kBillable) ? "code" : "subcategory";
    AppendNotes(cs, a.note_first, a.note_count, cs.Dotted(chain[c]), level, c > 0, d.notes, c > 0);
  }
  if (has_section) {
    const SectionRec& s = cs.sections()[r.section];
    AppendNotes(cs, s.note_first, s.note_count, "Section " + SectionId(s), "section", true, d.notes, false);
  }
  if (has_chapter) {
    const ChapterRec& ch = cs.chapters()[r.chapter];
    AppendNotes(cs, ch.note_first, ch.note_count, "Chapter " + std::to_string(ch.number), "chapter", true, d.notes,
                false);
  }

  if (r.seventh != kNone) {
    const SeventhDef& def = cs.seventh_defs()[r.seventh];
    SeventhInfo si;
    si.declared_at = cs.Dotted(def.owner);
    si.source = cs.SourceLabel(def.source);
    si.source_year = def.source < cs.meta().inputs.size() ? cs.meta().inputs[def.source].year : 0;
    for (uint32_t k = def.ext_first; k < def.ext_first + def.ext_count; ++k) {
      si.chars.push_back({cs.seventh_exts()[k].ch, std::string(cs.str(cs.seventh_exts()[k].meaning))});
    }
    d.seventh = std::move(si);
  }
  for (uint32_t k = idx + 1; k < r.subtree_end; k = cs.rec(k).subtree_end) {
    if (cs.InYear(k, y)) d.children.push_back({cs.Dotted(k), std::string(cs.TitleIn(k, y)), cs.BillableIn(k, y)});
  }

  // Dated codes (HCPCS): billable on the date of service only between added and terminated.
  if (cs.years().empty()) d.terminated = r.flags & kTerminated;
  if (const CodeDates* dt = cs.dates(idx)) {
    d.added_date = FormatDate(dt->added);
    d.action_date = FormatDate(dt->effective);
    d.termination_date = FormatDate(dt->terminated);
    const bool reportable = (r.flags & (kBillable | kTerminated)) != 0;
    if (uint32_t dos = ParseDate(date_of_service)) {
      d.date_of_service = FormatDate(dos);
      d.terminated = dt->terminated && dt->terminated < dos;
      const bool early = dt->added && dos < dt->added;
      d.billable = reportable && !d.terminated && !early;
      if (d.terminated) {
        d.status_note = "terminated: its last date of service was " + d.termination_date + ", before " + d.date_of_service;
      } else if (early) {
        d.status_note = "not yet in force on " + d.date_of_service + ": added " + d.added_date;
      } else if (dt->terminated) {
        d.status_note = "in force on " + d.date_of_service + "; terminated after " + d.termination_date;
      }
    } else if (d.terminated) {
      d.status_note = "terminated: its last date of service was " + d.termination_date + "; not billable in " +
                      cs.meta().label;
    } else if (dt->terminated) {
      d.status_note = "terminated after " + d.termination_date + ": not billable for later dates of service";
    }
  } else if (!cs.years().empty()) {
    if (yc.date) d.date_of_service = FormatDate(yc.date);
  } else if (uint32_t dos = ParseDate(date_of_service)) {
    d.date_of_service = FormatDate(dos);
    uint32_t from = ParseDate(cs.meta().effective_from), to = ParseDate(cs.meta().effective_to);
    if ((from && dos < from) || (to && dos > to)) {
      d.status_note = cs.meta().label + " is in force from " + cs.meta().effective_from + " to " + cs.meta().effective_to +
                      ", not on " + d.date_of_service;
    }
  }
  for (const AttrRec& a : cs.AttributesOf(idx)) {
    const AttributeDefInfo& def = cs.meta().attributes[a.key];
    std::string value(cs.str(a.value));
    d.attributes.push_back({def.key, def.label, value, def.Meaning(value), cs.SourceLabel(a.source)});
  }
  return d;
}

Result<std::vector<ModifierView>> ListModifiers(const CodeSet& cs, std::string_view query, std::string_view date_of_service) {
  if (query.size() > kMaxModifierQueryBytes) return MakeError(ErrorCode::kInputTooLong, "the modifier query is too long");
  if (!date_of_service.empty() && !ParseDate(date_of_service)) {
    return MakeError(ErrorCode::kInvalidArgument, "the date of service must be a date (YYYY-MM-DD)");
  }
  auto words = text::Tokenize(query);
  if (!words) return words.error();
  const ModifierRec* exact = cs.FindModifier(query);
  const uint32_t when = CheckDate(cs, date_of_service);
  auto view = [&](const ModifierRec& m) {
    ModifierView v;
    v.code = std::string(m.code, strnlen(m.code, 4));
    v.title = std::string(cs.str(m.title));
    v.short_title = std::string(cs.str(m.short_title));
    v.added_date = FormatDate(m.added);
    v.action_date = FormatDate(m.effective);
    v.termination_date = FormatDate(m.terminated);
    v.terminated = m.terminated ? (when && m.terminated < when) : false;
    if (date_of_service.empty()) v.terminated = v.terminated || (m.flags & kTerminated);
    if (m.action) v.action = std::string(1, m.action), v.action_meaning = Meaning(cs, "action", v.action);
    if (m.coverage) v.coverage = std::string(1, m.coverage), v.coverage_meaning = Meaning(cs, "coverage", v.coverage);
    v.source = cs.SourceLabel(m.source);
    return v;
  };
  std::vector<ModifierView> out;
  if (exact) out.push_back(view(*exact));
  if (words->empty()) {
    if (!query.empty() && exact) return out;
    for (const auto& m : cs.modifiers()) if (&m != exact) out.push_back(view(m));
    return out;
  }
  for (const auto& m : cs.modifiers()) {
    if (&m == exact) continue;
    std::string text = std::string(cs.str(m.title)) + " " + std::string(cs.str(m.short_title));
    auto toks = text::Tokenize(text);
    if (!toks) continue;
    bool all = std::all_of(words->begin(), words->end(), [&](const std::string& w) {
      return std::any_of(toks->begin(), toks->end(), [&](const std::string& t) { return t.starts_with(w); });
    });
    if (all) out.push_back(view(m));
  }
  return out;
}

Validation Validate(const CodeSet& cs, std::string_view input, std::string_view date_of_service) {
  if (cs.meta().flat) return ValidateFlat(cs, input, date_of_service);
  Validation v;
  v.input = std::string(input.substr(0, 64));
  std::string n = NormalizeCode(input);
  // A letter, then a digit and a letter or digit; or (FY2027: QA1.71, Lynch syndrome) two
  // letters and a digit.
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  bool shaped = n.size() >= 3 && n[0] >= 'A' && n[0] <= 'Z' &&
                (digit(n[1]) || (n[1] >= 'A' && n[1] <= 'Z' && digit(n[2])));
  if (!shaped) {
    v.status = CodeStatus::kMalformed;
    v.message = "'" + v.input + "' is not shaped like an ICD-10-CM code (a letter, a digit, a letter or digit, "
                "or two letters and a digit, then up to four more letters or digits, with an optional dot after the third)";
    return v;
  }
  v.code = DotCode(n);
  // A file of several years answers for the year in force on the date of service.
  const bool years = !cs.years().empty();
  const YearChoice yc = ChooseYearAt(cs, ParseDate(date_of_service));
  const int y = yc.index;
  const std::string label = years ? cs.meta().system + " " + yc.label : cs.meta().label;
  const std::string on = years && yc.date ? " on " + FormatDate(yc.date) : "";
  const std::string not_on = yc.date ? "not on " + FormatDate(yc.date) : "not in " + yc.label;
  const std::string outside = years && yc.outside ? " (" + yc.note + ")" : "";
  if (years) v.year = yc.label;
  auto dotted = [&](const std::vector<uint32_t>& codes) {
    for (uint32_t k : codes) v.suggestions.push_back(cs.Dotted(k));
  };
  if (auto idx = cs.Find(n)) {
    const CodeRec& r = cs.rec(*idx);
    if (!cs.InYear(*idx, y)) {
      const format::CodeYears& cy = *cs.code_years(*idx);
      if (y > cy.last) {
        v.status = CodeStatus::kDeleted;
        v.message = v.code + " (" + std::string(cs.TitleIn(*idx, cy.last)) + ") was deleted in " +
                    cs.meta().system + " " + ChooseYearAt(cs, cs.years()[cy.last + 1].from).label +
                    ": it was valid through " + FormatDate(cs.years()[cy.last].to) + ", " + not_on;
        dotted(Replacements(cs, *idx, y));
        v.message += v.suggestions.empty() ? "; no code was added in its place" : "; codes now in its place include " +
                                                                                      v.suggestions[0];
      } else {
        v.status = CodeStatus::kNotYetEffective;
        v.message = v.code + " is new in " + cs.meta().system + " " + ChooseYearAt(cs, cs.years()[cy.first].from).label +
                    ": it is valid from " + FormatDate(cs.years()[cy.first].from) + ", " + not_on;
        dotted(EarlierEquivalents(cs, *idx, y));
        if (!v.suggestions.empty()) v.message += "; in " + yc.label + " report " + v.suggestions[0];
      }
      v.message += outside;
      return v;
    }
    if (cs.BillableIn(*idx, y)) {
      v.status = CodeStatus::kValid;
      v.message = v.code + " is a valid billable code in " + label + on + outside;
      return v;
    }
    if ((r.flags & kNeedsSeventh) || (r.seventh != kNone && n.size() < 7)) {
      v.status = CodeStatus::kNeedsSeventh;
      v.suggestions = BillableBelow(cs, *idx, 5, y);
      v.message = v.code + " requires a 7th character";
      if (r.seventh != kNone) v.message += " (" + SeventhList(cs, r.seventh) + ")";
      if (n.size() < 6) v.message += ", with placeholder X filling positions up to the 6th";
      if (!v.suggestions.empty()) v.message += "; for example " + v.suggestions[0];
      return v;
    }
    v.status = CodeStatus::kHeader;
    v.suggestions = BillableBelow(cs, *idx, 5, y);
    v.message = v.code + " is a header, not billable: use a more specific code below it";
    if (!v.suggestions.empty()) v.message += " (e.g. " + v.suggestions[0] + ")";
    if (years && y > 0 && cs.BillableIn(*idx, y - 1)) {
      v.message += "; it was billable through " + FormatDate(cs.years()[y - 1].to) + " and is a header in " + label + on;
    }
    v.message += outside;
    if (cs.FindDeleted(n)) {
      v.message += "; it was a billable code until the " + cs.SourceLabel(cs.FindDeleted(n)->source) +
                   " expanded it";
    }
    return v;
  }
  // 7 characters whose first six are a header taking a 7th character: the 7th is wrong.
  // Placeholder X positions are not codes of their own ("W21.89XB": the base is W21.89).
  if (n.size() == 7) {
    std::string six = n.substr(0, 6);
    auto base = cs.Find(six);
    while (!base && six.size() > 3 && six.back() == 'X') {
      six.pop_back();
      base = cs.Find(six);
    }
    if (base && cs.rec(*base).seventh != kNone) {
      uint32_t def = cs.rec(*base).seventh;
      if (!SeventhValid(cs, def, n[6])) {
        v.status = CodeStatus::kInvalidSeventh;
        v.suggestions = BillableBelow(cs, *base, 5, y);
        v.message = std::string("7th character '") + n[6] + "' is not valid for " + DotCode(n.substr(0, 6)) +
                    "; valid 7th characters: " + SeventhList(cs, def);
        return v;
      }
    }
  }
  // A 7th character given without the placeholder X ("T36.01A" for "T36.0X1A").
  if (n.size() >= 4 && n.size() < 7) {
    size_t missing = 7 - n.size();
    for (size_t pos = n.size() - 1; pos >= 3; --pos) {
      std::string cand = n.substr(0, pos) + std::string(missing, 'X') + n.substr(pos);
      if (auto idx = cs.Find(cand); idx && cs.BillableIn(*idx, y)) {
        v.status = CodeStatus::kMissingPlaceholder;
        v.suggestions = {DotCode(cand)};
        v.message = v.code + " lacks the placeholder X: the 7th character must be in the 7th position; the valid code is " +
                    DotCode(cand);
        return v;
      }
    }
  }
  if (const DeletedRec* del = cs.FindDeleted(n)) {
    v.status = CodeStatus::kDeleted;
    v.message = v.code + " (" + std::string(cs.str(del->title)) + ") was deleted; see the " + cs.SourceLabel(del->source);
    // Codes added below the deleted code's text, if any, are its likely replacements.
    // Else the codes below its nearest surviving ancestor (S30.1XXA -> S30.11XA, ...).
    for (size_t len = n.size(); len >= 3 && v.suggestions.empty(); --len) {
      std::string prefix = n.substr(0, len);
      while (prefix.size() > 3 && prefix.back() == 'X') prefix.pop_back();
      auto [lo, hi] = cs.PrefixRange(prefix);
      for (uint32_t k = lo; k < hi && v.suggestions.size() < 5; ++k) {
        if (cs.BillableIn(cs.sorted()[k], y)) v.suggestions.push_back(cs.Dotted(cs.sorted()[k]));
      }
    }
    if (!v.suggestions.empty()) v.message += "; codes now in its place include " + v.suggestions[0];
    return v;
  }
  v.status = CodeStatus::kUnknown;
  v.message = v.code + " is not a code in " + label;
  for (size_t len = n.size() - 1; len >= 3; --len) {
    if (auto idx = cs.Find(n.substr(0, len)); idx && cs.InYear(*idx, y)) {
      if (cs.BillableIn(*idx, y)) {
        v.suggestions = {cs.Dotted(*idx)};
        v.message += "; the nearest valid code is " + cs.Dotted(*idx);
      } else {
        v.suggestions = BillableBelow(cs, *idx, 5, y);
        v.message += "; " + cs.Dotted(*idx) + " exists (a header)";
      }
      break;
    }
  }
  return v;
}

Result<std::string> BuildSeventh(const CodeSet& cs, std::string_view base_text, char seventh) {
  std::string base = NormalizeCode(base_text);
  if (base.empty()) return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(base_text.substr(0, 16)) + "' is not a code");
  if (seventh >= 'a' && seventh <= 'z') seventh = static_cast<char>(seventh - 'a' + 'A');
  auto idx = cs.Find(base);
  if (!idx) return MakeError(ErrorCode::kNotFound, DotCode(base) + " is not a code in " + cs.meta().label);
  const CodeRec& r = cs.rec(*idx);
  if (r.seventh == kNone) {
    return MakeError(ErrorCode::kInvalidArgument, DotCode(base) + " does not take a 7th character");
  }
  if (base.size() > 6) return MakeError(ErrorCode::kInvalidArgument, DotCode(base) + " already has 7 characters");
  if (!SeventhValid(cs, r.seventh, seventh)) {
    return MakeError(ErrorCode::kInvalidArgument, std::string("7th character '") + seventh + "' is not valid for " +
                                                      DotCode(base) + "; valid: " + SeventhList(cs, r.seventh));
  }
  std::string full = base + std::string(6 - base.size(), 'X') + seventh;
  auto f = cs.Find(full);
  if (f && cs.billable(*f)) return DotCode(full);
  std::vector<std::string> below = BillableBelow(cs, *idx, 1, cs.newest_year());
  std::string msg = DotCode(full) + " is not a valid code: " + DotCode(base) +
                    " needs more characters before the 7th";
  if (!below.empty()) msg += " (for example " + below[0] + ")";
  return MakeError(ErrorCode::kNotFound, msg);
}

}  // namespace medcode
