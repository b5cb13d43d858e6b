// coder index: the Alphabetic Index and the Tables.
//
//   coder index                                  the books, with their letters
//   coder index [--book B] [--letter L] [PREFIX] main terms in order (B: index, eindex, neoplasm, drug)
//   coder index "Diabetes, type 2, with"         a term by its path: the term, its see targets, subterms
//   coder index --node ID                        a term by number (the #ID printed beside every term)
//   coder index --follow ID [--see-also]         where its see (see also) leads
//   coder index --code E11.65                    the terms that lead to a code
// Options: --json, --limit N, --offset N.
#include "output.h"
#include "index_cmd.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "medcode/answers_json.h"
#include "medcode/index.h"

namespace medcode::cli {
namespace {

using namespace medcode::index;
using json = nlohmann::json;

int IndexUsage() {
  std::fputs(
      "usage: coder index [--json] [--limit N] [--offset N] ...\n"
      "  coder index                                  the books and their letters\n"
      "  coder index [--book B] [--letter L] [PREFIX] main terms in order (B: index, eindex, neoplasm, drug)\n"
      "  coder index \"Diabetes, type 2, with\"         a term by its path: codes, see targets, subterms\n"
      "  coder index --node ID                        a term by the number (#ID) printed beside it\n"
      "  coder index --follow ID [--see-also]         follow its see (or see also) reference\n"
      "  coder index --code CODE                      the terms that lead to a code\n",
      stderr);
  return 2;
}

void PrintJson(const json& j) { std::cout << DumpJson(j, 2) << "\n"; }

std::string IdText(uint32_t id) {
  std::string s(1, '#');
  s += std::to_string(id);
  return s;
}

// A code as the index writes it, with what it is now: "E11.9 *", "S52.00- (header)".
std::string CodeText(const RefView& r) {
  std::string s = r.text;
  if (r.kind == format::IndexRefKind::kSubcategory && !s.ends_with("-")) s += "-";
  if (!r.code) return s + " (not in this code set)";
  if (r.code->billable) return s + " *";
  return s.ends_with("-") ? s : s + " (header)";
}

std::string TargetText(const CodeSet& cs, const RefView& r) {
  std::string s;
  if (r.node != format::kNone) {
    s = '#';
    s += std::to_string(r.node);
  } else if (r.book != format::kNone) {
    s = std::string(cs.str(cs.index_books()[r.book].name));
  } else if (r.code) {
    s = r.code->code + (r.code->billable ? " *" : "");
  }
  if (s.empty()) return "";
  if (!r.column_name.empty()) s += ", column " + r.column_name;
  if (r.partial) s += ", then choose";
  std::string out = " [-> ";
  out += s;
  out += ']';
  return out;
}

// One line of refs for a term: its code, manifestation, see / see also (cells separately).
std::string RefsInline(const CodeSet& cs, const NodeView& n) {
  std::string s;
  for (const RefView& r : n.refs) {
    switch (r.kind) {
      case format::IndexRefKind::kCode:
      case format::IndexRefKind::kSubcategory: s += "  " + CodeText(r); break;
      case format::IndexRefKind::kManif: s += " [" + r.text + "]"; break;
      case format::IndexRefKind::kSeeCategory: s += "  - see category " + CodeText(r); break;
      case format::IndexRefKind::kSee: s += "  - see " + r.text + TargetText(cs, r); break;
      case format::IndexRefKind::kSeeAlso: s += "  - see also " + r.text + TargetText(cs, r); break;
      case format::IndexRefKind::kCell: break;
    }
  }
  return s;
}

std::string CellsInline(const CodeSet& cs, const NodeView& n) {
  if (n.book >= cs.index_books().size() || cs.index_books()[n.book].column_count < 2) return "";
  size_t cols = cs.index_books()[n.book].column_count;
  std::vector<std::string> cells(cols, "--");
  bool any = false;
  for (const RefView& r : n.refs) {
    if (r.kind == format::IndexRefKind::kCell && r.column > 0 && static_cast<size_t>(r.column) < cols) {
      cells[r.column] = r.text + (r.code && r.code->billable ? "*" : "");
      any = true;
    }
  }
  if (!any) return "";
  std::string s;
  for (size_t c = 1; c < cols; ++c) s += (c > 1 ? " | " : "") + cells[c];
  return s;
}

void PrintTerm(const CodeSet& cs, const NodeView& n, int indent) {
  std::string line = Pad(IdText(n.id), 8) + std::string(2 * indent, ' ') + n.title + RefsInline(cs, n);
  if (n.children) line += "  (" + std::to_string(n.children) + (n.children == 1 ? " subterm)" : " subterms)");
  std::printf("%s\n", line.c_str());
  std::string cells = CellsInline(cs, n);
  if (!cells.empty()) std::printf("%s%s\n", std::string(8 + 2 * indent + 4, ' ').c_str(), cells.c_str());
}

void PrintColumns(const CodeSet& cs, uint32_t book) {
  const auto& b = cs.index_books()[book];
  if (b.column_count < 2) return;
  std::string s;
  for (uint32_t c = 1; c < b.column_count; ++c) s += (c > 1 ? " | " : "") + std::string(cs.str(cs.index_columns()[b.column_first + c]));
  std::printf("columns: %s   (* billable, -- none)\n", s.c_str());
}

void PrintPageFooter(const Page& p, const char* what) {
  if (p.items.empty()) return;
  if (p.offset + p.items.size() < p.total) {
    std::printf("(%s %u-%zu of %u; --offset %zu for more)\n", what, p.offset + 1, p.offset + p.items.size(), p.total,
                p.offset + p.items.size());
  }
}

void PrintDetail(const CodeSet& cs, const NodeDetail& d) {
  const NodeView& n = d.node;
  const auto books = Books(cs);
  std::printf("%s\n", n.title.c_str());
  std::printf("  #%u in the %s (%s)\n", n.id, books[n.book].name.c_str(), books[n.book].source.c_str());
  if (d.path.size() > 1) {
    std::string p;
    for (size_t k = 0; k < d.path.size(); ++k) p += (k ? " > " : "") + d.path[k].title;
    std::printf("  path: %s\n", p.c_str());
  }
  if (!n.nemod.empty()) std::printf("  nonessential modifiers: %s\n", n.nemod.c_str());
  for (const RefView& r : n.refs) {
    switch (r.kind) {
      case format::IndexRefKind::kCode:
      case format::IndexRefKind::kSubcategory:
      case format::IndexRefKind::kManif:
      case format::IndexRefKind::kSeeCategory: {
        const char* label = r.kind == format::IndexRefKind::kManif ? "manifestation" :
                            r.kind == format::IndexRefKind::kSeeCategory ? "see category" :
                            r.kind == format::IndexRefKind::kSubcategory ? "subcategory" : "code";
        std::string what = r.code ? r.code->title + (r.code->billable ? " (billable)" : " (header: more characters needed)")
                                  : "(not a code of " + cs.meta().label + ")";
        std::string written = r.text;
        if (r.code && r.code->code != r.text) written += " -> " + r.code->code;
        std::printf("  %s %s  %s\n", Pad(std::string(label) + ":", 14).c_str(), written.c_str(), what.c_str());
        break;
      }
      case format::IndexRefKind::kSee:
      case format::IndexRefKind::kSeeAlso:
        std::printf("  %s %s%s\n", Pad(r.kind == format::IndexRefKind::kSee ? "see:" : "see also:", 14).c_str(), r.text.c_str(),
                    TargetText(cs, r).c_str());
        break;
      case format::IndexRefKind::kCell: break;
    }
  }
  bool cells = false;
  for (const RefView& r : n.refs) {
    if (r.kind != format::IndexRefKind::kCell) continue;
    if (!cells) std::printf("  table row:\n");
    cells = true;
    std::string what = r.code ? r.code->title + (r.code->billable ? " (billable)" : " (header: more characters needed)")
                              : "(not a code of " + cs.meta().label + ")";
    std::printf("    %s %s %s\n", Pad(r.column_name, 38).c_str(), Pad(r.text, 9).c_str(), what.c_str());
  }
  if (!d.children.empty()) {
    std::printf("subterms (%zu):\n", d.children.size());
    if (books[n.book].table) PrintColumns(cs, n.book);
    for (const NodeView& c : d.children) PrintTerm(cs, c, 1);
  }
}

bool ParseNumber(const std::string& s, uint32_t& out) {
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || !end || *end || v < 0 || v > 100000000) return false;
  out = static_cast<uint32_t>(v);
  return true;
}

}  // namespace

int RunIndex(const CodeSet& cs, const std::vector<std::string>& args) {
  bool as_json = false, see_also = false;
  std::string book_arg, letter, code, positional;
  bool have_node = false, have_follow = false;
  uint32_t node = 0, limit = 100, offset = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    std::string v;
    if (a == "--json") as_json = true;
    else if (a == "--see-also") see_also = true;
    else if (a == "--book") { if (!value(book_arg)) return IndexUsage(); }
    else if (a == "--letter") { if (!value(letter)) return IndexUsage(); }
    else if (a == "--code") { if (!value(code)) return IndexUsage(); }
    else if (a == "--node" || a == "--follow") {
      if (!value(v) || !ParseNumber(v, node)) return IndexUsage();
      (a == "--node" ? have_node : have_follow) = true;
    } else if (a == "--limit" || a == "--offset") {
      uint32_t n = 0;
      if (!value(v) || !ParseNumber(v, n) || (a == "--limit" && (n < 1 || n > kMaxPage))) {
        std::fprintf(stderr, "coder: %s must be a number%s\n", a.c_str(), a == "--limit" ? " from 1 to 5000" : "");
        return 2;
      }
      (a == "--limit" ? limit : offset) = n;
    } else if (a.starts_with("--")) {
      return IndexUsage();
    } else {
      positional += (positional.empty() ? "" : " ") + a;
    }
  }
  if (cs.index_books().empty()) {
    return Fail(MakeError(ErrorCode::kNotFound, cs.meta().label + " has no Alphabetic Index"));
  }
  uint32_t book = format::kNone;
  if (!book_arg.empty()) {
    auto b = FindBook(cs, book_arg);
    if (!b) return Fail(b.error());
    book = *b;
  }

  if (!code.empty()) {
    auto u = WhereIsCode(cs, code, limit);
    if (!u) return Fail(u.error());
    if (as_json) {
      PrintJson(ToJson(cs, *u));
      return 0;
    }
    std::printf("%s in the index: %u %s\n", u->code.c_str(), u->total, u->total == 1 ? "entry" : "entries");
    const auto books = Books(cs);
    for (const CodeUse& x : u->items) {
      std::string path;
      for (size_t k = 0; k < x.path.size(); ++k) path += (k ? ", " : "") + x.path[k];
      std::string how = x.ref.kind == format::IndexRefKind::kCell ? " [" + x.ref.column_name + "]" : "";
      std::printf("%s %s: %s%s  %s%s\n", Pad(IdText(x.node), 8).c_str(), books[x.book].key.c_str(), path.c_str(),
                  how.c_str(), CodeText(x.ref).c_str(), x.exact ? "" : "  (a code above it)");
    }
    if (u->items.size() < u->total) std::printf("(first %zu of %u; --limit for more)\n", u->items.size(), u->total);
    return 0;
  }

  if (have_follow) {
    auto f = Follow(cs, node, see_also);
    if (!f) return Fail(f.error());
    if (as_json) {
      PrintJson(ToJson(cs, *f));
      return 0;
    }
    std::printf("%s %s%s\n\n", f->see_also ? "see also" : "see", f->via.text.c_str(), TargetText(cs, f->via).c_str());
    if (f->node) {
      PrintDetail(cs, *f->node);
    } else if (f->book) {
      std::printf("%s: %u main terms (coder index --book %s)\n", f->book->name.c_str(), f->book->main_terms, f->book->key.c_str());
    }
    return 0;
  }

  // A path ("Diabetes, type 2", with a comma) shows that term; where the tree ends before
  // the text does, the subterms starting with what is left.
  if (!have_node && positional.find(',') != std::string::npos && letter.empty()) {
    std::string rest;
    auto found = FindPath(cs, positional, book, &rest);
    if (!found) return Fail(found.error());
    if (rest.empty()) {
      have_node = true;
      node = *found;
    } else {
      ListOptions o;
      o.prefix = rest;
      o.limit = limit;
      o.offset = offset;
      auto p = Children(cs, *found, o);
      if (!p) return Fail(p.error());
      const NodeView parent = View(cs, *found);
      if (as_json) {
        json j = ToJson(cs, *p);
        j["parent"] = ToJson(cs, parent);
        j["prefix"] = rest;
        PrintJson(j);
        return p->total ? 0 : 1;
      }
      if (p->total == 0) {
        return Fail(MakeError(ErrorCode::kNotFound, "\"" + parent.title + "\" (#" + std::to_string(*found) +
                                                        ") has no subterm starting \"" + rest + "\""));
      }
      std::printf("%s (#%u): %u %s starting \"%s\"\n", parent.title.c_str(), *found, p->total,
                  p->total == 1 ? "subterm" : "subterms", rest.c_str());
      if (cs.index_books()[parent.book].kind == uint8_t(format::IndexBookKind::kTable)) PrintColumns(cs, parent.book);
      for (const NodeView& c : p->items) PrintTerm(cs, c, 1);
      PrintPageFooter(*p, "subterms");
      return 0;
    }
  }

  if (have_node) {
    auto d = Node(cs, node);
    if (!d) return Fail(d.error());
    if (as_json) {
      PrintJson(ToJson(cs, *d));
      return 0;
    }
    PrintDetail(cs, *d);
    return 0;
  }

  if (args.empty() || (args.size() == 1 && as_json)) {
    const auto books = Books(cs);
    if (as_json) {
      json j = json::array();
      for (const auto& b : books) j.push_back(ToJson(cs, b));
      PrintJson(j);
      return 0;
    }
    for (const auto& b : books) {
      std::printf("%-9s %s: %u main %s, %u terms%s\n          from %s\n", b.key.c_str(), b.name.c_str(), b.main_terms,
                  b.main_terms == 1 ? "term" : "terms", b.terms, b.table ? ", a table" : "", b.source.c_str());
      if (b.letters.size() > 1) {
        std::string l;
        for (const auto& x : b.letters) l += (l.empty() ? "" : " ") + x.letter;
        std::printf("          letters: %s\n", l.c_str());
      }
    }
    std::printf("coder index --book KEY [--letter L] [PREFIX] lists main terms.\n");
    return 0;
  }

  if (book == format::kNone) book = 0;
  ListOptions o;
  o.prefix = positional;
  o.letter = letter;
  o.limit = limit;
  o.offset = offset;
  auto p = MainTerms(cs, book, o);
  if (!p) return Fail(p.error());
  if (p->total == 1 && !positional.empty() && !as_json) {  // one main term: show it
    auto d = Node(cs, p->items[0].id);
    if (!d) return Fail(d.error());
    PrintDetail(cs, *d);
    return 0;
  }
  if (as_json) {
    json j = ToJson(cs, *p);
    j["book"] = Books(cs)[book].key;
    PrintJson(j);
    return 0;
  }
  const auto info = Books(cs)[book];
  std::string what = !positional.empty() ? "starting \"" + positional + "\"" : "";
  for (const auto& l : info.letters) {
    if (l.letter.size() == letter.size() && std::equal(l.letter.begin(), l.letter.end(), letter.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      letter = l.letter;
    }
  }
  if (!letter.empty()) what = "under " + letter + (what.empty() ? "" : ", " + what);
  std::printf("%s: %u main %s%s%s\n", info.name.c_str(), p->total, p->total == 1 ? "term" : "terms", what.empty() ? "" : " ",
              what.c_str());
  if (info.table) PrintColumns(cs, book);
  for (const NodeView& n : p->items) PrintTerm(cs, n, 0);
  PrintPageFooter(*p, "main terms");
  return p->total ? 0 : 1;
}

}  // namespace medcode::cli
