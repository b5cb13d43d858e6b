// CodeSet::Open: every damaged, truncated or hostile file gives an error, never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>

#include "fixture.h"
#include "compact.h"
#include "crc32.h"
#include "medcode/lookup.h"
#include "medcode/search.h"

namespace {

using namespace medcode;
using namespace medcode::format;
using namespace medcode::fx;  // the shared fixture helpers (fixture.h)
using medcode::container::TagName;

ErrorCode OpenError(const std::string& bytes) {
  auto r = fx::OpenStatus(bytes);
  EXPECT_FALSE(r.ok()) << "a damaged file was accepted";
  return r.ok() ? ErrorCode::kInternal : r.error().code;
}

// The fixture file with its compact sections expanded to fixed-width records (format 2
// reads both), so a test can damage one field of one record; the compact encoding itself
// is damaged in the CompactSections tests below.
const std::string& Good() {
  static const std::string b = fx::Expanded(FixtureFileBytes());
  EXPECT_FALSE(b.empty());
  return b;
}

// Exercises the accessors on an opened code set (used on files that passed Open after
// being modified: whatever Open accepts must be safe to use).
void Exercise(const CodeSet& cs) {
  for (uint32_t i = 0; i < cs.size(); ++i) {
    std::string code(cs.code(i));
    auto d = Lookup(cs, code);
    (void)d;
    (void)Validate(cs, code);
    (void)Validate(cs, code.substr(0, 3) + "X");
  }
  Searcher s(cs);
  for (const char* q : {"E11", "diabetes", "fracture of ulna", "a", "zz", "t36.0x1a"}) (void)s.Search(q);
  (void)BuildSeventh(cs, "W21.89", 'A');
}

// Reseals a file damaged on purpose and opens it: what Open accepts is exercised (nullopt),
// else the error code.
std::optional<ErrorCode> ResealedOpenError(std::string& b) {
  Reseal(b);
  Aligned a(b);
  auto r = CodeSet::Open(a.span());
  if (!r.ok()) return r.error().code;
  Exercise(*r);
  return std::nullopt;
}

TEST(Reader, FixtureOpens) {
  auto r = fx::OpenStatus(Good());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->meta().system, "ICD-10-CM");
  EXPECT_EQ(r->format_minor(), kFormatMinor);
  EXPECT_EQ(r->byte_size(), Good().size());
  EXPECT_TRUE(r->has_search());
  EXPECT_EQ(Good().size() % 8, 0u);
}

// A compact file is expanded into storage the CodeSet owns: the bytes it was opened from can
// be freed (the wasm layer does) and every answer stays the same; a file with sections stored
// fixed-width is read in place and says so.
TEST(Reader, CompactFileNeedsNotItsBytesAfterOpen) {
  Aligned a(FixtureFileBytes());  // as imported: compact
  auto r = CodeSet::Open(a.span());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->borrows_bytes());
  const auto before = Lookup(*r, "E11.9");
  ASSERT_TRUE(before.ok());
  std::memset(const_cast<uint8_t*>(a.data()), 0xA5, a.size());  // what a freed and reused buffer may hold
  EXPECT_EQ(r->byte_size(), FixtureFileBytes().size());
  auto after = Lookup(*r, "E11.9");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->title, before->title);
  EXPECT_EQ(after->title, "Type 2 diabetes mellitus without complications");
  auto found = Searcher(*r).Search("diabetes");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->hits.empty());

  Aligned fixed(Good());  // every section expanded to fixed-width records
  auto w = CodeSet::Open(fixed.span());
  ASSERT_TRUE(w.ok()) << w.error().message;
  EXPECT_TRUE(w->borrows_bytes());
}

TEST(Reader, HeaderLayout) {
  FileHeader h = LoadAt<FileHeader>(Good(), 0);
  EXPECT_EQ(0, std::memcmp(h.magic, kMagic, 8));
  EXPECT_EQ(h.major, kFormatMajor);
  EXPECT_EQ(h.header_size, kHeaderSize);
  EXPECT_EQ(h.file_size, Good().size());
  EXPECT_EQ(h.section_table, kHeaderSize);
  EXPECT_EQ(h.header_crc32, HeaderCrc32(Good().data()));
  EXPECT_EQ(h.payload_crc32, Crc32(Good().data() + kHeaderSize, Good().size() - kHeaderSize));
  for (const auto& e : fx::ReadSectionTable(Good())) {
    EXPECT_EQ(e.offset % 8, 0u);
    EXPECT_EQ(e.version, e.tag == kTagSearch ? 2 : 1);  // SRCH 2: documents over stems
  }
}

TEST(Crc32, MatchesZlibCheckValue) {
  EXPECT_EQ(Crc32("123456789", 9), 0xCBF43926u);
  EXPECT_EQ(Crc32("", 0), 0u);
  // Incremental = one shot, at every split of an unaligned buffer.
  std::string s = "The quick brown fox jumps over the lazy dog";
  uint32_t whole = Crc32(s.data(), s.size());
  EXPECT_EQ(whole, 0x414FA339u);
  for (size_t k = 0; k <= s.size(); ++k) EXPECT_EQ(Crc32(s.data() + k, s.size() - k, Crc32(s.data(), k)), whole);
}

TEST(Crc32, TheTableDrivenLoopIsTheBitwiseDefinition) {
  // Every length and start offset around the 8-byte steps, against the polynomial bit by bit.
  auto bitwise = [](const unsigned char* p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; ++i) {
      c ^= p[i];
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return ~c;
  };
  std::vector<unsigned char> b(300);
  std::mt19937 rng(14);
  for (auto& x : b) x = static_cast<unsigned char>(rng());
  for (size_t start = 0; start < 9; ++start) {
    for (size_t n = 0; start + n <= b.size(); n += 1 + n / 8) EXPECT_EQ(Crc32(b.data() + start, n), bitwise(b.data() + start, n)) << start << " " << n;
  }
}

TEST(Reader, WrongMagic) {
  std::string b = Good();
  b[1] = 'X';
  EXPECT_EQ(OpenError(b), ErrorCode::kBadMagic);
  EXPECT_EQ(OpenError(std::string()), ErrorCode::kBadMagic);
  EXPECT_EQ(OpenError("MCS"), ErrorCode::kBadMagic);
  // A text-mode transfer (CRLF -> LF) breaks the magic number, as in PNG.
  b = Good();
  b.erase(4, 1);
  EXPECT_EQ(OpenError(b), ErrorCode::kBadMagic);
  EXPECT_EQ(OpenError(std::string(200, '\0')), ErrorCode::kBadMagic);
}

TEST(Reader, TruncatedAtEveryLengthGivesAnError) {
  const std::string& g = Good();
  std::vector<size_t> lengths;
  for (size_t n = 0; n <= 300 && n < g.size(); ++n) lengths.push_back(n);
  for (size_t n = 300; n < g.size(); n += 97) lengths.push_back(n);
  for (size_t k = 1; k <= 16; ++k) lengths.push_back(g.size() - k);
  for (size_t n : lengths) {
    auto r = fx::OpenStatus(g.substr(0, n));
    ASSERT_FALSE(r.ok()) << "truncated to " << n << " bytes was accepted";
    if (n < 8) {
      EXPECT_EQ(r.error().code, ErrorCode::kBadMagic) << n;
    } else {
      EXPECT_EQ(r.error().code, ErrorCode::kTruncated) << n << ": " << r.error().message;
    }
  }
}

TEST(Reader, TruncatedWithRewrittenSizeAndChecksumsGivesAnError) {
  // A truncation that also fixes file_size and both CRCs gets past the checksums:
  // the structural checks must still refuse it (sections past the end), never crash.
  const std::string& g = Good();
  size_t last_end = 0;
  for (const auto& e : fx::ReadSectionTable(g)) last_end = std::max<size_t>(last_end, e.offset + e.size);
  for (size_t n = kHeaderSize; n < g.size(); n += (n < 600 ? 1 : 37)) {
    std::string b = g.substr(0, n);
    StoreAt<uint64_t>(b, offsetof(FileHeader, file_size), n);
    Reseal(b);
    auto r = fx::OpenStatus(b);
    if (n < last_end) {
      ASSERT_FALSE(r.ok()) << "resealed truncation to " << n << " bytes was accepted";
      EXPECT_EQ(r.error().code, ErrorCode::kCorrupt) << n << ": " << r.error().message;
    }
  }
}

TEST(Reader, FileLongerThanHeaderSays) {
  std::string b = Good() + std::string(8, '\0');
  EXPECT_EQ(OpenError(b), ErrorCode::kCorrupt);  // the size check comes before the payload CRC
  Reseal(b);
  EXPECT_EQ(OpenError(b), ErrorCode::kCorrupt);
}

TEST(Reader, FlippedPayloadByteIsBadChecksum) {
  const std::string& g = Good();
  for (size_t off : {size_t(kHeaderSize), size_t(kHeaderSize + 5), g.size() / 3, g.size() / 2, g.size() - 1}) {
    std::string b = g;
    b[off] ^= 0x10;
    auto r = fx::OpenStatus(b);
    ASSERT_FALSE(r.ok()) << off;
    EXPECT_EQ(r.error().code, ErrorCode::kBadChecksum) << off;
    EXPECT_NE(r.error().message.find("damaged"), std::string::npos) << r.error().message;
  }
}

TEST(Reader, PayloadCrcLeftToACallerThatCheckedTheBytes) {
  // CodeSet::OpenOptions::payload_crc = false: the page's copy of a .mcs.gz file, whose gzip
  // CRC-32 over the same bytes DecompressionStream has checked. Only the payload CRC is left
  // out: a file whose stored payload CRC is wrong (header resealed) opens then, and is refused
  // by default; the header CRC and the records are still checked.
  std::string b = Good();
  StoreAt<uint32_t>(b, offsetof(FileHeader, payload_crc32), ReadHeader(b).payload_crc32 ^ 0x10u);
  ResealHeader(b);
  EXPECT_EQ(OpenError(b), ErrorCode::kBadChecksum);
  CodeSet::OpenOptions checked;
  checked.payload_crc = false;
  {
    fx::Aligned a(b);
    auto r = CodeSet::Open(a.span(), checked);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_GT(r->size(), 0u);
  }
  for (size_t off : {size_t(8), size_t(20), size_t(36)}) {
    std::string h = Good();
    h[off] ^= 0x01;
    fx::Aligned a(h);
    auto r = CodeSet::Open(a.span(), checked);
    ASSERT_FALSE(r.ok()) << off;
    EXPECT_EQ(r.error().code, ErrorCode::kBadChecksum) << "header byte " << off;
  }
  // A record made impossible (a section moved outside the file) is refused as before.
  std::string c = Good();
  auto table = ReadSectionTable(c);
  ASSERT_FALSE(table.empty());
  StoreAt<uint64_t>(c, kHeaderSize + offsetof(SectionEntry, offset), c.size() + 8);
  ResealHeader(c);
  fx::Aligned a(c);
  auto r = CodeSet::Open(a.span(), checked);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt) << r.error().message;
}

TEST(Reader, DamagedHeaderIsBadChecksum) {
  // Every byte after the magic number up to and including the header CRC is covered.
  for (size_t off = 8; off < 40; ++off) {
    std::string b = Good();
    b[off] ^= 0x01;
    auto r = fx::OpenStatus(b);
    ASSERT_FALSE(r.ok()) << off;
    EXPECT_EQ(r.error().code, ErrorCode::kBadChecksum) << "header byte " << off << ": " << r.error().message;
  }
}

TEST(Reader, UnsupportedMajorVersion) {
  std::string b = Good();
  StoreAt<uint16_t>(b, offsetof(FileHeader, major), kFormatMajor + 1);
  ResealHeader(b);
  auto r = fx::OpenStatus(b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedVersion);
  EXPECT_NE(r.error().message.find(std::to_string(kFormatMajor + 1) + "." + std::to_string(kFormatMinor)), std::string::npos)
      << r.error().message;

  StoreAt<uint16_t>(b, offsetof(FileHeader, major), 0);
  ResealHeader(b);
  EXPECT_EQ(OpenError(b), ErrorCode::kUnsupportedVersion);
}

TEST(Reader, FormatOneFilesAreRefused) {
  // A file of format 1 (fixed-width sections, before the compact encoding): the reader
  // says which version it reads, so the user knows to re-import or update.
  std::string b = FixtureFileBytes();
  StoreAt<uint16_t>(b, offsetof(FileHeader, major), 1);
  StoreAt<uint16_t>(b, offsetof(FileHeader, minor), 0);
  ResealHeader(b);
  auto r = fx::OpenStatus(b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedVersion);
  EXPECT_EQ(r.error().message, "code-set format version 1.0 is not supported; this reader reads version 2.x");
}

TEST(Reader, NewerMinorVersionIsAccepted) {
  std::string b = Good();
  StoreAt<uint16_t>(b, offsetof(FileHeader, minor), 7);
  ResealHeader(b);
  auto r = fx::OpenStatus(b);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->format_minor(), 7);
}

TEST(Reader, ReassembledFileOpensUnchanged) {
  // The test helper lays sections out exactly like the writer.
  EXPECT_EQ(fx::Assemble(fx::SplitSections(Good())), Good());
}

TEST(Reader, UnknownOptionalSectionIsSkipped) {
  auto secs = fx::SplitSections(Good());
  secs.insert(secs.begin() + 2, {MakeTag("XTRA"), 1, 0, std::string("future data, 23 bytes!!")});
  secs.push_back({MakeTag("ZZZZ"), 9, 0, std::string(5, '\x7f')});
  Aligned a(fx::Assemble(secs, kFormatMajor, kFormatMinor + 1));
  auto r = CodeSet::Open(a.span());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->size(), fx::FixtureCodeSet().size());
  auto d = Lookup(*r, "E11.9");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->title, "Type 2 diabetes mellitus without complications");
}

TEST(Reader, UnknownRequiredSectionIsRefused) {
  auto secs = fx::SplitSections(Good());
  secs.push_back({MakeTag("XTRA"), 1, kSectionRequired, std::string("must be understood")});
  auto r = fx::OpenStatus(fx::Assemble(secs));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedSection);
  EXPECT_NE(r.error().message.find("XTRA"), std::string::npos) << r.error().message;
}

TEST(Reader, NewerSectionVersion) {
  // Optional (SRCH): skipped, the file opens without search.
  auto secs = fx::SplitSections(Good());
  for (auto& s : secs) {
    if (s.tag == kTagSearch) s.version = 3;
  }
  auto r = fx::OpenStatus(fx::Assemble(secs));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->has_search());
  // Required (CODE): refused.
  secs = fx::SplitSections(Good());
  for (auto& s : secs) {
    if (s.tag == kTagCodes) s.version = 2;
  }
  EXPECT_EQ(OpenError(fx::Assemble(secs)), ErrorCode::kUnsupportedVersion);
}

TEST(Reader, WithoutOptionalSectionsStillWorks) {
  auto secs = fx::SplitSections(Good());
  std::erase_if(secs, [](const auto& s) { return s.tag == kTagSearch || s.tag == kTagDeleted; });
  Aligned a(fx::Assemble(secs));
  auto r = CodeSet::Open(a.span());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->has_search());
  EXPECT_TRUE(r->deleted().empty());
  Searcher s(*r);
  auto res = s.Search("E11");  // code prefixes still work without the word index
  ASSERT_TRUE(res.ok());
  ASSERT_FALSE(res->hits.empty());
  EXPECT_EQ(r->Dotted(res->hits[0].code), "E11");
  EXPECT_TRUE(s.Search("diabetes").ok());
  EXPECT_EQ(Validate(*r, "E11.69").status, CodeStatus::kUnknown);  // no DELC: not known as deleted
}

TEST(Reader, MissingRequiredSectionIsCorrupt) {
  for (uint32_t tag : {kTagMeta, kTagStrings, kTagCodes, kTagSorted}) {
    auto secs = fx::SplitSections(Good());
    std::erase_if(secs, [&](const auto& s) { return s.tag == tag; });
    EXPECT_EQ(OpenError(fx::Assemble(secs)), ErrorCode::kCorrupt);
  }
}

TEST(Reader, DuplicateSectionIsCorrupt) {
  auto secs = fx::SplitSections(Good());
  secs.push_back(secs[1]);
  EXPECT_EQ(OpenError(fx::Assemble(secs)), ErrorCode::kCorrupt);
}

TEST(Reader, MisalignedSpanIsRefused) {
  for (size_t shift : {1, 2, 4}) {
    Aligned a(Good(), shift);
    auto r = CodeSet::Open(a.span());
    ASSERT_FALSE(r.ok()) << shift;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(Reader, MisalignedSectionOffsetIsCorrupt) {
  std::string b = Good();
  auto table = fx::ReadSectionTable(b);
  SectionEntry e = table[0];
  e.offset += 4;
  e.size -= 4;
  StoreAt(b, kHeaderSize, e);
  Reseal(b);
  EXPECT_EQ(OpenError(b), ErrorCode::kCorrupt);
}

TEST(Reader, HeaderFieldsWithValidChecksums) {
  auto with = [&](auto edit) {
    std::string b = Good();
    edit(b);
    Reseal(b);
    return OpenError(b);
  };
  EXPECT_EQ(with([](std::string& b) { StoreAt<uint32_t>(b, offsetof(FileHeader, section_count), 100000); }), ErrorCode::kCorrupt);
  EXPECT_EQ(with([](std::string& b) { StoreAt<uint32_t>(b, offsetof(FileHeader, section_count), 250); }), ErrorCode::kCorrupt);
  EXPECT_EQ(with([](std::string& b) { StoreAt<uint32_t>(b, offsetof(FileHeader, header_size), 72); }), ErrorCode::kCorrupt);
  EXPECT_EQ(with([](std::string& b) { StoreAt<uint32_t>(b, offsetof(FileHeader, section_table), 128); }), ErrorCode::kCorrupt);
  EXPECT_EQ(with([](std::string& b) { StoreAt<uint32_t>(b, offsetof(FileHeader, section_count), 0); }), ErrorCode::kCorrupt);
}

// Corrupts one field inside a section, recomputes both CRCs, and expects kCorrupt.
class InternalOffsets : public ::testing::Test {
 protected:
  std::string b = Good();
  size_t Rec(uint32_t tag, size_t index, size_t rec_size, size_t start = 4) {
    return SectionOffset(b, tag) + start + index * rec_size;
  }
  void ExpectCorrupt(const char* what) {
    fx::ExpectCorruptOnceResealed(b, what);
    b = Good();
  }
};

TEST_F(InternalOffsets, CodeRecords) {
  const size_t last = fx::FixtureCodeSet().size() - 1;
  auto code = [&](size_t i) { return Rec(kTagCodes, i, sizeof(CodeRec)); };
  StoreAt<uint32_t>(b, SectionOffset(b, kTagCodes), 1000000);
  ExpectCorrupt("CODE count larger than the section");
  StoreAt<uint32_t>(b, code(3) + offsetof(CodeRec, title), 0xFFFFFF00u);
  ExpectCorrupt("title offset past the string pool");
  StoreAt<uint32_t>(b, code(3) + offsetof(CodeRec, title) + 4, 0x7FFFFFFFu);
  ExpectCorrupt("title length past the string pool");
  StoreAt<uint32_t>(b, code(3) + offsetof(CodeRec, short_title), 0xFFFFFF00u);
  ExpectCorrupt("short title offset");
  StoreAt<uint32_t>(b, code(3) + offsetof(CodeRec, parent), 3);
  ExpectCorrupt("parent = itself");
  StoreAt<uint32_t>(b, code(3) + offsetof(CodeRec, parent), 50);
  ExpectCorrupt("parent after the code");
  StoreAt<uint32_t>(b, code(3) + offsetof(CodeRec, subtree_end), 3);
  ExpectCorrupt("empty subtree");
  StoreAt<uint32_t>(b, code(3) + offsetof(CodeRec, subtree_end), 100000);
  ExpectCorrupt("subtree past the end");
  StoreAt<uint32_t>(b, code(last) + offsetof(CodeRec, note_first), 0xFFFFFFF0u);
  ExpectCorrupt("note_first");
  StoreAt<uint16_t>(b, code(last) + offsetof(CodeRec, note_count), 0xFFFF);
  ExpectCorrupt("note_count");
  StoreAt<uint32_t>(b, code(5) + offsetof(CodeRec, seventh), 77);
  ExpectCorrupt("7th-character definition index");
  StoreAt<uint16_t>(b, code(5) + offsetof(CodeRec, section), 999);
  ExpectCorrupt("section index");
  StoreAt<uint8_t>(b, code(5) + offsetof(CodeRec, chapter), 200);
  ExpectCorrupt("chapter index");
  b[code(5) + 1] = 'a';
  ExpectCorrupt("lower-case code text");
  b[code(5) + 1] = '\0';
  ExpectCorrupt("code shorter than 3 characters");
  b[code(5) + 7] = 'Z';
  ExpectCorrupt("code of 8 characters");
}

TEST_F(InternalOffsets, SortIndex) {
  const auto& cs = fx::FixtureCodeSet();
  StoreAt<uint32_t>(b, Rec(kTagSorted, 0, 4), cs.size());
  ExpectCorrupt("SORT index out of range");
  uint32_t a = LoadAt<uint32_t>(b, Rec(kTagSorted, 0, 4)), c = LoadAt<uint32_t>(b, Rec(kTagSorted, 1, 4));
  StoreAt<uint32_t>(b, Rec(kTagSorted, 0, 4), c);
  StoreAt<uint32_t>(b, Rec(kTagSorted, 1, 4), a);
  ExpectCorrupt("SORT out of order");
  StoreAt<uint32_t>(b, SectionOffset(b, kTagSorted), cs.size() - 1);
  ExpectCorrupt("SORT count differs from CODE");
}

TEST_F(InternalOffsets, NotesAndRefs) {
  StoreAt<uint8_t>(b, Rec(kTagNotes, 0, sizeof(NoteRec)) + offsetof(NoteRec, kind), 0);
  ExpectCorrupt("note kind 0");
  StoreAt<uint8_t>(b, Rec(kTagNotes, 0, sizeof(NoteRec)) + offsetof(NoteRec, kind), kMaxNoteKind + 1);
  ExpectCorrupt("unknown note kind");
  StoreAt<uint8_t>(b, Rec(kTagNotes, 0, sizeof(NoteRec)) + offsetof(NoteRec, owner_kind), 3);
  ExpectCorrupt("note owner kind");
  StoreAt<uint32_t>(b, Rec(kTagNotes, 0, sizeof(NoteRec)) + offsetof(NoteRec, owner), 0xFFFFu);
  ExpectCorrupt("note owner");
  StoreAt<uint32_t>(b, Rec(kTagNotes, 0, sizeof(NoteRec)) + offsetof(NoteRec, ref_count), 0xFFFFu);
  ExpectCorrupt("note ref_count");
  StoreAt<uint32_t>(b, Rec(kTagNotes, 0, sizeof(NoteRec)) + offsetof(NoteRec, text), 0xFFFFFFF0u);
  ExpectCorrupt("note text");
}

TEST_F(InternalOffsets, ChaptersSectionsSevenths) {
  StoreAt<uint32_t>(b, Rec(kTagChapters, 0, sizeof(ChapterRec)) + offsetof(ChapterRec, note_count), 0xFFFFu);
  ExpectCorrupt("chapter note_count");
  StoreAt<uint32_t>(b, Rec(kTagChapters, 0, sizeof(ChapterRec)) + offsetof(ChapterRec, title), 0xFFFFFFF0u);
  ExpectCorrupt("chapter title");
  StoreAt<uint32_t>(b, Rec(kTagSections, 0, sizeof(SectionRec)) + offsetof(SectionRec, chapter), 99);
  ExpectCorrupt("section chapter");
  StoreAt<uint32_t>(b, Rec(kTagSections, 0, sizeof(SectionRec)) + offsetof(SectionRec, note_first), 0xFFFFFFF0u);
  ExpectCorrupt("section note_first");
  StoreAt<uint32_t>(b, Rec(kTagSeventhDefs, 0, sizeof(SeventhDef)) + offsetof(SeventhDef, owner), 100000);
  ExpectCorrupt("7DEF owner");
  StoreAt<uint32_t>(b, Rec(kTagSeventhDefs, 0, sizeof(SeventhDef)) + offsetof(SeventhDef, ext_count), 1000);
  ExpectCorrupt("7DEF ext_count");
  StoreAt<uint32_t>(b, Rec(kTagSeventhExts, 0, sizeof(SeventhExt)) + offsetof(SeventhExt, meaning), 0xFFFFFFF0u);
  ExpectCorrupt("7EXT meaning");
}

TEST_F(InternalOffsets, DeletedCodes) {
  ASSERT_GE(fx::FixtureCodeSet().deleted().size(), 2u);
  DeletedRec d0 = LoadAt<DeletedRec>(b, Rec(kTagDeleted, 0, sizeof(DeletedRec)));
  DeletedRec d1 = LoadAt<DeletedRec>(b, Rec(kTagDeleted, 1, sizeof(DeletedRec)));
  StoreAt(b, Rec(kTagDeleted, 0, sizeof(DeletedRec)), d1);
  StoreAt(b, Rec(kTagDeleted, 1, sizeof(DeletedRec)), d0);
  ExpectCorrupt("DELC not sorted");
  b[Rec(kTagDeleted, 0, sizeof(DeletedRec))] = '.';
  ExpectCorrupt("DELC code text");
  StoreAt<uint32_t>(b, Rec(kTagDeleted, 0, sizeof(DeletedRec)) + offsetof(DeletedRec, title), 0xFFFFFFF0u);
  ExpectCorrupt("DELC title");
}

TEST_F(InternalOffsets, SearchIndex) {
  const size_t srch = SectionOffset(b, kTagSearch);
  SearchHeader sh = LoadAt<SearchHeader>(b, srch);
  const size_t terms = srch + sizeof(SearchHeader);
  const size_t postings = terms + sh.term_count * sizeof(TermRec);
  const size_t docs = postings + 4ull * sh.posting_count;

  StoreAt<uint32_t>(b, srch + offsetof(SearchHeader, term_count), 0x00FFFFFFu);
  ExpectCorrupt("term_count past the section");
  StoreAt<uint32_t>(b, srch + offsetof(SearchHeader, code_count), sh.code_count + 1);
  ExpectCorrupt("SRCH code_count");
  StoreAt<uint32_t>(b, terms + offsetof(TermRec, post_count), 0xFFFFFFu);
  ExpectCorrupt("term post_count");
  StoreAt<uint32_t>(b, terms + offsetof(TermRec, text), 0xFFFFFFF0u);
  ExpectCorrupt("term text");
  TermRec t0 = LoadAt<TermRec>(b, terms), t1 = LoadAt<TermRec>(b, terms + sizeof(TermRec));
  StoreAt(b, terms, t1);
  StoreAt(b, terms + sizeof(TermRec), t0);
  ExpectCorrupt("terms out of order");
  StoreAt<uint32_t>(b, postings, sh.doc_count);
  ExpectCorrupt("posting document out of range");
  StoreAt<uint32_t>(b, srch + offsetof(SearchHeader, doc_count), 0x01000000u);
  ExpectCorrupt("too many documents");
  StoreAt<uint32_t>(b, docs + offsetof(DocRec, code), sh.code_count);
  ExpectCorrupt("document code out of range");
  StoreAt<uint32_t>(b, docs + offsetof(DocRec, text), 0xFFFFFFF0u);
  ExpectCorrupt("document text");
  DocRec d0 = LoadAt<DocRec>(b, docs), dl = LoadAt<DocRec>(b, docs + (sh.doc_count - 1) * sizeof(DocRec));
  StoreAt(b, docs, dl);
  StoreAt(b, docs + (sh.doc_count - 1) * sizeof(DocRec), d0);
  ExpectCorrupt("documents out of code order");
  {  // a term's postings out of doc order
    TermRec t = LoadAt<TermRec>(b, terms);
    for (uint32_t k = 0; k < sh.term_count && t.post_count < 2; ++k) t = LoadAt<TermRec>(b, terms + k * sizeof(TermRec));
    ASSERT_GE(t.post_count, 2u);
    uint32_t p0 = LoadAt<uint32_t>(b, postings + 4ull * t.post_first), p1 = LoadAt<uint32_t>(b, postings + 4ull * t.post_first + 4);
    StoreAt(b, postings + 4ull * t.post_first, p1);
    StoreAt(b, postings + 4ull * t.post_first + 4, p0);
    ExpectCorrupt("postings out of order");
  }

  StoreAt<uint32_t>(b, srch + offsetof(SearchHeader, normalizer_version), 99);
  Reseal(b);
  auto r = fx::OpenStatus(b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedVersion);
  EXPECT_NE(r.error().message.find("re-import"), std::string::npos);
}

TEST_F(InternalOffsets, SectionTableEntries) {
  SectionEntry e = LoadAt<SectionEntry>(b, kHeaderSize);
  SectionEntry bad = e;
  bad.offset = b.size() + 8;
  StoreAt(b, kHeaderSize, bad);
  ExpectCorrupt("section past the end of the file");
  bad = e;
  bad.size = b.size();
  StoreAt(b, kHeaderSize, bad);
  ExpectCorrupt("section size past the end");
  bad = e;
  bad.size = ~0ull;
  StoreAt(b, kHeaderSize, bad);
  ExpectCorrupt("section size overflowing");
  bad = e;
  bad.offset = 0;  // overlaps the header
  StoreAt(b, kHeaderSize, bad);
  ExpectCorrupt("section over the header");
}

TEST(Reader, MetaMustBeJsonWithSystemAndYear) {
  auto with_meta = [](const std::string& meta) {
    auto secs = fx::SplitSections(Good());
    for (auto& s : secs) {
      if (s.tag == kTagMeta) s.data = meta;
    }
    return fx::Assemble(secs);
  };
  EXPECT_EQ(OpenError(with_meta("{not json")), ErrorCode::kCorrupt);
  EXPECT_EQ(OpenError(with_meta("[1,2]")), ErrorCode::kCorrupt);
  EXPECT_EQ(OpenError(with_meta(R"({"system":"ICD-10-CM"})")), ErrorCode::kCorrupt);
  EXPECT_EQ(OpenError(with_meta("\xFF\xFE")), ErrorCode::kCorrupt);
  // Odd but well-formed input lists are tolerated.
  std::string b = with_meta(R"({"system":"X","year":1,"inputs":[1,{"name":5},{"name":"n","year":"y"}]})");
  Aligned a(b);
  auto r = CodeSet::Open(a.span());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->meta().inputs.size(), 2u);
  EXPECT_EQ(r->SourceLabel(0), " (0, )");  // "FY" only for ICD-10-CM (fiscal years); HCPCS and CPT use calendar years
  EXPECT_EQ(r->SourceLabel(200), "unknown source");
  Exercise(*r);  // notes name sources the META no longer lists
}

TEST(Reader, RandomResealedDamageNeverCrashes) {
  // Random byte changes with recomputed checksums: Open either refuses the file or
  // returns a code set whose every accessor is safe to use.
  const std::string& g = Good();
  std::mt19937 rng(12345);
  int accepted = 0;
  for (int iter = 0; iter < 400; ++iter) {
    std::string b = g;
    int flips = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < flips; ++k) {
      size_t off = kHeaderSize + rng() % (b.size() - kHeaderSize);
      b[off] = static_cast<char>(rng());
    }
    accepted += !ResealedOpenError(b).has_value();
  }
  SUCCEED() << accepted << " of 400 damaged files were structurally valid";
}

TEST(Reader, CodeSetSurvivesAMove) {
  // CodeSet holds views into the bytes and into the records it expanded, not into itself:
  // moving it keeps it usable.
  Aligned a(FixtureFileBytes());
  auto r = CodeSet::Open(a.span());
  ASSERT_TRUE(r.ok());
  CodeSet moved = std::move(*r);
  EXPECT_TRUE(moved.Find("E11.9").has_value());
  EXPECT_EQ(Lookup(moved, "E11.9")->title, "Type 2 diabetes mellitus without complications");
}

// A compact file's strings are read in place or put together from their prefix when first
// read (medcode/joined_strings.h): every string of every record reads as in the file expanded
// to fixed-width records, whichever is read first (a string or the one it starts like).
TEST(Reader, CompactFileReadsEveryStringAsTheExpandedFile) {
  Aligned fixed(Good());
  auto want = CodeSet::Open(fixed.span());
  ASSERT_TRUE(want.ok()) << want.error().message;
  auto strings = [](const CodeSet& cs) {
    std::vector<StrRef> refs;
    for (uint32_t i = 0; i < cs.size(); ++i) refs.insert(refs.end(), {cs.rec(i).title, cs.rec(i).short_title});
    for (const auto& d : cs.docs()) refs.push_back(d.text);
    for (const auto& t : cs.terms()) refs.insert(refs.end(), {t.text, t.display});
    for (const auto& n : cs.notes()) refs.push_back(n.text);
    for (const auto& c : cs.chapters()) refs.push_back(c.title);
    for (const auto& c : cs.sections()) refs.push_back(c.title);
    for (const auto& x : cs.seventh_exts()) refs.push_back(x.meaning);
    for (const auto& l : cs.lexicon()) refs.insert(refs.end(), {l.source, l.display});
    for (const auto& a : cs.lexicon_alts()) refs.insert(refs.end(), {a.stems, a.display});
    for (const auto& n : cs.index_nodes()) refs.push_back(n.title);
    return refs;
  };
  const std::vector<StrRef> expanded = strings(*want);
  ASSERT_GT(expanded.size(), 400u);
  size_t joined = 0;
  for (bool backwards : {false, true}) {
    Aligned a(FixtureFileBytes());
    auto r = CodeSet::Open(a.span());
    ASSERT_TRUE(r.ok()) << r.error().message;
    const std::vector<StrRef> got = strings(*r);
    ASSERT_EQ(got.size(), expanded.size());
    for (size_t k = 0; k < got.size(); ++k) {
      const size_t i = backwards ? got.size() - 1 - k : k;
      ASSERT_EQ(r->str(got[i]), want->str(expanded[i])) << i;
      joined += (got[i].offset & JoinedStrings::kJoined) != 0;
    }
    for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(r->str(got[i]), want->str(expanded[i])) << "read again: " << i;
  }
  EXPECT_GT(joined, 100u) << "the fixture has strings stored as a prefix and the rest";
}

TEST(JoinedStrings, PutsPrefixesTogetherWhateverIsReadFirst) {
  const std::string s = "Diabetes, type 2, with foot ulcer|kidney|NOS";
  //                     0         10        20        30   34     41
  JoinedStrings j;
  const StrRef kidney = j.Add({0, 23}, 34, 6);           // "Diabetes, type 2, with " (in place) + "kidney"
  const StrRef nos = j.Add({kidney.offset, 17}, 41, 3);  // "Diabetes, type 2," (of a join) + "NOS"
  const StrRef nos2 = j.Add({nos.offset, 20}, 34, 2);    // "Diabetes, type 2,NOS" + "ki"
  EXPECT_EQ(kidney.length, 29u);
  EXPECT_EQ(nos.length, 20u);
  EXPECT_EQ(j.size(), 3u);
  EXPECT_EQ(j.Get(nos2, s.data()), "Diabetes, type 2,NOSki");  // its prefixes not read yet
  EXPECT_EQ(j.Get(nos, s.data()), "Diabetes, type 2,NOS");
  EXPECT_EQ(j.Get(kidney, s.data()), "Diabetes, type 2, with kidney");
  EXPECT_EQ(j.Get(kidney, s.data()), "Diabetes, type 2, with kidney");  // read before: the same
  const StrRef later = j.Add({kidney.offset, 29}, 0, 0);  // all of a join read before, nothing more
  EXPECT_EQ(j.Get(later, s.data()), "Diabetes, type 2, with kidney");
  EXPECT_TRUE(j.Valid(nos));
  EXPECT_FALSE(j.Valid({nos.offset, nos.length + 1})) << "a length other than the join's";
  EXPECT_FALSE(j.Valid({JoinedStrings::kJoined | 9, 4})) << "no such join";
  EXPECT_FALSE(j.Valid({3, 4})) << "in place, not a join";
  // A long join, longer than a block of read strings.
  std::string big(300000, 'a');
  big += "bc";
  JoinedStrings k;
  const StrRef b = k.Add({0, 300000}, 300001, 1);
  const StrRef c = k.Add({b.offset, 300000}, 300000, 2);  // the first 300,000 bytes of a join
  EXPECT_EQ(k.Get(c, big.data()), big.substr(0, 300000) + "bc");
  EXPECT_EQ(k.Get(b, big.data()), big.substr(0, 300000) + "c");
}

// ---- compact sections (compact.h) ------------------------------------------------------

TEST(CompactSections, WriterFilesAreCompact) {
  // Every section with a layout is stored compact, and expands to what the reader checks.
  int compact = 0;
  for (const auto& e : fx::ReadSectionTable(FixtureFileBytes())) {
    EXPECT_EQ(compact::CodeSetLayout(e.tag) != nullptr, (e.flags & kSectionCompact) != 0) << TagName(e.tag);
    compact += (e.flags & kSectionCompact) != 0;
  }
  EXPECT_GE(compact, 10);
  EXPECT_LT(FixtureFileBytes().size(), Good().size());
  auto expanded = fx::OpenStatus(Good());
  ASSERT_TRUE(expanded.ok()) << expanded.error().message;
}

TEST(CompactSections, LayoutsCoverEachRecordOnce) {
  // The reader expands into storage it does not zero-fill (WordBuffer): a byte no field
  // wrote would keep whatever the memory held.
  for (uint32_t tag : {kTagCodes, kTagSorted, kTagChapters, kTagSections, kTagNotes, kTagNoteRefs, kTagSeventhDefs,
                       kTagSeventhExts, kTagDeleted, kTagSearch, kTagLexicon, kTagLexiconAlts, kTagCodeDates,
                       kTagAttributes, kTagModifierList, kTagIndexBooks, kTagIndexNodes, kTagIndexRefs, kTagYears,
                       kTagYearTitles}) {
    const compact::Layout* l = compact::CodeSetLayout(tag);
    ASSERT_NE(l, nullptr) << TagName(tag);
    for (const compact::Part& p : l->parts) {
      if (p.postings) continue;
      std::vector<int> used(p.record_size, 0);
      for (const compact::Field& f : p.fields) {
        size_t w = f.kind == compact::FieldKind::kU8 ? 1 : f.kind == compact::FieldKind::kU16 ? 2
                 : f.kind == compact::FieldKind::kU32 || f.kind == compact::FieldKind::kText4 ? 4 : 8;
        for (size_t k = f.offset; k < f.offset + w; ++k) {
          ASSERT_LT(k, used.size()) << TagName(tag);
          ++used[k];
        }
      }
      for (size_t k = 0; k < used.size(); ++k) EXPECT_EQ(used[k], 1) << TagName(tag) << " byte " << k;
    }
  }
}

TEST(CompactSections, CompactingTheExpandedFileGivesTheSameBytes) {
  auto expanded = compact::ExpandAll(fx::SplitSections(FixtureFileBytes()));
  ASSERT_TRUE(expanded.ok()) << expanded.error().message;
  auto again = compact::Compact(*expanded);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(fx::Assemble(*again), FixtureFileBytes());
}

TEST(CompactSections, PostingPastTheDocumentsIsRefused) {
  // Compact postings are checked only at each term's last (the largest: they increase by
  // construction): a posting of the count of documents, last of its term or not, is refused.
  for (bool last : {true, false}) {
    auto secs = compact::ExpandAll(SplitSections(FixtureFileBytes()));
    ASSERT_TRUE(secs.ok()) << secs.error().message;
    bool damaged = false;
    for (auto& sec : *secs) {
      if (sec.tag != kTagSearch) continue;
      auto* d = reinterpret_cast<uint8_t*>(sec.data.data());
      SearchHeader sh;
      std::memcpy(&sh, d, sizeof sh);
      uint8_t* terms = d + sizeof sh;
      uint8_t* post = terms + size_t(sh.term_count) * sizeof(TermRec);
      for (uint32_t t = 0; t < sh.term_count && !damaged; ++t) {
        TermRec tr;
        std::memcpy(&tr, terms + size_t(t) * sizeof(TermRec), sizeof tr);
        if (tr.post_count < 2) continue;
        // Every posting from the damaged one on moves past the documents, in order.
        for (uint32_t k = last ? tr.post_count - 1 : tr.post_count - 2; k < tr.post_count; ++k) {
          const uint32_t v = sh.doc_count + k;
          std::memcpy(post + 4ull * (tr.post_first + k), &v, 4);
        }
        damaged = true;
      }
    }
    ASSERT_TRUE(damaged);
    auto again = compact::Compact(*secs);
    ASSERT_TRUE(again.ok()) << again.error().message;
    auto r = OpenStatus(Assemble(*again));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
    EXPECT_NE(r.error().message.find("search posting out of range"), std::string::npos) << r.error().message;
  }
}

TEST(CompactSections, StringsOfEveryLengthExpandAsWritten) {
  // The reader copies strings in 8-byte words, 64 bytes at a time (compact.cpp CopyBytes): every
  // length up to 200 bytes, new or after a prefix of an earlier string, comes back as written.
  std::string pool;
  std::vector<std::string> want;
  for (size_t n = 0; n <= 200; ++n) {
    std::string a, b;
    for (size_t k = 0; k < n; ++k) a += static_cast<char>('a' + (k * 7 + n) % 26);
    b = a.substr(0, n / 2) + "|" + std::to_string(n);  // shares a prefix with a (stored as one when >= 8 bytes)
    want.push_back(a);
    want.push_back(b);
  }
  std::vector<AltRec> recs;
  for (size_t k = 0; k + 1 < want.size(); k += 2) {
    AltRec r{};
    r.stems = {static_cast<uint32_t>(pool.size()), static_cast<uint32_t>(want[k].size())};
    pool += want[k];
    r.display = {static_cast<uint32_t>(pool.size()), static_cast<uint32_t>(want[k + 1].size())};
    pool += want[k + 1];
    recs.push_back(r);
  }
  std::string alts(4, '\0');
  const uint32_t count = static_cast<uint32_t>(recs.size());
  std::memcpy(alts.data(), &count, 4);
  alts.append(reinterpret_cast<const char*>(recs.data()), recs.size() * sizeof(AltRec));
  std::vector<container::RawSection> secs = {{kTagStrings, 1, 0, pool}, {kTagLexiconAlts, 1, 0, alts}};
  auto packed = compact::Compact(secs);
  ASSERT_TRUE(packed.ok()) << packed.error().message;
  EXPECT_LT((*packed)[0].data.size(), pool.size()) << "some strings are stored as a prefix and the rest";
  auto back = compact::ExpandAll(*packed);
  ASSERT_TRUE(back.ok()) << back.error().message;
  const std::string& strings = (*back)[0].data;
  const std::string& got = (*back)[1].data;
  ASSERT_EQ(got.size(), alts.size());
  for (uint32_t k = 0; k < count; ++k) {
    AltRec r;
    std::memcpy(&r, got.data() + 4 + k * sizeof(AltRec), sizeof r);
    ASSERT_LE(uint64_t(r.stems.offset) + r.stems.length, strings.size());
    ASSERT_LE(uint64_t(r.display.offset) + r.display.length, strings.size());
    EXPECT_EQ(strings.substr(r.stems.offset, r.stems.length), want[2 * k]) << k;
    EXPECT_EQ(strings.substr(r.display.offset, r.display.length), want[2 * k + 1]) << k;
  }
}

// Expands hand-made bytes with a layout over a pool of `pool` bytes; "" when it expands.
// `joins`: the strings read in place and joined (as a code set's), not expanded.
std::string ExpandError(const compact::Layout& layout, const std::vector<uint8_t>& data, size_t pool = 16,
                        JoinedStrings* joins = nullptr) {
  std::string strings(pool, 'x');
  compact::Expander x({reinterpret_cast<const uint8_t*>(strings.data()), strings.size()}, 0, joins);
  WordBuffer out;
  size_t size = 0;
  auto e = x.Expand(layout, data, out, size);
  if (!e) return "";
  EXPECT_EQ(e->code, ErrorCode::kCorrupt) << e->message;
  return e->message;
}

// A counted section of one-field records.
compact::Layout OneField(compact::FieldKind kind, uint32_t record_size) {
  compact::Part p;
  p.record_size = record_size;
  p.fields = {{0, kind}};
  p.counted = true;
  return {MakeTag("TEST"), {p}};
}

TEST(CompactSections, ExpandingIntoReusedStorageGivesTheSameBytes) {
  // Code texts shorter than their field get their NUL padding written, not left to a zero fill.
  const compact::Layout codes = OneField(compact::FieldKind::kText8, 8);
  const std::vector<uint8_t> data = {0, 0, 20, 2, 3, 'E', '1', '1', 0x31, '9'};
  std::string strings(16, 'x');
  auto expand = [&](WordBuffer& out) {
    compact::Expander x({reinterpret_cast<const uint8_t*>(strings.data()), strings.size()});
    size_t size = 0;
    EXPECT_FALSE(x.Expand(codes, data, out, size).has_value());
    return std::string(reinterpret_cast<const char*>(out.data()), size);
  };
  WordBuffer fresh;
  const std::string want = expand(fresh);
  ASSERT_EQ(want.size(), 20u);
  EXPECT_EQ(want.substr(4), std::string("E11\0\0\0\0\0E119\0\0\0\0", 16));
  WordBuffer stale(64, ~uint64_t{0});
  stale.clear();  // capacity kept, every byte 0xFF
  EXPECT_EQ(expand(stale), want);
  EXPECT_EQ(stale.back() >> 32, 0u) << "the padding after the last record is zeroed";
}

TEST(CompactSections, DamagedNumbersAreCorrupt) {
  const compact::Layout bytes = OneField(compact::FieldKind::kU8, 1);
  // strings_begin 0, ids_begin 0, 6 bytes of records, count 2, codec plain, values 5+1 and 6+1.
  EXPECT_EQ(ExpandError(bytes, {0, 0, 6, 2, 0, 6, 7}), "");
  EXPECT_NE(ExpandError(bytes, {0, 0, 6, 2, 0, 6, 0x87}).find("truncated number"), std::string::npos);
  EXPECT_NE(ExpandError(bytes, {0, 0, 5, 1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}).find("number too large"), std::string::npos);
  EXPECT_NE(ExpandError(bytes, {0, 0, 5, 1, 0, 0x81, 0x02}).find("value out of range"), std::string::npos);  // 256
  EXPECT_NE(ExpandError(bytes, {0, 0, 5, 1, 0, 0}).find("value out of range"), std::string::npos);           // -1
  // Delta: 5, then 5 - 7 = -2, which is no byte.
  EXPECT_NE(ExpandError(bytes, {0, 0, 6, 2, 1, 12, 13}).find("value out of range"), std::string::npos);
  EXPECT_NE(ExpandError(bytes, {0, 0, 5, 1, 9, 1}).find("unknown column encoding"), std::string::npos);
  EXPECT_NE(ExpandError(bytes, {0, 0, 104, 100, 0, 1, 1}).find("more records than bytes"), std::string::npos);
  EXPECT_NE(ExpandError(bytes, {0, 0, 0xC8, 0x01, 100, 0, 1, 1}).find("records larger"), std::string::npos);
  EXPECT_NE(ExpandError(bytes, {0, 0, 7, 2, 0, 6, 7}).find("do not add up"), std::string::npos);
  EXPECT_NE(ExpandError(bytes, {0, 0, 5, 2, 0, 6, 7}).find("do not add up"), std::string::npos);
  EXPECT_NE(ExpandError(bytes, {0, 0, 5, 1, 0, 1, 1}).find("bytes after the last record"), std::string::npos);
  EXPECT_NE(ExpandError(bytes, {0, 0}).find("truncated number"), std::string::npos);
  EXPECT_NE(ExpandError(bytes, {3, 0, 0}).find("do not follow"), std::string::npos);
}

TEST(CompactSections, DamagedStringsAreCorrupt) {
  const compact::Layout strs = OneField(compact::FieldKind::kStr, 8);
  // The strings expanded, and read in place with joins (a code set's): the same checks.
  JoinedStrings joins;
  for (JoinedStrings* j : {static_cast<JoinedStrings*>(nullptr), &joins}) {
    SCOPED_TRACE(j ? "joined" : "expanded");
    auto ExpandError = [&](const compact::Layout& layout, const std::vector<uint8_t>& data) {
      return ::ExpandError(layout, data, 16, j);
    };
  // Two new strings (4 and 12 bytes of a 16-byte pool), then the first again (id delta 0).
  EXPECT_EQ(ExpandError(strs, {0, 0, 28, 3, 4 << 2, 12 << 2, 1}), "");
  EXPECT_NE(ExpandError(strs, {0, 0, 20, 2, 4 << 2, 13 << 2}).find("past the end of STRS"), std::string::npos);
  EXPECT_NE(ExpandError(strs, {0, 0, 12, 1, 1}).find("not yet read"), std::string::npos);
  EXPECT_NE(ExpandError(strs, {0, 0, 20, 2, 4 << 2, 3}).find("not yet read"), std::string::npos);  // id -1
  // A new string: the previous string (1 back) less its last byte, and 2 more bytes.
  EXPECT_EQ(ExpandError(strs, {0, 0, 20, 2, 4 << 2, 2 << 2 | 2, 1, 1}), "");
  EXPECT_NE(ExpandError(strs, {0, 0, 20, 2, 4 << 2, 2 << 2 | 2, 2, 1}).find("prefix from a string not yet read"), std::string::npos);
  EXPECT_NE(ExpandError(strs, {0, 0, 20, 2, 4 << 2, 2 << 2 | 2, 0, 1}).find("prefix from a string not yet read"), std::string::npos);
  EXPECT_NE(ExpandError(strs, {0, 0, 20, 2, 4 << 2, 2 << 2 | 2, 1, 4}).find("prefix longer"), std::string::npos);
  EXPECT_NE(ExpandError(strs, {0, 0, 20, 2, 4 << 2, 2 << 2 | 2, 1}).find("truncated number"), std::string::npos);
  // Prefixes of prefixes cannot expand the strings without end.
  std::vector<uint8_t> bomb = {0, 0, 0x84, 0x97, 0x22, 0xF0, 0xA2, 0x04, 16 << 2};  // 70,000 strings, 560,004 bytes of records
  for (int i = 1; i < 70000; ++i) bomb.insert(bomb.end(), {2, 1, 0});
  EXPECT_NE(ExpandError(strs, bomb).find("expand too far"), std::string::npos);
  }
  const compact::Layout codes = OneField(compact::FieldKind::kText8, 8);
  EXPECT_EQ(ExpandError(codes, {0, 0, 20, 2, 3, 'E', '1', '1', 0x31, '9'}), "");
  EXPECT_NE(ExpandError(codes, {0, 0, 20, 2, 3, 'E', '1', '1', 0x41, '9'}).find("code text out of range"), std::string::npos);
  EXPECT_NE(ExpandError(codes, {0, 0, 12, 1, 0x09, 'E', '1', '1'}).find("code text out of range"), std::string::npos);
  EXPECT_NE(ExpandError(codes, {0, 0, 12, 1, 3, 'E', 0, '1'}).find("byte out of range"), std::string::npos);
  EXPECT_NE(ExpandError(codes, {0, 0, 12, 1, 3, 'E', 0xC1, '1'}).find("byte out of range"), std::string::npos);
  EXPECT_NE(ExpandError(codes, {0, 0, 12, 1, 3, 'E'}).find("truncated code text"), std::string::npos);
}

TEST(CompactSections, SearchCountsMustAddUp) {
  const compact::Layout& srch = *compact::CodeSetLayout(kTagSearch);
  // Header: 1 term, 2 postings, 0 codes, 3 docs, normalizer, reserved (each value + 1, plain).
  // The fixed-width size: header 24, term 24, posting 4, document 16 bytes (here 104).
  auto header = [](uint8_t terms, uint8_t postings, uint8_t docs) {
    return std::vector<uint8_t>{0, 0, 104, 1, 0, uint8_t(terms + 1), 0, uint8_t(postings + 1), 0, 1, 0, uint8_t(docs + 1), 0, 4, 0, 1};
  };
  auto with = [](std::vector<uint8_t> v, std::initializer_list<uint8_t> more) {
    v.insert(v.end(), more);
    return v;
  };
  // The term: empty text and display, post_first 0, post_count 2; postings docs 0 and 2; 3 docs.
  std::vector<uint8_t> docs = {3, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0};
  auto good = with(with(header(1, 2, 3), {1, 0, 0, 0, 1, 0, 3}), {2, 0, 2});
  good.insert(good.end(), docs.begin(), docs.end());
  EXPECT_EQ(ExpandError(srch, good), "");
  EXPECT_NE(ExpandError(srch, with(header(2, 2, 3), {1})).find("differs from its header"), std::string::npos);
  // post_count 3 of 2 postings.
  EXPECT_NE(ExpandError(srch, with(with(header(1, 2, 3), {1, 0, 0, 0, 1, 0, 4}), {2, 0, 2})).find("do not add up"),
            std::string::npos);
  // A posting past 2^24 documents.
  EXPECT_NE(ExpandError(srch, with(with(header(1, 2, 3), {1, 0, 0, 0, 1, 0, 3}), {2, 0, 0xFE, 0xFF, 0xFF, 0x0F})).find("past the documents"),
            std::string::npos);
}

TEST(CompactSections, DamagedCompactSectionsInTheFile) {
  // The last byte of each compact section made a continued number: truncated, kCorrupt.
  for (const auto& e : fx::ReadSectionTable(FixtureFileBytes())) {
    if (!(e.flags & kSectionCompact)) continue;
    auto secs = fx::SplitSections(FixtureFileBytes());
    for (auto& s : secs) if (s.tag == e.tag) s.data.back() = static_cast<char>(0x80 | s.data.back());
    auto r = fx::OpenStatus(fx::Assemble(secs));
    ASSERT_FALSE(r.ok()) << TagName(e.tag);
    EXPECT_EQ(r.error().code, ErrorCode::kCorrupt) << r.error().message;
  }
  // A section cut short.
  auto secs = fx::SplitSections(FixtureFileBytes());
  for (auto& s : secs) if (s.tag == kTagSearch) s.data.resize(s.data.size() / 2);
  EXPECT_EQ(OpenError(fx::Assemble(secs)), ErrorCode::kCorrupt);
  // A section flagged compact that has no compact layout.
  secs = fx::SplitSections(FixtureFileBytes());
  for (auto& s : secs) if (s.tag == kTagMeta) s.flags |= kSectionCompact;
  EXPECT_EQ(OpenError(fx::Assemble(secs)), ErrorCode::kCorrupt);
  // An optional compact section this reader does not know is skipped: the next section says
  // where its strings begin.
  secs = fx::SplitSections(FixtureFileBytes());
  size_t deleted = 0;
  for (auto& s : secs) {
    if (s.tag == kTagDeleted) {
      s.tag = MakeTag("DELX");
      deleted = s.data.size();
    }
  }
  ASSERT_GT(deleted, 0u);
  auto r = fx::OpenStatus(fx::Assemble(secs));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->deleted().empty());
  // Which it must say: strings that do not follow on from the section before are corrupt.
  secs = fx::SplitSections(FixtureFileBytes());
  for (auto& s : secs) if (s.tag == kTagSorted) s.data[0] = static_cast<char>(s.data[0] + 1);
  EXPECT_EQ(OpenError(fx::Assemble(secs)), ErrorCode::kCorrupt);
}

TEST(CompactSections, RandomDamageNeverCrashes) {
  // Random byte changes inside the compact sections, checksums recomputed: refused, or a code
  // set whose every accessor is safe.
  const std::string& g = FixtureFileBytes();
  std::vector<SectionEntry> compact_secs;
  for (const auto& e : fx::ReadSectionTable(g)) if (e.flags & kSectionCompact) compact_secs.push_back(e);
  std::mt19937 rng(777);
  int accepted = 0;
  for (int iter = 0; iter < 300; ++iter) {
    std::string b = g;
    const SectionEntry& e = compact_secs[rng() % compact_secs.size()];
    int flips = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < flips; ++k) b[e.offset + rng() % e.size] = static_cast<char>(rng());
    auto error = ResealedOpenError(b);
    if (error) EXPECT_EQ(*error, ErrorCode::kCorrupt);
    accepted += !error.has_value();
  }
  SUCCEED() << accepted << " of 300 damaged files were structurally valid";
}

}  // namespace
