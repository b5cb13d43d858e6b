// Validate (every status, with its suggestions) and BuildSeventh (placeholder X padding).
#include <gtest/gtest.h>

#include "fixture.h"
#include "medcode/lookup.h"

namespace {

using namespace medcode;
using medcode::fx::FixtureCodeSet;

Validation V(std::string_view code) { return Validate(FixtureCodeSet(), code); }

using Strings = std::vector<std::string>;

TEST(Validate, Valid) {
  for (const char* c : {"E11.9", "e119", "T36.0X1A", "t36.0x1a", "W21.89XA", "W22.8XXS", "S52.001A", "H81.01"}) {
    Validation v = V(c);
    EXPECT_EQ(v.status, CodeStatus::kValid) << c << ": " << v.message;
    EXPECT_TRUE(v.suggestions.empty());
  }
  Validation v = V("e11.9");
  EXPECT_EQ(v.input, "e11.9");
  EXPECT_EQ(v.code, "E11.9");
  EXPECT_EQ(v.message, "E11.9 is a valid billable code in ICD-10-CM FY2026 (test fixture)");
}

TEST(Validate, Header) {
  Validation v = V("E11");
  EXPECT_EQ(v.status, CodeStatus::kHeader);
  // The code the index default reaches first (E11.9, "without complications"), then the
  // others in tabular order (issue 15: E11.65 first misled coders).
  EXPECT_EQ(v.suggestions, (Strings{"E11.9", "E11.65", "E11.690", "E11.691", "E11.A"}));
  EXPECT_NE(v.message.find("header"), std::string::npos);
  v = V("E11.6");
  EXPECT_EQ(v.status, CodeStatus::kHeader);
  EXPECT_EQ(v.suggestions, (Strings{"E11.65", "E11.690", "E11.691"}));
  EXPECT_EQ(V("H81.0").status, CodeStatus::kHeader);
  // Deleted as billable this year but still a header: a header, not "deleted".
  EXPECT_EQ(V("E78.01").status, CodeStatus::kHeader);
}

TEST(Validate, NeedsSeventh) {
  Validation v = V("T36.0X1");
  EXPECT_EQ(v.status, CodeStatus::kNeedsSeventh);
  EXPECT_EQ(v.suggestions, (Strings{"T36.0X1A", "T36.0X1D", "T36.0X1S"}));
  EXPECT_NE(v.message.find("(A, D, S)"), std::string::npos) << v.message;
  v = V("S52.001");
  EXPECT_EQ(v.status, CodeStatus::kNeedsSeventh);
  EXPECT_NE(v.message.find("A, B, C, D, S"), std::string::npos) << v.message;
  EXPECT_EQ(v.suggestions.front(), "S52.001A");
  v = V("W21.89");
  EXPECT_EQ(v.status, CodeStatus::kNeedsSeventh);
  EXPECT_NE(v.message.find("placeholder X"), std::string::npos) << v.message;
  EXPECT_EQ(v.suggestions.front(), "W21.89XA");
  EXPECT_EQ(V("S52").status, CodeStatus::kNeedsSeventh);
  EXPECT_EQ(V("T36.0X").status, CodeStatus::kNeedsSeventh);
}

TEST(Validate, MissingPlaceholderSuggestsTheXCode) {
  struct Case {
    const char* in;
    const char* want;
  };
  for (Case c : {Case{"T36.01A", "T36.0X1A"}, Case{"t3601a", "T36.0X1A"}, Case{"T36.05S", "T36.0X5S"},
                 Case{"W21.89A", "W21.89XA"}, Case{"W21.89D", "W21.89XD"}, Case{"W22.8A", "W22.8XXA"},
                 Case{"W228S", "W22.8XXS"}}) {
    Validation v = V(c.in);
    EXPECT_EQ(v.status, CodeStatus::kMissingPlaceholder) << c.in << ": " << v.message;
    EXPECT_EQ(v.suggestions, Strings{c.want}) << c.in;
    EXPECT_NE(v.message.find(c.want), std::string::npos) << v.message;
  }
}

TEST(Validate, InvalidSeventh) {
  Validation v = V("T36.0X1Z");
  EXPECT_EQ(v.status, CodeStatus::kInvalidSeventh);
  EXPECT_NE(v.message.find("'Z'"), std::string::npos) << v.message;
  EXPECT_NE(v.message.find("A, D, S"), std::string::npos) << v.message;
  EXPECT_EQ(v.suggestions, (Strings{"T36.0X1A", "T36.0X1D", "T36.0X1S"}));
  EXPECT_EQ(V("S52.001Q").status, CodeStatus::kInvalidSeventh);
  EXPECT_EQ(V("W21.89XB").status, CodeStatus::kInvalidSeventh);
  // C is a defined 7th character for S52, but S52.002C is not in the code set.
  EXPECT_EQ(V("S52.002C").status, CodeStatus::kUnknown);
}

TEST(Validate, Deleted) {
  Validation v = V("E11.69");
  EXPECT_EQ(v.status, CodeStatus::kDeleted);
  EXPECT_NE(v.message.find("Type 2 diabetes mellitus with other specified complication"), std::string::npos) << v.message;
  EXPECT_NE(v.message.find("icd10cm_codes_addenda_2026.txt"), std::string::npos) << v.message;
  EXPECT_EQ(v.suggestions, (Strings{"E11.690", "E11.691"}));  // codes added below the deleted one
  EXPECT_EQ(V("e1169").status, CodeStatus::kDeleted);
}

TEST(Validate, UnknownWithNearestCode) {
  Validation v = V("E11.99");
  EXPECT_EQ(v.status, CodeStatus::kUnknown);
  EXPECT_EQ(v.suggestions, Strings{"E11.9"});
  EXPECT_NE(v.message.find("nearest valid code is E11.9"), std::string::npos) << v.message;
  v = V("E11.64");  // nearest existing is a header: its billable codes are offered
  EXPECT_EQ(v.status, CodeStatus::kUnknown);
  EXPECT_EQ(v.suggestions, (Strings{"E11.65", "E11.690", "E11.691"}));
  EXPECT_NE(v.message.find("E11.6 exists (a header)"), std::string::npos) << v.message;
  v = V("A00.0");
  EXPECT_EQ(v.status, CodeStatus::kUnknown);
  EXPECT_TRUE(v.suggestions.empty());
  EXPECT_EQ(V("Q99").status, CodeStatus::kUnknown);
  EXPECT_EQ(V("E1A").status, CodeStatus::kUnknown);
  // Two letters and a digit is a code's shape since FY2027 (QA1.71, Lynch syndrome): no such code here.
  EXPECT_EQ(V("EE11").status, CodeStatus::kUnknown);
}

TEST(Validate, Malformed) {
  for (const char* c : {"", " ", "xyz", "E1", "1234", "EEE1", "E11..9", "E11.9.1", "E11-9", "E11.91234", "Ménière",
                        "E11.9\n", "\xFF"}) {
    Validation v = V(c);
    EXPECT_EQ(v.status, CodeStatus::kMalformed) << "'" << c << "'";
    EXPECT_TRUE(v.code.empty()) << c;
    EXPECT_TRUE(v.suggestions.empty()) << c;
  }
  // The echoed input is bounded.
  Validation v = V(std::string(5000, 'x'));
  EXPECT_EQ(v.status, CodeStatus::kMalformed);
  EXPECT_LE(v.input.size(), 64u);
}

TEST(Validate, StatusNames) {
  EXPECT_STREQ(CodeStatusName(CodeStatus::kValid), "valid");
  EXPECT_STREQ(CodeStatusName(CodeStatus::kHeader), "header");
  EXPECT_STREQ(CodeStatusName(CodeStatus::kNeedsSeventh), "needs-seventh");
  EXPECT_STREQ(CodeStatusName(CodeStatus::kMissingPlaceholder), "missing-placeholder");
  EXPECT_STREQ(CodeStatusName(CodeStatus::kInvalidSeventh), "invalid-seventh");
  EXPECT_STREQ(CodeStatusName(CodeStatus::kDeleted), "deleted");
  EXPECT_STREQ(CodeStatusName(CodeStatus::kUnknown), "unknown");
  EXPECT_STREQ(CodeStatusName(CodeStatus::kMalformed), "malformed");
}

TEST(Validate, EveryBillableCodeIsValidAndEveryHeaderIsNot) {
  const auto& cs = FixtureCodeSet();
  for (uint32_t i = 0; i < cs.size(); ++i) {
    Validation v = Validate(cs, cs.Dotted(i));
    if (cs.billable(i)) {
      EXPECT_EQ(v.status, CodeStatus::kValid) << cs.Dotted(i);
    } else {
      EXPECT_TRUE(v.status == CodeStatus::kHeader || v.status == CodeStatus::kNeedsSeventh) << cs.Dotted(i);
      EXPECT_FALSE(v.suggestions.empty()) << cs.Dotted(i);
      for (const auto& s : v.suggestions) EXPECT_EQ(Validate(cs, s).status, CodeStatus::kValid) << s;
    }
  }
}

std::string Build(std::string_view base, char c) {
  auto r = BuildSeventh(FixtureCodeSet(), base, c);
  EXPECT_TRUE(r.ok()) << base << " + " << c << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : "";
}

TEST(BuildSeventh, PadsWithPlaceholderX) {
  EXPECT_EQ(Build("T36.0X1", 'A'), "T36.0X1A");  // six characters: no padding
  EXPECT_EQ(Build("T36.0X1", 'd'), "T36.0X1D");  // lower-case 7th character
  EXPECT_EQ(Build("W21.89", 'A'), "W21.89XA");   // one X
  EXPECT_EQ(Build("w2189", 'S'), "W21.89XS");
  EXPECT_EQ(Build("W22.8", 'A'), "W22.8XXA");    // two X
  EXPECT_EQ(Build("S52.001", 'B'), "S52.001B");
}

TEST(BuildSeventh, Errors) {
  const auto& cs = FixtureCodeSet();
  auto r = BuildSeventh(cs, "S52.001", 'Z');
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("A, B, C, D, S"), std::string::npos) << r.error().message;
  r = BuildSeventh(cs, "E11.9", 'A');
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("does not take a 7th character"), std::string::npos);
  r = BuildSeventh(cs, "T36.0X1A", 'A');
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  r = BuildSeventh(cs, "T36.0", 'A');  // T36.0XXA does not exist: more characters are needed
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("T36.0XXA"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("T36.0X1A"), std::string::npos) << r.error().message;  // an example
  r = BuildSeventh(cs, "S52.002", 'C');  // C is defined for S52 but S52.002C is not a code
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  r = BuildSeventh(cs, "Q99", 'A');
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  for (const char* bad : {"", "x", "E11..9"}) {
    r = BuildSeventh(cs, bad, 'A');
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(BuildSeventh, AgreesWithValidate) {
  const auto& cs = FixtureCodeSet();
  for (const char* base : {"T36.0X1", "T36.0X5", "W21.89", "W22.8", "S52.001", "S52.002"}) {
    for (char c : std::string("ABCDSZ")) {
      auto r = BuildSeventh(cs, base, c);
      if (r.ok()) {
        EXPECT_EQ(Validate(cs, *r).status, CodeStatus::kValid) << *r;
      }
    }
  }
}

}  // namespace
