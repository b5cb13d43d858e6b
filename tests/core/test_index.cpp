// The Alphabetic Index and Tables for browsing (IBOK/INOD/IREF, medcode/index.h): what the
// importer keeps from the fixture books, the browsing API, and the reader's checks of the
// three sections (damaged -> kCorrupt, never a crash).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "fixture.h"
#include "medcode/index.h"

namespace {

using namespace medcode;
using namespace medcode::format;
using namespace medcode::index;
using medcode::fx::Aligned;
using medcode::fx::FixtureCodeSet;
using medcode::fx::FixtureFileBytes;
using medcode::fx::LoadAt;
using medcode::fx::Reseal;
using medcode::fx::SectionOffset;
using medcode::fx::StoreAt;
using Strings = std::vector<std::string>;

const CodeSet& CS() { return FixtureCodeSet(); }

Strings Titles(const Page& p) {
  Strings out;
  for (const auto& n : p.items) out.push_back(n.title);
  return out;
}

uint32_t BookOf(const char* key) {
  auto b = FindBook(CS(), key);
  EXPECT_TRUE(b.ok()) << key;
  return b.ok() ? *b : 0;
}

uint32_t Path(std::string_view path) {
  std::string rest;
  auto r = FindPath(CS(), path, kNone, &rest);
  EXPECT_TRUE(r.ok()) << path << ": " << (r.ok() ? "" : r.error().message);
  EXPECT_EQ(rest, "") << path;
  return r.ok() ? *r : 0;
}

const RefView* RefOf(const NodeView& n, IndexRefKind kind) {
  for (const auto& r : n.refs) if (r.kind == kind) return &r;
  return nullptr;
}

const RefView* Cell(const NodeView& n, int column) {
  for (const auto& r : n.refs) if (r.kind == IndexRefKind::kCell && r.column == column) return &r;
  return nullptr;
}

TEST(Index, BooksInImportOrderWithColumnsAndLetters) {
  auto books = Books(CS());
  ASSERT_EQ(books.size(), 3u);  // the fixture has no External Cause Index
  EXPECT_EQ(books[0].key, "index");
  EXPECT_EQ(books[0].name, "Index to Diseases and Injuries");
  EXPECT_FALSE(books[0].table);
  EXPECT_TRUE(books[0].columns.empty());
  Strings letters;
  for (const auto& l : books[0].letters) letters.push_back(l.letter);
  EXPECT_EQ(letters, (Strings{"A", "D", "F", "H", "P", "Q"}));
  EXPECT_EQ(books[0].main_terms, 8u);
  EXPECT_EQ(books[0].letters[3].main_terms, 2u);  // H: Hypercholesterolemia, Hydrops
  EXPECT_EQ(books[0].source, "icd10cm_index_2023.xml (FY2023, official)");
  EXPECT_EQ(books[0].source_year, 2023);

  EXPECT_EQ(books[1].key, "neoplasm");
  EXPECT_TRUE(books[1].table);
  EXPECT_EQ(books[1].columns, (Strings{"Neoplasm", "Malignant Primary", "Malignant Secondary", "Ca in situ", "Benign",
                                        "Uncertain Behavior", "Unspecified Behavior"}));
  EXPECT_EQ(books[1].main_terms, 1u);
  EXPECT_EQ(books[1].terms, 7u);
  EXPECT_EQ(books[2].key, "drug");
  EXPECT_EQ(books[2].columns.front(), "Substance");
  EXPECT_EQ(books[2].letters.front().letter, "#");

  EXPECT_EQ(*FindBook(CS(), "DRUG"), 2u);
  EXPECT_EQ(*FindBook(CS(), "1"), 1u);
  EXPECT_EQ(FindBook(CS(), "eindex").error().code, ErrorCode::kNotFound);
}

TEST(Index, MainTermsInOrderByLetterAndPrefix) {
  ListOptions all;
  auto p = MainTerms(CS(), 0, all);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(Titles(*p), (Strings{"Adenoma (cell)", "Attack, attacks", "Diabetes, diabetic (mellitus) (sugar)",
                                 "Fracture, traumatic (abduction) (closed)", "Hypercholesterolemia (essential) (primary) (pure)",
                                 "Hydrops", "Poisoning (acute)", "Quintessence (pure) NEC"}));
  ListOptions h;
  h.letter = "h";
  EXPECT_EQ(MainTerms(CS(), 0, h)->total, 2u);
  ListOptions pre;
  pre.prefix = "HYD";
  EXPECT_EQ(Titles(*MainTerms(CS(), 0, pre)), Strings{"Hydrops"});
  pre.prefix = "hy\xC3\xB6";  // folded: accents do not matter
  EXPECT_EQ(MainTerms(CS(), 0, pre)->total, 0u);
  pre.prefix = "HYDR\xC3\x96";  // "HYDRÖ"
  EXPECT_EQ(Titles(*MainTerms(CS(), 0, pre)), Strings{"Hydrops"});
  pre.prefix = "diabetes diab";  // commas are optional
  EXPECT_EQ(MainTerms(CS(), 0, pre)->total, 1u);
  pre.prefix = "quintessence nec";  // the title without its modifiers counts too
  EXPECT_EQ(MainTerms(CS(), 0, pre)->total, 1u);
  pre.prefix = "a";
  pre.letter = "H";
  EXPECT_EQ(MainTerms(CS(), 0, pre)->total, 0u);
  // Paging.
  ListOptions page;
  page.offset = 2;
  page.limit = 3;
  auto pg = MainTerms(CS(), 0, page);
  EXPECT_EQ(pg->total, 8u);
  EXPECT_EQ(pg->offset, 2u);
  ASSERT_EQ(pg->items.size(), 3u);
  EXPECT_EQ(pg->items[0].title, "Diabetes, diabetic (mellitus) (sugar)");
  // Errors.
  ListOptions bad;
  bad.limit = 0;
  EXPECT_EQ(MainTerms(CS(), 0, bad).error().code, ErrorCode::kInvalidArgument);
  bad.limit = kMaxPage + 1;
  EXPECT_EQ(MainTerms(CS(), 0, bad).error().code, ErrorCode::kInvalidArgument);
  ListOptions nol;
  nol.letter = "B";
  EXPECT_EQ(MainTerms(CS(), 0, nol).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(MainTerms(CS(), 9, all).error().code, ErrorCode::kNotFound);
  ListOptions utf;
  utf.prefix = "\xC3";
  EXPECT_EQ(MainTerms(CS(), 0, utf).error().code, ErrorCode::kInvalidUtf8);
  // The drug table's letters, "#" first.
  ListOptions hash;
  hash.letter = "#";
  EXPECT_EQ(Titles(*MainTerms(CS(), 2, hash)), Strings{"1-propanol"});
}

TEST(Index, TitlesKeepTheirNonessentialModifiersInPlace) {
  NodeView d = View(CS(), Path("Diabetes, diabetic"));
  EXPECT_EQ(d.title, "Diabetes, diabetic (mellitus) (sugar)");
  EXPECT_EQ(d.before, "Diabetes, diabetic ");
  EXPECT_EQ(d.nemod, "(mellitus) (sugar)");
  EXPECT_EQ(d.after, "");
  NodeView q = View(CS(), Path("Quintessence NEC"));
  EXPECT_EQ(q.title, "Quintessence (pure) NEC");
  EXPECT_EQ(q.nemod, "(pure)");
  EXPECT_EQ(q.after, " NEC");
  NodeView h = View(CS(), Path("Hydrops"));
  EXPECT_EQ(h.nemod, "");
  EXPECT_EQ(h.before, "");
}

TEST(Index, NodeWithPathChildrenAndCodes) {
  uint32_t dm = Path("Diabetes, diabetic");
  auto d = Node(CS(), dm);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->node.level, 0u);
  EXPECT_EQ(d->node.children, 2u);
  ASSERT_EQ(d->children.size(), 2u);
  EXPECT_EQ(d->children[0].title, "type 1");
  EXPECT_EQ(d->children[1].title, "type 2");
  const RefView* code = RefOf(d->node, IndexRefKind::kCode);
  ASSERT_NE(code, nullptr);
  EXPECT_EQ(code->text, "E11.9");
  ASSERT_TRUE(code->code.has_value());
  EXPECT_EQ(code->code->code, "E11.9");
  EXPECT_TRUE(code->code->billable);

  uint32_t hyper = Path("Diabetes, type 2, with, hyperglycemia");
  auto hd = Node(CS(), hyper);
  ASSERT_TRUE(hd.ok());
  Strings path;
  for (const auto& p : hd->path) path.push_back(p.title);
  EXPECT_EQ(path, (Strings{"Diabetes, diabetic (mellitus) (sugar)", "type 2", "with", "hyperglycemia"}));
  EXPECT_EQ(hd->node.level, 3u);
  EXPECT_EQ(CS().index_parent(hyper), hd->path[2].id);
  EXPECT_EQ(CS().index_parent(dm), kNone);

  // "S52.00-": written with a dash, a header now.
  NodeView ue = View(CS(), Path("Fracture, traumatic, ulna or ulnar, upper end"));
  const RefView* s52 = RefOf(ue, IndexRefKind::kCode);
  ASSERT_NE(s52, nullptr);
  EXPECT_EQ(s52->text, "S52.00-");
  ASSERT_TRUE(s52->code.has_value());
  EXPECT_EQ(s52->code->code, "S52.00");
  EXPECT_FALSE(s52->code->billable);
  // A manifestation code, a subcategory, a "see category".
  NodeView fam = View(CS(), Path("Hypercholesterolemia, familial"));
  EXPECT_EQ(RefOf(fam, IndexRefKind::kCode)->code->code, "E78.01");
  EXPECT_FALSE(RefOf(fam, IndexRefKind::kCode)->code->billable);  // billable until FY2025
  ASSERT_NE(RefOf(fam, IndexRefKind::kManif), nullptr);
  EXPECT_EQ(RefOf(fam, IndexRefKind::kManif)->code->code, "E78.00");
  NodeView endo = View(CS(), Path("Hydrops, endolymphatic"));
  ASSERT_NE(RefOf(endo, IndexRefKind::kSubcategory), nullptr);
  EXPECT_EQ(RefOf(endo, IndexRefKind::kSubcategory)->code->code, "H81.0");
  NodeView fet = View(CS(), Path("Hydrops, fetalis"));
  ASSERT_NE(RefOf(fet, IndexRefKind::kSeeCategory), nullptr);
  EXPECT_EQ(RefOf(fet, IndexRefKind::kSeeCategory)->code->code, "E78");
  // A code absent from FY2026 keeps its text and leads nowhere.
  NodeView q = View(CS(), Path("Quintessence NEC"));
  EXPECT_EQ(RefOf(q, IndexRefKind::kCode)->text, "Q99.9");
  EXPECT_FALSE(RefOf(q, IndexRefKind::kCode)->code.has_value());

  EXPECT_EQ(Node(CS(), static_cast<uint32_t>(CS().index_nodes().size())).error().code, ErrorCode::kNotFound);
}

TEST(Index, SeeReferencesAreFollowed) {
  uint32_t sugar = Path("Attack, sugar");
  NodeView s = View(CS(), sugar);
  const RefView* see = RefOf(s, IndexRefKind::kSee);
  ASSERT_NE(see, nullptr);
  EXPECT_EQ(see->text, "Diabetes, type 2");
  EXPECT_EQ(see->node, Path("Diabetes, diabetic, type 2"));
  EXPECT_FALSE(see->partial);
  auto f = Follow(CS(), sugar);
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(f->see_also);
  ASSERT_TRUE(f->node.has_value());
  EXPECT_EQ(f->node->node.title, "type 2");
  EXPECT_EQ(f->node->path.front().title, "Diabetes, diabetic (mellitus) (sugar)");

  // "see also Neoplasm, benign, by site": into the Neoplasm Table, column Benign, site to choose.
  uint32_t aden = Path("Adenoma");
  const RefView* also = RefOf(View(CS(), aden), IndexRefKind::kSeeAlso);
  ASSERT_NE(also, nullptr);
  EXPECT_EQ(also->book, BookOf("neoplasm"));
  EXPECT_EQ(also->node, CS().index_books()[BookOf("neoplasm")].node_first);
  EXPECT_EQ(also->column_name, "Benign");
  EXPECT_EQ(also->column, 4);
  EXPECT_TRUE(also->partial);
  auto fa = Follow(CS(), aden);
  ASSERT_TRUE(fa.ok());
  EXPECT_TRUE(fa->see_also);
  EXPECT_EQ(fa->node->node.title, "Neoplasm, neoplastic");

  // "see Table of Drugs and Chemicals, by drug, poisoning": the table, its first poisoning column.
  uint32_t pois = Path("Poisoning");
  auto fp = Follow(CS(), pois);
  ASSERT_TRUE(fp.ok());
  ASSERT_TRUE(fp->book.has_value());
  EXPECT_EQ(fp->book->key, "drug");
  EXPECT_EQ(fp->via.column_name, "Poisoning Accidental (unintentional)");
  EXPECT_TRUE(fp->via.partial);
  EXPECT_FALSE(fp->node.has_value());

  // "see also condition" names no term; a term without see has nothing to follow.
  uint32_t hyd = Path("Hydrops");
  EXPECT_EQ(RefOf(View(CS(), hyd), IndexRefKind::kSeeAlso)->text, "condition");
  EXPECT_EQ(Follow(CS(), hyd).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Follow(CS(), Path("Diabetes, diabetic")).error().code, ErrorCode::kNotFound);

  // Inside a table: "see also Neoplasm, abdomen, wall, skin" leads all the way.
  uint32_t wall = Path("Neoplasm, neoplastic, abdomen, wall");
  auto fw = Follow(CS(), wall, true);
  ASSERT_TRUE(fw.ok());
  EXPECT_EQ(fw->node->node.title, "skin");
  EXPECT_FALSE(fw->via.partial);
  auto fs = Follow(CS(), Path("Neoplasm, neoplastic, accessory sinus"));
  ASSERT_TRUE(fs.ok());
  EXPECT_EQ(fs->node->node.title, "sinus (accessory)");
}

TEST(Index, TableRowsHaveTheirCells) {
  uint32_t neo = BookOf("neoplasm");
  auto main = MainTerms(CS(), neo, {});
  ASSERT_EQ(main->items.size(), 1u);
  const NodeView& top = main->items[0];
  EXPECT_EQ(top.children, 4u);
  int cells = 0;
  for (const auto& r : top.refs) cells += r.kind == IndexRefKind::kCell;
  EXPECT_EQ(cells, 6);
  ASSERT_NE(Cell(top, 1), nullptr);
  EXPECT_EQ(Cell(top, 1)->text, "C80.1");
  EXPECT_EQ(Cell(top, 1)->column_name, "Malignant Primary");
  EXPECT_FALSE(Cell(top, 1)->code.has_value());  // not a code of the fixture
  // "-" is no cell at all.
  NodeView skin = View(CS(), Path("Neoplasm, neoplastic, abdomen, wall, skin"));
  EXPECT_NE(Cell(skin, 1), nullptr);
  EXPECT_EQ(Cell(skin, 2), nullptr);
  // Children filtered by a prefix (the Neoplasm Table's A-Z).
  ListOptions o;
  o.prefix = "a";
  auto kids = Children(CS(), top.id, o);
  EXPECT_EQ(Titles(*kids), (Strings{"abdomen, abdominal", "accessory sinus"}));
  o.prefix = "S";
  EXPECT_EQ(Titles(*Children(CS(), top.id, o)), Strings{"sinus (accessory)"});
  // deep: the rows with every row below them, nested.
  o.prefix = "ab";
  o.deep = true;
  auto deep = Children(CS(), top.id, o);
  ASSERT_EQ(deep->items.size(), 1u);
  ASSERT_EQ(deep->items[0].subterms.size(), 1u);
  EXPECT_EQ(deep->items[0].subterms[0].title, "wall");
  ASSERT_EQ(deep->items[0].subterms[0].subterms.size(), 1u);
  EXPECT_EQ(deep->items[0].subterms[0].subterms[0].title, "skin");
  EXPECT_EQ(ToJson(CS(), *deep)["items"][0]["subterms"][0]["subterms"][0]["title"], "skin");
  EXPECT_TRUE(MainTerms(CS(), BookOf("neoplasm"), {})->items[0].subterms.empty());  // not deep: none

  // The drug table: codes that are headers in FY2026 (a 7th character is needed).
  ListOptions a;
  a.letter = "A";
  auto drugs = MainTerms(CS(), BookOf("drug"), a);
  ASSERT_EQ(drugs->items.size(), 2u);
  const NodeView& amox = drugs->items[0];
  EXPECT_EQ(amox.title, "Amoxicillin");
  ASSERT_NE(Cell(amox, 1), nullptr);
  EXPECT_EQ(Cell(amox, 1)->text, "T36.0X1");
  ASSERT_TRUE(Cell(amox, 1)->code.has_value());
  EXPECT_EQ(Cell(amox, 1)->code->code, "T36.0X1");
  EXPECT_FALSE(Cell(amox, 1)->code->billable);
  EXPECT_EQ(Cell(amox, 5)->column_name, "Adverse effect");
  EXPECT_FALSE(Cell(amox, 2)->code.has_value());  // T36.0X2: not in the fixture
  NodeView zinc = View(CS(), Path("Zinc NEC"));
  EXPECT_EQ(Cell(zinc, 5), nullptr);  // "--"
}

TEST(Index, FindPathWalksAsFarAsTheTreeGoes) {
  EXPECT_EQ(View(CS(), Path("diabetes, TYPE 2")).title, "type 2");
  EXPECT_EQ(View(CS(), Path("Hypercholesterolemia")).title, "Hypercholesterolemia (essential) (primary) (pure)");
  // Both the Index and the Neoplasm Table have "Neoplasm...": the one whose tree goes on wins.
  uint32_t ab = Path("Neoplasm, neoplastic, abdomen");
  EXPECT_EQ(CS().index_book_of(ab), BookOf("neoplasm"));
  std::string rest;
  auto r = FindPath(CS(), "Diabetes, type 3", kNone, &rest);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(View(CS(), *r).title, "Diabetes, diabetic (mellitus) (sugar)");
  EXPECT_EQ(rest, "type 3");
  EXPECT_EQ(FindPath(CS(), "Nothing at all").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(FindPath(CS(), "Hydrops", BookOf("drug")).error().code, ErrorCode::kNotFound);
}

// Session 19 (speed): FindPath given the main terms' keys (MainTermKeys, read a letter at a time) answers
// as FindPath folding every main term: for every term's title and path of every book, alone,
// in upper case, with a subterm it lacks, by its first part only, and for texts with no main
// term, in each book and in all of them.
TEST(Index, FindPathWithMainTermKeysAnswersTheSame) {
  MainTermKeys keys(CS());
  std::vector<std::string> paths = {"", ",", " , x", "Nothing at all", "Hydrops", "Diabetes, type 3",
                                    "Neoplasm, neoplastic, abdomen", "diabetes, TYPE 2", "Neoplasm, abdomen"};
  for (uint32_t i = 0; i < CS().index_nodes().size(); ++i) {
    auto d = Node(CS(), i);
    ASSERT_TRUE(d.ok());
    std::string path;
    for (const NodeView& v : d->path) path += (path.empty() ? "" : ", ") + v.title;
    const std::string& title = d->node.title;
    std::string upper = path;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return c >= 'a' && c <= 'z' ? c - 32 : c; });
    paths.insert(paths.end(), {path, title, upper, path + ", zzz", title.substr(0, title.find(',')) + ", qq",
                               title.substr(0, title.find(' '))});
  }
  size_t checked = 0;
  for (const std::string& p : paths) {
    for (uint32_t b = 0; b <= CS().index_books().size(); ++b) {
      const uint32_t book = b == CS().index_books().size() ? kNone : b;
      std::string rest1 = "x", rest2 = "x";
      auto a = FindPath(CS(), p, book, &rest1);
      auto k = FindPath(CS(), p, book, &rest2, &keys);
      ASSERT_EQ(a.ok(), k.ok()) << p;
      if (a.ok()) {
        EXPECT_EQ(*a, *k) << p;
        EXPECT_EQ(rest1, rest2) << p;
      } else {
        EXPECT_EQ(a.error().code, k.error().code) << p;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 500u);
}

TEST(Index, WhereIsACodeInTheIndex) {
  auto u = WhereIsCode(CS(), "e11.65");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->code, "E11.65");
  ASSERT_EQ(u->total, 1u);
  EXPECT_TRUE(u->items[0].exact);
  EXPECT_EQ(u->items[0].path, (Strings{"Diabetes, diabetic", "type 2", "with", "hyperglycemia"}));
  auto e119 = WhereIsCode(CS(), "E11.9");
  EXPECT_EQ(e119->total, 2u);  // the main term and "type 2"
  // A 7th-character code: the entries that lead to a header above it.
  auto s = WhereIsCode(CS(), "S52.001A");
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->total, 1u);
  EXPECT_FALSE(s->items[0].exact);
  EXPECT_EQ(s->items[0].ref.text, "S52.00-");
  auto t = WhereIsCode(CS(), "T36.0X5A");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->total, 1u);
  EXPECT_EQ(t->items[0].ref.kind, IndexRefKind::kCell);
  EXPECT_EQ(t->items[0].ref.column_name, "Adverse effect");
  EXPECT_EQ(WhereIsCode(CS(), "Z99.99").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(WhereIsCode(CS(), "E11", 0).error().code, ErrorCode::kInvalidArgument);
}

TEST(Index, JsonShapes) {
  auto d = Node(CS(), Path("Diabetes, diabetic"));
  nlohmann::json j = ToJson(CS(), *d);
  EXPECT_EQ(j["book"], "index");
  EXPECT_EQ(j["title"], "Diabetes, diabetic (mellitus) (sugar)");
  EXPECT_EQ(j["nemod"], nlohmann::json::array({"Diabetes, diabetic ", "(mellitus) (sugar)", ""}));
  EXPECT_EQ(j["code"]["text"], "E11.9");
  EXPECT_EQ(j["code"]["code"]["billable"], true);
  EXPECT_EQ(j["children"], 2);
  EXPECT_EQ(j["subterms"].size(), 2u);
  EXPECT_EQ(j["path"].size(), 1u);
  auto amox = View(CS(), Path("Amoxicillin"));
  nlohmann::json a = ToJson(CS(), amox);
  ASSERT_EQ(a["cells"].size(), 7u);
  EXPECT_TRUE(a["cells"][0].is_null());
  EXPECT_EQ(a["cells"][1]["text"], "T36.0X1");
  EXPECT_EQ(a["cells"][1]["code"]["billable"], false);
  auto f = Follow(CS(), Path("Poisoning"));
  nlohmann::json fj = ToJson(CS(), *f);
  EXPECT_EQ(fj["target"], "book");
  EXPECT_EQ(fj["book"], "drug");
  EXPECT_EQ(fj["column"], "Poisoning Accidental (unintentional)");
  EXPECT_EQ(fj["partial"], true);
}

// ---- the reader's checks ---------------------------------------------------------------

class IndexSections : public ::testing::Test {
 protected:
  std::string b = fx::Expanded(FixtureFileBytes());
  size_t Books() { return SectionOffset(b, kTagIndexBooks); }
  size_t Book(size_t i) { return Books() + sizeof(IndexBooksHeader) + i * sizeof(IndexBookRec); }
  size_t Letter(size_t i) {
    IndexBooksHeader h = LoadAt<IndexBooksHeader>(b, Books());
    return Books() + sizeof(IndexBooksHeader) + h.book_count * sizeof(IndexBookRec) + h.column_count * sizeof(StrRef) +
           i * sizeof(IndexLetterRec);
  }
  size_t Node(size_t i) { return SectionOffset(b, kTagIndexNodes) + 4 + i * sizeof(IndexNodeRec); }
  size_t Ref(size_t i) { return SectionOffset(b, kTagIndexRefs) + 4 + i * sizeof(IndexRefRec); }
  size_t FindRef(IndexRefKind kind, size_t nth = 0) {
    const auto refs = FixtureCodeSet().index_all_refs();
    for (size_t i = 0; i < refs.size(); ++i) {
      if (refs[i].kind == uint8_t(kind) && nth-- == 0) return i;
    }
    ADD_FAILURE() << "no such ref";
    return 0;
  }
  void ExpectCorrupt(const char* what) {
    fx::ExpectCorruptOnceResealed(b, what);
    b = fx::Expanded(FixtureFileBytes());
  }
};

TEST_F(IndexSections, FixtureHasThem) {
  const CodeSet& cs = FixtureCodeSet();
  EXPECT_EQ(cs.index_books().size(), 3u);
  EXPECT_GT(cs.index_nodes().size(), 20u);
  EXPECT_GT(cs.index_all_refs().size(), 30u);
  // Parents and subtree ends derived from the levels agree with the document order.
  for (uint32_t i = 0; i < cs.index_nodes().size(); ++i) {
    uint32_t p = cs.index_parent(i);
    if (p == kNone) {
      EXPECT_EQ(cs.index_nodes()[i].level, 0u);
    } else {
      EXPECT_LT(p, i);
      EXPECT_EQ(cs.index_nodes()[i].level, cs.index_nodes()[p].level + 1);
      EXPECT_LE(cs.index_subtree_end(i), cs.index_subtree_end(p));
    }
    EXPECT_GT(cs.index_subtree_end(i), i);
  }
}

TEST_F(IndexSections, DamagedRecordsAreCorrupt) {
  StoreAt<uint32_t>(b, Books() + offsetof(IndexBooksHeader, book_count), 1000);
  ExpectCorrupt("book count past the section");
  StoreAt<uint32_t>(b, Books() + offsetof(IndexBooksHeader, letter_count), 0x10000000);
  ExpectCorrupt("letter count past the section");
  StoreAt<uint32_t>(b, Book(0) + offsetof(IndexBookRec, node_end), 3);
  ExpectCorrupt("books leave terms out");
  StoreAt<uint32_t>(b, Book(2) + offsetof(IndexBookRec, node_end), 0xFFFFFFF0u);
  ExpectCorrupt("book past the terms");
  StoreAt<uint16_t>(b, Book(1) + offsetof(IndexBookRec, column_count), 0xFFFF);
  ExpectCorrupt("columns out of range");
  StoreAt<uint32_t>(b, Book(0) + offsetof(IndexBookRec, name), 0xFFFFFFF0u);
  ExpectCorrupt("book name");
  StoreAt<uint8_t>(b, Book(0) + offsetof(IndexBookRec, kind), 7);
  ExpectCorrupt("book kind");
  StoreAt<uint32_t>(b, Letter(1) + offsetof(IndexLetterRec, first), LoadAt<uint32_t>(b, Letter(1) + offsetof(IndexLetterRec, first)) + 1);
  ExpectCorrupt("letter not at its predecessor's end");
  StoreAt<uint32_t>(b, Letter(0) + offsetof(IndexLetterRec, end), LoadAt<uint32_t>(b, Letter(0) + offsetof(IndexLetterRec, first)));
  ExpectCorrupt("empty letter");
  {  // a letter that starts at a subterm: move the boundary between D and F by one
    uint32_t e = LoadAt<uint32_t>(b, Letter(1) + offsetof(IndexLetterRec, end));
    StoreAt<uint32_t>(b, Letter(1) + offsetof(IndexLetterRec, end), e - 1);
    StoreAt<uint32_t>(b, Letter(2) + offsetof(IndexLetterRec, first), e - 1);
    ExpectCorrupt("letter at a subterm");
  }

  StoreAt<uint8_t>(b, Node(0) + offsetof(IndexNodeRec, level), 1);
  ExpectCorrupt("first term is not a main term");
  StoreAt<uint8_t>(b, Node(1) + offsetof(IndexNodeRec, level), 3);
  ExpectCorrupt("level skips");
  StoreAt<uint32_t>(b, Node(2) + offsetof(IndexNodeRec, title), 0xFFFFFFF0u);
  ExpectCorrupt("title out of the pool");
  StoreAt<uint16_t>(b, Node(2) + offsetof(IndexNodeRec, nemod_end), 0xFFFF);
  ExpectCorrupt("modifier past the title");
  StoreAt<uint16_t>(b, Node(2) + offsetof(IndexNodeRec, nemod_begin), 0xFFFF);
  ExpectCorrupt("modifier begins after it ends");
  StoreAt<uint8_t>(b, Node(0) + offsetof(IndexNodeRec, ref_count), 200);
  ExpectCorrupt("references past IREF");
  StoreAt<uint8_t>(b, Node(0) + offsetof(IndexNodeRec, ref_count), LoadAt<uint8_t>(b, Node(0) + offsetof(IndexNodeRec, ref_count)) + 1);
  ExpectCorrupt("reference counts differ from IREF");
  StoreAt<uint32_t>(b, SectionOffset(b, kTagIndexNodes), 0x7FFFFFFF);
  ExpectCorrupt("INOD count past the section");

  size_t code = FindRef(IndexRefKind::kCode);
  StoreAt<uint8_t>(b, Ref(code) + offsetof(IndexRefRec, kind), 0);
  ExpectCorrupt("reference kind 0");
  StoreAt<uint8_t>(b, Ref(code) + offsetof(IndexRefRec, kind), 99);
  ExpectCorrupt("reference kind 99");
  StoreAt<uint32_t>(b, Ref(code) + offsetof(IndexRefRec, target), FixtureCodeSet().size());
  ExpectCorrupt("code target out of range");
  StoreAt<uint8_t>(b, Ref(code) + offsetof(IndexRefRec, target_kind), uint8_t(IndexTargetKind::kNoTarget));
  ExpectCorrupt("target without a kind (and a code without text)");
  StoreAt<uint8_t>(b, Ref(code) + offsetof(IndexRefRec, target_kind), 9);
  ExpectCorrupt("target kind 9");
  StoreAt<uint8_t>(b, Ref(code) + offsetof(IndexRefRec, target_kind), uint8_t(IndexTargetKind::kNode));
  ExpectCorrupt("a code that leads to a term");
  StoreAt<uint8_t>(b, Ref(code) + offsetof(IndexRefRec, flags), 0x80);
  ExpectCorrupt("unknown flags");
  size_t see = FindRef(IndexRefKind::kSee);
  StoreAt<uint32_t>(b, Ref(see) + offsetof(IndexRefRec, target), 0x00FFFFFF);
  ExpectCorrupt("see target out of range");
  StoreAt<uint32_t>(b, Ref(see) + offsetof(IndexRefRec, text), 0xFFFFFFF0u);
  ExpectCorrupt("see text out of the pool");
  StoreAt<uint8_t>(b, Ref(see) + offsetof(IndexRefRec, column), 50);
  ExpectCorrupt("see column out of the target's columns");
  size_t cell = FindRef(IndexRefKind::kCell);
  StoreAt<uint8_t>(b, Ref(cell) + offsetof(IndexRefRec, column), 7);
  ExpectCorrupt("cell column past the book's columns");
  {  // a book target out of range
    size_t also = FindRef(IndexRefKind::kSee, 1);
    StoreAt<uint8_t>(b, Ref(also) + offsetof(IndexRefRec, target_kind), uint8_t(IndexTargetKind::kBook));
    StoreAt<uint32_t>(b, Ref(also) + offsetof(IndexRefRec, target), 3);
    ExpectCorrupt("book target out of range");
  }
}

TEST_F(IndexSections, TheThreeComeTogetherAndAreOptional) {
  auto secs = fx::SplitSections(b);
  auto without = [&](std::initializer_list<uint32_t> tags) {
    std::vector<fx::RawSection> keep;
    for (const auto& s : secs) {
      if (std::find(tags.begin(), tags.end(), s.tag) == tags.end()) keep.push_back(s);
    }
    return fx::Assemble(keep);
  };
  std::string none = without({kTagIndexBooks, kTagIndexNodes, kTagIndexRefs});
  Aligned a(none);
  auto r = CodeSet::Open(a.span());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(index::Books(*r).empty());
  EXPECT_EQ(index::MainTerms(*r, 0, {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(index::Node(*r, 0).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(index::FindPath(*r, "Diabetes").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(index::WhereIsCode(*r, "E11.9").error().code, ErrorCode::kNotFound);
  for (uint32_t tag : {kTagIndexBooks, kTagIndexNodes, kTagIndexRefs}) {
    auto o = fx::OpenStatus(without({tag}));
    ASSERT_FALSE(o.ok());
    EXPECT_EQ(o.error().code, ErrorCode::kCorrupt);
  }
  // A newer version of the (optional) sections is skipped: the file opens without an index.
  for (auto& s : secs) {
    if (s.tag == kTagIndexBooks || s.tag == kTagIndexNodes || s.tag == kTagIndexRefs) s.version = 2;
  }
  std::string newer = fx::Assemble(secs);
  Aligned n(newer);
  auto nr = CodeSet::Open(n.span());
  ASSERT_TRUE(nr.ok()) << nr.error().message;
  EXPECT_TRUE(nr->index_books().empty());
}

TEST_F(IndexSections, RandomDamageNeverCrashes) {
  // Random bytes changed inside the three sections, checksums recomputed: Open refuses the
  // file, or every browsing call on every term is safe.
  const size_t from = SectionOffset(b, kTagIndexBooks);
  size_t to = from;
  for (const auto& e : fx::ReadSectionTable(b)) {
    if (e.tag == kTagIndexBooks || e.tag == kTagIndexNodes || e.tag == kTagIndexRefs) to = std::max<size_t>(to, e.offset + e.size);
  }
  std::mt19937 rng(4242);
  int accepted = 0;
  for (int iter = 0; iter < 1500; ++iter) {
    std::string d = b;
    int flips = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < flips; ++k) d[from + rng() % (to - from)] = static_cast<char>(rng());
    Reseal(d);
    Aligned a(d);
    auto r = CodeSet::Open(a.span());
    if (!r.ok()) {
      EXPECT_TRUE(r.error().code == ErrorCode::kCorrupt || r.error().code == ErrorCode::kUnsupportedVersion)
          << r.error().message;
      continue;
    }
    ++accepted;
    const CodeSet& cs = *r;
    for (const auto& bk : index::Books(cs)) {
      (void)index::MainTerms(cs, bk.id, {});
      ListOptions o;
      o.prefix = "a";
      (void)index::MainTerms(cs, bk.id, o);
    }
    for (uint32_t i = 0; i < cs.index_nodes().size(); ++i) {
      auto nd = index::Node(cs, i);
      if (nd) (void)index::ToJson(cs, *nd);
      auto f = index::Follow(cs, i);
      if (f) (void)index::ToJson(cs, *f);
      (void)index::Follow(cs, i, true);
    }
    (void)index::FindPath(cs, "Diabetes, type 2, with");
    auto w = index::WhereIsCode(cs, "S52.001A");
    if (w) (void)index::ToJson(cs, *w);
  }
  SUCCEED() << accepted << " of 1500 damaged files were structurally valid";
}

}  // namespace
