// CPT from a user's descriptor file (medcode/cpt.h): parsing (TSV, CSV, space, header,
// BOM, CRLF), the lines it skips with their numbers, limits and refusals, the year and the
// provenance, the code set it builds (search by code number and words, lookup, validate).
// The descriptor texts are invented ("Test descriptor one"): no CPT content is used.
#include <gtest/gtest.h>

#include "fixture.h"
#include "medcode/cpt.h"
#include "medcode/lookup.h"
#include "medcode/multisearch.h"
#include "sha256.h"

namespace medcode {
namespace {

using namespace fx;

struct Built {
  CptBuild build;
  Aligned bytes;
  CodeSet cs;
};

std::unique_ptr<Built> Build(std::string_view text, CptOptions opt = {}) {
  if (opt.loaded.empty()) opt.loaded = "2026-01-05";
  auto b = BuildCptCodeSet(text, opt);
  if (!b) {
    ADD_FAILURE() << b.error().message;
    return nullptr;
  }
  Aligned a(b->bytes);
  auto cs = CodeSet::Open(a.span());
  if (!cs) {
    ADD_FAILURE() << cs.error().message;
    return nullptr;
  }
  return std::unique_ptr<Built>(new Built{std::move(*b), std::move(a), std::move(*cs)});
}

TEST(Cpt, Sha256MatchesTheStandardVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Cpt, CodeShapes) {
  for (const char* ok : {"99213", "00100", "0001U", "1234F", "0500T", "0001M"}) EXPECT_TRUE(IsCptCode(ok)) << ok;
  for (const char* bad : {"9921", "992134", "E0100", "A1234", "1234X", "99 13", "0001u"}) EXPECT_FALSE(IsCptCode(bad)) << bad;
}

TEST(Cpt, TabSeparatedWithHeaderBomAndCrlf) {
  std::string text = "\xEF\xBB\xBF" "Code\tDescriptor\r\n"
                     "99213\tTest descriptor one\r\n"
                     "\r\n"
                     "99214\tTest descriptor two\tan extra column\r\n"
                     " 0001u \t \"Test descriptor three\" \r\n"
                     "1234F\tTest descriptor four";  // no final line end
  auto b = Build(text, {"cpt-2026.tsv", 0, "2026-01-05"});
  ASSERT_TRUE(b);
  const CptLoadReport& r = b->build.report;
  EXPECT_TRUE(r.header);
  EXPECT_EQ(r.lines, 6u);
  EXPECT_EQ(r.codes, 4u);
  EXPECT_EQ(r.skipped, 0u);
  EXPECT_EQ(r.separators, "tab");
  EXPECT_EQ(r.extra_columns, 1u);
  EXPECT_EQ(r.year, 2026);
  EXPECT_EQ(r.year_from, "file name");
  EXPECT_EQ(r.sha256, Sha256Hex(text));
  EXPECT_EQ(r.provenance, "user-supplied file cpt-2026.tsv, sha256 " + Sha256Hex(text) + ", loaded 2026-01-05");
  const CodeSet& cs = b->cs;
  EXPECT_EQ(cs.meta().system, "CPT");
  EXPECT_EQ(cs.meta().year, 2026);
  EXPECT_EQ(cs.meta().effective_from, "2026-01-01");
  EXPECT_EQ(cs.meta().effective_to, "2026-12-31");
  EXPECT_EQ(cs.meta().provenance, r.provenance);
  EXPECT_TRUE(cs.meta().flat);
  ASSERT_EQ(cs.meta().inputs.size(), 1u);
  EXPECT_EQ(cs.meta().inputs[0].kind, "user-supplied");
  EXPECT_EQ(cs.meta().inputs[0].sha256, r.sha256);
  EXPECT_EQ(cs.SourceLabel(0), "cpt-2026.tsv (2026, user-supplied)");
  auto d = Lookup(cs, "0001U");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->title, "Test descriptor three");
  EXPECT_TRUE(d->billable);
  EXPECT_EQ(d->code, "0001U");
}

TEST(Cpt, BadLinesAreSkippedAndReportedWithTheirNumbers) {
  std::string text =
      "99213\tTest descriptor one\n"       // 1
      "9921\tfour digits\n"                // 2: not a code
      "99213\tagain\n"                     // 3: duplicate
      "99214\n"                            // 4: no descriptor
      "E0100\ta HCPCS code\n"              // 5: not CPT
      "99215\tTest \xff descriptor\n"      // 6: invalid UTF-8
      "\"99216,unclosed\n"                 // 7: open quote
      + std::string(kMaxCptLineBytes + 1, 'x') + "\n"  // 8: too long
      "99217\tTest descriptor seven\n";    // 9
  auto b = Build(text, {"x.txt", 2025, ""});
  ASSERT_TRUE(b);
  const CptLoadReport& r = b->build.report;
  EXPECT_FALSE(r.header) << "a first line with a code is not a header";
  EXPECT_EQ(r.codes, 2u);
  EXPECT_EQ(r.skipped, 7u);
  ASSERT_EQ(r.issues.size(), 7u);
  std::vector<uint32_t> lines;
  for (const auto& i : r.issues) lines.push_back(i.line);
  EXPECT_EQ(lines, (std::vector<uint32_t>{2, 3, 4, 5, 6, 7, 8}));
  EXPECT_NE(r.issues[0].reason.find("not a CPT code number ('9921'"), std::string::npos) << r.issues[0].reason;
  EXPECT_NE(r.issues[1].reason.find("appears again"), std::string::npos);
  EXPECT_NE(r.issues[2].reason.find("no descriptor"), std::string::npos);
  EXPECT_NE(r.issues[3].reason.find("'E0100'"), std::string::npos);
  EXPECT_NE(r.issues[4].reason.find("not valid UTF-8"), std::string::npos);
  EXPECT_NE(r.issues[5].reason.find("not closed"), std::string::npos);
  EXPECT_NE(r.issues[6].reason.find("longer than"), std::string::npos);
  for (const auto& i : r.issues) EXPECT_EQ(i.reason.find("descriptor seven"), std::string::npos) << "never the text";
  EXPECT_EQ(r.year, 2025);
  EXPECT_EQ(r.year_from, "option");
}

TEST(Cpt, CsvAndSpaceSeparatedLines) {
  auto b = Build("code,descriptor\n99213,\"Test descriptor, with a comma\"\n\"0500T\",\"Test \"\"quoted\"\"\"\n"
                 "99214 Test descriptor with spaces\n",
                 {"cpt.csv", 2026, ""});
  ASSERT_TRUE(b);
  EXPECT_EQ(b->build.report.separators, "comma, space");
  EXPECT_EQ(Lookup(b->cs, "99213")->title, "Test descriptor, with a comma");
  EXPECT_EQ(Lookup(b->cs, "0500T")->title, "Test \"quoted\"");
  EXPECT_EQ(Lookup(b->cs, "99214")->title, "Test descriptor with spaces");
}

TEST(Cpt, RefusedFiles) {
  auto code = [](std::string_view text, CptOptions o = {}) {
    auto r = BuildCptCodeSet(text, o);
    return r.ok() ? std::string("ok") : std::string(ErrorCodeName(r.error().code)) + ": " + r.error().message;
  };
  EXPECT_EQ(code("").substr(0, 16), "INVALID_ARGUMENT");
  EXPECT_NE(code("just words\nand more\n").find("no line of the file holds a CPT code"), std::string::npos);
  EXPECT_EQ(code(std::string("PK\x03\x04\0\0", 6)).substr(0, 12), "INVALID_UTF8");
  EXPECT_EQ(code(std::string("9\0" "9\0" "2\0", 6)).substr(0, 12), "INVALID_UTF8") << "UTF-16 text";
  std::string huge(kMaxCptFileBytes + 1, 'a');
  std::string msg = code(huge);
  EXPECT_EQ(msg.substr(0, 14), "INPUT_TOO_LONG");
  EXPECT_NE(msg.find("at most 16 MB"), std::string::npos) << msg;
  EXPECT_EQ(code("99213\tx\n", {"", 1200, ""}).substr(0, 16), "INVALID_ARGUMENT");
  EXPECT_EQ(code("99213\tx\n", {"", 0, "2026-13-01"}).substr(0, 16), "INVALID_ARGUMENT");
  EXPECT_EQ(code("99213\tx\n", {"bad\xff name", 0, ""}).substr(0, 12), "INVALID_UTF8");
  // Too many codes.
  std::string many;
  for (uint32_t i = 0; i <= kMaxCptCodes; ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%05u\tT\n", i);
    many += buf;
  }
  EXPECT_EQ(code(many).substr(0, 14), "INPUT_TOO_LONG");
}

TEST(Cpt, YearFromNameOptionOrLoadDate) {
  EXPECT_EQ(BuildCptCodeSet("99213\tT\n", {"LONGULT2025.txt", 0, "2026-02-01"})->report.year, 2025);
  EXPECT_EQ(BuildCptCodeSet("99213\tT\n", {"cpt-123456.txt", 0, "2026-02-01"})->report.year, 2026) << "not a year";
  auto r = BuildCptCodeSet("99213\tT\n", {"cpt.txt", 0, "2024-07-01"});
  EXPECT_EQ(r->report.year, 2024);
  EXPECT_EQ(r->report.year_from, "load date");
  auto today = BuildCptCodeSet("99213\tT\n", {"cpt.txt", 0, ""});
  ASSERT_TRUE(today.ok());
  EXPECT_EQ(today->report.loaded.size(), 10u);
}

TEST(Cpt, SearchByCodeNumberAndWordsThenAcrossCodeSets) {
  auto b = Build("99213\tTest descriptor office visit established\n99214\tTest descriptor office visit moderate\n"
                 "0001U\tTest laboratory diabetes panel\n",
                 {"cpt-2026.tsv", 0, ""});
  ASSERT_TRUE(b);
  const CodeSet& cs = b->cs;
  Searcher s(cs);
  auto exact = SearchCodeSet(cs, s, "99214");
  ASSERT_TRUE(exact.ok());
  ASSERT_EQ(exact->hits.size(), 1u);
  EXPECT_EQ(exact->hits[0].kind, MatchKind::kExactCode);
  auto prefix = SearchCodeSet(cs, s, "992");
  ASSERT_TRUE(prefix.ok());
  ASSERT_EQ(prefix->hits.size(), 2u);
  EXPECT_EQ(cs.code(prefix->hits[0].code), "99213");
  EXPECT_EQ(prefix->total, 2u);
  auto lower = SearchCodeSet(cs, s, "0001u");
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(cs.code(lower->hits[0].code), "0001U");
  auto words = SearchCodeSet(cs, s, "office visit moder");
  ASSERT_TRUE(words.ok());
  EXPECT_EQ(cs.code(words->hits[0].code), "99214");
  EXPECT_EQ(Validate(cs, "99213").status, CodeStatus::kValid);
  Validation u = Validate(cs, "99215");
  EXPECT_EQ(u.status, CodeStatus::kUnknown);
  EXPECT_EQ(u.suggestions, (std::vector<std::string>{"99213", "99214"}));
  EXPECT_NE(Validate(cs, "992").message.find("e.g. 99213"), std::string::npos);

  // With ICD-10-CM: "diabetes" from both, each hit naming its code set; scores decide.
  const CodeSet& icd = FixtureCodeSet();
  Searcher si(icd);
  const CodeSet* sets[] = {&icd, &cs};
  Searcher* searchers[] = {&si, &s};
  auto m = SearchCodeSets(sets, searchers, "diabetes", {50});
  ASSERT_TRUE(m.ok());
  bool has_icd = false, has_cpt = false;
  for (const auto& h : m->hits) (h.set == 0 ? has_icd : has_cpt) = true;
  EXPECT_TRUE(has_icd && has_cpt);
  EXPECT_EQ(m->total, m->per_set[0].total + m->per_set[1].total);
  // A digit-led query is no code in ICD-10-CM: only the CPT codes answer it.
  auto n = SearchCodeSets(sets, searchers, "9921", {50});
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(n->hits.size(), 2u);
  EXPECT_EQ(n->hits[0].set, 1u);
}

}  // namespace
}  // namespace medcode
