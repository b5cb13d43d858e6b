// Claim pre-checks on the fixtures of tests/fixtures/claims: every kind has cases that
// fire and cases that must not (a bypass modifier, an edit deleted before the date of
// service, units within the MUE, ...). Dates of service are in 2026Q3 unless a case is
// about dates; "today" is 2026-09-15.
#include "claims_fixture.h"

#include <set>

namespace medcode {
namespace {

using namespace cfx;
using claims::Kind;
using claims::Severity;

TEST(Claims, CleanClaimHasNoFindingsButTheDataRangeNotices) {
  auto r = Check(Base());
  EXPECT_TRUE(Real(r).empty()) << Dump(r);
  // MUE 2026Q2 does not cover 2026-07-15: said, never a silent pass, and under its own
  // kind: a program filtering by the MUE kind sees only MUE edits that fired.
  EXPECT_TRUE(Of(r, Kind::kMue, true).empty()) << Dump(r);
  std::vector<claims::Finding> range;
  for (const auto& f : Of(r, Kind::kDataCoverage, true)) {
    if (f.source.find("MUE") != std::string::npos) range.push_back(f);
  }
  ASSERT_EQ(range.size(), 1u) << Dump(r);
  EXPECT_EQ(range[0].severity, Severity::kWarning);
  EXPECT_EQ(range[0].rule, "data-range");
  EXPECT_NE(range[0].message.find("2026-07-15"), std::string::npos);
  EXPECT_NE(range[0].message.find("2026-04-01 to 2026-06-30"), std::string::npos);
  EXPECT_EQ(range[0].source, "NCCI MUE practitioner 2026Q2");
  EXPECT_NE(range[0].action.find("NCCI MUE 2026Q3 edition"), std::string::npos) << range[0].action;
  EXPECT_EQ(r.claim_id, "T1");
}

TEST(Claims, EveryFindingNamesSourceRuleMessageAndAction) {
  json j = Base();
  j["diagnoses"] = {"E11", "E10.9", "V00.01XA"};
  j["lines"] = {Line("20610", 3), Line("99214"), Line("64484", 1, {"ZZ"}, {"E"})};
  j["billing_npi"] = "1234567890";
  auto r = Check(j);
  ASSERT_GE(r.findings.size(), 6u);
  for (const auto& f : r.findings) {
    EXPECT_FALSE(f.message.empty());
    EXPECT_FALSE(f.source.empty()) << f.message;
    EXPECT_FALSE(f.rule.empty()) << f.message;
    EXPECT_FALSE(f.action.empty()) << f.message;
  }
  // Errors first, then warnings, then notes.
  for (size_t i = 1; i < r.findings.size(); ++i) EXPECT_LE(r.findings[i - 1].severity, r.findings[i].severity);
}

// ---- syntax

TEST(Claims, SyntaxErrorsNameTheFieldAndTheRestIsStillChecked) {
  auto r = CheckText(R"({"claim_id":"S1","date_of_service":"2026-07-15","place_of_service":"11","billing_npi":"1234567893",
    "diagnoses":["E11",7],"lines":[{"code":"99214","units":"two","dx_pointers":["A"]},"oops"],"colour":"red"})");
  auto s = Of(r, Kind::kSyntax);
  auto has_path = [&](const std::string& p) {
    return std::any_of(s.begin(), s.end(), [&](const claims::Finding& f) { return f.path == p; });
  };
  EXPECT_TRUE(has_path("diagnoses[1]")) << Dump(r);
  EXPECT_TRUE(has_path("lines[0].units")) << Dump(r);
  EXPECT_TRUE(has_path("lines[1]")) << Dump(r);
  EXPECT_TRUE(has_path("colour")) << Dump(r);
  // ... and E11 is still checked (a header).
  EXPECT_EQ(Of(r, Kind::kHeaderCode).size(), 1u) << Dump(r);
}

TEST(Claims, NotJsonIsOneUnreadableClaimAndNdjsonGoesOn) {
  auto cs = claims::ParseNdjson("{\"claim_id\":\"A\",\"lines\":[]}\n{not json\n\n[{\"claim_id\":\"B\"},{\"claim_id\":\"C\"}]\n");
  ASSERT_EQ(cs.size(), 4u);
  EXPECT_EQ(cs[0].claim_id, "A");
  EXPECT_TRUE(cs[1].unreadable);
  EXPECT_EQ(cs[1].input_line, 2u);
  EXPECT_NE(cs[1].findings[0].message.find("input line 2"), std::string::npos) << cs[1].findings[0].message;
  EXPECT_EQ(cs[2].claim_id, "B");
  EXPECT_EQ(cs[3].claim_id, "C");
  EXPECT_EQ(cs[3].input_line, 4u);
  auto r = Checker().Check(cs[1]);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].kind, Kind::kSyntax);
  EXPECT_FALSE(r.has_claim_id);
  // One line, one claim: anything after it on the line is an error of that claim.
  auto t = claims::ParseNdjson("{\"claim_id\":\"D\"} {\"claim_id\":\"E\"}\n");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].claim_id, "D");
  ASSERT_FALSE(t[0].findings.empty());
  EXPECT_NE(t[0].findings.back().message.find("goes on after the claim"), std::string::npos);
}

TEST(Claims, AClaimMustBeAnObject) {
  auto cs = claims::ParseJson("[1, \"x\", {\"claim_id\":\"ok\"}]");
  ASSERT_EQ(cs.size(), 3u);
  EXPECT_TRUE(cs[0].unreadable);
  EXPECT_TRUE(cs[1].unreadable);
  EXPECT_FALSE(cs[2].unreadable);
  EXPECT_TRUE(claims::ParseJson("").at(0).unreadable);
}

TEST(Claims, ValidInputHasNoSyntaxFindings) {
  EXPECT_TRUE(Of(Check(Base()), Kind::kSyntax).empty());
}

// ---- ICD-10-CM codes

TEST(Claims, InvalidHeaderAndSeventhCharacterCodes) {
  json j = Base();
  j["diagnoses"] = {"E11", "T36.01A", "Q99.9", "12X", "E11.9"};
  j["lines"] = {Line("99214", 1, {}, {"E"})};
  auto r = Check(j);
  auto h = Of(r, Kind::kHeaderCode);
  ASSERT_EQ(h.size(), 1u) << Dump(r);
  EXPECT_EQ(h[0].codes, std::vector<std::string>{"E11"});
  EXPECT_NE(h[0].action.find("E11.9"), std::string::npos) << h[0].action;
  auto s = Of(r, Kind::kSeventhCharacter);
  ASSERT_EQ(s.size(), 1u) << Dump(r);
  EXPECT_NE(s[0].message.find("T36.0X1A"), std::string::npos);
  EXPECT_EQ(Of(r, Kind::kInvalidCode).size(), 2u) << Dump(r);  // Q99.9 unknown, 12X malformed
  EXPECT_EQ(h[0].source, "ICD-10-CM FY2026 (claims test fixture)");
}

TEST(Claims, ValidCodesDottedOrNotRaiseNothing) {
  json j = Base();
  j["diagnoses"] = {"e119", "T36.0X1A"};
  auto r = Check(j);
  EXPECT_TRUE(Of(r, Kind::kInvalidCode).empty() && Of(r, Kind::kSeventhCharacter).empty() && Of(r, Kind::kHeaderCode).empty())
      << Dump(r);
}

TEST(Claims, CodeYearDeletedAndNotYetEffective) {
  json j = Base();
  j["diagnoses"] = {"E11.69"};  // deleted by the FY2026 addenda
  auto r = Check(j);
  auto y = Of(r, Kind::kCodeYear);
  ASSERT_EQ(y.size(), 1u) << Dump(r);
  EXPECT_EQ(y[0].severity, Severity::kError);
  // E11.A is new in FY2026: not valid for a date of service in FY2025 ...
  j = Base();
  j["diagnoses"] = {"E11.A"};
  j["date_of_service"] = "2025-09-15";
  r = Check(j);
  y = Of(r, Kind::kCodeYear);
  ASSERT_EQ(y.size(), 1u) << Dump(r);
  EXPECT_NE(y[0].message.find("2025-10-01"), std::string::npos);
  // ... and the date outside FY2026 is itself said, as data coverage.
  EXPECT_EQ(Of(r, Kind::kCodeYear, true).size(), 1u) << Dump(r);
  bool said = false;
  for (const auto& f : Of(r, Kind::kDataCoverage, true)) said = said || f.source.find("ICD-10-CM") != std::string::npos;
  EXPECT_TRUE(said) << Dump(r);
  // In FY2026 it is fine.
  j["date_of_service"] = "2026-01-15";
  r = Check(j);
  EXPECT_TRUE(Of(r, Kind::kCodeYear, true).empty()) << Dump(r);
  // A code deleted in FY2026 used for a FY2025 date: a warning, not an error.
  j["diagnoses"] = {"E11.69"};
  j["date_of_service"] = "2025-09-15";
  r = Check(j);
  y = Of(r, Kind::kCodeYear);
  ASSERT_EQ(y.size(), 1u) << Dump(r);
  EXPECT_EQ(y[0].severity, Severity::kWarning);
}

// ---- MCE lists, sex, first-listed rules, Excludes1

TEST(Claims, AgeConflictsFireAndAgesInRangeDoNot) {
  json j = Base();
  j["diagnoses"] = {"Z00.110"};  // newborn list
  auto r = Check(j);
  auto a = Of(r, Kind::kAge);
  ASSERT_EQ(a.size(), 1u) << Dump(r);
  EXPECT_EQ(a[0].source, "MCE v43.1");
  EXPECT_NE(a[0].message.find("is 66 on 2026-07-15"), std::string::npos) << a[0].message;
  j["patient"]["birth_date"] = "2026-07-10";
  EXPECT_TRUE(Of(Check(j), Kind::kAge).empty());
  j["diagnoses"] = {"O24.410"};  // maternity 9-64
  j["patient"]["birth_date"] = "1950-01-01";
  EXPECT_EQ(Of(Check(j), Kind::kAge).size(), 1u);
  j["patient"]["birth_date"] = "1996-01-01";
  EXPECT_TRUE(Of(Check(j), Kind::kAge).empty());
  j["diagnoses"] = {"N40.0"};  // adult 15-124
  j["patient"] = {{"age", 12}, {"sex", "M"}};
  EXPECT_EQ(Of(Check(j), Kind::kAge).size(), 1u);
  j["patient"] = {{"age", 40}, {"sex", "M"}};
  EXPECT_TRUE(Of(Check(j), Kind::kAge).empty());
}

TEST(Claims, UnknownAgeIsSaidNotPassedSilently) {
  json j = Base();
  j["diagnoses"] = {"Z00.129"};
  j.erase("patient");
  auto a = Of(Check(j), Kind::kAge);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].severity, Severity::kInfo);
  EXPECT_NE(a[0].message.find("not checked"), std::string::npos);
}

TEST(Claims, SexIsAdvisoryOnly) {
  json j = Base();
  j["diagnoses"] = {"N40.0"};
  j["patient"] = {{"birth_date", "1950-01-01"}, {"sex", "F"}};
  auto s = Of(Check(j), Kind::kSex);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].severity, Severity::kInfo);
  EXPECT_NE(s[0].message.find("deactivated"), std::string::npos);
  EXPECT_NE(s[0].message.find("2024-10-01"), std::string::npos);
  j["patient"]["sex"] = "M";
  EXPECT_TRUE(Of(Check(j), Kind::kSex).empty());
  j["diagnoses"] = {"O24.410"};  // pregnancy chapter
  EXPECT_EQ(Of(Check(j), Kind::kSex).size(), 1u);
  j["patient"]["sex"] = "U";
  EXPECT_TRUE(Of(Check(j), Kind::kSex).empty());
}

TEST(Claims, ManifestationAndExternalCauseMayNotBeFirst) {
  json j = Base();
  j["diagnoses"] = {"F02.80", "G30.9"};
  auto r = Check(j);
  auto m = Of(r, Kind::kManifestationFirst);
  ASSERT_EQ(m.size(), 1u) << Dump(r);
  EXPECT_NE(m[0].action.find("Alzheimer"), std::string::npos) << m[0].action;  // the code-first note
  j["diagnoses"] = {"G30.9", "F02.80"};
  EXPECT_TRUE(Of(Check(j), Kind::kManifestationFirst).empty());
  j["diagnoses"] = {"V00.01XA", "M17.11"};
  EXPECT_EQ(Of(Check(j), Kind::kExternalCauseFirst).size(), 1u);
  j["diagnoses"] = {"M17.11", "V00.01XA"};
  EXPECT_TRUE(Of(Check(j), Kind::kExternalCauseFirst).empty());
}

TEST(Claims, UnacceptablePrincipalDiagnosis) {
  json j = Base();
  j["diagnoses"] = {"B95.0"};
  auto u = Of(Check(j), Kind::kUnacceptablePrincipal);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].severity, Severity::kWarning);
  j["diagnoses"] = {"Z51.89"};  // acceptable with a secondary diagnosis
  EXPECT_EQ(Of(Check(j), Kind::kUnacceptablePrincipal).size(), 1u);
  j["diagnoses"] = {"Z51.89", "I10"};
  EXPECT_TRUE(Of(Check(j), Kind::kUnacceptablePrincipal).empty());
  // An empty or blank diagnosis B is no secondary diagnosis (MCE: REQUIRES_SDX); an invalid one is.
  j["diagnoses"] = {"Z51.89", ""};
  EXPECT_EQ(Of(Check(j), Kind::kUnacceptablePrincipal).size(), 1u);
  j["diagnoses"] = {"Z51.89", "  ", ""};
  EXPECT_EQ(Of(Check(j), Kind::kUnacceptablePrincipal).size(), 1u);
  j["diagnoses"] = {"Z51.89", "ZZZ"};
  EXPECT_TRUE(Of(Check(j), Kind::kUnacceptablePrincipal).empty());
  // I10 was removed from the list by v43.1 (from 2026-04-01): it applies before that date only.
  j["diagnoses"] = {"I10"};
  j["date_of_service"] = "2026-03-02";
  EXPECT_EQ(Of(Check(j), Kind::kUnacceptablePrincipal).size(), 1u);
  j["date_of_service"] = "2026-05-02";
  EXPECT_TRUE(Of(Check(j), Kind::kUnacceptablePrincipal).empty());
}

TEST(Claims, Excludes1SameSectionIsAnErrorOtherwiseAWarning) {
  json j = Base();
  j["diagnoses"] = {"E11.9", "E10.9"};
  auto r = Check(j);
  auto e = Of(r, Kind::kExcludes1);
  ASSERT_EQ(e.size(), 1u) << Dump(r);
  EXPECT_EQ(e[0].severity, Severity::kError);
  EXPECT_NE(e[0].message.find("type 1 diabetes mellitus (E10.-)"), std::string::npos) << e[0].message;
  EXPECT_EQ(e[0].codes, (std::vector<std::string>{"E11.9", "E10.9"}));
  j["diagnoses"] = {"R10.9", "N23"};
  e = Of(Check(j), Kind::kExcludes1);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].severity, Severity::kWarning);
  EXPECT_NE(e[0].action.find("unrelated"), std::string::npos);
  j["diagnoses"] = {"E11.9", "I10", "M17.11"};
  EXPECT_TRUE(Of(Check(j), Kind::kExcludes1).empty());
}

// ---- NCCI PTP

TEST(Claims, PtpPairFiresWithTheModifierIndicator) {
  json j = Base();
  j["lines"] = {Line("99214"), Line("20610")};
  auto r = Check(j);
  auto p = Of(r, Kind::kNcciPtp);
  ASSERT_EQ(p.size(), 1u) << Dump(r);
  EXPECT_EQ(p[0].severity, Severity::kError);
  EXPECT_EQ(p[0].source, "NCCI PTP practitioner 2026Q3");
  EXPECT_EQ(p[0].rule, "PTP 20610/99214, modifier indicator 1");
  EXPECT_NE(p[0].action.find("modifier 25"), std::string::npos) << p[0].action;  // an E/M with a procedure
  EXPECT_EQ(p[0].lines, (std::vector<uint16_t>{1, 2}));
  EXPECT_EQ(p[0].date, 20260715u);
}

TEST(Claims, PtpBypassModifiersAndWhereTheyDoNotHelp) {
  json j = Base();
  j["lines"] = {Line("99214", 1, {"25"}), Line("20610")};  // 25 on the E/M: bypassed
  EXPECT_TRUE(Of(Check(j), Kind::kNcciPtp).empty());
  j["lines"] = {Line("99214", 1, {"57"}), Line("20610")};
  EXPECT_TRUE(Of(Check(j), Kind::kNcciPtp).empty());
  // 59 on the procedure of an E/M pair may pass the payer's edit, but it is not NCCI policy: a warning.
  j["lines"] = {Line("99214"), Line("20610", 1, {"59"})};
  auto p = Of(Check(j), Kind::kNcciPtp);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].severity, Severity::kWarning);
  EXPECT_NE(p[0].action.find("modifier 25"), std::string::npos) << p[0].action;
  j["lines"] = {Line("99214"), Line("20610", 1, {"25"})};  // 25 on the procedure does not bypass
  p = Of(Check(j), Kind::kNcciPtp);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].severity, Severity::kError);
  // Between procedures, 59 and XU bypass.
  j["lines"] = {Line("20610"), Line("20605", 1, {"59"})};
  EXPECT_TRUE(Of(Check(j), Kind::kNcciPtp).empty());
  j["lines"] = {Line("20610", 1, {"XU"}), Line("20605")};
  EXPECT_TRUE(Of(Check(j), Kind::kNcciPtp).empty());
  // Indicator 0: no modifier helps.
  j["lines"] = {Line("20610"), Line("20611", 1, {"59"})};
  p = Of(Check(j), Kind::kNcciPtp);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].action.find("indicator 0"), std::string::npos);
  EXPECT_NE(p[0].action.find("59"), std::string::npos);
  // Anatomic modifiers: different sides bypass, the same side does not.
  j["lines"] = {Line("20610", 1, {"RT"}), Line("20605", 1, {"LT"})};
  EXPECT_TRUE(Of(Check(j), Kind::kNcciPtp).empty());
  j["lines"] = {Line("20610", 1, {"RT"}), Line("20605", 1, {"RT"})};
  p = Of(Check(j), Kind::kNcciPtp);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].action.find("same anatomic modifier"), std::string::npos);
  // Different dates of service: no pair.
  j["lines"] = {Line("99214"), Line("20610")};
  j["lines"][1]["date_of_service"] = "2026-07-16";
  EXPECT_TRUE(Of(Check(j), Kind::kNcciPtp).empty());
}

TEST(Claims, PtpDeletionDatesAndIndicator9) {
  json j = Base();
  j["date_of_service"] = "2024-08-01";
  j["lines"] = {Line("11719"), Line("11720")};  // deleted 2023-12-31: not in force
  auto r = Check(j);
  EXPECT_TRUE(Of(r, Kind::kNcciPtp).empty()) << Dump(r);
  j["date_of_service"] = "2023-12-01";  // still in force then
  r = Check(j);
  auto p = Of(r, Kind::kNcciPtp);
  ASSERT_EQ(p.size(), 1u) << Dump(r);
  EXPECT_EQ(p[0].source, "NCCI PTP practitioner 2024Q3");
  EXPECT_NE(p[0].message.find("Mutually exclusive procedures"), std::string::npos);
  EXPECT_NE(p[0].message.find("in force through 2023-12-31"), std::string::npos);
  EXPECT_EQ(Of(r, Kind::kNcciPtp, true).size(), 1u) << Dump(r);  // before the 2024Q3 edition: a data-coverage notice
  EXPECT_FALSE(Of(r, Kind::kDataCoverage, true).empty()) << Dump(r);
  j["date_of_service"] = "2024-08-01";
  j["lines"] = {Line("29881"), Line("29877")};  // indicator 9: not an edit
  EXPECT_TRUE(Of(Check(j), Kind::kNcciPtp).empty());
}

TEST(Claims, PtpInTheGapBetweenEditionsIsDated) {
  json j = Base();
  j["date_of_service"] = "2025-06-02";
  j["lines"] = {Line("99214"), Line("20610")};  // in 2024Q3 and 2026Q3: in force throughout
  auto r = Check(j);
  auto p = Of(r, Kind::kNcciPtp);
  ASSERT_EQ(p.size(), 1u) << Dump(r);
  EXPECT_EQ(p[0].severity, Severity::kError);
  EXPECT_NE(p[0].message.find("in force throughout"), std::string::npos);
  EXPECT_EQ(Of(r, Kind::kNcciPtp, true).size(), 1u);  // the range notice is data-coverage
  EXPECT_FALSE(Of(r, Kind::kDataCoverage, true).empty());
  j["lines"] = {Line("20610"), Line("20611")};  // only in 2026Q3: added later
  p = Of(Check(j), Kind::kNcciPtp);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].severity, Severity::kWarning);
  EXPECT_NE(p[0].message.find("cannot be told"), std::string::npos);
}

TEST(Claims, PtpOutpatientHospitalUsesItsTable) {
  json j = Base();
  j["date_of_service"] = "2024-08-01";
  j["lines"] = {Line("20610"), Line("76942")};
  EXPECT_TRUE(Of(Check(j), Kind::kNcciPtp).empty());
  j["setting"] = "outpatient-hospital";
  auto p = Of(Check(j), Kind::kNcciPtp);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].source, "NCCI PTP outpatient hospital 2024Q3");
}

// ---- MUE

TEST(Claims, MueDateOfServiceEditsSumAcrossLines) {
  json j = Base();
  j["date_of_service"] = "2026-05-04";
  j["lines"] = {Line("20610", 3)};  // MUE 2, MAI 3
  auto r = Check(j);
  auto m = Of(r, Kind::kMue);
  ASSERT_EQ(m.size(), 1u) << Dump(r);
  EXPECT_NE(m[0].action.find("MAI 3"), std::string::npos);
  EXPECT_NE(m[0].rule.find("MUE 20610 = 2"), std::string::npos);
  j["lines"] = {Line("20610", 2, {"RT"}), Line("20610", 1, {"LT"})};  // 3 units on the date
  m = Of(Check(j), Kind::kMue);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].lines, (std::vector<uint16_t>{1, 2}));
  j["lines"] = {Line("20610", 1, {"RT"}), Line("20610", 1, {"LT"})};  // within the MUE
  r = Check(j);
  EXPECT_TRUE(Of(r, Kind::kMue, true).empty()) << Dump(r);  // and 2026-05-04 is in 2026Q2
  j["lines"] = {Line("20610", 1.5, {"RT"}), Line("20610", 0.75, {"LT"})};  // fractional units (837P) add up too
  m = Of(Check(j), Kind::kMue);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NE(m[0].message.find("2.25 units"), std::string::npos) << m[0].message;
  j["lines"] = {Line("99214", 2)};  // MAI 2: absolute
  m = Of(Check(j), Kind::kMue);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NE(m[0].action.find("absolute"), std::string::npos);
}

TEST(Claims, MueLineEditsCountEachLine) {
  json j = Base();
  j["date_of_service"] = "2026-05-04";
  j["lines"] = {Line("36415", 3)};  // MUE 2, MAI 1
  auto m = Of(Check(j), Kind::kMue);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NE(m[0].action.find("separate lines"), std::string::npos);
  j["lines"] = {Line("36415", 2), Line("36415", 2, {"91"})};  // each line within
  EXPECT_TRUE(Of(Check(j), Kind::kMue).empty());
}

TEST(Claims, MueZeroAndSettings) {
  json j = Base();
  j["date_of_service"] = "2026-05-04";
  j["lines"] = {Line("A4206", 1)};
  auto m = Of(Check(j), Kind::kMue);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NE(m[0].message.find("MUE of 0"), std::string::npos);
  j["lines"] = {Line("20610", 2)};
  j["setting"] = "outpatient-hospital";  // MUE 1 there
  m = Of(Check(j), Kind::kMue);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].source, "NCCI MUE outpatient hospital 2026Q2");
  j["setting"] = "dme-supplier";
  j["lines"] = {Line("E0114", 2)};
  EXPECT_EQ(Of(Check(j), Kind::kMue).size(), 1u);
}

// ---- add-on codes

TEST(Claims, AddOnCodesNeedTheirPrimary) {
  json j = Base();
  j["lines"] = {Line("64484")};
  auto a = Of(Check(j), Kind::kAddOnWithoutPrimary);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].severity, Severity::kError);
  EXPECT_NE(a[0].message.find("64483"), std::string::npos);
  j["lines"] = {Line("64483"), Line("64484")};
  EXPECT_TRUE(Of(Check(j), Kind::kAddOnWithoutPrimary).empty());
  j["lines"][0]["date_of_service"] = "2026-07-14";  // the primary on another day
  EXPECT_EQ(Of(Check(j), Kind::kAddOnWithoutPrimary).size(), 1u);
  j["lines"] = {Line("22552")};  // type 3: a warning
  a = Of(Check(j), Kind::kAddOnWithoutPrimary);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].severity, Severity::kWarning);
  j["lines"] = {Line("0054T")};  // type 2 without any primary
  EXPECT_EQ(Of(Check(j), Kind::kAddOnWithoutPrimary).size(), 1u);
  j["lines"] = {Line("20610"), Line("0054T")};
  EXPECT_TRUE(Of(Check(j), Kind::kAddOnWithoutPrimary).empty());
  j["lines"] = {Line("20985")};  // not an add-on edit until 2027
  EXPECT_TRUE(Of(Check(j), Kind::kAddOnWithoutPrimary).empty());
}

// ---- pointers, NPI, modifiers, place of service, duplicates, limits, dates

TEST(Claims, DiagnosisPointers) {
  json j = Base();
  j["lines"] = {Line("99214", 1, {}, {"C"})};
  auto d = Of(Check(j), Kind::kDxPointer);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("points to diagnosis C"), std::string::npos);
  j["lines"] = {Line("99214", 1, {}, {"A", "B", "A", "B", "A"})};
  EXPECT_GE(Of(Check(j), Kind::kDxPointer).size(), 2u);  // more than 4, repeats
  j["lines"] = {Line("99214", 1, {}, {})};
  EXPECT_EQ(Of(Check(j), Kind::kDxPointer).size(), 1u);
  j["lines"] = {Line("99214", 1, {}, {"Z"})};
  EXPECT_EQ(Of(Check(j), Kind::kDxPointer).size(), 1u);
  j["lines"] = {Line("99214", 1, {}, {"1", "2"})};  // 837P numbers are fine
  EXPECT_TRUE(Of(Check(j), Kind::kDxPointer).empty());
}

TEST(Claims, NpiFormatAndCheckDigit) {
  json j = Base();
  EXPECT_TRUE(Of(Check(j), Kind::kNpi).empty());
  for (const char* bad : {"1234567890", "12345", "3234567893", "12345678A3"}) {
    j["billing_npi"] = bad;
    EXPECT_EQ(Of(Check(j), Kind::kNpi).size(), 1u) << bad;
  }
  j.erase("billing_npi");
  EXPECT_EQ(Of(Check(j), Kind::kNpi).size(), 1u);
  j["billing_npi"] = "1245319599";  // another valid NPI
  j.erase("rendering_npi");         // optional
  EXPECT_TRUE(Of(Check(j), Kind::kNpi).empty());
}

TEST(Claims, Modifiers) {
  json j = Base();
  j["date_of_service"] = "2025-11-03";
  j["lines"] = {Line("99214", 1, {"ZZ"})};
  auto r = Check(j);
  auto m = Of(r, Kind::kModifier);
  ASSERT_EQ(m.size(), 1u) << Dump(r);
  EXPECT_EQ(m[0].severity, Severity::kError);
  j["lines"] = {Line("20610", 1, {"RT", "LT"})};
  m = Of(Check(j), Kind::kModifier);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NE(m[0].message.find("both RT and LT"), std::string::npos);
  j["lines"] = {Line("99214", 1, {"CP"})};  // terminated 2017-12-31
  EXPECT_EQ(Of(Check(j), Kind::kModifier).size(), 1u);
  j["date_of_service"] = "2023-01-10";
  j["lines"] = {Line("J0000", 1, {"JZ"})};  // added 2023-07-01
  EXPECT_EQ(Of(Check(j), Kind::kModifier).size(), 1u);
  j["date_of_service"] = "2025-11-03";
  j["lines"] = {Line("99214", 1, {"28"})};  // not a CPT modifier number
  m = Of(Check(j), Kind::kModifier);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].severity, Severity::kWarning);
  j["lines"] = {Line("99214", 1, {"25", "GT"}), Line("20610", 1, {"RT"})};
  r = Check(j);
  EXPECT_TRUE(Of(r, Kind::kModifier, true).empty()) << Dump(r);  // 2025-11-03 is in the October 2025 file
  j["date_of_service"] = "2026-07-15";
  r = Check(j);
  EXPECT_TRUE(Of(r, Kind::kModifier, true).empty()) << Dump(r);  // after the modifier file: a note
  bool noted = false;
  for (const auto& f : Of(r, Kind::kDataCoverage, true)) {
    if (f.source.find("modifier") != std::string::npos) noted = f.severity == Severity::kInfo;
  }
  EXPECT_TRUE(noted) << Dump(r);
}

TEST(Claims, PlaceOfService) {
  json j = Base();
  j["place_of_service"] = "77";
  auto p = Of(Check(j), Kind::kPlaceOfService);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].source, "CMS place of service codes");
  j["lines"][0]["place_of_service"] = "22";  // the line's overrides the claim's
  EXPECT_TRUE(Of(Check(j), Kind::kPlaceOfService).empty());
  j.erase("place_of_service");
  j["lines"][0].erase("place_of_service");
  EXPECT_EQ(Of(Check(j), Kind::kPlaceOfService).size(), 1u);
}

TEST(Claims, DuplicateLines) {
  json j = Base();
  j["lines"] = {Line("96372"), Line("96372")};
  auto d = Of(Check(j), Kind::kDuplicateLine);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].severity, Severity::kError);
  j["lines"] = {Line("96372"), Line("96372", 1, {"76"})};
  EXPECT_TRUE(Of(Check(j), Kind::kDuplicateLine).empty());
  j["lines"] = {Line("96372"), Line("96372", 2)};
  d = Of(Check(j), Kind::kDuplicateLine);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].severity, Severity::kWarning);
}

TEST(Claims, ClaimLimits) {
  json j = Base();
  j["diagnoses"] = json::array();
  for (int i = 0; i < 13; ++i) j["diagnoses"].push_back("I10");
  EXPECT_EQ(Of(Check(j), Kind::kClaimLimits).size(), 1u);
  j = Base();
  j["lines"] = json::array();
  for (int i = 0; i < 6; ++i) j["lines"].push_back(Line("9921" + std::to_string(i % 6)));
  EXPECT_TRUE(Of(Check(j), Kind::kClaimLimits).empty());
  j["lines"].push_back(Line("99214", 1, {"76"}));
  auto l = Of(Check(j), Kind::kClaimLimits);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].severity, Severity::kInfo);
  for (int i = 0; i < 45; ++i) j["lines"].push_back(Line("36415"));
  l = Of(Check(j), Kind::kClaimLimits);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].severity, Severity::kError);
}

TEST(Claims, Dates) {
  json j = Base();
  j["date_of_service"] = "2026-12-01";
  EXPECT_EQ(Of(Check(j), Kind::kDate).size(), 1u);  // future
  j["date_of_service"] = "1959-01-01";
  auto d = Of(Check(j), Kind::kDate);
  EXPECT_TRUE(std::any_of(d.begin(), d.end(), [](auto& f) { return f.message.find("before the patient's birth") != std::string::npos; }));
  j["date_of_service"] = "2026-13-01";
  d = Of(Check(j), Kind::kDate);
  ASSERT_EQ(d.size(), 1u);  // not a date, and what that leaves unchecked
  EXPECT_NE(d[0].message.find("not checked"), std::string::npos) << d[0].message;
  j["date_of_service"] = "07/15/2026";  // MM/DD/YYYY is accepted
  EXPECT_TRUE(Of(Check(j), Kind::kDate).empty());
  j["date_of_service"] = "2025-06-30";  // more than a year before today: timely filing
  d = Of(Check(j), Kind::kDate);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].severity, Severity::kWarning);
  j["patient"]["birth_date"] = "1960-02-30";
  EXPECT_GE(Of(Check(j), Kind::kDate).size(), 2u);
}

// ---- formats

TEST(Claims, CsvRowsGroupIntoClaims) {
  const char* csv =
      "claim_id,patient_birth_date,patient_sex,date_of_service,place_of_service,billing_npi,dx1,dx2,line_code,modifiers,units,dx_pointers,charge,extra\n"
      "C1,1960-03-15,F,2026-07-15,11,1234567893,E11.9,I10,99214,,1,AB,150.00,x\n"
      "C1,,,,,,,,20610,59,1,A,80\n"
      "C2,1990-01-01,M,2026-07-15,11,1234567893,M17.11,,20610,\"RT LT\",1,A,80\n"
      ",1990-01-01,M,2026-07-15,11,1234567893,M17.11,,20610,,1,A,80\n"
      "C1,1960-03-15,F,2026-07-15,11,1234567893,E11.9,,99213,,1,A,90\n";
  auto cs = claims::ParseCsv(csv);
  ASSERT_EQ(cs.size(), 4u);
  EXPECT_EQ(cs[0].claim_id, "C1");
  ASSERT_EQ(cs[0].lines.size(), 2u);
  EXPECT_EQ(cs[0].diagnoses, (std::vector<std::string>{"E11.9", "I10"}));
  EXPECT_EQ(cs[0].lines[0].pointers, (std::vector<int>{0, 1}));
  EXPECT_EQ(cs[0].lines[1].modifiers, std::vector<std::string>{"59"});
  ASSERT_FALSE(cs[0].findings.empty());
  EXPECT_NE(cs[0].findings[0].message.find("extra"), std::string::npos);  // unknown column, said once
  EXPECT_EQ(cs[1].lines[0].modifiers, (std::vector<std::string>{"RT", "LT"}));
  EXPECT_FALSE(cs[2].has_claim_id);
  EXPECT_EQ(cs[3].claim_id, "C1");
  EXPECT_FALSE(cs[3].findings.empty());  // apart from its earlier rows
  auto r = Checker().Check(cs[0]);
  auto p = Of(r, Kind::kNcciPtp);  // 59 on the procedure of an E/M pair: a warning
  ASSERT_EQ(p.size(), 1u) << Dump(r);
  EXPECT_EQ(p[0].severity, Severity::kWarning);
}

TEST(Claims, CsvWithoutTheNeededColumnsIsOneClearError) {
  auto cs = claims::ParseCsv("a,b\n1,2\n");
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_TRUE(cs[0].unreadable);
  EXPECT_NE(cs[0].findings[0].message.find("claim_id and line_code"), std::string::npos);
  // Every column found, in full, and the columns read; the action is about the CSV header.
  auto wide = claims::ParseCsv("patient_identifier,service_date,procedure,diagnosis_one,diagnosis_two,a_rather_long_column_name\n1,2,3,4,5,6\n");
  ASSERT_EQ(wide.size(), 1u);
  const auto& f = wide[0].findings[0];
  EXPECT_NE(f.message.find("found: patient_identifier, service_date, procedure, diagnosis_one, diagnosis_two, a_rather_long_column_name"),
            std::string::npos) << f.message;
  EXPECT_NE(f.message.find("dx1..dx12"), std::string::npos) << f.message;
  EXPECT_NE(f.action.find("CSV header"), std::string::npos) << f.action;
  EXPECT_EQ(f.action.find("JSON"), std::string::npos) << f.action;
}

TEST(Claims, ResultJsonIsValidJsonWithTheContractFields) {
  json j = Base();
  j["diagnoses"] = {"E11", "I10"};
  j["lines"] = {Line("99214"), Line("20610", 1, {}, {"A"})};
  j["claim_id"] = "T1 \"quoted\" \\ \n\u0001 ü";
  auto r = Check(j);
  auto out = json::parse(claims::ResultJson(r));
  EXPECT_EQ(out["claim_id"], j["claim_id"]);
  ASSERT_TRUE(out["findings"].is_array());
  for (const auto& f : out["findings"]) {
    for (const char* k : {"kind", "severity", "lines", "codes", "message", "action", "source", "rule"}) EXPECT_TRUE(f.contains(k)) << k;
  }
  EXPECT_EQ(out["summary"]["errors"], r.errors);
  auto csv = claims::FindingsCsv(r, true);
  EXPECT_EQ(csv.substr(0, 17), "claim_id,severity");
  std::string text = claims::ResultText(r, nullptr);
  EXPECT_NE(text.find("What to do:"), std::string::npos);
}

TEST(Claims, MalformedInputNeverCrashes) {
  // Truncations of a valid claim, random bytes, deep nesting, odd types: every input gives
  // at least one claim, and every claim can be checked.
  std::string good = Base().dump();
  std::vector<std::string> inputs;
  for (size_t n = 0; n < good.size(); n += 7) inputs.push_back(good.substr(0, n));
  inputs.push_back(std::string(10000, '['));
  inputs.push_back(std::string(200, '{'));
  inputs.push_back("{\"lines\":[{\"code\":{}}],\"diagnoses\":{\"a\":1},\"patient\":[]}");
  inputs.push_back("{\"claim_id\":\"\\uD800\"}");
  inputs.push_back("{\"claim_id\":\"\xff\xfe\"}");
  inputs.push_back("{\"lines\":[{\"units\":1e400,\"dx_pointers\":[null,true,{}],\"modifiers\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22]}]}");
  uint64_t s = 12345;
  for (int k = 0; k < 200; ++k) {
    std::string junk = good;
    for (int m = 0; m < 5; ++m) {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      junk[(s >> 33) % junk.size()] = static_cast<char>(s >> 56);
    }
    inputs.push_back(junk);
  }
  for (const auto& in : inputs) {
    auto cs = claims::ParseJson(in);
    ASSERT_FALSE(cs.empty());
    for (const auto& c : cs) {
      auto r = Checker().Check(c);
      EXPECT_FALSE(claims::ResultJson(r).empty());
    }
    auto nd = claims::ParseNdjson(in);
    for (const auto& c : nd) Checker().Check(c);
    auto csv = claims::ParseCsv(in);
    for (const auto& c : csv) Checker().Check(c);
  }
}

// The checker keeps storage between claims (a result's findings are reused for the next
// claim checked into it; the data-range notices are cached per thread by checker, data set
// and date): checked one after another into one result, in any order and with two checkers
// taking turns, every claim gives exactly what a fresh result gives.
TEST(Claims, AResultReusedClaimAfterClaimEqualsAFreshOne) {
  std::vector<json> cases;
  cases.push_back(Base());
  json j = Base();
  j["diagnoses"] = {"E11", "E10.9", "V00.01XA"};
  j["lines"] = {Line("20610", 3), Line("99214"), Line("64484", 1, {"ZZ"}, {"E"})};
  j["billing_npi"] = "1234567890";
  cases.push_back(j);
  j = Base();
  j["lines"] = {Line("99214"), Line("20610", 1, {"59"}), Line("20610", 2, {"RT"}), Line("20610", 1, {"LT"}), Line("36415", 3)};
  cases.push_back(j);
  j = Base();
  j["date_of_service"] = "2024-08-01";
  j["lines"] = {Line("20610"), Line("20611"), Line("11719"), Line("11720"), Line("64484")};
  cases.push_back(j);
  j = Base();
  j["date_of_service"] = "2025-02-10";
  j["place_of_service"] = "ZZ";
  j["lines"] = {Line("20610", 1, {"RT"}), Line("20605", 1, {"RT"}), Line("99214", 1, {}, {"A", "A", "Q"})};
  cases.push_back(j);
  j = Base();
  j["lines"] = json::array();
  j["diagnoses"] = json::array();
  j["colour"] = "red";
  cases.push_back(j);
  j = Base();
  j["lines"] = {Line("64483"), Line("64484"), Line("E0114", 2)};
  j["lines"][0]["units"] = "two";
  j["setting"] = "dme-supplier";
  cases.push_back(j);

  std::vector<claims::Claim> claims_in;
  for (const auto& c : cases) {
    auto parsed = claims::ParseJson(c.dump());
    ASSERT_EQ(parsed.size(), 1u);
    claims_in.push_back(parsed[0]);
  }
  const claims::Checker& a = Checker();
  const claims::Checker b(Icd(), Edits(), {20270301});  // another "today": other notices
  std::vector<std::string> fresh_a, fresh_b;
  for (const auto& c : claims_in) {
    fresh_a.push_back(claims::ResultJson(a.Check(c)));
    fresh_b.push_back(claims::ResultJson(b.Check(c)));
  }
  claims::ClaimResult reused;
  for (int round = 0; round < 3; ++round) {
    for (size_t k = 0; k < claims_in.size(); ++k) {
      const size_t i = round == 1 ? claims_in.size() - 1 - k : (k * 5 + static_cast<size_t>(round)) % claims_in.size();
      a.Check(claims_in[i], reused);
      EXPECT_EQ(claims::ResultJson(reused), fresh_a[i]) << "claim " << i << ", round " << round;
      b.Check(claims_in[i], reused);
      EXPECT_EQ(claims::ResultJson(reused), fresh_b[i]) << "claim " << i << ", round " << round;
    }
  }
  // The cases fire what the reuse must carry over: many kinds, paths and dates.
  std::set<claims::Kind> kinds;
  for (const auto& c : claims_in) {
    for (const auto& f : a.Check(c).findings) kinds.insert(f.kind);
  }
  EXPECT_GE(kinds.size(), 8u);
}

}  // namespace
}  // namespace medcode
