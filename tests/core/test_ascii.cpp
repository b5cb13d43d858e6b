// ASCII helpers (core/src/ascii.cpp) and code text (core/src/code_text.cpp).
#include <gtest/gtest.h>

#include "ascii.h"
#include "medcode/code_text.h"

namespace medcode {
namespace {

TEST(Ascii, TrimsWhitespaceOrTheCharactersGiven) {
  EXPECT_EQ(ascii::Trim(" \t a b \r\n"), "a b");
  EXPECT_EQ(ascii::Trim(" \t a b \r\n", ascii::kBlanks), "a b \r\n");
  EXPECT_EQ(ascii::Trim("   "), "");
  EXPECT_EQ(ascii::Trim(""), "");
  EXPECT_EQ(ascii::Trim("xax", "x"), "a");
}

TEST(Ascii, CollapsesBlanks) {
  EXPECT_EQ(ascii::CollapseBlanks("  a \t\n b\r\n  c  "), "a b c");
  EXPECT_EQ(ascii::CollapseBlanks(" \t "), "");
  EXPECT_EQ(ascii::CollapseBlanks("one"), "one");
}

TEST(Ascii, UpperCasesAsciiLettersOnly) {
  EXPECT_EQ(ascii::Upper("e11.9-xz"), "E11.9-XZ");
  EXPECT_EQ(ascii::Upper("\xc3\xa9t\xc3\xa9"), "\xc3\xa9T\xc3\xa9");  // UTF-8 bytes untouched
}

TEST(CodeText, DotsAfterTheCategory) {
  EXPECT_EQ(DotCode("E119"), "E11.9");
  EXPECT_EQ(DotCode("E11"), "E11");
  EXPECT_EQ(DotCode("T360X1A"), "T36.0X1A");
}

TEST(CodeText, NormalizesWhatIsTyped) {
  EXPECT_EQ(NormalizeCode(" e11.9 "), "E119");
  EXPECT_EQ(NormalizeCode("E119"), "E119");
  EXPECT_EQ(NormalizeCode("E1.19"), "");   // the dot follows the category
  EXPECT_EQ(NormalizeCode("E11..9"), "");
  EXPECT_EQ(NormalizeCode("E1"), "");
  EXPECT_EQ(NormalizeCode("T360X1AB"), "");
  EXPECT_EQ(NormalizeCode("E11-9"), "");
}

}  // namespace
}  // namespace medcode
