// Searcher: code prefixes, words in any order, prefix while typing, stopwords,
// unknown words, limits and input errors. Ranking is checked only where it is a
// promise (exact code first, the obvious title first), not score by score.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "fixture.h"
#include "medcode/search.h"

namespace {

using namespace medcode;
using medcode::fx::FixtureCodeSet;
using Strings = std::vector<std::string>;

const CodeSet& CS() { return FixtureCodeSet(); }

SearchResult S(std::string_view q, uint32_t limit = 20) {
  Searcher s(CS());
  auto r = s.Search(q, {limit});
  EXPECT_TRUE(r.ok()) << q << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : SearchResult{};
}

Strings Codes(const SearchResult& r) {
  Strings out;
  for (const auto& h : r.hits) out.push_back(CS().Dotted(h.code));
  return out;
}

std::set<std::string> CodeSet_(const SearchResult& r) {
  Strings c = Codes(r);
  return {c.begin(), c.end()};
}

bool Has(const SearchResult& r, std::string_view code) {
  Strings c = Codes(r);
  return std::find(c.begin(), c.end(), code) != c.end();
}

TEST(Search, CodePrefixExactFirstThenTabularOrder) {
  SearchResult r = S("E11");
  EXPECT_EQ(Codes(r), (Strings{"E11", "E11.6", "E11.65", "E11.690", "E11.691", "E11.9", "E11.A"}));
  EXPECT_EQ(r.total, 7u);
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].kind, MatchKind::kExactCode);
  for (size_t k = 1; k < r.hits.size(); ++k) {
    EXPECT_EQ(r.hits[k].kind, MatchKind::kCodePrefix);
    EXPECT_GT(r.hits[k - 1].score, r.hits[k].score);
  }
  EXPECT_TRUE(r.unknown.empty());  // "e11" is not reported as an unknown word
}

TEST(Search, CodePrefixForms) {
  Strings want = {"E11.6", "E11.65", "E11.690", "E11.691"};
  EXPECT_EQ(Codes(S("e11.6")), want);
  EXPECT_EQ(Codes(S("E116")), want);
  EXPECT_EQ(Codes(S("e116")), want);
  EXPECT_EQ(Codes(S(" E11.6 ")), want);
  EXPECT_EQ(Codes(S("w21.89")), (Strings{"W21.89", "W21.89XA", "W21.89XD", "W21.89XS"}));
  SearchResult full = S("t36.0x1a");
  ASSERT_EQ(Codes(full), Strings{"T36.0X1A"});
  EXPECT_EQ(full.hits[0].kind, MatchKind::kExactCode);
  // While typing: two characters are a code prefix too.
  SearchResult e1 = S("E1", 100);
  EXPECT_EQ(e1.total, 9u);  // E10, E10.9 and the seven E11 codes
  EXPECT_EQ(Codes(e1).front(), "E10");
}

TEST(Search, ExactCodeFirstEvenWhenLimited) {
  SearchResult r = S("S52", 1);
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(CS().Dotted(r.hits[0].code), "S52");
  EXPECT_GT(r.total, 1u);
}

TEST(Search, WordsInAnyOrder) {
  SearchResult a = S("type 2 diabetes without complications");
  ASSERT_FALSE(a.hits.empty());
  EXPECT_EQ(CS().Dotted(a.hits[0].code), "E11.9");  // the whole title, most specific first
  EXPECT_EQ(CodeSet_(a), (std::set<std::string>{"E11.9", "E11.A"}));
  EXPECT_EQ(a.hits[0].kind, MatchKind::kWords);
  EXPECT_TRUE(a.hits[0].fields & format::kFieldTitle);
  SearchResult b = S("complications without diabetes type 2");
  EXPECT_EQ(Codes(b), Codes(a));
  EXPECT_EQ(Codes(S("DIABETES Type 2 WITHOUT complications")), Codes(a));
}

TEST(Search, EveryWordMustMatch) {
  SearchResult r = S("diabetes hyperglycemia");
  EXPECT_EQ(Codes(r), Strings{"E11.65"});
  for (const auto& c : Codes(S("penicillins sequela"))) {
    EXPECT_TRUE(c == "T36.0X1S" || c == "T36.0X5S") << c;
  }
}

TEST(Search, LastWordIsAPrefixWhileTyping) {
  SearchResult r = S("diabetes compl");
  EXPECT_TRUE(Has(r, "E11.9"));
  EXPECT_TRUE(Has(r, "E11.690"));  // "complication"
  EXPECT_TRUE(Has(r, "E10.9"));
  SearchResult m = S("men");
  EXPECT_TRUE(Has(m, "H81.01"));
  // A finished word (followed by a blank) is matched whole: "compl" is not a word.
  SearchResult done = S("diabetes compl ");
  EXPECT_TRUE(done.hits.empty());
  EXPECT_EQ(done.unknown, Strings{"compl"});
  // Only the last word is a prefix.
  EXPECT_TRUE(S("diab complications").hits.empty());
  // A whole last word outranks a prefix of a longer one.
  SearchResult ulna = S("fracture ulna");
  ASSERT_FALSE(ulna.hits.empty());
}

TEST(Search, StopwordsAreOptional) {
  SearchResult a = S("fracture of ulna");
  SearchResult b = S("ulna fracture");
  EXPECT_FALSE(a.hits.empty());
  EXPECT_EQ(CodeSet_(a), CodeSet_(b));
  EXPECT_EQ(a.total, b.total);
  EXPECT_EQ(a.tokens, (Strings{"fracture", "ulna"}));
  // "the" is not in any fixture title: as a stopword it is not required.
  EXPECT_EQ(CodeSet_(S("the fracture of the ulna")), CodeSet_(b));
}

TEST(Search, OnlyStopwordsStillSearch) {
  SearchResult r = S("of");
  EXPECT_FALSE(r.hits.empty());  // the stopwords are then the query
}

TEST(Search, UnknownWordsAreReported) {
  SearchResult r = S("diabetes xyzzy");
  EXPECT_TRUE(r.hits.empty());
  EXPECT_EQ(r.total, 0u);
  EXPECT_EQ(r.unknown, Strings{"xyzzy"});
  SearchResult two = S("qqq diabetes zzz ");
  EXPECT_EQ(two.unknown, (Strings{"qqq", "zzz"}));
  // A code-shaped query with no code is reported as an unknown word.
  SearchResult none = S("Q99");
  EXPECT_TRUE(none.hits.empty());
  EXPECT_EQ(none.unknown, Strings{"q99"});
}

TEST(Search, FoldingAppliesToQueries) {
  Strings want = {"H81.0", "H81.01", "H81.02", "H81.09"};
  EXPECT_EQ(CodeSet_(S("meniere")), std::set<std::string>(want.begin(), want.end()));
  EXPECT_EQ(Codes(S("M\xC3\xA9ni\xC3\xA8re's")), Codes(S("meniere")));
  EXPECT_EQ(Codes(S("MENIERE")), Codes(S("meniere")));
  EXPECT_EQ(Codes(S("Me\xCC\x81nie\xCC\x80re disease")), Codes(S("meniere disease")));
  EXPECT_EQ(Codes(S("\xEF\xBD\x84\xEF\xBD\x89\xEF\xBD\x81\xEF\xBD\x82\xEF\xBD\x85\xEF\xBD\x94\xEF\xBD\x85\xEF\xBD\x93")),
            Codes(S("diabetes")));  // full-width
}

TEST(Search, ShortTitleAndInclusionTerms) {
  // "encntr" is only in the short titles of W22.8XXA/D.
  SearchResult r = S("encntr");
  EXPECT_EQ(CodeSet_(r), (std::set<std::string>{"W22.8XXA", "W22.8XXD"}));
  for (const auto& h : r.hits) EXPECT_EQ(h.fields, format::kFieldShort);
  // "adult-onset" only in an inclusion term of E11.9.
  SearchResult inc = S("adult onset diabetes");
  ASSERT_EQ(Codes(inc), Strings{"E11.9"});
  EXPECT_TRUE(inc.hits[0].fields & format::kFieldInclusion);
  EXPECT_EQ(Codes(S("labyrinthine hydrops")), Strings{"H81.0"});
  // Title matches rank before matches that need an inclusion term.
  SearchResult pen = S("poisoning penicillins");
  ASSERT_FALSE(pen.hits.empty());
  EXPECT_TRUE(pen.hits[0].fields & format::kFieldTitle);
}

TEST(Search, LimitBounds) {
  Searcher s(CS());
  for (uint32_t bad : {0u, kMaxLimit + 1, 0xFFFFFFFFu}) {
    auto r = s.Search("diabetes", {bad});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  auto all = s.Search("diabetes", {kMaxLimit});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->hits.size(), all->total);
  auto one = s.Search("diabetes", {1});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->hits.size(), 1u);
  EXPECT_EQ(one->total, all->total);
  EXPECT_EQ(one->hits[0].code, all->hits[0].code);
  auto three = s.Search("diabetes", {3});
  ASSERT_TRUE(three.ok());
  EXPECT_EQ(three->hits.size(), 3u);
  for (size_t k = 0; k < 3; ++k) EXPECT_EQ(three->hits[k].code, all->hits[k].code);
  EXPECT_EQ(S("E11", 2).hits.size(), 2u);
  EXPECT_EQ(S("E11", 2).total, 7u);
}

TEST(Search, QueryTooLong) {
  Searcher s(CS());
  std::string q(kMaxQueryBytes, 'a');
  EXPECT_TRUE(s.Search(q).ok());
  q += 'a';
  auto r = s.Search(q);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInputTooLong);
  std::string words;
  while (words.size() <= kMaxQueryBytes) words += "diabetes ";
  r = s.Search(words);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInputTooLong);
}

TEST(Search, InvalidUtf8) {
  Searcher s(CS());
  for (std::string q : {std::string("diab\xFF"), std::string("\xC3"), std::string("E11\xC0\xAF")}) {
    auto r = s.Search(q);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidUtf8);
  }
}

TEST(Search, EmptyAndPunctuationQueries) {
  for (const char* q : {"", " ", "   ", "---", "()", "'"}) {
    SearchResult r = S(q);
    EXPECT_TRUE(r.hits.empty()) << "'" << q << "'";
    EXPECT_EQ(r.total, 0u) << q;
    EXPECT_TRUE(r.unknown.empty()) << q;
  }
}

TEST(Search, SearcherIsReusable) {
  // The per-code marks are generation-stamped: many searches on one Searcher give
  // the same answers as a fresh one.
  Searcher s(CS());
  Strings first;
  for (int i = 0; i < 2000; ++i) {
    auto r = s.Search(i % 2 ? "fracture ulna" : "diabetes");
    ASSERT_TRUE(r.ok());
    if (i == 0) first = Codes(*r);
    if (i % 2 == 0) {
      EXPECT_EQ(Codes(*r), first);
    }
  }
  EXPECT_EQ(Codes(S("fracture ulna")), Codes(*s.Search("fracture ulna")));
}

TEST(Search, ResultsAreDistinctAndScoredBestFirst) {
  for (const char* q : {"diabetes", "fracture", "a", "E11", "penicillins", "struck"}) {
    SearchResult r = S(q, kMaxLimit);
    std::set<uint32_t> seen;
    for (size_t k = 0; k < r.hits.size(); ++k) {
      EXPECT_TRUE(seen.insert(r.hits[k].code).second) << q << ": duplicate " << CS().Dotted(r.hits[k].code);
      if (k) {
        EXPECT_GE(r.hits[k - 1].score, r.hits[k].score) << q;
      }
    }
    EXPECT_EQ(r.hits.size(), r.total) << q;
  }
}

}  // namespace

namespace {

TEST(Search, CodeAmongWordsNarrowsToThatPart) {
  // "diabetes" alone matches codes in more than one category of the fixture.
  SearchResult all = S("diabetes");
  ASSERT_FALSE(all.hits.empty());
  SearchResult e11 = S("E11 diabetes");
  ASSERT_FALSE(e11.hits.empty());
  EXPECT_TRUE(e11.unknown.empty()) << "a code among words is a filter, not an unknown word";
  for (const auto& c : Codes(e11)) EXPECT_TRUE(c.starts_with("E11")) << c;
  EXPECT_TRUE(Has(e11, "E11.9"));
  // Order does not matter, and a dotted subcategory narrows further.
  SearchResult e116 = S("complication e11.6");
  for (const auto& c : Codes(e116)) EXPECT_TRUE(c.starts_with("E11.6")) << c;
  EXPECT_FALSE(e116.hits.empty());
  // A code-shaped word that is no code's prefix stays an unknown word.
  SearchResult none = S("Q98 diabetes");
  EXPECT_TRUE(none.hits.empty());
  EXPECT_EQ(none.unknown, Strings{"q98"});
}

}  // namespace
