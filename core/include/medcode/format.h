// The code-set file format ("MCS"), version 1.
//
// One file holds one code system for one year. All integers are little-endian.
// The file is read in place from a single byte span (mmap'd natively, fetched in
// the browser); every structure below is 4- or 8-byte aligned inside its section.
//
//   offset 0   FileHeader            (64 bytes)
//   offset 64  SectionEntry[count]   (24 bytes each)
//   ...        sections, each starting at an 8-byte aligned offset
//
// Compatibility rules (see docs in README "Code-set file format"):
//   - major version differs from kFormatMajor: the reader refuses the file.
//   - minor version greater than the reader's: fine, new sections may exist.
//   - a section the reader does not know: skipped, unless its kRequired flag is
//     set, in which case the reader refuses the file (it cannot read it correctly).
//   - a known section whose section version is newer than the reader supports:
//     refused if required, skipped otherwise.
#pragma once

#include <cstdint>

namespace medcode::format {

// 0x89 'M' 'C' 'S' '\r' '\n' 0x1A '\n' : the high byte and the line endings
// detect 7-bit and text-mode transfer damage, as in PNG.
inline constexpr unsigned char kMagic[8] = {0x89, 'M', 'C', 'S', '\r', '\n', 0x1A, '\n'};
inline constexpr uint16_t kFormatMajor = 1;
inline constexpr uint16_t kFormatMinor = 0;
inline constexpr uint32_t kHeaderSize = 64;
inline constexpr uint32_t kSectionEntrySize = 24;
inline constexpr uint32_t kMaxSections = 256;
inline constexpr uint32_t kNone = 0xFFFFFFFFu;

struct FileHeader {
  unsigned char magic[8];
  uint16_t major;
  uint16_t minor;
  uint32_t header_size;      // kHeaderSize
  uint64_t file_size;        // total bytes, must equal the span size
  uint32_t section_count;
  uint32_t section_table;    // offset of the section table (= header_size)
  uint32_t payload_crc32;    // CRC-32 (zlib polynomial) of bytes [header_size, file_size)
  uint32_t header_crc32;     // CRC-32 of these 64 bytes with this field as zero (HeaderCrc32)
  uint8_t reserved[24];
};
static_assert(sizeof(FileHeader) == 64);

inline constexpr uint16_t kSectionRequired = 1;

struct SectionEntry {
  uint32_t tag;              // four ASCII characters, see MakeTag
  uint16_t version;          // version of this section's layout
  uint16_t flags;            // kSectionRequired
  uint64_t offset;
  uint64_t size;
};
static_assert(sizeof(SectionEntry) == 24);

constexpr uint32_t MakeTag(const char (&s)[5]) {
  return uint32_t(uint8_t(s[0])) | uint32_t(uint8_t(s[1])) << 8 | uint32_t(uint8_t(s[2])) << 16 |
         uint32_t(uint8_t(s[3])) << 24;
}

// Section tags known to format 1.0.
inline constexpr uint32_t kTagMeta = MakeTag("META");      // UTF-8 JSON: system, year, provenance
inline constexpr uint32_t kTagStrings = MakeTag("STRS");   // string pool, referenced by StrRef
inline constexpr uint32_t kTagCodes = MakeTag("CODE");     // u32 count + CodeRec[count], tabular order
inline constexpr uint32_t kTagSorted = MakeTag("SORT");    // u32 count + u32[count]: code indices by code text
inline constexpr uint32_t kTagChapters = MakeTag("CHAP");  // u32 count + ChapterRec[count]
inline constexpr uint32_t kTagSections = MakeTag("SECT");  // u32 count + SectionRec[count]
inline constexpr uint32_t kTagNotes = MakeTag("NOTE");     // u32 count + NoteRec[count]
inline constexpr uint32_t kTagNoteRefs = MakeTag("NREF");  // u32 count + CodeRange[count]
inline constexpr uint32_t kTagSeventhDefs = MakeTag("7DEF");  // u32 count + SeventhDef[count]
inline constexpr uint32_t kTagSeventhExts = MakeTag("7EXT");  // u32 count + SeventhExt[count]
inline constexpr uint32_t kTagDeleted = MakeTag("DELC");   // u32 count + DeletedRec[count], sorted by code
inline constexpr uint32_t kTagSearch = MakeTag("SRCH");    // SearchHeader + arrays, see below

struct StrRef {
  uint32_t offset;  // into STRS
  uint32_t length;  // bytes
};

// Code flags.
inline constexpr uint8_t kBillable = 1;        // valid for submission (order file flag 1)
inline constexpr uint8_t kNeedsSeventh = 2;    // header whose billable descendants need a 7th character
inline constexpr uint8_t kNewThisYear = 4;     // added by this year's addenda
inline constexpr uint8_t kRevisedThisYear = 8; // title revised by this year's addenda

struct CodeRec {  // 48 bytes
  char code[8];          // undotted, upper case, NUL padded ("E119")
  StrRef title;          // long title
  StrRef short_title;    // short title (order file)
  uint32_t parent;       // index of the parent code, kNone for a category (3 characters)
  uint32_t subtree_end;  // one past the last descendant, in tabular order
  uint32_t note_first;   // this code's own notes: NOTE[note_first, note_first + note_count)
  uint16_t note_count;
  uint8_t flags;
  uint8_t level;         // 0 = category (3 characters), 1 = next level, ...
  uint16_t section;      // index into SECT
  uint8_t chapter;       // index into CHAP
  uint8_t title_tokens;  // distinct non-stopword tokens in the long title (for ranking)
  uint32_t seventh;      // index into 7DEF of the definition in force here (own or inherited), or kNone
};
static_assert(sizeof(CodeRec) == 48);

struct ChapterRec {  // 32 bytes
  uint32_t number;       // 1..22
  StrRef title;
  char first[4];         // first category, e.g. "A00"
  char last[4];          // last category, e.g. "B99"
  uint32_t note_first;
  uint32_t note_count;
  uint32_t reserved;
};
static_assert(sizeof(ChapterRec) == 32);

struct SectionRec {  // 32 bytes
  char first[4];
  char last[4];
  StrRef title;
  uint32_t chapter;      // index into CHAP
  uint32_t note_first;
  uint32_t note_count;
  uint32_t reserved;
};
static_assert(sizeof(SectionRec) == 32);

enum class NoteKind : uint8_t {
  kIncludes = 1,
  kInclusionTerm = 2,
  kExcludes1 = 3,
  kExcludes2 = 4,
  kCodeFirst = 5,
  kUseAdditionalCode = 6,
  kCodeAlso = 7,
  kNotes = 8,          // free "notes" element of the tabular list
  kSeventhNote = 9,    // sevenChrNote
};
inline constexpr uint8_t kMaxNoteKind = 9;

enum class NoteOwner : uint8_t { kCode = 0, kSection = 1, kChapter = 2 };

struct NoteRec {  // 24 bytes
  uint8_t kind;          // NoteKind
  uint8_t source;        // index into META "inputs"
  uint8_t owner_kind;    // NoteOwner
  uint8_t reserved;
  uint32_t owner;        // index into CODE, SECT or CHAP
  StrRef text;
  uint32_t ref_first;    // code ranges named in the note: NREF[ref_first, ref_first + ref_count)
  uint32_t ref_count;
};
static_assert(sizeof(NoteRec) == 24);

// A code range named in a note. A code c is covered when
//   first <= c[0:len(first)]  and  c[0:len(last)] <= last
// e.g. "A05.-" -> first = last = "A05"; "P36.0-P36.1" -> "P360".."P361".
struct CodeRange {  // 16 bytes
  char first[8];
  char last[8];
};
static_assert(sizeof(CodeRange) == 16);

struct SeventhDef {  // 16 bytes
  uint32_t owner;        // code index where the definition is declared
  uint32_t ext_first;    // 7EXT[ext_first, ext_first + ext_count)
  uint32_t ext_count;
  uint8_t source;        // index into META "inputs"
  uint8_t reserved[3];
};
static_assert(sizeof(SeventhDef) == 16);

struct SeventhExt {  // 12 bytes
  char ch;
  uint8_t reserved[3];
  StrRef meaning;
};
static_assert(sizeof(SeventhExt) == 12);

struct DeletedRec {  // 24 bytes: a code deleted by this year's addenda
  char code[8];
  StrRef title;          // title before deletion
  uint8_t source;        // index into META "inputs"
  uint8_t reserved[7];
};
static_assert(sizeof(DeletedRec) == 24);

// SRCH (section version 2): a lexicon of documents, each leading to one code: the long
// title, each inclusion term, each Alphabetic Index path (main term + subterms) that
// ends at the code or at a "see" target with a code, each Table row cell. Terms are
// Porter stems of folded tokens (text.h); postings point at documents.
//   SearchHeader
//   TermRec[term_count]            sorted by stem bytes (memcmp order)
//   uint32 postings[posting_count] per term, sorted by doc id; value = doc | flags << 24
//   DocRec[doc_count]              sorted by code index (so a code's docs are adjacent)
inline constexpr uint32_t kIdMask = 0x00FFFFFFu;
inline constexpr uint32_t kPostOptional = 1;  // posting flag: the token is a nonessential modifier

enum class DocKind : uint8_t {
  kTitle = 1,       // the code's long title
  kInclusion = 3,   // an inclusion term written under the code
  kIndexPath = 4,   // an Alphabetic Index path whose code is this code
  kIndexSee = 5,    // an Alphabetic Index path whose "see" target leads to this code
  kTable = 6,       // a Neoplasm Table / Table of Drugs row + column
};
inline constexpr uint8_t kDocMainTerm = 1;  // doc flag: an index main term's own code (the general default)

struct SearchHeader {  // 24 bytes
  uint32_t term_count;
  uint32_t posting_count;
  uint32_t code_count;
  uint32_t doc_count;
  uint32_t normalizer_version;  // bumps when tokenization changes; reader refuses a mismatch
  uint32_t reserved;
};
static_assert(sizeof(SearchHeader) == 24);

struct TermRec {  // 24 bytes
  StrRef text;      // the stem
  StrRef display;   // the most frequent word with this stem (for "did you mean")
  uint32_t post_first;
  uint32_t post_count;
};
static_assert(sizeof(TermRec) == 24);

struct DocRec {  // 16 bytes
  uint32_t code;      // index into CODE
  uint8_t kind;       // DocKind
  uint8_t essential;  // distinct essential (non-stopword, non-modifier) stems
  uint8_t flags;      // kDocMainTerm
  uint8_t source;     // index into META "inputs"
  StrRef text;        // what matched, for explanations ("Diabetes, diabetic, type 2, with, foot ulcer")
};
static_assert(sizeof(DocRec) == 16);

// LEXI: the curated clinical lexicon (abbreviations, lay terms) the project writes and
// tests (codesets/lexicon/). u32 count + LexRec[count] sorted by source; LALT holds the
// alternatives. A raw entry is replaced in the query text before tokenization ("w/o").
inline constexpr uint32_t kTagLexicon = MakeTag("LEXI");
inline constexpr uint32_t kTagLexiconAlts = MakeTag("LALT");
struct LexRec {  // 24 bytes
  StrRef source;     // raw: the literal text (lower case); else the stems, space separated
  StrRef display;    // as written in the lexicon file
  uint32_t alt_first;
  uint16_t alt_count;
  uint8_t raw;
  uint8_t reserved;
};
static_assert(sizeof(LexRec) == 24);
struct AltRec {  // 16 bytes
  StrRef stems;      // space separated stems (raw entries: the replacement text)
  StrRef display;
};
static_assert(sizeof(AltRec) == 16);

}  // namespace medcode::format
