// The steps of the ICD-10-CM import that link what was read to the codes (icd10cm_steps.h):
// the order file, the placement of categories in sections, the Alphabetic Index and Tables'
// search documents and browse trees. No XML parser here: the page's importer builds this
// file to load a new year onto the shipped code set (icd10cm_onto.h).
#include "icd10cm_steps.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "medcode/text.h"
#include "util.h"

namespace medcode::import {

using Ctx = Icd10cmCtx;

std::string Undot(std::string_view c) {
  std::string s;
  for (char ch : c) {
    if (ch == '.') continue;
    s += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  return s;
}

std::string Collapse(std::string_view s) { return ascii::CollapseBlanks(s); }

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

Result<bool> PlaceCategories(Ctx& ctx) {
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
  return true;
}

namespace {

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
  // A reference names terms with their nonessential modifiers ("Arteriosclerosis, coronary
  // (artery),"): the terms' titles are without them, as is a comma the reference ends on.
  std::string t;
  int depth = 0;
  for (char c : Lower(see)) {
    if (c == '(') ++depth;
    else if (c == ')' && depth > 0) --depth;
    else if (depth == 0 && !(c == ' ' && (t.empty() || t.back() == ' '))) t += c;
  }
  for (size_t at; (at = t.find(" ,")) != std::string::npos;) t.erase(at, 1);
  while (!t.empty() && (t.back() == ' ' || t.back() == ',')) t.pop_back();
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
      // The Index prints a connecting word as a subterm level of its own ("Calculus,
      // gallbladder, with > cholecystitis > acute"; I.A.15) where a reference names it with
      // the term it leads to ("see Calculus, gallbladder, with cholecystitis, acute").
      for (int c : b.nodes[node].children) {
        std::string title = Lower(b.nodes[c].title);
        if ((title == "with" || title == "without" || title == "in" || title == "due to") && seg_all.size() > title.size() &&
            seg_all.compare(0, title.size(), title) == 0 && seg_all[title.size()] == ' ') {
          next = c;
          used = title.size();
          break;
        }
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

}  // namespace

// "FY2027" for the code set's newest year (the year its order file gives).
std::string NewestLabel(const Model& m) { return "FY" + std::to_string(m.years.empty() ? m.year : m.years.back().year); }

namespace {

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

Result<bool> ImportBook(Ctx& ctx, IndexBook b, uint8_t source, const std::string& book_label, bool is_table,
                        const std::string& key, std::vector<ParsedBook>& books) {
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
    // A first-level subterm with its main term's own code, and no modifier of its own, is the
    // main term's default type ("Osteoporosis M81.0, age-related M81.0"; "Diabetes E11.9, type
    // 2 E11.9"): it adds nothing a query must say, so its words, and along the paths under it,
    // only may match ("osteoporotic vertebral fracture" is the age-related M80.08, not the
    // "specified type NEC" M80.88). A subterm qualified by a modifier ("Examination Z00.00,
    // laboratory (as part of a general medical examination) Z00.00") is a thing of its own.
    if (!is_table && n.parent >= 0 && b.nodes[n.parent].parent < 0 && n.nemod.empty() && !n.code.empty() &&
        n.code == b.nodes[n.parent].code) {
      alts[i] += " " + n.title;
    }
  }
  // A term with a subterm for the finding as against the diagnosis ("Elevated, blood pressure -
  // see also Hypertension", subterm "reading (incidental) ..., no diagnosis of hypertension"
  // R03.0): its "see also" is the diagnosis when made, not what the term alone means.
  auto has_finding = [&](const IndexNode& n) {
    return std::any_of(n.children.begin(), n.children.end(), [&](int c) {
      const std::string& t = b.nodes[c].title;
      return t.find("diagnosis") != std::string::npos || t.find("reading") != std::string::npos;
    });
  };
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
    // A term with no code of its own whose "see also" names a term with one ("Hammer toe
    // (acquired) NEC - see also Deformity, toe, hammer toe" M20.4-): that code is the term's.
    // So is a subterm's "see also" that names a main term: the condition of that site or kind
    // is that main term ("Inflammation, brain - see also Encephalitis" G04.90, "Loss, hearing
    // - see also Deafness", "Sore, throat - see also Pharyngitis"). A main term's "see also"
    // that names only a main term ("Admission (for) - see also Encounter (for)", "Contact
    // (with) - see also Exposure (to)") says where else to look, not that the other main
    // term's default code is this term's: browse only; so does a subterm's beside a subterm
    // for the finding (has_finding).
    const std::string& see = !n.see.empty() ? n.see : n.code.empty() ? n.see_also : n.see;
    if (!see.empty()) {
      int target = ResolveSee(b, mi, see);
      if (target >= 0 && n.see.empty() && (n.parent < 0 || has_finding(n)) && b.nodes[target].parent < 0) target = -1;
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

const BookKind kIndexBookKinds[4] = {{"index", "Index to Diseases and Injuries", false},
                                     {"eindex", "External Cause Index", false},
                                     {"neoplasm", "Neoplasm Table", true},
                                     {"drug", "Table of Drugs and Chemicals", true}};

Result<bool> ImportBooks(Ctx& ctx, const std::vector<BookRead>& books, const std::vector<uint8_t>& sources) {
  std::vector<ParsedBook> parsed;
  for (size_t i = 0; i < books.size(); ++i) {
    const BookKind* kind = nullptr;
    for (const BookKind& k : kIndexBookKinds) if (books[i].role == k.role) kind = &k;
    if (!kind || i >= sources.size()) return MakeError(ErrorCode::kInvalidArgument, "an index book of unknown role '" + books[i].role + "'");
    auto r = ImportBook(ctx, books[i].book, sources[i], kind->label, kind->table, kind->role, parsed);
    if (!r) return r.error();
  }
  ResolveBrowseTargets(ctx, parsed);
  return true;
}

namespace {

// A title's or path's words (text::Tokenize: folded), sorted, space separated: "Plantar fasciitis" and
// "Fasciitis, plantar" -> "fasciitis plantar".
std::string WordKey(std::string_view text) {
  auto toks = text::Tokenize(text);
  if (!toks) return {};
  std::sort(toks->begin(), toks->end());
  std::string key;
  for (const auto& x : *toks) key += (key.empty() ? "" : " ") + x;
  return key;
}

// The codes new since the oldest year of the file (several years in it), by their title's words;
// a title two new codes share is left out (no one code to lead to).
std::map<std::string, int> NewCodesByTitleWords(const Model& m) {
  std::map<std::string, int> out;
  std::set<std::string> shared;
  if (m.years.size() < 2) return out;
  for (size_t k = 0; k < m.codes.size(); ++k) {
    if (m.codes[k].first_year == 0) continue;  // in the oldest year already
    const std::string key = WordKey(m.codes[k].title);
    if (key.empty()) continue;
    if (!out.emplace(key, static_cast<int>(k)).second) shared.insert(key);
  }
  for (const auto& key : shared) out.erase(key);
  return out;
}

}  // namespace

void MoveSplitOffDocs(Model& m, Report& rep) {
  const size_t newest = m.years.size();
  if (newest < 2) return;
  const std::map<std::string, int> new_by_words = NewCodesByTitleWords(m);
  int64_t moved = 0;
  for (size_t k = 0; k < m.codes.size(); ++k) {
    Code& c = m.codes[k];
    // A code billable in an older year and a header in the newest (FY2026 M72.2; still so when a
    // later year is loaded onto the file, icd10cm_onto.h).
    if (c.billable || !(c.billable_years & ((1u << (newest - 1)) - 1u))) continue;
    for (size_t d = 0; d < c.docs.size();) {
      const Doc& doc = c.docs[d];
      const bool book_words = doc.kind == format::DocKind::kIndexPath || doc.kind == format::DocKind::kIndexSee ||
                              doc.kind == format::DocKind::kInclusion;
      auto it = book_words ? new_by_words.find(WordKey(doc.text)) : new_by_words.end();
      if (it == new_by_words.end() || it->second == static_cast<int>(k) || (doc.flags & format::kDocOlderYears)) {
        ++d;
        continue;
      }
      Doc copy = doc;
      copy.flags = static_cast<uint8_t>(copy.flags & ~format::kDocOlderYears);
      m.codes[it->second].docs.push_back(std::move(copy));
      c.docs[d].flags |= format::kDocOlderYears;  // still the old code's for the older years' dates
      ++d;
      ++moved;
    }
  }
  if (moved) rep.counts["Index paths and inclusion terms given to the " + NewestLabel(m) + " code split off under their words (the old code keeps them for older dates)"] = moved;
}

void CountBareNewCodes(const Model& m, Report& rep) {
  if (m.years.size() < 2) return;
  // The notes inputs predate the newest year: its new codes carry only what their
  // category, section and chapter carry (lookup shows those as inherited).
  int64_t bare = 0;
  for (const Code& c : m.codes) bare += c.first_year + 1u == m.years.size() && c.notes.empty() ? 1 : 0;
  rep.counts[NewestLabel(m) + " new codes with no notes of their own (inherit their category's)"] = bare;
}

}  // namespace medcode::import
