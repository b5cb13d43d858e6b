// ICD-10-CM importer: the FY order file, its addenda, the tabular notes (derived JSON),
// the chapter/section/category lists, and an older official tabular XML for the note
// kinds and 7th-character definitions the newer inputs lack.
#include "icd10cm.h"

#include <expat.h>

#include <algorithm>
#include <map>
#include <charconv>
#include <cstring>
#include <unordered_map>

#include "medcode/text.h"
#include "icd10cm_years.h"
#include "util.h"

namespace medcode::import {
namespace {

using format::NoteKind;

std::string Undot(std::string_view c) {
  std::string s;
  for (char ch : c) {
    if (ch == '.') continue;
    s += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  return s;
}

std::string CleanNote(std::string_view s) {
  s = Trim(s);
  while (!s.empty() && (s.front() == ',' || s.front() == ' ')) s.remove_prefix(1);
  return ascii::CollapseBlanks(s);  // the XML indents multi-line notes
}

Note MakeNote(NoteKind kind, uint8_t source, std::string_view text) {
  Note n{kind, source, CleanNote(text), {}};
  n.refs = ExtractRefs(n.text);
  return n;
}

// A whole decimal number (no sign, no blanks); false otherwise. Not std::stoul: no exceptions.
bool ParseUint(std::string_view s, uint32_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

// "Neoplasms (C00-D49)" -> first "C00", last "D49".
bool RangeOf(std::string_view title, std::string& first, std::string& last) {
  size_t open = title.rfind('(');
  size_t close = title.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return false;
  std::string_view r = title.substr(open + 1, close - open - 1);
  size_t dash = r.find('-');
  first = std::string(Trim(r.substr(0, dash)));
  last = dash == std::string_view::npos ? first : std::string(Trim(r.substr(dash + 1)));
  return first.size() == 3 && last.size() == 3;
}

struct Ctx {
  Model& m;
  Report& rep;
  std::unordered_map<std::string, uint32_t> index;  // undotted code -> model index
};

Result<bool> ParseOrder(Ctx& ctx, const std::string& text, const std::string& name) {
  auto lines = SplitLines(text);
  uint32_t lineno = 0;
  for (auto line : lines) {
    ++lineno;
    if (Trim(line).empty()) continue;
    if (line.size() < 77 || line[5] != ' ' || line[13] != ' ' || (line[14] != '0' && line[14] != '1')) {
      return MakeError(ErrorCode::kCorrupt, name + " line " + std::to_string(lineno) +
                                                ": not in the order-file layout (order 5, code 7, flag, short 60, long)");
    }
    Code c;
    c.code = std::string(Trim(line.substr(6, 7)));
    c.billable = line[14] == '1';
    c.short_title = std::string(Trim(line.substr(16, 60)));
    c.title = std::string(Trim(line.substr(77)));
    bool chars_ok = std::all_of(c.code.begin(), c.code.end(),
                                [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'); });
    if (c.code.size() < 3 || c.code.size() > 7 || c.title.empty() || !chars_ok) {
      return MakeError(ErrorCode::kCorrupt, name + " line " + std::to_string(lineno) + ": invalid code or empty title");
    }
    c.category = c.code.substr(0, 3);
    if (!ctx.index.emplace(c.code, static_cast<uint32_t>(ctx.m.codes.size())).second) {
      return MakeError(ErrorCode::kCorrupt, name + " line " + std::to_string(lineno) + ": duplicate code " + c.code);
    }
    ctx.m.codes.push_back(std::move(c));
  }
  int64_t billable = std::count_if(ctx.m.codes.begin(), ctx.m.codes.end(), [](const Code& c) { return c.billable; });
  ctx.rep.counts["codes (order file lines)"] = static_cast<int64_t>(ctx.m.codes.size());
  ctx.rep.counts["codes billable"] = billable;
  ctx.rep.counts["codes headers"] = static_cast<int64_t>(ctx.m.codes.size()) - billable;
  return true;
}

Result<bool> ParseAddenda(Ctx& ctx, const std::string& text, const std::string& name, uint8_t source, bool flags) {
  int64_t adds = 0, dels = 0, revs = 0;
  uint32_t lineno = 0;
  for (auto line : SplitLines(text)) {
    ++lineno;
    auto parse = [&](std::string_view rest, std::string& code, std::string& title) {
      rest = Trim(rest);
      size_t sp = rest.find_first_of(" \t");
      code = std::string(rest.substr(0, sp));
      title = sp == std::string_view::npos ? "" : std::string(Trim(rest.substr(sp)));
    };
    std::string code, title;
    if (line.starts_with("Add:")) {
      parse(line.substr(4), code, title);
      auto it = ctx.index.find(code);
      if (it == ctx.index.end()) {
        ctx.rep.Skip("addenda 'Add' code not in the order file", code);
        continue;
      }
      if (flags) ctx.m.codes[it->second].flags |= format::kNewThisYear;
      ++adds;
    } else if (line.starts_with("Delete:")) {
      parse(line.substr(7), code, title);
      // The reader refuses a DELC record that is not an undotted upper-case code.
      bool shaped = code.size() >= 3 && code.size() <= 7 &&
                    std::all_of(code.begin(), code.end(), [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'); });
      if (!shaped) {
        ctx.rep.Skip("addenda 'Delete' entry without a valid undotted code", code);
        continue;
      }
      ctx.m.deleted.push_back({code, title, source});
      ++dels;
    } else if (line.starts_with("Revise to:")) {
      parse(line.substr(10), code, title);
      auto it = ctx.index.find(code);
      if (it == ctx.index.end()) {
        ctx.rep.Skip("addenda 'Revise' code not in the order file", code);
        continue;
      }
      if (flags) ctx.m.codes[it->second].flags |= format::kRevisedThisYear;
      ++revs;
    } else if (line.starts_with("Revise from:")) {
      continue;
    } else if (!Trim(line).empty() && line.find(':') != std::string_view::npos && lineno < 10000 &&
               (line.starts_with("Add") || line.starts_with("Del") || line.starts_with("Rev"))) {
      return MakeError(ErrorCode::kCorrupt, name + " line " + std::to_string(lineno) + ": unrecognized addenda entry");
    }
  }
  ctx.rep.counts["addenda: codes added this year"] = adds;
  ctx.rep.counts["addenda: codes deleted this year"] = dels;
  ctx.rep.counts["addenda: titles revised this year"] = revs;
  return true;
}

Result<bool> ParseHierarchy(Ctx& ctx, const std::string& chapters, const std::string& sections,
                            const std::string& categories) {
  auto clines = SplitLines(chapters);
  for (size_t i = 1; i < clines.size(); ++i) {
    if (Trim(clines[i]).empty()) continue;
    auto f = ParseCsvLine(clines[i]);
    if (f.size() < 2) return MakeError(ErrorCode::kCorrupt, "chapters CSV line " + std::to_string(i + 1) + ": expected 2 fields");
    Chapter ch;
    if (!ParseUint(f[0], ch.number)) {
      return MakeError(ErrorCode::kCorrupt, "chapters CSV line " + std::to_string(i + 1) + ": chapter '" + f[0] + "' is not a number");
    }
    ch.title = f[1];
    if (!RangeOf(ch.title, ch.first, ch.last)) {
      return MakeError(ErrorCode::kCorrupt, "chapters CSV line " + std::to_string(i + 1) + ": no code range in title");
    }
    ctx.m.chapters.push_back(ch);
  }
  auto slines = SplitLines(sections);
  for (size_t i = 1; i < slines.size(); ++i) {
    if (Trim(slines[i]).empty()) continue;
    auto f = ParseCsvLine(slines[i]);
    if (f.size() < 3) return MakeError(ErrorCode::kCorrupt, "sections CSV line " + std::to_string(i + 1) + ": expected 3 fields");
    Section s;
    size_t dash = f[0].find('-');
    s.first = f[0].substr(0, dash);
    s.last = dash == std::string::npos ? s.first : f[0].substr(dash + 1);
    s.title = f[2];
    uint32_t chnum = 0;
    if (!ParseUint(f[1], chnum)) {
      return MakeError(ErrorCode::kCorrupt, "sections CSV line " + std::to_string(i + 1) + ": chapter '" + f[1] + "' is not a number");
    }
    auto it = std::find_if(ctx.m.chapters.begin(), ctx.m.chapters.end(), [&](const Chapter& c) { return c.number == chnum; });
    if (it == ctx.m.chapters.end()) return MakeError(ErrorCode::kCorrupt, "section " + f[0] + " names unknown chapter " + f[1]);
    s.chapter = static_cast<uint32_t>(it - ctx.m.chapters.begin());
    ctx.m.sections.push_back(s);
  }
  std::unordered_map<std::string, uint32_t> sec_by_id;
  for (uint32_t s = 0; s < ctx.m.sections.size(); ++s) {
    const auto& sec = ctx.m.sections[s];
    sec_by_id[sec.first == sec.last ? sec.first : sec.first + "-" + sec.last] = s;
  }
  auto glines = SplitLines(categories);
  for (size_t i = 1; i < glines.size(); ++i) {
    if (Trim(glines[i]).empty()) continue;
    auto f = ParseCsvLine(glines[i]);
    if (f.size() < 4) return MakeError(ErrorCode::kCorrupt, "categories CSV line " + std::to_string(i + 1) + ": expected 4 fields");
    auto it = sec_by_id.find(f[2]);
    if (it == sec_by_id.end()) return MakeError(ErrorCode::kCorrupt, "category " + f[0] + " names unknown section " + f[2]);
    ctx.m.category_section[f[0]] = it->second;
  }
  // Any category of the order file missing from the list is placed by section range; a
  // category newer than the list and outside every range (FY2027's J4B after J4A) goes to
  // the section of the category before it in tabular order.
  std::string previous;
  int64_t by_order = 0;
  for (const Code& c : ctx.m.codes) {
    if (c.code.size() != 3) continue;
    const std::string before = previous;
    previous = c.code;
    if (ctx.m.category_section.count(c.code)) continue;
    bool placed = false;
    for (uint32_t s = 0; s < ctx.m.sections.size() && !placed; ++s) {
      if (ctx.m.sections[s].first <= c.code && c.code <= ctx.m.sections[s].last) {
        ctx.m.category_section[c.code] = s;
        placed = true;
      }
    }
    if (!placed && !ctx.m.years.empty() && !before.empty() && ctx.m.category_section.count(before)) {
      ctx.m.category_section[c.code] = ctx.m.category_section[before];
      ctx.rep.Skip("category outside every listed section range, placed in the section of the category before it",
                   c.code);
      ++by_order;
      continue;
    }
    if (!placed) return MakeError(ErrorCode::kCorrupt, "category " + c.code + " falls in no section");
    ctx.rep.counts["categories placed by section range (absent from the category list)"]++;
  }
  if (by_order) ctx.rep.counts["categories placed after the category before them (outside every section range)"] = by_order;
  ctx.rep.counts["chapters"] = static_cast<int64_t>(ctx.m.chapters.size());
  ctx.rep.counts["sections"] = static_cast<int64_t>(ctx.m.sections.size());
  return true;
}

const std::pair<const char*, NoteKind> kJsonKinds[] = {
    {"includes", NoteKind::kIncludes},         {"inclusionTerm", NoteKind::kInclusionTerm},
    {"excludes1", NoteKind::kExcludes1},       {"excludes2", NoteKind::kExcludes2},
    {"codeFirst", NoteKind::kCodeFirst},       {"useAdditionalCode", NoteKind::kUseAdditionalCode},
};

Result<bool> ParseNotesJson(Ctx& ctx, const std::string& text, const std::string& name, uint8_t source) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("codes") || !j["codes"].is_object()) {
    return MakeError(ErrorCode::kCorrupt, name + ": not the expected notes JSON (an object with \"codes\")");
  }
  for (const auto& [dotted, entry] : j["codes"].items()) {
    std::string code = Undot(dotted);
    auto it = ctx.index.find(code);
    if (it == ctx.index.end()) {
      ctx.rep.Skip("notes JSON code not in the FY order file", dotted);
      continue;
    }
    Code& c = ctx.m.codes[it->second];
    for (const auto& [key, kind] : kJsonKinds) {
      auto f = entry.find(key);
      if (f == entry.end()) continue;
      if (!f->is_array()) return MakeError(ErrorCode::kCorrupt, name + ": " + dotted + "." + key + " is not an array");
      for (const auto& s : *f) {
        if (!s.is_string()) return MakeError(ErrorCode::kCorrupt, name + ": " + dotted + "." + key + " holds a non-string");
        Note n = MakeNote(kind, source, s.get<std::string>());
        if (n.text.empty()) continue;
        if (kind == NoteKind::kInclusionTerm) c.docs.push_back({format::DocKind::kInclusion, n.text, "", "", 0, source});
        ctx.rep.counts[std::string("notes: ") + key + " (FY" + std::to_string(ctx.m.inputs[source].year) + ")"]++;
        c.notes.push_back(std::move(n));
      }
    }
  }
  return true;
}

// ---- Tabular XML (expat) ----

struct XmlState {
  Ctx* ctx;
  uint8_t source;
  std::string error;
  std::vector<std::string> stack;  // element names
  std::string text;                // character data of the innermost text element
  // Current owners.
  int chapter = -1;                // index into model chapters (or -2: FY2023 chapter not in FY2026)
  int section = -1;
  std::vector<std::string> diag;   // diag names, innermost last ("" until <name> is read)
  // sevenChrDef being read.
  bool in_def = false;
  SeventhDefIn def;
  char ext_char = 0;
  std::unordered_map<std::string, int> sec_index;
};

NoteKind KindOfContainer(const std::string& el, bool& ok) {
  ok = true;
  if (el == "includes") return NoteKind::kIncludes;
  if (el == "inclusionTerm") return NoteKind::kInclusionTerm;
  if (el == "excludes1") return NoteKind::kExcludes1;
  if (el == "excludes2") return NoteKind::kExcludes2;
  if (el == "codeFirst") return NoteKind::kCodeFirst;
  if (el == "useAdditionalCode") return NoteKind::kUseAdditionalCode;
  if (el == "codeAlso") return NoteKind::kCodeAlso;
  if (el == "notes") return NoteKind::kNotes;
  if (el == "sevenChrNote") return NoteKind::kSeventhNote;
  ok = false;
  return NoteKind::kNotes;
}

void XMLCALL OnStart(void* ud, const XML_Char* name, const XML_Char** attrs) {
  auto* st = static_cast<XmlState*>(ud);
  std::string el(name);
  st->stack.push_back(el);
  st->text.clear();
  Ctx& ctx = *st->ctx;
  if (el == "chapter") {
    st->chapter = -2;
    st->section = -1;
  } else if (el == "section") {
    st->section = -2;
    for (int i = 0; attrs[i]; i += 2) {
      if (std::strcmp(attrs[i], "id") == 0) {
        std::string id = attrs[i + 1];
        auto it = st->sec_index.find(id);
        // A section whose range grew since FY2023 (I10-I16 -> I10-I1A) keeps its first category.
        if (it == st->sec_index.end()) it = st->sec_index.find("first:" + id.substr(0, id.find('-')));
        if (it != st->sec_index.end()) {
          st->section = it->second;
          if (st->sec_index.count(id) == 0) ctx.rep.counts["FY2023 sections matched by first category (range changed)"]++;
        } else {
          ctx.rep.Skip("FY2023 section not in FY2026 (its notes not applied)", attrs[i + 1]);
        }
      }
    }
  } else if (el == "diag") {
    st->diag.emplace_back();
  } else if (el == "sevenChrDef") {
    st->in_def = true;
    st->def = SeventhDefIn{};
    st->def.source = st->source;
  } else if (el == "extension") {
    st->ext_char = 0;
    for (int i = 0; attrs[i]; i += 2) {
      if (std::strcmp(attrs[i], "char") == 0 && attrs[i + 1][0] && !attrs[i + 1][1]) st->ext_char = attrs[i + 1][0];
    }
    if (!st->ext_char) st->error = "sevenChrDef extension without a one-character 'char' attribute";
  }
}

void XMLCALL OnText(void* ud, const XML_Char* s, int len) { static_cast<XmlState*>(ud)->text.append(s, len); }

void XMLCALL OnEnd(void* ud, const XML_Char* name) {
  auto* st = static_cast<XmlState*>(ud);
  Ctx& ctx = *st->ctx;
  std::string el(name);
  std::string parent = st->stack.size() >= 2 ? st->stack[st->stack.size() - 2] : "";
  std::string grand = st->stack.size() >= 3 ? st->stack[st->stack.size() - 3] : "";
  if (el == "name" && parent == "chapter") {
    uint32_t num = static_cast<uint32_t>(std::atoi(std::string(Trim(st->text)).c_str()));
    auto it = std::find_if(ctx.m.chapters.begin(), ctx.m.chapters.end(), [&](const Chapter& c) { return c.number == num; });
    st->chapter = it == ctx.m.chapters.end() ? -2 : static_cast<int>(it - ctx.m.chapters.begin());
  } else if (el == "name" && parent == "diag") {
    st->diag.back() = Undot(Trim(st->text));
  } else if (el == "note" && st->in_def && parent == "sevenChrDef") {
    // A note inside sevenChrDef widens the extension before it ("open fracture NOS").
    std::string t = CleanNote(st->text);
    if (!st->def.exts.empty() && !t.empty()) st->def.exts.back().second += " (also: " + t + ")";
  } else if (el == "extension") {
    if (st->ext_char) st->def.exts.emplace_back(st->ext_char, CleanNote(st->text));
  } else if (el == "sevenChrDef") {
    st->in_def = false;
    if (!st->diag.empty()) {
      st->def.owner = st->diag.back();
      auto it = ctx.index.find(st->def.owner);
      if (it == ctx.index.end()) {
        ctx.rep.Skip("FY2023 7th-character definition on a code absent from FY2026", st->def.owner);
      } else if (ctx.m.codes[it->second].own_seventh >= 0) {
        st->error = "two sevenChrDef on " + st->def.owner;
      } else {
        ctx.m.codes[it->second].own_seventh = static_cast<int>(ctx.m.sevenths.size());
        ctx.m.sevenths.push_back(st->def);
        ctx.rep.counts["7th-character definitions (FY2023 tabular)"]++;
      }
    }
  } else if (el == "note" && !st->in_def) {
    bool ok;
    NoteKind kind = KindOfContainer(parent, ok);
    if (ok) {
      Note n = MakeNote(kind, st->source, st->text);
      std::string where = grand;  // the note container's owner element
      const std::string year = "FY" + std::to_string(ctx.m.inputs[st->source].year);
      if (!n.text.empty()) {
        if (where == "diag" && !st->diag.empty()) {
          // Diag level: only the kinds the FY2026 notes lack.
          if (kind == NoteKind::kCodeAlso || kind == NoteKind::kNotes || kind == NoteKind::kSeventhNote) {
            auto it = ctx.index.find(st->diag.back());
            if (it == ctx.index.end()) {
              ctx.rep.Skip("FY2023 note on a code absent from FY2026", st->diag.back());
            } else {
              ctx.rep.counts["notes: " + std::string(parent) + " (" + year + ", code level)"]++;
              ctx.m.codes[it->second].notes.push_back(std::move(n));
            }
          }
        } else if (where == "section") {
          if (st->section >= 0) {
            ctx.rep.counts["notes: " + std::string(parent) + " (" + year + ", section level)"]++;
            ctx.m.sections[st->section].notes.push_back(std::move(n));
          }
        } else if (where == "chapter") {
          if (st->chapter >= 0) {
            ctx.rep.counts["notes: " + std::string(parent) + " (" + year + ", chapter level)"]++;
            ctx.m.chapters[st->chapter].notes.push_back(std::move(n));
          } else {
            ctx.rep.Skip("FY2023 chapter note without a FY2026 chapter", n.text.substr(0, 40));
          }
        }
      }
    }
  } else if (el == "diag") {
    st->diag.pop_back();
  } else if (el == "section") {
    st->section = -1;
  }
  st->stack.pop_back();
  st->text.clear();
}

Result<bool> ParseTabularXml(Ctx& ctx, const std::string& xml, const std::string& name, uint8_t source) {
  XmlState st;
  st.ctx = &ctx;
  st.source = source;
  for (uint32_t s = 0; s < ctx.m.sections.size(); ++s) {
    const auto& sec = ctx.m.sections[s];
    st.sec_index[sec.first == sec.last ? sec.first : sec.first + "-" + sec.last] = static_cast<int>(s);
    st.sec_index["first:" + sec.first] = static_cast<int>(s);
  }
  XML_Parser p = XML_ParserCreate("UTF-8");
  XML_SetUserData(p, &st);
  XML_SetElementHandler(p, OnStart, OnEnd);
  XML_SetCharacterDataHandler(p, OnText);
  bool ok = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
  std::string err;
  if (!ok) {
    err = name + " line " + std::to_string(XML_GetCurrentLineNumber(p)) + ": " + XML_ErrorString(XML_GetErrorCode(p));
  }
  XML_ParserFree(p);
  if (!ok) return MakeError(ErrorCode::kCorrupt, err);
  if (!st.error.empty()) return MakeError(ErrorCode::kCorrupt, name + ": " + st.error);
  if (xml.find("<ICD10CM.tabular>") == std::string::npos) {
    return MakeError(ErrorCode::kCorrupt, name + ": not an ICD-10-CM tabular XML (no <ICD10CM.tabular>)");
  }
  return true;
}

// ---- Alphabetic Index and Tables (ICD10CM.index XML: index, eindex, neoplasm, drug) ----

struct IndexNode {
  int parent = -1;
  int level = 0;
  std::string title, nemod, code, see, manif;
  std::vector<std::pair<int, std::string>> cells;  // column, code text
  std::vector<int> children;
  // For browsing (the search documents above do not use these):
  std::string printed;             // the title as printed, modifiers in place
  uint16_t nemod_begin = 0, nemod_end = 0;
  std::string code_el, subcat, seecat, see_also;  // <code>, <subcat>, <seecat>, <seeAlso> as written
};

struct IndexBook {
  std::vector<IndexNode> nodes;
  std::map<int, std::string> heads;  // table column headings
  std::vector<std::pair<std::string, int>> letters;  // letter heading, its first node
};

struct BookState {
  IndexBook* book;
  std::vector<int> open;  // node stack
  std::vector<std::string> stack;
  std::string buf;
  bool capture = false;
  bool in_nemod = false;
  int cell_col = 0;
  int head_col = 0;
};

// Blanks collapsed, trimmed.
std::string Collapse(std::string_view s) { return ascii::CollapseBlanks(s); }

// The title as printed: text, modifiers, text ("Abandonment (causing ...) NEC"), and where
// the modifiers are in it. buf marks the modifiers with \x01 ... \x02.
void PrintedTitle(const std::string& buf, IndexNode& n) {
  size_t a = buf.find('\x01');
  size_t b = a == std::string::npos ? std::string::npos : buf.find('\x02', a);
  std::string pre = Collapse(buf.substr(0, a));
  std::string mod = a == std::string::npos ? "" : Collapse(buf.substr(a + 1, b == std::string::npos ? b : b - a - 1));
  std::string post = b == std::string::npos ? "" : Collapse(buf.substr(b + 1));
  mod.erase(std::remove(mod.begin(), mod.end(), '\x01'), mod.end());
  post.erase(std::remove(post.begin(), post.end(), '\x01'), post.end());
  post.erase(std::remove(post.begin(), post.end(), '\x02'), post.end());
  n.printed = pre;
  if (!mod.empty()) {
    // "Abasia (-astasia)", but "Air contaminant(s)": a plural ending stays on its word.
    bool suffix = mod == "(s)" || mod == "(es)" || mod.starts_with("(s) ") || mod.starts_with("(es) ");
    if (!n.printed.empty() && !suffix) n.printed += ' ';
    size_t begin = n.printed.size();
    n.printed += mod;
    if (n.printed.size() <= 0xFFFF) {
      n.nemod_begin = static_cast<uint16_t>(begin);
      n.nemod_end = static_cast<uint16_t>(n.printed.size());
    }
  }
  if (!post.empty()) {
    if (!n.printed.empty() && post[0] != ',' && post[0] != ';' && post[0] != '.' && post[0] != ')') n.printed += ' ';
    n.printed += post;
  }
}

void XMLCALL BookStart(void* ud, const XML_Char* name, const XML_Char** attrs) {
  auto* st = static_cast<BookState*>(ud);
  std::string el(name);
  if (el == "letter") {
    st->book->letters.push_back({"", static_cast<int>(st->book->nodes.size())});
  } else if (el == "mainTerm" || el == "term") {
    IndexNode n;
    n.parent = st->open.empty() ? -1 : st->open.back();
    n.level = static_cast<int>(st->open.size());
    st->book->nodes.push_back(n);
    int id = static_cast<int>(st->book->nodes.size()) - 1;
    if (n.parent >= 0) st->book->nodes[n.parent].children.push_back(id);
    st->open.push_back(id);
  } else if (el == "title" || el == "code" || el == "see" || el == "seeAlso" || el == "manif" || el == "cell" ||
             el == "head" || el == "subcat" || el == "seecat") {
    st->capture = true;
    st->buf.clear();
    st->cell_col = 0;
    for (int i = 0; attrs[i]; i += 2) {
      if (std::strcmp(attrs[i], "col") == 0) st->cell_col = std::atoi(attrs[i + 1]);
    }
  } else if (el == "nemod") {
    st->in_nemod = true;
    st->buf += '\x01';  // marks where the modifier starts inside the title
  }
  st->stack.push_back(el);
}

void XMLCALL BookText(void* ud, const XML_Char* s, int len) {
  auto* st = static_cast<BookState*>(ud);
  if (st->capture) st->buf.append(s, len);
}

void XMLCALL BookEnd(void* ud, const XML_Char* name) {
  auto* st = static_cast<BookState*>(ud);
  std::string el(name);
  std::string parent = st->stack.size() >= 2 ? st->stack[st->stack.size() - 2] : "";
  bool on_term = parent == "mainTerm" || parent == "term";
  IndexNode* node = st->open.empty() ? nullptr : &st->book->nodes[st->open.back()];
  if (el == "nemod") {
    st->in_nemod = false;
    st->buf += '\x02';  // marks where the modifier ends
    st->stack.pop_back();
    return;
  }
  if (el == "title" && parent == "letter" && !st->book->letters.empty()) {
    st->book->letters.back().first = CleanNote(st->buf);
  } else if (el == "title" && on_term && node) {
    size_t mark = st->buf.find('\x01');
    std::string title = mark == std::string::npos ? st->buf : st->buf.substr(0, mark);
    std::string mod = mark == std::string::npos ? "" : st->buf.substr(mark + 1);
    mod.erase(std::remove(mod.begin(), mod.end(), '\x01'), mod.end());
    mod.erase(std::remove(mod.begin(), mod.end(), '\x02'), mod.end());
    node->title = CleanNote(title);
    node->nemod = CleanNote(mod);
    PrintedTitle(st->buf, *node);
  } else if (el == "code" && on_term && node) {
    node->code = std::string(Trim(st->buf));
    node->code_el = node->code;
  } else if (el == "subcat" && on_term && node) {
    node->subcat = std::string(Trim(st->buf));
    if (node->code.empty()) node->code = node->subcat;
  } else if (el == "seecat" && on_term && node) {
    node->seecat = std::string(Trim(st->buf));
  } else if (el == "seeAlso" && on_term && node) {
    node->see_also = CleanNote(st->buf);
  } else if (el == "see" && on_term && node) {
    node->see = CleanNote(st->buf);
  } else if (el == "manif" && on_term && node) {
    node->manif = std::string(Trim(st->buf));
  } else if (el == "cell" && on_term && node) {
    node->cells.push_back({st->cell_col, std::string(Trim(st->buf))});
  } else if (el == "head") {
    st->book->heads[st->cell_col] = CleanNote(st->buf);
  } else if (el == "mainTerm" || el == "term") {
    st->open.pop_back();
  }
  if (el == "title" || el == "code" || el == "see" || el == "seeAlso" || el == "manif" || el == "cell" || el == "head" ||
      el == "subcat" || el == "seecat") {
    st->capture = false;
  }
  st->stack.pop_back();
}

Result<IndexBook> ParseBook(const std::string& xml, const std::string& name) {
  if (xml.find("<ICD10CM.index>") == std::string::npos) {
    return MakeError(ErrorCode::kCorrupt, name + ": not an ICD-10-CM index XML (no <ICD10CM.index>)");
  }
  IndexBook book;
  BookState st;
  st.book = &book;
  XML_Parser p = XML_ParserCreate("UTF-8");
  XML_SetUserData(p, &st);
  XML_SetElementHandler(p, BookStart, BookEnd);
  XML_SetCharacterDataHandler(p, BookText);
  bool ok = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
  std::string err;
  if (!ok) err = name + " line " + std::to_string(XML_GetCurrentLineNumber(p)) + ": " + XML_ErrorString(XML_GetErrorCode(p));
  XML_ParserFree(p);
  if (!ok) return MakeError(ErrorCode::kCorrupt, err);
  return book;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Main terms by lower-case title, and by the title's first segment ("infarct" for
// "Infarct, infarction"), for resolving "see" references.
struct MainIndex {
  std::unordered_map<std::string, int> by_title;
  std::unordered_map<std::string, int> by_head;
};

MainIndex IndexMains(const IndexBook& b, const std::vector<int>& mains) {
  MainIndex mi;
  for (int m : mains) {
    std::string title = Lower(b.nodes[m].title);
    if (title.empty()) continue;
    mi.by_title.emplace(title, m);
    mi.by_head.emplace(title.substr(0, title.find(',')), m);
  }
  return mi;
}

// Resolves a "see" text ("Infarct, myocardium") to a node of the same book: the main
// term whose title starts the text (longest first), then subterms matched segment by
// segment; qualifiers the tree does not have stop the walk at the deepest match.
// rest (if given) receives what the walk did not use ("" when the whole text led to the node).
int ResolveSee(const IndexBook& b, const MainIndex& mi, const std::string& see, std::string* rest_out = nullptr) {
  std::string t = Lower(see);
  std::vector<size_t> cuts;  // prefix lengths ending at a comma or at the end
  for (size_t i = 0; i < t.size(); ++i) if (t[i] == ',') cuts.push_back(i);
  cuts.push_back(t.size());
  int best = -1;
  size_t best_len = 0;
  for (auto it = cuts.rbegin(); it != cuts.rend() && best < 0; ++it) {
    auto f = mi.by_title.find(t.substr(0, *it));
    if (f != mi.by_title.end()) {
      best = f->second;
      best_len = *it;
    }
  }
  for (auto it = cuts.begin(); it != cuts.end() && best < 0; ++it) {
    auto f = mi.by_head.find(t.substr(0, *it));
    if (f != mi.by_head.end()) {
      best = f->second;
      best_len = *it;
    }
  }
  if (best < 0) return -1;
  int node = best;
  std::string rest = best_len < t.size() ? t.substr(best_len + 1) : "";
  while (!Trim(rest).empty()) {
    std::string seg_all = std::string(Trim(rest));
    int next = -1;
    size_t used = 0;
    for (int c : b.nodes[node].children) {
      std::string title = Lower(b.nodes[c].title);
      if (title.empty()) continue;
      if (seg_all.compare(0, title.size(), title) == 0 && (seg_all.size() == title.size() || seg_all[title.size()] == ',') &&
          title.size() > used) {
        next = c;
        used = title.size();
      }
    }
    if (next < 0) {
      // The reference may name a subterm by its first word: "myocardium" for "myocardium, myocardial".
      std::string seg = seg_all.substr(0, seg_all.find(','));
      for (int c : b.nodes[node].children) {
        std::string title = Lower(b.nodes[c].title);
        if (title.compare(0, seg.size(), seg) == 0 && title.size() > seg.size() && title[seg.size()] == ',') {
          next = c;
          used = seg.size();
          break;
        }
      }
    }
    if (next < 0) break;
    node = next;
    rest = used < seg_all.size() ? seg_all.substr(used + 1) : "";
  }
  if (rest_out) *rest_out = std::string(Trim(rest));
  return node;
}

struct BookStats {
  int64_t kept = 0, header = 0, dropped = 0, see_linked = 0, see_unresolved = 0, cells = 0, older = 0;
};

// "FY2027" for the code set's newest year (the year its order file gives).
std::string NewestLabel(const Model& m) { return "FY" + std::to_string(m.years.empty() ? m.year : m.years.back().year); }

// Resolves an index code text ("S52.5-", "E11.9", "T51.3X1") to a code of the code set
// (of any of its years: a code only in an older year is linked for that year's dates).
int ResolveCode(Ctx& ctx, const std::string& text, BookStats& bs, const std::string& where) {
  std::string code = Undot(text);
  while (!code.empty() && code.back() == '-') code.pop_back();
  if (code.size() < 3) return -1;
  auto it = ctx.index.find(code);
  if (it == ctx.index.end()) {
    ++bs.dropped;
    ctx.rep.Skip("index target absent from every year of the code set (not linked)", where + " -> " + text);
    return -1;
  }
  const Code& c = ctx.m.codes[it->second];
  if (!ctx.m.years.empty() && c.last_year + 1u < ctx.m.years.size()) ++bs.older;
  else if (c.billable) ++bs.kept;
  else ++bs.header;
  return static_cast<int>(it->second);
}

// A book as parsed, kept until every book is read (a see reference may lead to another book).
struct ParsedBook {
  IndexBook book;
  MainIndex mi;
  size_t model_book;  // index into Model::index_books
};

// A code as written in the index ("S52.5-", "A05.-", "T51.3X1") -> the FY code (undotted), or "".
std::string BrowseCode(const Ctx& ctx, std::string_view text) {
  std::string code = Undot(Trim(text));
  while (!code.empty() && code.back() == '-') code.pop_back();
  if (code.size() < 3 || !ctx.index.count(code)) return "";
  return code;
}

// The book's tree for browsing: titles as printed, levels, codes, cross-references, cells.
// See targets are resolved once every book is read (ResolveBrowseTargets).
Result<bool> AddBrowseBook(Ctx& ctx, const IndexBook& b, const std::string& key, const std::string& label,
                           uint8_t source, bool is_table) {
  using K = format::IndexRefKind;
  IndexBookIn out;
  out.key = key;
  out.name = label;
  out.source = source;
  out.table = is_table;
  if (!b.heads.empty()) {
    int last = b.heads.rbegin()->first;
    if (b.heads.begin()->first < 1 || last > 64) return MakeError(ErrorCode::kCorrupt, label + ": table column numbers out of range");
    out.columns.assign(static_cast<size_t>(last), "");
    for (const auto& [col, head] : b.heads) out.columns[col - 1] = head;
  }
  for (size_t k = 0; k < b.letters.size(); ++k) {
    size_t end = k + 1 < b.letters.size() ? static_cast<size_t>(b.letters[k + 1].second) : b.nodes.size();
    if (static_cast<size_t>(b.letters[k].second) < end) out.letters.push_back({b.letters[k].first, b.letters[k].second});
  }
  int64_t refs = 0;
  for (const IndexNode& n : b.nodes) {
    IndexNodeIn o;
    if (n.level > 200) return MakeError(ErrorCode::kCorrupt, label + ": terms nested too deeply");
    o.level = static_cast<uint8_t>(n.level);
    o.title = n.printed;
    o.nemod_begin = n.nemod_begin;
    o.nemod_end = n.nemod_end;
    auto add = [&](K kind, const std::string& text, bool code) {
      if (Trim(text).empty()) return;
      IndexRefIn r;
      r.kind = kind;
      r.text = std::string(Trim(text));
      if (code) r.code = BrowseCode(ctx, text);
      o.refs.push_back(std::move(r));
    };
    add(K::kCode, n.code_el, true);
    add(K::kSubcategory, n.subcat, true);
    add(K::kManif, n.manif, true);
    add(K::kSeeCategory, n.seecat, true);
    add(K::kSee, n.see, false);
    add(K::kSeeAlso, n.see_also, false);
    for (const auto& [col, text] : n.cells) {
      if (text.empty() || text == "-" || text == "--") continue;  // nothing in this column
      if (col < 2 || static_cast<size_t>(col) > out.columns.size()) {
        ctx.rep.Skip("table cell in a column without a heading (not shown)", n.title + " [" + std::to_string(col) + "]");
        continue;
      }
      add(K::kCell, text, true);
      o.refs.back().column = static_cast<uint8_t>(col - 1);
    }
    refs += static_cast<int64_t>(o.refs.size());
    out.nodes.push_back(std::move(o));
  }
  ctx.rep.counts[label + ": browse references (codes, see, cells)"] = refs;
  ctx.m.index_books.push_back(std::move(out));
  return true;
}

// Where a see / see also text leads, for browsing: a term of the same book, or of the book
// the text names ("Neoplasm, ..." from the Index leads into the Neoplasm Table, "Table of
// Drugs and Chemicals" to that table); words left over may name a table column ("benign",
// "poisoning") or leave the choice to the reader ("by site", "condition": kRefPartial);
// "category M01" and "subcategory M14.8-" lead to codes.
void ResolveBrowseTargets(Ctx& ctx, std::vector<ParsedBook>& parsed) {
  using K = format::IndexRefKind;
  auto book_with_key = [&](const char* key) {
    for (size_t i = 0; i < parsed.size(); ++i) if (ctx.m.index_books[parsed[i].model_book].key == key) return static_cast<int>(i);
    return -1;
  };
  const int neo = book_with_key("neoplasm"), drug = book_with_key("drug");
  // The first column (not the row heading) whose heading has the words at a word start.
  auto column_of = [&](int pb, const std::string& words) -> int {
    const auto& cols = ctx.m.index_books[parsed[pb].model_book].columns;
    for (size_t c = 1; c < cols.size(); ++c) {
      std::string head = Lower(cols[c]);
      for (size_t at = head.find(words); at != std::string::npos; at = head.find(words, at + 1)) {
        bool starts = at == 0 || head[at - 1] == ' ' || head[at - 1] == '(';
        bool ends = at + words.size() == head.size() || head[at + words.size()] == ' ' || head[at + words.size()] == ')';
        if (starts && ends) return static_cast<int>(c);
      }
    }
    return -1;
  };
  for (size_t pb = 0; pb < parsed.size(); ++pb) {
    IndexBookIn& out = ctx.m.index_books[parsed[pb].model_book];
    int64_t to_term = 0, to_book = 0, to_code = 0, partial = 0, none = 0;
    for (auto& node : out.nodes) {
      for (auto& r : node.refs) {
        if (r.kind != K::kSee && r.kind != K::kSeeAlso) continue;
        const std::string low = Lower(Collapse(r.text));
        int tb = -1, tn = -1;
        std::string rest;
        bool found_code = false;
        for (const char* p : {"category ", "subcategory "}) {
          if (low.starts_with(p)) {
            r.code = BrowseCode(ctx, std::string_view(r.text).substr(std::strlen(p)));
            found_code = true;
          }
        }
        if (found_code) {
          if (r.code.empty()) ++none;
          else ++to_code;
          continue;
        }
        // "see also condition", "see specific condition", "see nature of injury by site": an
        // instruction to look up the condition itself, not a term (the Index's own "Condition"
        // main term is a different thing).
        const std::string first_word = low.substr(0, low.find_first_of(" ,"));
        if (first_word == "condition" || first_word == "specific" || first_word == "specified" || first_word == "nature") {
          ++none;
          continue;
        }
        auto after_comma = [&](const std::string& t) {
          size_t c = t.find(',');
          return c == std::string::npos ? std::string() : std::string(Trim(std::string_view(t).substr(c + 1)));
        };
        if (low.starts_with("table of drugs") && drug >= 0) {
          tb = drug;
          rest = after_comma(low);
        } else if ((low.starts_with("table of neoplasms") || low == "neoplasm" || low == "neoplasms") && neo >= 0) {
          tb = neo;
          rest = after_comma(low);
        } else {
          int n = ResolveSee(parsed[pb].book, parsed[pb].mi, r.text, &rest);
          if (n >= 0) {
            tb = static_cast<int>(pb);
            tn = n;
          }
          if ((n < 0 || !rest.empty()) && neo >= 0 && static_cast<int>(pb) != neo && low.starts_with("neoplasm")) {
            std::string rest2;
            int n2 = ResolveSee(parsed[neo].book, parsed[neo].mi, r.text, &rest2);
            if (n2 >= 0) {
              tb = neo;
              tn = n2;
              rest = rest2;
            }
          }
        }
        if (tb < 0) {
          ++none;
          continue;
        }
        r.book = static_cast<int>(parsed[tb].model_book);
        r.node = tn;
        // Words the walk did not use: a column heading, "by site" / "by drug", or words the tree lacks.
        size_t start = 0;
        while (start <= rest.size()) {
          size_t comma = rest.find(',', start);
          if (comma == std::string::npos) comma = rest.size();
          std::string seg(Trim(std::string_view(rest).substr(start, comma - start)));
          start = comma + 1;
          if (seg.empty()) continue;
          int col = seg.starts_with("by ") ? -1 : column_of(tb, seg);
          if (col >= 0 && r.column == format::kNoColumn) r.column = static_cast<uint8_t>(col);
          else r.flags |= format::kRefPartial;
        }
        if (r.flags & format::kRefPartial) ++partial;
        if (tn >= 0) ++to_term;
        else ++to_book;
      }
    }
    const std::string& label = out.name;
    ctx.rep.counts[label + ": see / see also leading to a term (browse)"] = to_term;
    if (to_book) ctx.rep.counts[label + ": see / see also leading to a table (browse)"] = to_book;
    if (to_code) ctx.rep.counts[label + ": see category leading to a code (browse)"] = to_code;
    ctx.rep.counts[label + ": see / see also leading part of the way (browse)"] = partial;
    ctx.rep.counts[label + ": see / see also without a target (\"see condition\", browse)"] = none;
  }
}

// "Cirrhosis, cirrhotic", "Tooth, teeth": the words after the comma are other forms of
// the main term, any one of which names it. "Fracture, pathological", "Wound, open",
// "Effect, adverse": they qualify it, and a path under them needs them.
bool MainTermWordForms(const std::string& title) {
  const size_t comma = title.find(", ");
  if (comma == std::string::npos) return false;
  auto words = [](std::string_view s) {
    std::vector<std::string> out;
    auto toks = text::Tokenize(s);
    if (toks) out = *toks;
    return out;
  };
  const auto head = words(std::string_view(title).substr(0, comma));
  const auto rest = words(std::string_view(title).substr(comma + 2));
  // Irregular forms the Index pairs this way.
  static constexpr std::string_view kIrregular[] = {"teeth", "tooth", "torn", "venous", "worn", "nasal", "anal", "cheloid", "uridrosis"};
  for (const auto& r : rest) {
    if (std::find(std::begin(kIrregular), std::end(kIrregular), r) != std::end(kIrregular)) return true;
    for (const auto& h : head) {
      if (h.size() >= 3 && r.size() >= 3 && h.compare(0, 3, r, 0, 3) == 0) return true;
    }
  }
  return false;
}

Result<bool> ImportBook(Ctx& ctx, const std::string& xml, const std::string& name, uint8_t source,
                        const std::string& book_label, bool is_table, const std::string& key,
                        std::vector<ParsedBook>& books) {
  auto parsed = ParseBook(xml, name);
  if (!parsed) return parsed.error();
  IndexBook& b = *parsed;
  std::vector<int> mains;
  for (size_t i = 0; i < b.nodes.size(); ++i) if (b.nodes[i].parent < 0) mains.push_back(static_cast<int>(i));
  BookStats bs;
  const MainIndex mi = IndexMains(b, mains);
  // Path text of every node: titles from the main term down, and the modifiers along it.
  std::vector<std::string> path(b.nodes.size()), mods(b.nodes.size()), alts(b.nodes.size());
  for (size_t i = 0; i < b.nodes.size(); ++i) {
    const IndexNode& n = b.nodes[i];
    path[i] = n.parent < 0 ? n.title : path[n.parent] + ", " + n.title;
    std::string pm = n.parent < 0 ? "" : mods[n.parent];
    mods[i] = n.nemod.empty() ? pm : (pm.empty() ? n.nemod : pm + " " + n.nemod);
    // "atrial or auricular": either word is enough, so the second is not required.
    // A main term lists its word forms after a comma ("Cirrhosis, cirrhotic", "Failure,
    // failed"): any one of them names it.
    alts[i] = n.parent < 0 ? "" : alts[n.parent];
    if (n.parent < 0 && MainTermWordForms(n.title)) alts[i] += " " + n.title.substr(n.title.find(", ") + 2);
    size_t orpos = n.title.find(" or ");
    if (orpos != std::string::npos) alts[i] += " " + n.title.substr(orpos + 4);
  }
  auto add_doc = [&](int code, format::DocKind kind, size_t node, const std::string& text, uint8_t flags) {
    ctx.m.codes[code].docs.push_back({kind, text, mods[node], alts[node], flags, source});
  };
  for (size_t i = 0; i < b.nodes.size(); ++i) {
    const IndexNode& n = b.nodes[i];
    if (n.title.empty()) continue;
    if (!n.code.empty()) {
      int code = ResolveCode(ctx, n.code, bs, path[i]);
      if (code >= 0) {
        add_doc(code, format::DocKind::kIndexPath, i, path[i], n.parent < 0 ? format::kDocMainTerm : 0);
      }
    }
    if (!n.see.empty()) {
      int target = ResolveSee(b, mi, n.see);
      int code = -1;
      if (target >= 0 && !b.nodes[target].code.empty()) {
        std::string t = Undot(b.nodes[target].code);
        while (!t.empty() && t.back() == '-') t.pop_back();
        auto it = ctx.index.find(t);
        if (it != ctx.index.end()) code = static_cast<int>(it->second);
      }
      if (code >= 0) {
        ++bs.see_linked;
        add_doc(code, format::DocKind::kIndexSee, i, path[i], 0);
      } else {
        ++bs.see_unresolved;  // a see to a term without its own code ("see Disease, by site") is browse-only
      }
    }
    for (const auto& [col, text] : n.cells) {
      if (text.empty() || text == "-" || text == "--") continue;
      auto head = b.heads.find(col);
      std::string column = head == b.heads.end() ? "" : head->second;
      ++bs.cells;
      int code = ResolveCode(ctx, text, bs, path[i] + " [" + column + "]");
      if (code >= 0) add_doc(code, format::DocKind::kTable, i, path[i] + " — " + column, 0);
    }
  }
  ctx.rep.counts[book_label + ": terms"] = static_cast<int64_t>(b.nodes.size());
  const std::string fy = NewestLabel(ctx.m);
  ctx.rep.counts[book_label + ": targets kept (billable in " + fy + ")"] = bs.kept;
  ctx.rep.counts[book_label + ": targets that are " + fy + " headers (user completes the code)"] = bs.header;
  ctx.rep.counts[book_label + ": targets dropped (absent from every year)"] = bs.dropped;
  if (!ctx.m.years.empty()) {
    ctx.rep.counts[book_label + ": targets only in an older year (offered for its dates, not for " + fy + ")"] = bs.older;
  }
  if (!is_table) {
    ctx.rep.counts[book_label + ": see-references linked to a code"] = bs.see_linked;
    ctx.rep.counts[book_label + ": see-references without a code (browse only)"] = bs.see_unresolved;
  } else {
    ctx.rep.counts[book_label + ": table cells"] = bs.cells;
  }
  auto added = AddBrowseBook(ctx, b, key, book_label, source, is_table);
  if (!added) return added.error();
  books.push_back({std::move(b), mi, ctx.m.index_books.size() - 1});
  return true;
}

}  // namespace

Result<std::vector<LexiconEntry>> ParseLexicon(const std::string& text, const std::string& name) {
  std::vector<LexiconEntry> out;
  uint32_t lineno = 0;
  for (auto line : SplitLines(text)) {
    ++lineno;
    if (Trim(line).empty() || line.front() == '#') continue;
    std::vector<std::string> f;
    size_t i = 0;
    while (i <= line.size()) {
      size_t j = line.find('\t', i);
      if (j == std::string_view::npos) j = line.size();
      f.emplace_back(Trim(line.substr(i, j - i)));
      i = j + 1;
    }
    auto where = name + " line " + std::to_string(lineno);
    if (f.size() < 3 || f[0].empty() || f[1].empty()) {
      return MakeError(ErrorCode::kCorrupt, where + ": expected source, alternatives and kind separated by tabs");
    }
    if (f[2] != "abbr" && f[2] != "lay" && f[2] != "anat" && f[2] != "raw") {
      return MakeError(ErrorCode::kCorrupt, where + ": kind must be abbr, lay, anat or raw (got '" + f[2] + "')");
    }
    LexiconEntry e;
    e.source = f[0];
    e.raw = f[2] == "raw";
    size_t a = 0;
    while (a <= f[1].size()) {
      size_t b = f[1].find('|', a);
      if (b == std::string::npos) b = f[1].size();
      std::string alt(Trim(std::string_view(f[1]).substr(a, b - a)));
      if (alt.empty()) return MakeError(ErrorCode::kCorrupt, where + ": empty alternative");
      e.alternatives.push_back(alt);
      a = b + 1;
    }
    if (long bad = text::FindInvalidUtf8(line); bad >= 0) {
      return MakeError(ErrorCode::kInvalidUtf8, where + ": invalid UTF-8");
    }
    out.push_back(std::move(e));
  }
  return out;
}

Result<Model> ImportIcd10cm(const std::vector<LoadedInput>& inputs, const nlohmann::json& entry, Report& rep) {
  Model m = StartModel("ICD-10-CM", inputs, entry);
  Ctx ctx{m, rep, {}};
  auto find = [&](const std::string& role) -> const LoadedInput* {
    for (const auto& in : inputs) if (in.info.role == role) return &in;
    return nullptr;
  };
  auto source_of = [&](const LoadedInput* in) { return static_cast<uint8_t>(in - inputs.data()); };
  for (const char* role : {"order", "chapters", "sections", "categories"}) {
    if (!find(role)) return MakeError(ErrorCode::kInvalidArgument, std::string("manifest lacks the '") + role + "' input");
  }
  // Order files: one per year; the newest gives the tabular order, older years merge in.
  std::vector<const LoadedInput*> orders;
  for (const auto& in : inputs) if (in.info.role == "order") orders.push_back(&in);
  std::stable_sort(orders.begin(), orders.end(), [](const auto* a, const auto* b) { return a->info.year < b->info.year; });
  auto years = ReadYears(entry);
  if (!years) return years.error();
  m.years = std::move(*years);
  if (orders.size() > 1 || !m.years.empty()) {
    if (orders.size() != m.years.size()) {
      return MakeError(ErrorCode::kInvalidArgument, "manifest 'years' must list one year per 'order' input");
    }
    for (size_t y = 0; y < orders.size(); ++y) {
      if (orders[y]->info.year != m.years[y].year) {
        return MakeError(ErrorCode::kInvalidArgument, "order input " + orders[y]->info.name + " is for " +
                                                          std::to_string(orders[y]->info.year) + ", not a year of 'years'");
      }
    }
  }
  auto r = ParseOrder(ctx, orders.back()->content, orders.back()->info.name);
  if (!r) return r.error();
  if (!m.years.empty()) {
    StartNewestYear(m);
    for (size_t y = orders.size() - 1; y-- > 0;) {
      Model older;
      Report scratch;
      Ctx octx{older, scratch, {}};
      r = ParseOrder(octx, orders[y]->content, orders[y]->info.name);
      if (!r) return r.error();
      r = MergeOlderYear(m, std::move(older.codes), static_cast<uint8_t>(y), rep);
      if (!r) return r.error();
    }
    ctx.index.clear();
    for (uint32_t i = 0; i < m.codes.size(); ++i) ctx.index.emplace(m.codes[i].code, i);
  }
  if (const auto* a = find("addenda")) {
    // An older year's addenda still names the codes it deleted; only the newest year's
    // marks codes new or retitled (with several years, the merge above does).
    const bool flags = m.years.empty() || a->info.year == m.years.back().year;
    r = ParseAddenda(ctx, a->content, a->info.name, source_of(a), flags);
    if (!r) return r.error();
  }
  r = ParseHierarchy(ctx, find("chapters")->content, find("sections")->content, find("categories")->content);
  if (!r) return r.error();
  if (const auto* n = find("notes")) {
    r = ParseNotesJson(ctx, n->content, n->info.name, source_of(n));
    if (!r) return r.error();
  }
  struct BookInput {
    const char* role;
    const char* label;
    bool table;
  };
  std::vector<ParsedBook> books;
  for (const BookInput& bi : {BookInput{"index", "Index to Diseases and Injuries", false},
                              BookInput{"eindex", "External Cause Index", false},
                              BookInput{"neoplasm", "Neoplasm Table", true},
                              BookInput{"drug", "Table of Drugs and Chemicals", true}}) {
    if (const auto* x = find(bi.role)) {
      r = ImportBook(ctx, x->content, x->info.name, source_of(x), bi.label, bi.table, bi.role, books);
      if (!r) return r.error();
    }
  }
  ResolveBrowseTargets(ctx, books);
  if (const auto* lx = find("lexicon")) {
    auto lex = ParseLexicon(lx->content, lx->info.name);
    if (!lex) return lex.error();
    m.lexicon = std::move(*lex);
  }
  if (const auto* t = find("tabular")) {
    r = ParseTabularXml(ctx, t->content, t->info.name, source_of(t));
    if (!r) return r.error();
  }
  if (m.years.size() > 1) {
    // The notes inputs predate the newest year: its new codes carry only what their
    // category, section and chapter carry (lookup shows those as inherited).
    int64_t bare = 0;
    for (const Code& c : m.codes) bare += c.first_year + 1u == m.years.size() && c.notes.empty() ? 1 : 0;
    rep.counts[NewestLabel(m) + " new codes with no notes of their own (inherit their category's)"] = bare;
  }
  return m;
}

}  // namespace medcode::import
