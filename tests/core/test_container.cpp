// The MCS container (core/src/container.cpp): one writer and one reader for every file kind.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "container.h"

namespace medcode::container {
namespace {

constexpr uint32_t kTagA = format::MakeTag("AAAA");
constexpr uint32_t kTagB = format::MakeTag("BBBB");

// The bytes of a file at an 8-byte aligned address, as the readers need.
struct Aligned {
  explicit Aligned(const std::string& file) : words((file.size() + 7) / 8), size(file.size()) {
    std::memcpy(words.data(), file.data(), file.size());
  }
  std::span<const uint8_t> bytes() const { return {reinterpret_cast<const uint8_t*>(words.data()), size}; }
  std::vector<uint64_t> words;
  size_t size;
};

std::string TwoSections() {
  return AssembleFile({{kTagA, 1, format::kSectionRequired, "hello"}, {kTagB, 2, 0, "xyz"}});
}

TEST(Container, WritesAlignedSectionsAndReadsThemBack) {
  std::string file = TwoSections();
  EXPECT_EQ(file.size() % 8, 0u);
  Aligned a(file);
  std::vector<Section> seen;
  auto h = Open(a.bytes(), "test", [&](const Section& s) -> std::optional<Error> {
    seen.push_back(s);
    return std::nullopt;
  });
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(h->major, format::kFormatMajor);
  EXPECT_EQ(h->section_count, 2u);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].tag, kTagA);
  EXPECT_TRUE(seen[0].required());
  EXPECT_EQ(std::string(seen[0].data.begin(), seen[0].data.end()), "hello");
  EXPECT_EQ(seen[1].version, 2u);
  EXPECT_FALSE(seen[1].required());
  EXPECT_EQ(std::string(seen[1].data.begin(), seen[1].data.end()), "xyz");
  EXPECT_EQ(reinterpret_cast<uintptr_t>(seen[1].data.data()) % 8, 0u);
}

TEST(Container, TheVisitorStopsTheWalk) {
  Aligned a(TwoSections());
  int calls = 0;
  auto h = Open(a.bytes(), "test", [&](const Section&) -> std::optional<Error> {
    ++calls;
    return Corrupt("test", "stop");
  });
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(h.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(h.error().message, "corrupt test file: stop");
}

TEST(Container, ErrorsNameTheFileKind) {
  auto none = [](const Section&) -> std::optional<Error> { return std::nullopt; };
  std::string file = TwoSections();
  {
    std::string bad = file;
    bad[0] = 'X';
    Aligned a(bad);
    auto h = Open(a.bytes(), "claim-edits", none);
    ASSERT_FALSE(h.ok());
    EXPECT_EQ(h.error().code, ErrorCode::kBadMagic);
    EXPECT_EQ(h.error().message, "not a claim-edits file (wrong magic number)");
  }
  {
    Aligned a(file.substr(0, file.size() - 8));
    auto h = Open(a.bytes(), "code-set", none);
    ASSERT_FALSE(h.ok());
    EXPECT_EQ(h.error().code, ErrorCode::kTruncated);
    EXPECT_EQ(h.error().message, "code-set file truncated: " + std::to_string(file.size() - 8) + " of " +
                                     std::to_string(file.size()) + " bytes present");
  }
  {
    std::string bad = file;
    bad[bad.size() - 9] ^= 1;
    Aligned a(bad);
    auto h = Open(a.bytes(), "code-set", none);
    ASSERT_FALSE(h.ok());
    EXPECT_EQ(h.error().message, "code-set file checksum mismatch: the file is damaged or was modified");
  }
  {
    Aligned a(AssembleFile({}, format::kFormatMajor + 1, 0));
    auto h = Open(a.bytes(), "code-set", none);
    ASSERT_FALSE(h.ok());
    EXPECT_EQ(h.error().code, ErrorCode::kUnsupportedVersion);
  }
}

TEST(Container, StringPoolStoresEachStringOnce) {
  StringPool pool;
  format::StrRef a = pool.Add("alpha"), b = pool.Add("beta"), again = pool.Add("alpha");
  EXPECT_EQ(a.offset, again.offset);
  EXPECT_EQ(a.length, 5u);
  EXPECT_EQ(b.offset, 5u);
  EXPECT_EQ(pool.data(), "alphabeta");
  EXPECT_TRUE(StrOk(b, pool.data().size()));
  EXPECT_FALSE(StrOk({7, 3}, pool.data().size()));
}

TEST(Container, MetaFieldsEveryKindShares) {
  std::string js = R"({"system":"X","year":2026,"label":"L","inputs":[{"name":"n","year":2025,"kind":"official"},3]})";
  CodeSetMeta meta;
  auto j = ReadMeta({reinterpret_cast<const uint8_t*>(js.data()), js.size()}, "test", meta);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(meta.system, "X");
  EXPECT_EQ(meta.year, 2026);
  EXPECT_EQ(meta.json, js);
  ASSERT_EQ(meta.inputs.size(), 1u);
  EXPECT_EQ(meta.inputs[0].year, 2025);
  std::string bad = "{";
  auto e = ReadMeta({reinterpret_cast<const uint8_t*>(bad.data()), bad.size()}, "test", meta);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "corrupt test file: META section is not valid JSON");
}

}  // namespace
}  // namespace medcode::container
