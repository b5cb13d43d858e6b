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
#include "icd10cm_state.h"
#include "icd10cm_steps.h"
#include "icd10cm_years.h"
#include "lexicon.h"
#include "util.h"

namespace medcode::import {
namespace {

using format::NoteKind;

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

using Ctx = Icd10cmCtx;

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
  auto placed = PlaceCategories(ctx);
  if (!placed) return placed.error();
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
      // Kept for a later year that has the code (icd10cm_state.h).
      if (!ctx.pending) continue;
    }
    Code* c = it == ctx.index.end() ? nullptr : &ctx.m.codes[it->second];
    for (const auto& [key, kind] : kJsonKinds) {
      auto f = entry.find(key);
      if (f == entry.end()) continue;
      if (!f->is_array()) return MakeError(ErrorCode::kCorrupt, name + ": " + dotted + "." + key + " is not an array");
      for (const auto& s : *f) {
        if (!s.is_string()) return MakeError(ErrorCode::kCorrupt, name + ": " + dotted + "." + key + " holds a non-string");
        Note n = MakeNote(kind, source, s.get<std::string>());
        if (n.text.empty()) continue;
        if (!c) {
          ctx.pending->notes.push_back({code, true, std::move(n)});
          continue;
        }
        if (kind == NoteKind::kInclusionTerm) c->docs.push_back({format::DocKind::kInclusion, n.text, "", "", 0, source});
        ctx.rep.counts[std::string("notes: ") + key + " (FY" + std::to_string(ctx.m.inputs[source].year) + ")"]++;
        c->notes.push_back(std::move(n));
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
        if (ctx.pending) ctx.pending->sevenths.push_back({static_cast<uint32_t>(ctx.m.sevenths.size()), st->def});
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
              if (ctx.pending) ctx.pending->notes.push_back({st->diag.back(), false, std::move(n)});
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

}  // namespace

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

Result<Model> ImportIcd10cm(const std::vector<LoadedInput>& inputs, const nlohmann::json& entry, Report& rep,
                            Icd10cmImportState* kept) {
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
  // What the importer read that the file's sections do not carry is kept (ISRC, written
  // beside the file: icd10cm_state.h), so that a newer year's order file can be compiled
  // onto it without these inputs (icd10cm_onto.h).
  Icd10cmImportState state;
  ctx.pending = &state;
  if (const auto* n = find("notes")) {
    r = ParseNotesJson(ctx, n->content, n->info.name, source_of(n));
    if (!r) return r.error();
  }
  std::vector<uint8_t> book_sources;
  for (const BookKind& bk : kIndexBookKinds) {
    if (const auto* x = find(bk.role)) {
      auto book = ParseBook(x->content, x->info.name);
      if (!book) return book.error();
      state.books.push_back({bk.role, std::move(*book)});
      book_sources.push_back(source_of(x));
    }
  }
  r = ImportBooks(ctx, state.books, book_sources);
  if (!r) return r.error();
  if (const auto* lx = find("lexicon")) {
    auto lex = ParseLexicon(lx->content, lx->info.name);
    if (!lex) return lex.error();
    m.lexicon = std::move(*lex);
  }
  state.lexicon = m.lexicon;
  if (const auto* t = find("tabular")) {
    r = ParseTabularXml(ctx, t->content, t->info.name, source_of(t));
    if (!r) return r.error();
  }
  for (const auto& [category, section] : m.category_section) {
    if (!ctx.index.count(category)) state.categories.emplace_back(category, section);
  }
  if (kept) *kept = std::move(state);
  MoveSplitOffDocs(m, rep);
  CountBareNewCodes(m, rep);
  return m;
}

}  // namespace medcode::import
