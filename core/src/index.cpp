// The Alphabetic Index and Tables for browsing (index.h): books, letters, terms, paths,
// "see" references followed to their targets, and the index entries that lead to a code.
#include "medcode/index.h"

#include "ascii.h"
#include "enum_names.h"

#include <algorithm>
#include <cctype>

#include "medcode/text.h"

namespace medcode::index {

using namespace format;
using json = nlohmann::json;

namespace {

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Case- and accent-insensitive form of a title or query: ICU folding (text.h), blanks collapsed.
std::string FoldKey(std::string_view s) {
  std::string f;
  if (IsAscii(s)) {
    f = ascii::Lower(s);
  } else {
    auto r = text::Fold(s);
    f = r ? *r : std::string(s);
  }
  return ascii::CollapseBlanks(f);
}

// The same without commas, so that "abdomen abdominal" finds "Abdomen, abdominal".
std::string Loose(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == ',') continue;
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The title without its nonessential modifiers ("Abasia" for "Abasia (-astasia) (hysterical)").
std::string Essential(const CodeSet& cs, uint32_t node) {
  const IndexNodeRec& n = cs.index_nodes()[node];
  std::string_view t = cs.str(n.title);
  std::string s(t.substr(0, n.nemod_begin));
  std::string_view after = t.substr(n.nemod_end);
  if (!s.empty() && !after.empty() && s.back() == ' ' && after.front() == ' ') after.remove_prefix(1);
  s += after;
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  return s;
}

// Whether the node's folded essential title (FoldKey(Essential(cs, node))) can start with
// `lead`, an ASCII letter or digit of a folded text, judged from its first byte without
// building it: false only when that byte is an ASCII letter or digit other than `lead` (folding
// keeps a leading ASCII letter or digit, in lower case). Saves FindPath folding every main term.
bool MayStartWith(const CodeSet& cs, uint32_t node, char lead) {
  const IndexNodeRec& n = cs.index_nodes()[node];
  const std::string_view t = cs.str(n.title);
  auto first = [](std::string_view s) -> int {
    for (char c : s)
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return static_cast<unsigned char>(c);
    return -1;
  };
  int c = first(t.substr(0, n.nemod_begin));
  if (c < 0) c = first(t.substr(std::min<size_t>(n.nemod_end, t.size())));
  // (ASCII tests written out: libc's isalnum and tolower were a third of this look-up.)
  const bool upper = c >= 'A' && c <= 'Z';
  if (c < 0 || !(upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return true;
  return (upper ? c + ('a' - 'A') : c) == static_cast<unsigned char>(lead);
}

// An ASCII letter or digit that a folded text starts with, else 0 (no first-byte filter).
char AlnumLead(std::string_view folded) {
  if (folded.empty()) return 0;
  const unsigned char c = static_cast<unsigned char>(folded[0]);
  return c < 0x80 && std::isalnum(c) ? static_cast<char>(c) : 0;
}

uint32_t ChildCount(const CodeSet& cs, uint32_t node) {
  uint32_t count = 0;
  for (uint32_t j = node + 1; j < cs.index_subtree_end(node); j = cs.index_subtree_end(j)) ++count;
  return count;
}

std::string BookKey(const CodeSet& cs, uint32_t book) {
  return book < cs.index_books().size() ? std::string(cs.str(cs.index_books()[book].key)) : std::string();
}

std::string ColumnName(const CodeSet& cs, uint32_t book, int column) {
  if (book >= cs.index_books().size() || column < 0) return {};
  const IndexBookRec& b = cs.index_books()[book];
  if (static_cast<uint32_t>(column) >= b.column_count) return {};
  return std::string(cs.str(cs.index_columns()[b.column_first + column]));
}

RefView MakeRef(const CodeSet& cs, uint32_t owner_book, const IndexRefRec& r) {
  RefView v;
  v.kind = static_cast<IndexRefKind>(r.kind);
  v.partial = r.flags & kRefPartial;
  if (r.target_kind == uint8_t(IndexTargetKind::kCode)) {
    CodeTarget t;
    t.index = r.target;
    t.code = cs.Dotted(r.target);
    t.title = std::string(cs.title(r.target));
    t.billable = cs.billable(r.target);
    v.code = std::move(t);
  } else if (r.target_kind == uint8_t(IndexTargetKind::kNode)) {
    v.node = r.target;
    v.book = cs.index_book_of(r.target);
  } else if (r.target_kind == uint8_t(IndexTargetKind::kBook)) {
    v.book = r.target;
  }
  if (r.text.length) {
    v.text = std::string(cs.str(r.text));
  } else if (v.code) {
    v.text = v.code->code + ((r.flags & kRefDotDash) ? ".-" : (r.flags & kRefDash) ? "-" : "");
  }
  if (r.column != kNoColumn) {
    v.column = r.column;
    bool see = v.kind == IndexRefKind::kSee || v.kind == IndexRefKind::kSeeAlso;
    v.column_name = ColumnName(cs, see ? v.book : owner_book, r.column);
  }
  return v;
}

Error NoIndex() { return MakeError(ErrorCode::kNotFound, "this code set has no Alphabetic Index"); }

Error NoNode(uint32_t node) {
  return MakeError(ErrorCode::kNotFound, "no index term " + std::to_string(node) + " in this code set");
}

Result<bool> CheckLimit(const ListOptions& opt) {
  if (opt.limit < 1 || opt.limit > kMaxPage) {
    return MakeError(ErrorCode::kInvalidArgument, "limit must be between 1 and " + std::to_string(kMaxPage));
  }
  if (opt.prefix.size() > 1024) return MakeError(ErrorCode::kInputTooLong, "the prefix is over 1,024 bytes");
  if (text::FindInvalidUtf8(opt.prefix) >= 0) return MakeError(ErrorCode::kInvalidUtf8, "the prefix is not valid UTF-8");
  return true;
}

// Every subterm of a node, nested.
void AddSubterms(const CodeSet& cs, NodeView& v) {
  for (uint32_t j = v.id + 1; j < cs.index_subtree_end(v.id); j = cs.index_subtree_end(j)) {
    v.subterms.push_back(View(cs, j));
    AddSubterms(cs, v.subterms.back());
  }
}

// Nodes [first, end) that are siblings (each next one at the end of the previous subtree).
Page Siblings(const CodeSet& cs, uint32_t first, uint32_t end, const ListOptions& opt) {
  Page p;
  p.offset = opt.offset;
  std::string q = FoldKey(opt.prefix);
  std::string lq = Loose(q);
  // A first letter or digit that cannot start the title rules a term out without folding it.
  const unsigned char q0 = q.empty() ? 0 : static_cast<unsigned char>(q[0]);
  const bool quick = (q0 >= 'a' && q0 <= 'z') || (q0 >= '0' && q0 <= '9');
  for (uint32_t j = first; j < end; j = cs.index_subtree_end(j)) {
    if (!q.empty()) {
      const IndexNodeRec& n = cs.index_nodes()[j];
      std::string_view t = cs.str(n.title);
      if (quick && !(n.nemod_begin == 0 && n.nemod_end > 0) && !t.empty()) {
        unsigned char c0 = static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(t[0])));
        if (c0 < 0x80 && c0 != q0) continue;
      }
      std::string e = FoldKey(Essential(cs, j));
      bool match = e.starts_with(q) || Loose(e).starts_with(lq);
      if (!match) {
        std::string folded = FoldKey(t);
        match = folded.starts_with(q) || Loose(folded).starts_with(lq);
      }
      if (!match) continue;
    }
    if (p.total >= opt.offset && p.items.size() < opt.limit) {
      p.items.push_back(View(cs, j));
      if (opt.deep) AddSubterms(cs, p.items.back());
    }
    ++p.total;
  }
  return p;
}

}  // namespace

const char* RefKindName(IndexRefKind kind) {
  static constexpr const char* kNames[] = {
      nullptr, "code", "manif", "see", "seeAlso", "seeCategory", "subcategory", "cell"};
  static_assert(std::size(kNames) == kMaxIndexRefKind + 1);
  return EnumName(kind, kNames);
}

std::vector<BookInfo> Books(const CodeSet& cs) {
  std::vector<BookInfo> out;
  for (uint32_t b = 0; b < cs.index_books().size(); ++b) {
    const IndexBookRec& r = cs.index_books()[b];
    BookInfo info;
    info.id = b;
    info.key = std::string(cs.str(r.key));
    info.name = std::string(cs.str(r.name));
    info.table = r.kind == uint8_t(IndexBookKind::kTable);
    for (uint32_t c = 0; c < r.column_count; ++c) info.columns.emplace_back(cs.str(cs.index_columns()[r.column_first + c]));
    for (uint32_t k = 0; k < r.letter_count; ++k) {
      const IndexLetterRec& l = cs.index_letters()[r.letter_first + k];
      LetterInfo li{std::string(cs.str(l.letter)), l.first, 0};
      for (uint32_t j = l.first; j < l.end; j = cs.index_subtree_end(j)) ++li.main_terms;
      info.letters.push_back(std::move(li));
    }
    for (uint32_t j = r.node_first; j < r.node_end; j = cs.index_subtree_end(j)) ++info.main_terms;
    info.terms = r.node_end - r.node_first;
    info.source = cs.SourceLabel(r.source);
    info.source_year = r.source < cs.meta().inputs.size() ? cs.meta().inputs[r.source].year : 0;
    out.push_back(std::move(info));
  }
  return out;
}

Result<uint32_t> FindBook(const CodeSet& cs, std::string_view key) {
  if (cs.index_books().empty()) return NoIndex();
  std::string k = FoldKey(key);
  for (uint32_t b = 0; b < cs.index_books().size(); ++b) {
    if (FoldKey(cs.str(cs.index_books()[b].key)) == k) return b;
  }
  if (!k.empty() && k.size() < 4 && std::all_of(k.begin(), k.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    uint32_t n = static_cast<uint32_t>(std::stoul(k));
    if (n < cs.index_books().size()) return n;
  }
  std::string keys;
  for (const auto& b : cs.index_books()) keys += (keys.empty() ? "" : ", ") + std::string(cs.str(b.key));
  return MakeError(ErrorCode::kNotFound, "no index book '" + std::string(key) + "' (books: " + keys + ")");
}

NodeView View(const CodeSet& cs, uint32_t node, bool with_refs) {
  const IndexNodeRec& n = cs.index_nodes()[node];
  NodeView v;
  v.id = node;
  v.book = cs.index_book_of(node);
  v.level = n.level;
  std::string_view t = cs.str(n.title);
  v.title = std::string(t);
  if (n.nemod_end > n.nemod_begin) {
    v.before = std::string(t.substr(0, n.nemod_begin));
    v.nemod = std::string(t.substr(n.nemod_begin, n.nemod_end - n.nemod_begin));
    v.after = std::string(t.substr(n.nemod_end));
  }
  v.children = ChildCount(cs, node);
  if (with_refs) {
    for (const IndexRefRec& r : cs.index_refs(node)) v.refs.push_back(MakeRef(cs, v.book, r));
  }
  return v;
}

Result<Page> MainTerms(const CodeSet& cs, uint32_t book, const ListOptions& opt) {
  if (cs.index_books().empty()) return NoIndex();
  if (book >= cs.index_books().size()) return MakeError(ErrorCode::kNotFound, "no index book " + std::to_string(book));
  if (auto ok = CheckLimit(opt); !ok) return ok.error();
  const IndexBookRec& b = cs.index_books()[book];
  uint32_t first = b.node_first, end = b.node_end;
  if (!opt.letter.empty()) {
    std::string want = FoldKey(opt.letter);
    bool found = false;
    for (uint32_t k = 0; k < b.letter_count && !found; ++k) {
      const IndexLetterRec& l = cs.index_letters()[b.letter_first + k];
      if (FoldKey(cs.str(l.letter)) == want) {
        first = l.first;
        end = l.end;
        found = true;
      }
    }
    if (!found) {
      return MakeError(ErrorCode::kNotFound, "the " + std::string(cs.str(b.name)) + " has no letter '" + opt.letter + "'");
    }
  }
  return Siblings(cs, first, end, opt);
}

Result<Page> Children(const CodeSet& cs, uint32_t node, const ListOptions& opt) {
  if (cs.index_nodes().empty()) return NoIndex();
  if (node >= cs.index_nodes().size()) return NoNode(node);
  if (auto ok = CheckLimit(opt); !ok) return ok.error();
  return Siblings(cs, node + 1, cs.index_subtree_end(node), opt);
}

Result<NodeDetail> Node(const CodeSet& cs, uint32_t node) {
  if (cs.index_nodes().empty()) return NoIndex();
  if (node >= cs.index_nodes().size()) return NoNode(node);
  NodeDetail d;
  d.node = View(cs, node);
  for (uint32_t a = node; a != kNone; a = cs.index_parent(a)) d.path.push_back(View(cs, a, false));
  std::reverse(d.path.begin(), d.path.end());
  for (uint32_t j = node + 1; j < cs.index_subtree_end(node); j = cs.index_subtree_end(j)) d.children.push_back(View(cs, j));
  return d;
}

Result<FollowResult> Follow(const CodeSet& cs, uint32_t node, bool see_also) {
  if (cs.index_nodes().empty()) return NoIndex();
  if (node >= cs.index_nodes().size()) return NoNode(node);
  const IndexRefRec* pick = nullptr;
  for (const IndexRefRec& r : cs.index_refs(node)) {
    if (!see_also && r.kind == uint8_t(IndexRefKind::kSee)) pick = &r;
  }
  if (!pick) {
    for (const IndexRefRec& r : cs.index_refs(node)) {
      if (r.kind == uint8_t(IndexRefKind::kSeeAlso)) pick = &r;
    }
  }
  std::string title(cs.str(cs.index_nodes()[node].title));
  if (!pick) {
    return MakeError(ErrorCode::kNotFound, "index term \"" + title + "\" has no " + (see_also ? "see also" : "see or see also") +
                                               " reference");
  }
  FollowResult f;
  f.see_also = pick->kind == uint8_t(IndexRefKind::kSeeAlso);
  f.via = MakeRef(cs, cs.index_book_of(node), *pick);
  if (f.via.node != kNone) {
    auto d = Node(cs, f.via.node);
    if (!d) return d.error();
    f.node = std::move(*d);
  } else if (f.via.book != kNone) {
    f.book = Books(cs)[f.via.book];
  } else if (!f.via.code) {
    return MakeError(ErrorCode::kNotFound, "\"" + f.via.text + "\" (" + (f.see_also ? "see also" : "see") + " of \"" + title +
                                               "\") names no term of the index: look up the condition itself");
  }
  return f;
}

MainTermKeys::Letter& MainTermKeys::Of(uint32_t book, char lead) {
  if (books_.empty()) books_.assign(cs_.index_books().size(), std::vector<Letter>(36));
  Letter& l = books_[book][lead >= 'a' ? lead - 'a' : 26 + (lead - '0')];
  if (l.read) return l;
  l.read = true;
  const IndexBookRec& br = cs_.index_books()[book];
  for (uint32_t j = br.node_first; j < br.node_end; j = cs_.index_subtree_end(j)) {
    if (!MayStartWith(cs_, j, lead)) continue;
    std::string e = FoldKey(Essential(cs_, j));
    if (e.empty()) continue;
    l.heads.emplace(e.substr(0, e.find(',')), j);  // emplace keeps the first in book order
    l.full.emplace(std::move(e), j);
  }
  return l;
}

uint32_t MainTermKeys::In(const Keys& keys, std::string_view key) {
  auto it = keys.find(key);
  return it == keys.end() ? kNone : it->second;
}

Result<uint32_t> FindPath(const CodeSet& cs, std::string_view path, uint32_t book, std::string* rest_out) {
  return FindPath(cs, path, book, rest_out, nullptr);
}

Result<uint32_t> FindPath(const CodeSet& cs, std::string_view path, uint32_t book, std::string* rest_out,
                          MainTermKeys* keys) {
  if (cs.index_books().empty()) return NoIndex();
  if (path.size() > 1024) return MakeError(ErrorCode::kInputTooLong, "the path is over 1,024 bytes");
  if (text::FindInvalidUtf8(path) >= 0) return MakeError(ErrorCode::kInvalidUtf8, "the path is not valid UTF-8");
  if (book == kNone) {
    // Every book; the one that follows the text furthest ("Neoplasm, neoplastic, abdomen" is
    // in the Index and in the Neoplasm Table, whose tree goes on), the first on a tie.
    std::optional<Result<uint32_t>> best;
    std::string best_rest;
    for (uint32_t b = 0; b < cs.index_books().size(); ++b) {
      std::string rest;
      auto r = FindPath(cs, path, b, &rest, keys);
      if (!r) {
        if (!best) best = r;
        continue;
      }
      if (!best || !*best || rest.size() < best_rest.size()) {
        best = r;
        best_rest = rest;
      }
    }
    if (rest_out && *best) *rest_out = best_rest;
    return *best;
  }
  if (book >= cs.index_books().size()) return MakeError(ErrorCode::kNotFound, "no index book " + std::to_string(book));
  const std::string t = FoldKey(path);
  auto at_boundary = [&](const std::string& s, size_t len) { return s.size() == len || s[len] == ','; };
  auto trim_front = [](std::string s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == ',')) s.erase(0, 1);
    return s;
  };
  // The main term: the longest title that starts the text, else one whose first part is the text's.
  int64_t best = -1, head_best = -1;
  size_t best_len = 0;
  const std::string head = t.substr(0, t.find(','));
  const char lead = AlnumLead(t);
  if (keys && ((lead >= 'a' && lead <= 'z') || (lead >= '0' && lead <= '9'))) {
    // The same two tests by look-up: the longest start of the text that ends at a comma or
    // at its end and is a main term's key, else the text's first part as a key's.
    for (size_t len = t.size(); len > 0 && best < 0;) {
      if (uint32_t j = keys->Find(book, lead, std::string_view(t).substr(0, len)); j != kNone) {
        best = j;
        best_len = len;
      }
      const size_t comma = t.rfind(',', len - 1);
      len = comma == std::string::npos ? 0 : comma;
    }
    if (best < 0) {
      if (uint32_t j = keys->FindHead(book, lead, head); j != kNone) head_best = j;
    }
  } else {
    const IndexBookRec& br = cs.index_books()[book];
    for (uint32_t j = br.node_first; j < br.node_end; j = cs.index_subtree_end(j)) {
      if (lead && !MayStartWith(cs, j, lead)) continue;  // neither test below can pass
      std::string e = FoldKey(Essential(cs, j));
      if (e.empty()) continue;
      if (t.starts_with(e) && at_boundary(t, e.size()) && e.size() > best_len) {
        best = j;
        best_len = e.size();
      } else if (head_best < 0 && e.substr(0, e.find(',')) == head) {
        head_best = j;
      }
    }
  }
  if (best < 0 && head_best >= 0) {
    best = head_best;
    best_len = head.size();
  }
  if (best < 0) {
    return MakeError(ErrorCode::kNotFound, "no main term of the index starts \"" + std::string(path) + "\"");
  }
  uint32_t node = static_cast<uint32_t>(best);
  std::string rest = trim_front(t.substr(best_len));
  while (!rest.empty()) {
    int64_t next = -1;
    size_t used = 0;
    std::string seg = rest.substr(0, rest.find(','));
    const char lead = AlnumLead(rest);
    for (uint32_t j = node + 1; j < cs.index_subtree_end(node); j = cs.index_subtree_end(j)) {
      if (lead && !MayStartWith(cs, j, lead)) continue;
      std::string e = FoldKey(Essential(cs, j));
      if (e.empty()) continue;
      if (rest.starts_with(e) && at_boundary(rest, e.size()) && e.size() > used) {
        next = j;
        used = e.size();
      }
    }
    if (next < 0) {  // a subterm named by its first part: "myocardium" for "myocardium, myocardial"
      for (uint32_t j = node + 1; j < cs.index_subtree_end(node) && next < 0; j = cs.index_subtree_end(j)) {
        if (lead && !MayStartWith(cs, j, lead)) continue;
        std::string e = FoldKey(Essential(cs, j));
        if (e.substr(0, e.find(',')) == seg) {
          next = j;
          used = seg.size();
        }
      }
    }
    if (next < 0) break;
    node = static_cast<uint32_t>(next);
    rest = trim_front(rest.substr(used));
  }
  if (rest_out) *rest_out = rest;
  return node;
}

Result<CodeUses> WhereIsCode(const CodeSet& cs, std::string_view code, uint32_t limit) {
  if (cs.index_books().empty()) return NoIndex();
  if (limit < 1 || limit > kMaxPage) return MakeError(ErrorCode::kInvalidArgument, "limit must be between 1 and " + std::to_string(kMaxPage));
  std::string_view c = code;
  while (!c.empty() && (c.back() == '-' || c.back() == ' ')) c.remove_suffix(1);
  if (!c.empty() && c.back() == '.') c.remove_suffix(1);
  auto idx = cs.Find(c);
  if (!idx) return MakeError(ErrorCode::kNotFound, "no code " + std::string(code) + " in " + cs.meta().label);
  CodeUses out;
  out.code = cs.Dotted(*idx);
  std::vector<std::pair<uint32_t, uint32_t>> exact, above;  // node, ref
  for (uint32_t i = 0; i < cs.index_nodes().size(); ++i) {
    auto refs = cs.index_refs(i);
    for (uint32_t k = 0; k < refs.size(); ++k) {
      const IndexRefRec& r = refs[k];
      if (r.target_kind != uint8_t(IndexTargetKind::kCode)) continue;
      if (r.target == *idx) {
        exact.push_back({i, k});
      } else if (r.target < *idx && *idx < cs.rec(r.target).subtree_end &&
                 ((r.flags & (kRefDash | kRefDotDash)) || !cs.billable(r.target) ||
                  r.kind == uint8_t(IndexRefKind::kSubcategory) || r.kind == uint8_t(IndexRefKind::kSeeCategory))) {
        above.push_back({i, k});
      }
    }
  }
  out.total = static_cast<uint32_t>(exact.size() + above.size());
  auto add = [&](const std::vector<std::pair<uint32_t, uint32_t>>& list, bool is_exact) {
    for (auto [i, k] : list) {
      if (out.items.size() >= limit) return;
      CodeUse u;
      u.node = i;
      u.book = cs.index_book_of(i);
      for (uint32_t a = i; a != kNone; a = cs.index_parent(a)) u.path.push_back(Essential(cs, a));
      std::reverse(u.path.begin(), u.path.end());
      u.ref = MakeRef(cs, u.book, cs.index_refs(i)[k]);
      u.exact = is_exact;
      out.items.push_back(std::move(u));
    }
  };
  add(exact, true);
  add(above, false);
  return out;
}

// ---- JSON ---------------------------------------------------------------------------

json ToJson(const CodeSet&, const LetterInfo& l) { return {{"letter", l.letter}, {"first", l.first}, {"count", l.main_terms}}; }

json ToJson(const CodeSet& cs, const BookInfo& b) {
  json letters = json::array();
  for (const auto& l : b.letters) letters.push_back(ToJson(cs, l));
  return {{"id", b.id},           {"key", b.key},         {"name", b.name}, {"kind", b.table ? "table" : "index"},
          {"columns", b.columns}, {"letters", letters},   {"mainTerms", b.main_terms},
          {"terms", b.terms},     {"source", b.source},   {"sourceYear", b.source_year}};
}

json ToJson(const CodeSet& cs, const RefView& r) {
  json j = {{"text", r.text}};
  if (r.code) j["code"] = {{"code", r.code->code}, {"title", r.code->title}, {"billable", r.code->billable}};
  if (r.node != kNone) j["node"] = r.node;
  if (r.book != kNone) j["book"] = BookKey(cs, r.book);
  if (r.column >= 0) {
    j["column"] = r.column_name;
    j["columnIndex"] = r.column;
  }
  if (r.partial) j["partial"] = true;
  return j;
}

json ToJson(const CodeSet& cs, const NodeView& n) {
  json j = {{"id", n.id}, {"book", BookKey(cs, n.book)}, {"level", n.level}, {"title", n.title}, {"children", n.children}};
  if (!n.nemod.empty()) j["nemod"] = json::array({n.before, n.nemod, n.after});
  json cells;
  for (const RefView& r : n.refs) {
    if (r.kind == IndexRefKind::kCell) {
      if (cells.is_null()) {
        size_t count = n.book < cs.index_books().size() ? cs.index_books()[n.book].column_count : 0;
        cells = json::array();
        for (size_t c = 0; c < count; ++c) cells.push_back(nullptr);
      }
      if (r.column >= 0 && static_cast<size_t>(r.column) < cells.size()) {
        json cell = ToJson(cs, r);
        cell.erase("column");
        cell.erase("columnIndex");
        if (cell.contains("code")) cell["code"].erase("title");  // one row has many: the code detail has it
        cells[r.column] = std::move(cell);
      }
    } else {
      j[RefKindName(r.kind)] = ToJson(cs, r);
    }
  }
  if (!cells.is_null()) j["cells"] = std::move(cells);
  if (!n.subterms.empty()) {
    json kids = json::array();
    for (const auto& c : n.subterms) kids.push_back(ToJson(cs, c));
    j["subterms"] = std::move(kids);
  }
  return j;
}

json ToJson(const CodeSet& cs, const Page& p) {
  json items = json::array();
  for (const auto& n : p.items) items.push_back(ToJson(cs, n));
  return {{"total", p.total}, {"offset", p.offset}, {"items", items}};
}

json ToJson(const CodeSet& cs, const NodeDetail& d) {
  json j = ToJson(cs, d.node);
  json path = json::array();
  for (const auto& p : d.path) path.push_back({{"id", p.id}, {"title", p.title}});
  j["path"] = std::move(path);
  json kids = json::array();
  for (const auto& c : d.children) kids.push_back(ToJson(cs, c));
  j["subterms"] = std::move(kids);
  return j;
}

json ToJson(const CodeSet& cs, const FollowResult& f) {
  json j = ToJson(cs, f.via);
  j["via"] = f.see_also ? "seeAlso" : "see";
  if (f.node) {
    j["target"] = "node";
    j["node"] = ToJson(cs, *f.node);
  } else if (f.book) {
    j["target"] = "book";
    j["bookInfo"] = ToJson(cs, *f.book);
  } else {
    j["target"] = "code";
  }
  return j;
}

json ToJson(const CodeSet& cs, const CodeUses& u) {
  json items = json::array();
  for (const auto& x : u.items) {
    json r = ToJson(cs, x.ref);
    json it = {{"id", x.node}, {"book", BookKey(cs, x.book)}, {"path", x.path}, {"via", RefKindName(x.ref.kind)},
               {"text", x.ref.text}, {"exact", x.exact}};
    if (x.ref.column >= 0) it["column"] = x.ref.column_name;
    items.push_back(std::move(it));
  }
  return {{"code", u.code}, {"total", u.total}, {"items", items}};
}

}  // namespace medcode::index
