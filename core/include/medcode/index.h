// Browsing the Alphabetic Index and the Tables (the IBOK/INOD/IREF sections, format.h):
// the books, main terms in order (by letter or folded prefix), a term's subterms, its path,
// see / see also followed to their targets, table rows with their cells, and the terms
// that lead to a code. Read-only views over a CodeSet; nothing is cached.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "medcode/codeset.h"

namespace medcode::index {

struct LetterInfo {
  std::string letter;       // "A", "#"
  uint32_t first = 0;       // its first main term (node id)
  uint32_t main_terms = 0;  // how many main terms it has
};

struct BookInfo {
  uint32_t id = 0;          // index of the book
  std::string key;          // "index", "eindex", "neoplasm", "drug"
  std::string name;         // "Index to Diseases and Injuries"
  bool table = false;       // the Neoplasm Table, the Table of Drugs and Chemicals
  std::vector<std::string> columns;  // table column heads, the row heading first
  std::vector<LetterInfo> letters;
  uint32_t main_terms = 0;
  uint32_t terms = 0;       // every node of the book
  std::string source;       // "icd10cm_index_2023.xml (FY2023, official)"
  int source_year = 0;
};

// A code an index entry leads to.
struct CodeTarget {
  uint32_t index = 0;       // into the code set
  std::string code;         // dotted ("S52.5")
  std::string title;
  bool billable = false;    // false: a header now, more characters are needed
};

// A code, cross-reference or table cell of a term (format::IndexRefKind).
struct RefView {
  format::IndexRefKind kind;
  std::string text;         // as written ("S52.5-", "Neoplasm, malignant, by site")
  int column = -1;          // cell column / see target column (index into the target book's columns)
  std::string column_name;
  std::optional<CodeTarget> code;    // the code it leads to
  uint32_t node = format::kNone;     // see / see also: the term it leads to
  uint32_t book = format::kNone;     // ... or the book (the target term's book when node is set)
  bool partial = false;     // the text leads further than the tree ("by site", "condition")
};

struct NodeView {
  uint32_t id = 0;
  uint32_t book = 0;
  uint32_t level = 0;       // 0 = main term
  std::string title;        // as printed, nonessential modifiers in place
  std::string nemod;        // the nonessential modifiers ("" if none) ...
  std::string before, after;  // ... and the title text around them
  uint32_t children = 0;    // direct subterms
  std::vector<RefView> refs;
  std::vector<NodeView> subterms;  // every subterm below, nested (only in ListOptions::deep lists)
};

struct Page {
  uint32_t total = 0;       // matching terms
  uint32_t offset = 0;
  std::vector<NodeView> items;
};

struct NodeDetail {
  NodeView node;
  std::vector<NodeView> path;      // main term first, the node itself last (refs not filled)
  std::vector<NodeView> children;  // in order, with their refs
};

inline constexpr uint32_t kMaxPage = 5000;

// Every book (empty when the code set has no index).
std::vector<BookInfo> Books(const CodeSet& cs);

// A book by key ("index", "neoplasm"; any case) or by number ("2"); kNotFound otherwise.
Result<uint32_t> FindBook(const CodeSet& cs, std::string_view key_or_id);

struct ListOptions {
  std::string prefix;       // folded (case- and accent-insensitive) start of the title
  std::string letter;       // a letter heading of the book ("A", "#")
  uint32_t offset = 0;
  uint32_t limit = 100;     // 1..kMaxPage
  bool deep = false;        // each listed term with all its subterms, nested (a table's rows)
};

// Main terms of a book in order, optionally those of one letter and/or starting with a prefix.
Result<Page> MainTerms(const CodeSet& cs, uint32_t book, const ListOptions& opt);
// Subterms of a node in order (prefix filters them; letter is ignored).
Result<Page> Children(const CodeSet& cs, uint32_t node, const ListOptions& opt);
// One node with its path and children.
Result<NodeDetail> Node(const CodeSet& cs, uint32_t node);
NodeView View(const CodeSet& cs, uint32_t node, bool with_refs = true);

// Where a node's "see" (or, without one or when see_also, its "see also") leads.
struct FollowResult {
  RefView via;                     // the reference followed
  bool see_also = false;
  std::optional<NodeDetail> node;  // the target term
  std::optional<BookInfo> book;    // a target book ("see Table of Drugs and Chemicals")
};
Result<FollowResult> Follow(const CodeSet& cs, uint32_t node, bool see_also = false);

// A path as printed in references: "Diabetes, type 2, with, hyperglycemia" (in one book, or
// in every book when book is kNone). Returns the deepest node the text leads to; rest gets
// what the tree did not have ("" when all of it matched).
Result<uint32_t> FindPath(const CodeSet& cs, std::string_view path, uint32_t book = format::kNone,
                          std::string* rest = nullptr);

// Each book's main terms by their folded titles (modifiers left out), read from a code set's
// Index a first letter at a time, when a path that starts with it is first looked up:
// FindPath given it looks a path's main term up instead of folding every main term of the
// book that may start with that letter (a caller that finds many paths in one code set
// keeps one). It answers as FindPath without it, for the code set it was built from, and
// only while that Index is attached.
class MainTermKeys {
 public:
  explicit MainTermKeys(const CodeSet& cs) : cs_(cs) {}
  // The first main term (in book order) whose key is the text, else kNone; and the first
  // whose key's first part (before any comma) is the text's. Both texts start with `lead`,
  // an ASCII lower-case letter or digit.
  uint32_t Find(uint32_t book, char lead, std::string_view key) { return In(Of(book, lead).full, key); }
  uint32_t FindHead(uint32_t book, char lead, std::string_view head) { return In(Of(book, lead).heads, head); }

 private:
  using Keys = std::map<std::string, uint32_t, std::less<>>;
  struct Letter {
    bool read = false;
    Keys full, heads;
  };
  Letter& Of(uint32_t book, char lead);
  static uint32_t In(const Keys& keys, std::string_view key);
  const CodeSet& cs_;
  std::vector<std::vector<Letter>> books_;  // by book, then a-z, 0-9
};
Result<uint32_t> FindPath(const CodeSet& cs, std::string_view path, uint32_t book, std::string* rest,
                          MainTermKeys* keys);

// Terms whose code (or cell) is this code, or a header above it written with "-".
struct CodeUse {
  uint32_t node = 0;
  uint32_t book = 0;
  std::vector<std::string> path;   // titles from the main term down (modifiers left out)
  RefView ref;                     // the code or cell that leads here
  bool exact = false;              // the entry names this very code (else a header above it)
};
struct CodeUses {
  std::string code;                // dotted
  uint32_t total = 0;
  std::vector<CodeUse> items;
};
Result<CodeUses> WhereIsCode(const CodeSet& cs, std::string_view code, uint32_t limit = 100);

// The same shapes as JSON (camelCase), shared by the CLI (--json) and the JS API.
nlohmann::json ToJson(const CodeSet& cs, const BookInfo& b);
nlohmann::json ToJson(const CodeSet& cs, const NodeView& n);
nlohmann::json ToJson(const CodeSet& cs, const RefView& r);
nlohmann::json ToJson(const CodeSet& cs, const Page& p);
nlohmann::json ToJson(const CodeSet& cs, const NodeDetail& d);
nlohmann::json ToJson(const CodeSet& cs, const FollowResult& f);
nlohmann::json ToJson(const CodeSet& cs, const CodeUses& u);

const char* RefKindName(format::IndexRefKind kind);  // "code", "manif", "see", "seeAlso", ...

}  // namespace medcode::index
