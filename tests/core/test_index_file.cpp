// The Alphabetic Index and Tables in a file of their own (format.h "Index file"): the
// importer writes them beside the code set when the manifest entry names an index_output;
// CodeSet::AttachIndex reads them into the code set they were written with (and refuses any
// other, a damaged file, a second Index); CodeSet::Open refuses an Index file; and a code set
// opened without its search index and Index (OpenOptions, the claim checker's) answers the
// same lookups.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <random>

#include "fixture.h"
#include "medcode/index.h"
#include "medcode/answers_json.h"
#include "medcode/lookup.h"

namespace {

using namespace medcode;
using namespace medcode::format;
using medcode::fx::Aligned;
using medcode::fx::FixtureCodeSet;

// The fixture imported as two files (the entry with an index_output).
const import::CodeSetFiles& Split() {
  static const import::CodeSetFiles files = [] {
    nlohmann::json e = fx::FixtureEntry();  // (tests/fixtures/manifest.json names an index_output)
    e["index_output"] = "fixture-index.mcs";
    import::Report rep;
    auto r = import::ImportEntryFiles(e, fx::FixturesDir(), rep);
    if (!r) {
      ADD_FAILURE() << r.error().message;
      return import::CodeSetFiles{};
    }
    return *r;
  }();
  return files;
}

CodeSet OpenCodeSet(const Aligned& a) {
  auto r = CodeSet::Open(a.span());
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return std::move(*r);
}

std::string Dump(const nlohmann::json& j) { return j.dump(); }

TEST(IndexFile, SplitWritesTwoFilesAndTheCodeSetHasNoIndex) {
  ASSERT_FALSE(Split().codeset.empty());
  ASSERT_FALSE(Split().index.empty());
  Aligned a(Split().codeset);
  CodeSet cs = OpenCodeSet(a);
  EXPECT_FALSE(cs.has_index());
  EXPECT_TRUE(cs.index_books().empty());
  EXPECT_TRUE(cs.has_search());  // the search keeps its index-path documents
  EXPECT_EQ(cs.size(), FixtureCodeSet().size());
  EXPECT_EQ(cs.docs().size(), FixtureCodeSet().docs().size());
  EXPECT_EQ(index::FindPath(cs, "Diabetes").error().code, ErrorCode::kNotFound);
  // Smaller than the file with the Index inside.
  EXPECT_LT(Split().codeset.size(), fx::FixtureFileBytes().size());
  // Without a split, the entry gives one file as before.
  import::Report rep;
  nlohmann::json whole = fx::FixtureEntry();
  whole.erase("index_output");
  auto one = import::ImportEntryFiles(whole, fx::FixturesDir(), rep);
  ASSERT_TRUE(one.ok());
  EXPECT_TRUE(one->index.empty());
  EXPECT_EQ(one->codeset, fx::FixtureFileBytes());
}

TEST(IndexFile, AttachedIndexBrowsesExactlyAsTheIndexInsideTheFile) {
  Aligned a(Split().codeset);
  CodeSet cs = OpenCodeSet(a);
  {
    Aligned ix(Split().index);
    auto e = cs.AttachIndex(ix.span());
    ASSERT_FALSE(e) << e->message;
  }  // the Index file's bytes are gone: the code set copied what it needs
  ASSERT_TRUE(cs.has_index());
  const CodeSet& whole = FixtureCodeSet();
  ASSERT_EQ(cs.index_nodes().size(), whole.index_nodes().size());
  ASSERT_EQ(cs.index_all_refs().size(), whole.index_all_refs().size());
  nlohmann::json got = nlohmann::json::array(), want = nlohmann::json::array();
  for (const auto& b : index::Books(cs)) got.push_back(index::ToJson(cs, b));
  for (const auto& b : index::Books(whole)) want.push_back(index::ToJson(whole, b));
  EXPECT_EQ(Dump(got), Dump(want));
  for (uint32_t i = 0; i < whole.index_nodes().size(); ++i) {
    auto x = index::Node(cs, i), y = index::Node(whole, i);
    ASSERT_TRUE(x.ok() && y.ok()) << i;
    EXPECT_EQ(Dump(index::ToJson(cs, *x)), Dump(index::ToJson(whole, *y))) << "term " << i;
  }
  auto w1 = index::WhereIsCode(cs, "E11.9"), w2 = index::WhereIsCode(whole, "E11.9");
  ASSERT_TRUE(w1.ok() && w2.ok());
  EXPECT_GT(w1->items.size(), 0u);
  EXPECT_EQ(Dump(index::ToJson(cs, *w1)), Dump(index::ToJson(whole, *w2)));
  auto p = index::FindPath(cs, "Diabetes, type 2, with");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(*p, *index::FindPath(whole, "Diabetes, type 2, with"));
  // The code set's own strings are untouched by the Index's.
  for (uint32_t i = 0; i < cs.size(); ++i) ASSERT_EQ(cs.title(i), whole.title(i));
  // A second Index is refused; the first stays.
  Aligned again(Split().index);
  auto e2 = cs.AttachIndex(again.span());
  ASSERT_TRUE(e2);
  EXPECT_EQ(e2->code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(cs.has_index());
}

TEST(IndexFile, OpenRefusesAnIndexFileAsACodeSet) {
  Aligned ix(Split().index);
  auto r = CodeSet::Open(ix.span());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("Alphabetic Index and Tables"), std::string::npos) << r.error().message;
  // And a code-set file is not an Index file.
  Aligned a(Split().codeset);
  CodeSet cs = OpenCodeSet(a);
  Aligned other(Split().codeset);
  auto e = cs.AttachIndex(other.span());
  ASSERT_TRUE(e);
  EXPECT_FALSE(cs.has_index());
}

// The Index file with its META changed (checksums resealed).
std::string WithMeta(const std::function<void(nlohmann::json&)>& edit) {
  auto secs = fx::SplitSections(Split().index);
  for (auto& s : secs) {
    if (s.tag != kTagMeta) continue;
    auto j = nlohmann::json::parse(s.data);
    edit(j);
    s.data = j.dump();
  }
  return fx::Assemble(secs);
}

TEST(IndexFile, RefusedForAnotherCodeSet) {
  Aligned a(Split().codeset);
  CodeSet cs = OpenCodeSet(a);
  const std::vector<std::function<void(nlohmann::json&)>> edits = {
      [](nlohmann::json& j) { j["codes_crc32"] = "00000000"; },
      [](nlohmann::json& j) { j["codes"] = j["codes"].get<int>() + 1; },
      [](nlohmann::json& j) { j["year"] = j["year"].get<int>() - 1; },
      [](nlohmann::json& j) { j["system"] = "HCPCS"; },
      [](nlohmann::json& j) { j["inputs"][0]["sha256"] = std::string(64, '0'); },
      [](nlohmann::json& j) { j["inputs"].erase(j["inputs"].size() - 1); },
      [](nlohmann::json& j) { j.erase("part"); },
  };
  for (size_t k = 0; k < edits.size(); ++k) {
    Aligned ix(WithMeta(edits[k]));
    auto e = cs.AttachIndex(ix.span());
    ASSERT_TRUE(e) << k;
    EXPECT_EQ(e->code, ErrorCode::kInvalidArgument) << k << ": " << e->message;
    EXPECT_FALSE(cs.has_index()) << k;
  }
  // Unchanged META (re-assembled the same way): accepted.
  Aligned ok(WithMeta([](nlohmann::json&) {}));
  EXPECT_FALSE(cs.AttachIndex(ok.span()));
  EXPECT_TRUE(cs.has_index());
}

TEST(IndexFile, DamageIsRefusedAndLeavesTheCodeSetAsItWas) {
  Aligned a(Split().codeset);
  CodeSet cs = OpenCodeSet(a);
  std::string bad = Split().index;
  bad[bad.size() / 2] = static_cast<char>(bad[bad.size() / 2] ^ 0x5A);
  Aligned b(bad);
  auto e = cs.AttachIndex(b.span());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, ErrorCode::kBadChecksum);
  Aligned t(Split().index.substr(0, Split().index.size() - 16));
  ASSERT_TRUE(cs.AttachIndex(t.span()));
  EXPECT_FALSE(cs.has_index());
  // Random damage with the checksums recomputed: refused, or every term browses safely.
  std::mt19937 rng(77);
  int refused = 0;
  for (int iter = 0; iter < 300; ++iter) {
    std::string d = Split().index;
    for (int k = 0; k < 2; ++k) d[kHeaderSize + rng() % (d.size() - kHeaderSize)] = static_cast<char>(rng());
    fx::Reseal(d);
    Aligned x(d);
    Aligned fresh(Split().codeset);
    CodeSet c = OpenCodeSet(fresh);
    if (auto err = c.AttachIndex(x.span())) {
      EXPECT_FALSE(c.has_index());
      ++refused;
      continue;
    }
    for (uint32_t i = 0; i < c.index_nodes().size(); ++i) {
      auto nd = index::Node(c, i);
      if (nd) (void)index::ToJson(c, *nd);
      (void)index::Follow(c, i);
    }
    (void)index::WhereIsCode(c, "E11.9");
  }
  EXPECT_GT(refused, 0);
  // The code set still takes the good file.
  Aligned good(Split().index);
  EXPECT_FALSE(cs.AttachIndex(good.span()));
}

// The Index file's strings follow the code set's (str()); an offset past them stays out of
// range, never the code set's flag for a join (medcode/joined_strings.h), whose text it would read.
TEST(IndexFile, AStringPastTheStringsIsNeverAJoin) {
  Aligned a(Split().codeset);
  CodeSet cs = OpenCodeSet(a);
  StrRef join{};  // a join of the code set (its titles are read in place or joined)
  for (uint32_t i = 0; i < cs.size() && !join.length; ++i) {
    if (cs.rec(i).title.offset == JoinedStrings::kJoined) join = cs.rec(i).title;
  }
  ASSERT_TRUE(join.length) << "the fixture's code set has a join 0 among its titles";
  std::string fixed = fx::Expanded(Split().index);
  ASSERT_FALSE(fixed.empty());
  Aligned ix(Split().index);
  ASSERT_FALSE(cs.AttachIndex(ix.span()));
  size_t inod = 0;
  for (const auto& e : fx::ReadSectionTable(fixed)) if (e.tag == kTagIndexNodes) inod = e.offset;
  ASSERT_GT(inod, 0u);
  const auto first = fx::LoadAt<IndexNodeRec>(fixed, inod + 4);
  const uint32_t base = cs.index_nodes()[0].title.offset - first.title.offset;  // where the Index's strings start
  IndexNodeRec bad = first;
  bad.title = {JoinedStrings::kJoined - base, join.length};  // moved past the code set's: join 0's reference
  bad.nemod_begin = bad.nemod_end = 0;
  std::memcpy(fixed.data() + inod + 4, &bad, sizeof bad);
  fx::Reseal(fixed);
  Aligned b(fixed);
  Aligned fresh(Split().codeset);
  CodeSet c = OpenCodeSet(fresh);
  auto e = c.AttachIndex(b.span());
  ASSERT_TRUE(e) << "accepted, its first term titled \"" << c.str(c.index_nodes()[0].title) << "\"";
  EXPECT_EQ(e->code, ErrorCode::kCorrupt) << e->message;
}

TEST(IndexFile, OpenWithoutSearchAndIndexAnswersTheSameLookups) {
  const CodeSet& whole = FixtureCodeSet();
  Aligned a(fx::FixtureFileBytes());
  CodeSet::OpenOptions o;
  o.search = false;
  o.index = false;
  auto r = CodeSet::Open(a.span(), o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->has_search());
  EXPECT_TRUE(r->docs().empty());
  EXPECT_TRUE(r->lexicon().empty());
  EXPECT_FALSE(r->has_index());
  EXPECT_FALSE(r->borrows_bytes());
  ASSERT_EQ(r->size(), whole.size());
  for (uint32_t i = 0; i < whole.size(); ++i) {
    ASSERT_EQ(r->code(i), whole.code(i));
    ASSERT_EQ(r->title(i), whole.title(i));
    ASSERT_EQ(r->rec(i).note_count, whole.rec(i).note_count);
  }
  for (const char* c : {"E11.9", "S52.001A", "E11", "A00.0"}) {
    auto x = Lookup(*r, c), y = Lookup(whole, c);
    ASSERT_EQ(x.ok(), y.ok()) << c;
    if (x.ok()) EXPECT_EQ(Dump(ToJson(*r, *x)), Dump(ToJson(whole, *y))) << c;
  }
  // Only the index left out: the search stays.
  CodeSet::OpenOptions s;
  s.index = false;
  auto q = CodeSet::Open(a.span(), s);
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->has_search());
  EXPECT_FALSE(q->has_index());
  EXPECT_EQ(q->docs().size(), whole.docs().size());
}

}  // namespace
