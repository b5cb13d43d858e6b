// The shipped practice bank (codesets/practice/cases.json) against the real code sets built
// by `make codesets` (build/codesets/icd10cm-2027.mcs and hcpcs-2025q4.mcs; another folder
// with $MEDCODE_BUILD_CODESETS). Skipped when they are absent. Every case's key verifies
// (codes exist and are billable on the date, 7th characters, no Excludes1 conflict, index
// paths exist), grades 1.0, and a sibling of its first-listed code earns partial credit
// with the sibling named.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fixture.h"
#include "medcode/lookup.h"
#include "medcode/practice.h"

namespace medcode {
namespace {

using namespace practice;

std::string BuiltDir() {
  const char* env = std::getenv("MEDCODE_BUILD_CODESETS");
  return env && *env ? env : std::string(MEDCODE_SOURCE_DIR) + "/build/codesets";
}

struct Loaded {
  std::string skip, error;
  std::string icd_bytes, hcpcs_bytes;
  fx::Aligned* icd_al = nullptr;
  fx::Aligned* hcpcs_al = nullptr;
  CodeSet* icd = nullptr;
  CodeSet* hcpcs = nullptr;
  CaseBank bank;
};

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

const Loaded& Data() {
  static Loaded* d = [] {
    auto* l = new Loaded;
    const std::string icd = BuiltDir() + "/icd10cm-2027.mcs", hcpcs = BuiltDir() + "/hcpcs-2025q4.mcs";
    for (const auto& p : {icd, hcpcs}) {
      if (!std::filesystem::exists(p)) {
        l->skip = p + " not found (make codesets, or set MEDCODE_BUILD_CODESETS)";
        return l;
      }
    }
    l->icd_bytes = Slurp(icd);
    l->hcpcs_bytes = Slurp(hcpcs);
    l->icd_al = new fx::Aligned(l->icd_bytes);
    l->hcpcs_al = new fx::Aligned(l->hcpcs_bytes);
    auto a = CodeSet::Open(l->icd_al->span());
    auto b = CodeSet::Open(l->hcpcs_al->span());
    if (!a || !b) {
      l->error = !a ? a.error().message : b.error().message;
      return l;
    }
    // The Alphabetic Index and Tables in their own file (manifest index_output): the keys' index paths need them.
    const std::string index = BuiltDir() + "/icd10cm-2027-index.mcs";
    if (std::filesystem::exists(index)) {
      fx::Aligned ix(Slurp(index));
      if (auto e = a->AttachIndex(ix.span())) {
        l->error = index + ": " + e->message;
        return l;
      }
    }
    l->icd = new CodeSet(std::move(*a));
    l->hcpcs = new CodeSet(std::move(*b));
    auto bank = ParseCases(Slurp(std::string(MEDCODE_SOURCE_DIR) + "/codesets/practice/cases.json"));
    if (!bank) {
      l->error = "codesets/practice/cases.json: " + bank.error().message;
      return l;
    }
    l->bank = std::move(*bank);
    return l;
  }();
  return *d;
}

class Bank : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Data().skip.empty()) {
      std::printf("MEDCODE_FULLDATA_SKIPPED: %s\n", Data().skip.c_str());
      GTEST_SKIP() << Data().skip;
    }
    ASSERT_TRUE(Data().error.empty()) << Data().error;
  }
  static CodeSets Sets() { return {Data().icd, Data().hcpcs}; }
};

TEST_F(Bank, HasCases) {
  EXPECT_GE(Data().bank.cases.size(), 100u);
}

TEST_F(Bank, EveryKeyVerifies) {
  size_t ok = 0;
  std::string report;
  for (const Case& c : Data().bank.cases) {
    auto issues = VerifyCase(c, Sets());
    if (issues.empty()) ++ok;
    for (const auto& i : issues) report += "  " + i.Text() + "\n";
  }
  std::printf("%zu of %zu cases verify\n", ok, Data().bank.cases.size());
  EXPECT_EQ(ok, Data().bank.cases.size()) << "cases that do not verify:\n" << report;
}

TEST_F(Bank, EveryKeyGradesOne) {
  for (const Case& c : Data().bank.cases) {
    std::vector<std::string> answer;
    for (const auto& k : c.key) answer.push_back(k.code);
    for (const auto& h : c.hcpcs) answer.push_back(HcpcsLineText(h.code, h.modifiers, h.units));
    auto g = Grade(c, Sets(), answer);
    ASSERT_TRUE(g.ok()) << c.id << ": " << g.error().message;
    EXPECT_EQ(g->score, 1.0) << c.id << ": " << ToJson(*g).dump(1);
    // Every key code is there to be shown after grading, with its title.
    for (const auto& k : g->key) EXPECT_FALSE(k.title.empty()) << c.id << " " << k.code;
  }
}

// key[0] replaced by a billable sibling (same parent, one character apart, not on the key
// or among the distractors): the score is strictly between 0 and 1 and the reason names it.
TEST_F(Bank, SiblingOfFirstListedCodeEarnsPartialCredit) {
  const CodeSet& cs = *Data().icd;
  size_t tried = 0;
  for (const Case& c : Data().bank.cases) {
    const std::string k = NormalizeCode(c.key[0].code);
    if (k.size() < 4) continue;  // a three-character code has no sibling in its category
    std::string sibling;
    auto [lo, hi] = cs.PrefixRange(k.substr(0, k.size() - 1));
    for (uint32_t p = lo; p < hi && sibling.empty(); ++p) {
      uint32_t i = cs.sorted()[p];
      std::string s = cs.Dotted(i);
      if (std::string(cs.code(i)).size() != k.size() || !cs.billable(i) || NormalizeCode(s) == k) continue;
      bool taken = std::find(c.distractors.begin(), c.distractors.end(), s) != c.distractors.end();
      for (const auto& kc : c.key) {
        taken = taken || kc.code == s || std::find(kc.accept.begin(), kc.accept.end(), s) != kc.accept.end();
      }
      if (!taken) sibling = s;
    }
    if (sibling.empty()) continue;
    ++tried;
    std::vector<std::string> answer = {sibling};
    for (size_t j = 1; j < c.key.size(); ++j) answer.push_back(c.key[j].code);
    for (const auto& h : c.hcpcs) answer.push_back(HcpcsLineText(h.code, h.modifiers, h.units));
    auto g = Grade(c, Sets(), answer);
    ASSERT_TRUE(g.ok());
    EXPECT_GT(g->score, 0.0) << c.id << " " << sibling;
    EXPECT_LT(g->score, 1.0) << c.id << " " << sibling;
    EXPECT_EQ(g->items[0].verdict, Verdict::kPartial) << c.id << " " << sibling;
    EXPECT_NE(g->items[0].reason.find(sibling), std::string::npos) << c.id << ": " << g->items[0].reason;
  }
  EXPECT_GT(tried, Data().bank.cases.size() / 2);
}

}  // namespace
}  // namespace medcode
