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

size_t Pos(const SearchResult& r, std::string_view code) {
  Strings c = Codes(r);
  return static_cast<size_t>(std::find(c.begin(), c.end(), code) - c.begin());
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
  EXPECT_EQ(a.hits[0].kind, MatchKind::kWords);
  EXPECT_EQ(a.total, 2u);  // E11.9 and E11.A contain every word
  SearchResult b = S("without complications diabetes type 2");
  EXPECT_EQ(Codes(b), Codes(a));
  EXPECT_EQ(Codes(S("DIABETES Type 2 WITHOUT complications")), Codes(a));
}

TEST(Search, CodesWithEveryWordRankFirst) {
  SearchResult r = S("diabetes hyperglycemia");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(CS().Dotted(r.hits[0].code), "E11.65");
  EXPECT_EQ(r.total, 1u);
  // Codes with only some of the words follow.
  EXPECT_GT(r.hits.size(), 1u);
  SearchResult p = S("penicillins sequela");
  ASSERT_GE(p.hits.size(), 2u);
  std::set<std::string> top2 = {CS().Dotted(p.hits[0].code), CS().Dotted(p.hits[1].code)};
  EXPECT_EQ(top2, (std::set<std::string>{"T36.0X1S", "T36.0X5S"}));
}

TEST(Search, LastWordIsAPrefixWhileTyping) {
  SearchResult r = S("diabetes compl");
  EXPECT_TRUE(Has(r, "E11.9"));
  EXPECT_TRUE(Has(r, "E11.690"));  // "complication"
  EXPECT_TRUE(Has(r, "E10.9"));
  EXPECT_EQ(r.words.back().use, WordUse::kPrefix);
  SearchResult m = S("men");
  EXPECT_TRUE(Has(m, "H81.01"));
  // A finished word (followed by a blank) that is no word nor a misspelling of one, five
  // letters or more, is a word cut short: "compl" begins complication. Nothing begins "zzqxw".
  SearchResult done = S("diabetes compl ");
  EXPECT_TRUE(done.unknown.empty());
  EXPECT_TRUE(Has(done, "E11.690"));
  EXPECT_EQ(done.words.back().use, WordUse::kPrefix);
  EXPECT_EQ(S("diabetes zzqxw ").unknown, Strings{"zzqxw"});
  // Only the last word is a prefix: "diab" alone is unknown, the rest still matches.
  SearchResult diab = S("diab hyperglycemia");
  EXPECT_EQ(diab.unknown, Strings{"diab"});
  EXPECT_TRUE(Has(diab, "E11.65"));
}

TEST(Search, WithoutGovernsTheWordsAfterIt) {
  // "without complications" matches the title that says it; "complications" alone is the
  // opposite and does not lead to it; a query silent on complications fits it.
  SearchResult w = S("diabetes without complications ");
  ASSERT_FALSE(w.hits.empty());
  EXPECT_EQ(Codes(w)[0], "E11.9");
  EXPECT_EQ(w.words.back().text, "without complications");
  SearchResult c = S("type 2 diabetes complications ");
  ASSERT_FALSE(c.hits.empty());
  EXPECT_NE(Codes(c)[0], "E11.9");
  EXPECT_LT(Pos(c, "E11.6"), Pos(c, "E11.9"));
  // Misspelled "without", the "w/o" form, and a comma that ends its clause.
  EXPECT_EQ(Codes(S("type 2 diabetes withot complications "))[0], "E11.9");
  EXPECT_EQ(Codes(S("type 2 diabetes w/o complications "))[0], "E11.9");
  SearchResult comma = S("without complications, diabetes type 2 ");
  ASSERT_FALSE(comma.hits.empty());
  EXPECT_EQ(Codes(comma)[0], "E11.9");
  EXPECT_EQ(comma.words[1].text, "diabetes");  // not negated: the comma ended "without"
}

TEST(Search, WithoutEndsAtAWordNoTitleNegates) {
  // A query writes no comma where a title has one: after the first word a "without" governs,
  // the first word no title writes after a "without" (here a lexicon word: "dm2", type 2
  // diabetes mellitus) ends it, and is said: E11.9, not E10.9 with the same "without".
  SearchResult r = S("diabetes w/o complications dm2 ");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(Codes(r)[0], "E11.9");
  ASSERT_FALSE(r.words.empty());
  EXPECT_EQ(r.words.back().text, "dm2");
  // The first word it governs stays absent, whatever it is.
  EXPECT_EQ(S("diabetes w/o complications ").words.back().text, "without complications");
}

TEST(Search, InflectionsMeet) {
  // "fractures" and "fracture", "complication" and "complications" share a stem.
  EXPECT_EQ(Codes(S("fractures ulna ")), Codes(S("fracture ulna ")));
  std::string top = CS().Dotted(S("diabetes complication without ").hits[0].code);
  EXPECT_TRUE(top == "E10.9" || top == "E11.9") << top;
}

TEST(Search, MisspellingsAreCorrected) {
  SearchResult r = S("diabtes hyperglycemia");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(CS().Dotted(r.hits[0].code), "E11.65");
  ASSERT_EQ(r.words.size(), 2u);
  EXPECT_EQ(r.words[0].use, WordUse::kCorrected);
  EXPECT_EQ(r.words[0].used, "diabetes");
  EXPECT_TRUE(r.unknown.empty());
  // Short words are not guessed at.
  EXPECT_EQ(S("diabetes ulnx ").unknown, Strings{"ulnx"});
}

// A search's whole answer as one string (codes, scores, and how each word was read), to compare
// a Searcher that remembers with a new one.
static std::string AnswerOf(Searcher& s, std::string_view q) {
  auto r = s.Search(q, {20});
  EXPECT_TRUE(r.ok()) << q;
  std::string out;
  if (!r.ok()) return out;
  for (const auto& h : r->hits) out += CS().Dotted(h.code) + ":" + std::to_string(h.score) + " ";
  for (const auto& w : r->words) out += "[" + w.text + "/" + WordUseName(w.use) + "/" + w.used + "]";
  return out;
}

// A Searcher remembers each word's spelling corrections (at most 4,096 words, then it forgets
// them all and finds them again): its answer is a new Searcher's, the first time, when asked
// again, and after it forgot.
TEST(Search, RememberedCorrectionsGiveTheSameAnswer) {
  Searcher fresh(CS());
  const std::string want = AnswerOf(fresh, "diabtes hyperglycmia");
  EXPECT_NE(want.find("[diabtes/corrected/diabetes]"), std::string::npos) << want;
  Searcher s(CS());
  EXPECT_EQ(AnswerOf(s, "diabtes hyperglycmia"), want);
  EXPECT_EQ(AnswerOf(s, "diabtes hyperglycmia"), want);
  // More misspelled words than it remembers ("qaaaab", "qaaaac", ...).
  for (int i = 0; i < 4200; ++i) {
    std::string w = "q";
    for (int k = 0, v = i; k < 5; ++k, v /= 26) w += static_cast<char>('a' + v % 26);
    (void)s.Search(w + " diabtes", {5});
  }
  EXPECT_EQ(AnswerOf(s, "diabtes hyperglycmia"), want);
}

// The vocabulary's and the lexicon's answers are kept by word (TermRange, FindLexicon): a
// searcher that has answered many queries, and more words than it keeps, answers as a new one.
TEST(Search, RememberedLookupsGiveTheSameAnswer) {
  const Strings queries = {"htn w/o ckd", "type 2 dm w/ hyperglycemia", "diab", "heart attack", "diabetes"};
  Strings want;
  for (const auto& q : queries) {
    Searcher fresh(CS());
    want.push_back(AnswerOf(fresh, q));
  }
  Searcher s(CS());
  for (int round = 0; round < 2; ++round) {
    for (size_t k = 0; k < queries.size(); ++k) EXPECT_EQ(AnswerOf(s, queries[k]), want[k]) << queries[k];
  }
  // The same words as a prefix and as a word, a raw form and not, an entry typed two ways.
  Searcher t(CS());
  for (const auto& q : {"diab", "diabetes", "diab ", "w/o", "htn", "HTN"}) (void)t.Search(q, {5});
  for (const auto& q : {"htn", "HTN"}) {
    Searcher fresh(CS());
    EXPECT_EQ(t.FindLexicon("htn", false, q), fresh.FindLexicon("htn", false, q)) << q;
    EXPECT_EQ(t.FindLexicon("htn", true, q), fresh.FindLexicon("htn", true, q)) << q;
  }
  // More words than it keeps ("qaaaab", "qaaaac", ...).
  for (int i = 0; i < 34000; ++i) {
    std::string w = "q";
    for (int k = 0, v = i; k < 4; ++k, v /= 26) w += static_cast<char>('a' + v % 26);
    (void)s.FindLexicon(w, false);
    (void)s.Search(w, {1});
  }
  for (size_t k = 0; k < queries.size(); ++k) EXPECT_EQ(AnswerOf(s, queries[k]), want[k]) << queries[k];
}

TEST(Search, LexiconExpandsAbbreviationsAndLayTerms) {
  SearchResult dm = S("dm2 hyperglycemia");
  ASSERT_FALSE(dm.hits.empty());
  EXPECT_EQ(CS().Dotted(dm.hits[0].code), "E11.65");
  EXPECT_EQ(dm.words[0].use, WordUse::kExpanded);
  EXPECT_EQ(dm.words[0].used, "type 2 diabetes mellitus");
  SearchResult hc = S("high cholesterol");
  ASSERT_FALSE(hc.hits.empty());
  EXPECT_EQ(CS().Dotted(hc.hits[0].code), "E78.00");  // the index main term's code
  EXPECT_EQ(hc.words.size(), 1u);                      // one phrase, one word slot
  SearchResult br = S("broken ulna upper end");
  ASSERT_FALSE(br.hits.empty());
  EXPECT_TRUE(CS().Dotted(br.hits[0].code).starts_with("S52.0")) << CS().Dotted(br.hits[0].code);
  // Raw forms are replaced before words are split.
  EXPECT_EQ(CS().Dotted(S("type 2 diabetes w/o complications").hits[0].code), "E11.9");
  // An ambiguous abbreviation offers its readings; the other words decide.
  SearchResult pe = S("pe sequela");
  ASSERT_FALSE(pe.hits.empty());
  EXPECT_EQ(pe.words[0].used, "penicillins | poisoning");
  EXPECT_TRUE(CS().Dotted(pe.hits[0].code).starts_with("T36.0X")) << CS().Dotted(pe.hits[0].code);
}

TEST(Search, IndexDocumentsLeadGeneralQueries) {
  // "diabetes": the index main term's code first, then its category.
  SearchResult r = S("diabetes");
  ASSERT_GE(r.hits.size(), 2u);
  EXPECT_EQ(CS().Dotted(r.hits[0].code), "E11.9");
  EXPECT_EQ(CS().Dotted(r.hits[1].code), "E11");
  ASSERT_NE(r.hits[0].doc, format::kNone);
  EXPECT_EQ(CS().docs()[r.hits[0].doc].kind, static_cast<uint8_t>(format::DocKind::kIndexPath));
  EXPECT_EQ(Explain(CS(), r, r.hits[0]), "index: Diabetes, diabetic (words: diabetes)");
  // A nonessential modifier matches but is not required; a see-reference leads to its target.
  EXPECT_EQ(CS().Dotted(S("sugar diabetes").hits[0].code), "E11.9");
  SearchResult see = S("sugar attack");
  ASSERT_FALSE(see.hits.empty());
  EXPECT_EQ(CS().Dotted(see.hits[0].code), "E11.9");
  EXPECT_EQ(CS().docs()[see.hits[0].doc].kind, static_cast<uint8_t>(format::DocKind::kIndexSee));
  // "ulna or ulnar": either word.
  EXPECT_TRUE(CS().Dotted(S("fracture ulnar upper end").hits[0].code).starts_with("S52.0"));
}

TEST(Search, StopwordsAreOptional) {
  SearchResult a = S("fracture of ulna ");
  SearchResult b = S("ulna fracture ");
  EXPECT_FALSE(a.hits.empty());
  EXPECT_EQ(Codes(a), Codes(b));
  EXPECT_EQ(a.total, b.total);
  ASSERT_EQ(a.words.size(), 2u);
  EXPECT_EQ(a.words[0].text, "fracture");
  EXPECT_EQ(a.words[1].text, "ulna");
  EXPECT_EQ(Codes(S("the fracture of the ulna ")), Codes(b));
}

TEST(Search, OnlyStopwordsFindNothingQuietly) {
  // Small words are not indexed: a query of only those finds nothing, without an error.
  Searcher s(CS());
  auto r = s.Search("of the");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->hits.empty());
}

TEST(Search, UnknownWordsAreReported) {
  SearchResult r = S("diabetes xyzzy");
  EXPECT_EQ(r.unknown, Strings{"xyzzy"});
  EXPECT_FALSE(r.hits.empty());  // what is known still finds codes
  EXPECT_EQ(CS().Dotted(r.hits[0].code), "E11.9");
  SearchResult two = S("qqq diabetes zzz ");
  EXPECT_EQ(two.unknown, (Strings{"qqq", "zzz"}));
  SearchResult none = S("xyzzy");
  EXPECT_TRUE(none.hits.empty());
  EXPECT_EQ(none.total, 0u);
  // A code-shaped query with no code is reported as an unknown word.
  SearchResult q = S("Q99");
  EXPECT_TRUE(q.hits.empty());
  EXPECT_EQ(q.unknown, Strings{"q99"});
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

TEST(Search, InclusionTermsAreDocuments) {
  // "adult-onset" only in an inclusion term of E11.9.
  SearchResult inc = S("adult onset diabetes");
  ASSERT_FALSE(inc.hits.empty());
  EXPECT_EQ(CS().Dotted(inc.hits[0].code), "E11.9");
  EXPECT_EQ(CS().docs()[inc.hits[0].doc].kind, static_cast<uint8_t>(format::DocKind::kInclusion));
  // An inclusion term of a header (H81.0) finds it, after its default code (the unspecified
  // ear: a header is not reported).
  const auto hydrops = Codes(S("labyrinthine hydrops"));
  ASSERT_GE(hydrops.size(), 2u);
  EXPECT_EQ(hydrops[0], "H81.09");
  EXPECT_EQ(hydrops[1], "H81.0");
  // Short titles are not documents: their abbreviations are the lexicon's business, and
  // the vowel-drop reading's ("encntr", only in short titles, is read as "encounter" and
  // matches the long titles).
  SearchResult enc = S("encntr ");
  ASSERT_FALSE(enc.hits.empty());
  ASSERT_EQ(enc.words.size(), 1u);
  EXPECT_EQ(enc.words[0].use, WordUse::kCorrected);
  EXPECT_EQ(enc.words[0].used, "encounter");
  for (const auto& h : enc.hits) {
    EXPECT_NE(CS().str(CS().docs()[h.doc].text).find("encounter"), std::string_view::npos);
  }
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
  EXPECT_GE(all->hits.size(), all->total);
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
  // More distinct words than a query may have.
  std::string many;
  for (size_t k = 0; k <= kMaxQueryWords; ++k) many += "w" + std::to_string(k) + "x ";
  r = s.Search(many);
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
    if (r.hits.empty() || r.hits[0].kind == MatchKind::kWords) {
      EXPECT_GE(r.hits.size(), r.total) << q;  // total counts the codes with every word
    }
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
  EXPECT_EQ(none.unknown, Strings{"q98"});
  for (const auto& c : Codes(none)) EXPECT_TRUE(c.starts_with("E1")) << c;  // "diabetes" still finds its codes
}

// A query that differs from the one before only by its code filters starts from that one's
// marked documents (Searcher::marked_): every answer, words and scores included, is a fresh
// searcher's, whatever came before it.
TEST(Search, SameWordsUnderOtherCodeFiltersAnswerAsAFreshSearcher) {
  auto answer = [](Searcher& s, std::string_view q, SearchOptions o) {
    auto r = s.Search(q, o);
    EXPECT_TRUE(r.ok()) << q;
    std::string out;
    if (!r.ok()) return out;
    for (const auto& h : r->hits) out += CS().Dotted(h.code) + ":" + std::to_string(h.score) + ":" + std::to_string(h.matched) + " ";
    for (const auto& w : r->words) out += "[" + w.text + "/" + WordUseName(w.use) + "/" + w.used + "]";
    for (const auto& w : r->unknown) out += "?" + w;
    out += " total " + std::to_string(r->total) + " partial " + std::to_string(r->partial) + " leads " + std::to_string(r->leads) +
           (r->every_word ? " every" : "");
    return out;
  };
  const std::vector<std::string> queries = {"diabetes with ulcer", "E11 diabetes with ulcer", "E10 diabetes with ulcer",
                                            "diabetes with ulcer E11.6", "E11 E10 diabetes with ulcer", "diabetes with ulcer",
                                            "E11 diabetes with ulcer ", "E11 diabetes  with ulcer", "Q98 diabetes with ulcer",
                                            "E11 diabetes", "E11 ulcer", "E11 diabetes with ulcer"};
  std::vector<SearchOptions> options(4);
  options[1].limit = 3;
  options[2].within = {"E11"};
  options[3].count_partial = false;
  options[3].weigh_phrases = false;
  options[3].fold_forms = false;
  // Queries in turn under the same options (the words marked are taken again), then each
  // query under options in turn (a limit or a flag other than the last query's: not taken).
  Searcher s(CS());
  for (const SearchOptions& o : options) {
    for (const std::string& q : queries) {
      Searcher fresh(CS());
      EXPECT_EQ(answer(s, q, o), answer(fresh, q, o)) << q << " limit " << o.limit;
    }
  }
  for (const std::string& q : queries) {
    for (const SearchOptions& o : options) {
      Searcher fresh(CS());
      EXPECT_EQ(answer(s, q, o), answer(fresh, q, o)) << q << " limit " << o.limit;
    }
  }
}

TEST(Search, SideWordsInsideALexiconPhraseAreReadAfterIt) {
  // "broken forearm" is a lexicon phrase (fixture): "broken right forearm" still meets it, and
  // "right" stays a word of its own that picks the right ulna.
  SearchResult r = S("broken right forearm ");
  ASSERT_GE(r.words.size(), 2u);
  EXPECT_EQ(r.words[0].text, "broken forearm");
  EXPECT_EQ(r.words[0].use, WordUse::kExpanded);
  EXPECT_EQ(r.words[1].text, "right");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_TRUE(Codes(r)[0].starts_with("S52.001")) << Codes(r)[0];
}

TEST(Search, TwoWordLexiconPhraseInEitherOrder) {
  // "high cholesterol" (fixture lexicon) also as "cholesterol high", "cholesterol is high".
  for (const char* q : {"cholesterol high ", "cholesterol is high "}) {
    SearchResult r = S(q);
    ASSERT_FALSE(r.words.empty()) << q;
    EXPECT_EQ(r.words[0].use, WordUse::kExpanded) << q;
    EXPECT_EQ(r.words[0].used, "hypercholesterolemia") << q;
    ASSERT_FALSE(r.hits.empty()) << q;
    EXPECT_TRUE(Codes(r)[0].starts_with("E78")) << q << ": " << Codes(r)[0];
  }
}

TEST(Search, TwoCharacterCodeAmongWordsIsAWord) {
  // "e1" could begin E10-E11, but among words only a category (3+ characters) narrows.
  SearchResult r = S("diabetes e1 ");
  for (const auto& w : r.words) EXPECT_NE(w.use, WordUse::kCodeFilter) << w.text;
}

TEST(Search, InitialEncounterBeforeLaterOnesWhenTheQuerySaysNeither) {
  // The 7th character's words are optional: the initial encounter fits "fracture of the right
  // ulna" best; subsequent encounters and sequelae follow unless asked for.
  SearchResult r = S("fracture upper end right ulna ");
  ASSERT_LT(Pos(r, "S52.001A"), r.hits.size());
  EXPECT_LT(Pos(r, "S52.001A"), Pos(r, "S52.001D"));
  EXPECT_LT(Pos(r, "S52.001A"), Pos(r, "S52.001S"));
  EXPECT_LT(Pos(r, "S52.001A"), Pos(r, "S52.001"));  // before the header it completes
  SearchResult later = S("fracture upper end right ulna subsequent ");
  ASSERT_FALSE(later.hits.empty());
  EXPECT_EQ(Codes(later)[0], "S52.001D");
  SearchResult seq = S("fracture upper end right ulna sequela ");
  ASSERT_FALSE(seq.hits.empty());
  EXPECT_EQ(Codes(seq)[0], "S52.001S");
}

TEST(Search, UnspecifiedIsWhatAQueryWithoutDetailMeans) {
  // "Meniere's disease, unspecified ear" fits "meniere disease" as well as its header does,
  // and better than the right or left ear.
  SearchResult r = S("meniere disease ");
  ASSERT_LT(Pos(r, "H81.09"), r.hits.size());
  EXPECT_LT(Pos(r, "H81.09"), Pos(r, "H81.01"));
  EXPECT_LT(Pos(r, "H81.09"), Pos(r, "H81.02"));
  // A query that names the side still gets that side first among the codes.
  SearchResult right = S("meniere disease right ear ");
  ASSERT_FALSE(right.hits.empty());
  EXPECT_LT(Pos(right, "H81.01"), Pos(right, "H81.09"));
}

TEST(Search, IndexPathToAHeaderIsCompletedByItsCodesTitles) {
  // "traumatic" is only in the index path (Fracture, traumatic > ulna > upper end -> S52.00-),
  // "right" only in the titles of the codes under S52.00: together they lead to S52.001A.
  const CodeSet& cs = FixtureCodeSet();
  Searcher s(cs);
  auto r = s.Search("traumatic ulna right ");
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->hits.empty());
  EXPECT_EQ(cs.Dotted(r->hits[0].code), "S52.001A");
  EXPECT_EQ(r->hits[0].matched, 0b111u) << "all three words, from the path and the title";
  EXPECT_NE(Explain(cs, *r, r->hits[0]).find("-> S52.00, then this code's title"), std::string::npos)
      << Explain(cs, *r, r->hits[0]);
  // The left ulna's codes do not complete it.
  for (const auto& h : r->hits) {
    if (cs.Dotted(h.code).starts_with("S52.002")) EXPECT_NE(h.matched, 0b111u) << cs.Dotted(h.code);
  }
}

}  // namespace

TEST(Search, JoinsAndSplitsWordsAgainstTheVocabulary) {
  const CodeSet& cs = FixtureCodeSet();
  Searcher s(cs);
  // Two typed words that are one word of the vocabulary.
  auto j = s.Search("hyper cholesterolemia");
  ASSERT_TRUE(j.ok());
  ASSERT_FALSE(j->hits.empty());
  EXPECT_TRUE(cs.code(j->hits[0].code).starts_with("E780")) << cs.code(j->hits[0].code);
  ASSERT_FALSE(j->words.empty());
  EXPECT_EQ(j->words[0].used, "hypercholesterolemia");
  // One typed word that is two words of the vocabulary.
  auto p = s.Search("sportsequipment");
  ASSERT_TRUE(p.ok());
  ASSERT_FALSE(p->hits.empty());
  EXPECT_TRUE(cs.code(p->hits[0].code).starts_with("W21")) << cs.code(p->hits[0].code);
  EXPECT_EQ(p->words[0].used, "sports equipment");
  EXPECT_TRUE(p->unknown.empty());
}

TEST(Search, ALexiconPhraseIsReadThroughOneMisspelledWord) {
  // "hihg cholesterol": "high cholesterol" (fixture lexicon) with "high" misspelled; the phrase's
  // other word vouches for the correction, which the slot shows.
  SearchResult r = S("hihg cholesterol ");
  ASSERT_FALSE(r.words.empty());
  EXPECT_EQ(r.words[0].use, WordUse::kExpanded);
  EXPECT_EQ(r.words[0].used, "hypercholesterolemia");
  EXPECT_NE(r.words[0].text.find("hihg = high"), std::string::npos) << r.words[0].text;
  ASSERT_FALSE(r.hits.empty());
  EXPECT_TRUE(Codes(r)[0].starts_with("E78")) << Codes(r)[0];
  // Two words misspelled make no phrase: "hihg cholestrl" is not read as the entry.
  SearchResult two = S("hihg cholestrl ");
  for (const auto& w : two.words) EXPECT_NE(w.used, "hypercholesterolemia") << w.text;
}
