// medcode::text: Fold (NFKC_Casefold + diacritics removed), Tokenize, stopwords.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "medcode/text.h"

namespace {

using medcode::ErrorCode;
using medcode::text::FindInvalidUtf8;
using medcode::text::Fold;
using medcode::text::IsStopword;
using medcode::text::Stem;
using medcode::text::Tokenize;
using Tokens = std::vector<std::string>;

std::string F(std::string_view s) {
  auto r = Fold(s);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : "<error>";
}

Tokens T(std::string_view s) {
  auto r = Tokenize(s);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Tokens{"<error>"};
}

TEST(Fold, AsciiCase) {
  EXPECT_EQ(F("Type 2 DIABETES Mellitus"), "type 2 diabetes mellitus");
  EXPECT_EQ(F("e11.9"), "e11.9");
  EXPECT_EQ(F(""), "");
  EXPECT_EQ(F("already lower, with punctuation!"), "already lower, with punctuation!");
}

TEST(Fold, NfkcFullWidth) {
  EXPECT_EQ(F("\xEF\xBC\xA6\xEF\xBC\xA9\xEF\xBC\xA2"), "fib");                 // ＦＩＢ
  EXPECT_EQ(F("\xEF\xBD\x84\xEF\xBD\x89\xEF\xBD\x81"), "dia");                 // ｄｉａ
  EXPECT_EQ(F("\xEF\xBC\xA5\xEF\xBC\x91\xEF\xBC\x91"), "e11");                 // Ｅ１１
  EXPECT_EQ(F("\xEF\xAC\x81" "brosis"), "fibrosis");                            // ﬁ ligature
}

TEST(Fold, DiacriticsRemoved) {
  EXPECT_EQ(F("Sj\xC3\xB6gren"), "sjogren");                                     // Sjögren, precomposed
  EXPECT_EQ(F("Sjo\xCC\x88gren"), "sjogren");                                    // o + combining diaeresis
  EXPECT_EQ(F("M\xC3\xA9ni\xC3\xA8re"), "meniere");                              // Ménière
  EXPECT_EQ(F("M\xC3\x89NI\xC3\x88RE"), "meniere");                              // MÉNIÈRE
  EXPECT_EQ(F("Stra\xC3\x9F" "e"), "strasse");                                   // ß casefolds to ss
}

TEST(Fold, InvalidUtf8) {
  for (std::string bad : {std::string("\xFF"), std::string("abc\xC3"), std::string("\xC3\x28"),
                          std::string("\xC0\xAF"), std::string("\xED\xA0\x80"), std::string("ok \xF8\x88\x80\x80\x80")}) {
    auto r = Fold(bad);
    ASSERT_FALSE(r.ok()) << "accepted invalid UTF-8";
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidUtf8);
  }
  auto r = Fold("abc\xFF");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("byte 3"), std::string::npos) << r.error().message;
}

TEST(FindInvalidUtf8, Offsets) {
  EXPECT_EQ(FindInvalidUtf8(""), -1);
  EXPECT_EQ(FindInvalidUtf8("plain ascii"), -1);
  EXPECT_EQ(FindInvalidUtf8("M\xC3\xA9ni\xC3\xA8re"), -1);
  EXPECT_EQ(FindInvalidUtf8("\xF0\x9F\x98\x80"), -1);  // 4-byte sequence (emoji)
  EXPECT_EQ(FindInvalidUtf8("abc\xFF"), 3);
  EXPECT_EQ(FindInvalidUtf8("\x80"), 0);
  EXPECT_EQ(FindInvalidUtf8("ab\xE2\x82"), 2);          // truncated 3-byte sequence
  EXPECT_EQ(FindInvalidUtf8(std::string("a\0b", 3)), -1);  // NUL is valid UTF-8
}

TEST(Tokenize, WordsAndPunctuation) {
  EXPECT_EQ(T("Type 2 diabetes mellitus, without complications"),
            (Tokens{"type", "2", "diabetes", "mellitus", "without", "complications"}));
  EXPECT_EQ(T("fracture; wrist (left) [closed]"), (Tokens{"fracture", "wrist", "left", "closed"}));
  EXPECT_EQ(T("type-2"), (Tokens{"type", "2"}));
  EXPECT_EQ(T("E11.9"), (Tokens{"e11", "9"}));
  EXPECT_EQ(T(""), Tokens{});
  EXPECT_EQ(T("   \t "), Tokens{});
  EXPECT_EQ(T("--- , ."), Tokens{});
}

TEST(Tokenize, Apostrophes) {
  EXPECT_EQ(T("Alzheimer's disease"), (Tokens{"alzheimer", "disease"}));
  EXPECT_EQ(T("Crohn\xE2\x80\x99s disease"), (Tokens{"crohn", "disease"}));  // right single quotation mark
  EXPECT_EQ(T("O'Brien"), (Tokens{"obrien"}));
  EXPECT_EQ(T("o\xE2\x80\x99" "brien"), (Tokens{"obrien"}));
  EXPECT_EQ(T("patients' records"), (Tokens{"patients", "records"}));
  EXPECT_EQ(T("'quoted'"), (Tokens{"quoted"}));
  EXPECT_EQ(T("Alzheimer's"), T("alzheimer"));
  EXPECT_EQ(T("it'st"), (Tokens{"itst"}));  // 's followed by a letter is not a possessive
}

TEST(Tokenize, FoldsBeforeSplitting) {
  EXPECT_EQ(T("M\xC3\xA9ni\xC3\xA8re's disease"), (Tokens{"meniere", "disease"}));
  EXPECT_EQ(T("\xEF\xBC\xA6\xEF\xBC\xA9\xEF\xBC\xA2 test"), (Tokens{"fib", "test"}));
  EXPECT_EQ(T("SJ\xC3\x96GREN syndrome"), (Tokens{"sjogren", "syndrome"}));
  EXPECT_EQ(T("\xCE\xB2-blocker"), (Tokens{"\xCE\xB2", "blocker"}));  // β-blocker: non-Latin letters are kept
}

TEST(Tokenize, InvalidUtf8) {
  auto r = Tokenize("diabetes \xC3");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidUtf8);
}

TEST(Tokenize, SameTokensForQueryAndIndexSpelling) {
  // The importer and the search both use Tokenize: the same text must give the same tokens
  // however it is written.
  EXPECT_EQ(T("M\xC3\xA9ni\xC3\xA8re's"), T("MENIERE"));
  EXPECT_EQ(T("Me\xCC\x81nie\xCC\x80re"), T("meniere"));
}

TEST(Stem, PorterConflatesInflections) {
  EXPECT_EQ(Stem("fractures"), Stem("fracture"));
  EXPECT_EQ(Stem("infected"), Stem("infection"));
  EXPECT_EQ(Stem("injuries"), Stem("injury"));
  // Never down to one letter: the abbreviations "ied" and "aed" are not the pronoun "i" or "a".
  EXPECT_EQ(Stem("ied"), "ied");
  EXPECT_EQ(Stem("aed"), "aed");
  EXPECT_EQ(Stem("diabetic"), Stem("diabetes"));
  EXPECT_EQ(Stem("hypertensive"), Stem("hypertension"));
  EXPECT_EQ(Stem("caresses"), "caress");  // Porter's own examples
  EXPECT_EQ(Stem("ponies"), "poni");
  EXPECT_EQ(Stem("relational"), "relat");
  EXPECT_EQ(Stem("hopping"), "hop");
  // Numbers, codes and short words are left alone.
  EXPECT_EQ(Stem("b12"), "b12");
  EXPECT_EQ(Stem("e11"), "e11");
  EXPECT_EQ(Stem("is"), "is");
  EXPECT_NE(Stem("ulna"), Stem("ulnar"));  // different words stay different
}

TEST(Stopwords, Basic) {
  for (const char* w : {"a", "an", "and", "of", "the", "in", "to", "by"}) EXPECT_TRUE(IsStopword(w)) << w;
  EXPECT_FALSE(IsStopword("with"));  // "with" is a link word: optional in documents
  EXPECT_TRUE(medcode::text::IsLinkWord("with"));
  EXPECT_FALSE(IsStopword("without"));  // "without" carries meaning
  EXPECT_FALSE(IsStopword("diabetes"));
  EXPECT_FALSE(IsStopword(""));
  EXPECT_FALSE(IsStopword("The"));  // stopwords are compared folded
}

// One clause's negations, read alike in documents and queries.
TEST(Negation, WithoutAndNotHaving) {
  using medcode::text::NegationOf;
  auto words = [](std::initializer_list<const char*> w) { return std::vector<std::string>(w.begin(), w.end()); };
  // "without" governs its words up to a word that starts another phrase.
  auto n = NegationOf(words({"hernia", "without", "obstruction", "or", "gangrene", "of", "groin"}));
  EXPECT_EQ(n.negated, (std::vector<bool>{false, false, true, false, true, false, false}));
  // "not having achieved remission" is a negation too; its "not" is not a word to match.
  n = NegationOf(words({"leukemia", "not", "having", "achieved", "remission"}));
  EXPECT_EQ(n.negated, (std::vector<bool>{false, false, true, true, true}));
  EXPECT_TRUE(n.unsaid[1]);
  // "not elsewhere classified" is the unspecified form: unsaid, not negated.
  n = NegationOf(words({"poisoning", "not", "elsewhere", "classified"}));
  EXPECT_EQ(n.negated, (std::vector<bool>{false, false, false, false}));
  EXPECT_EQ(n.unsaid, (std::vector<bool>{false, true, true, true}));
  EXPECT_EQ(n.detail, (std::vector<bool>{false, false, false, false}));
  // What "not specified as ..." says is not specified is its detail (negated where matched),
  // and a query's "not elsewhere classified" running on to the words said leaves them alone.
  n = NegationOf(words({"liver", "not", "specified", "as", "primary", "or", "secondary"}));
  EXPECT_EQ(n.detail, (std::vector<bool>{false, false, false, false, true, false, true}));
  n = NegationOf(words({"not", "elsewhere", "classified", "stress"}));
  EXPECT_EQ(n.detail, (std::vector<bool>{false, false, false, false}));
  // "not intractable" stays as written.
  n = NegationOf(words({"migraine", "not", "intractable"}));
  EXPECT_EQ(n.negated, (std::vector<bool>{false, false, false}));
  EXPECT_EQ(n.unsaid, (std::vector<bool>{false, false, false}));
}

}  // namespace
