// The code-set file format ("MCS"), version 2.1.
//
// One file holds one code system for one year. All integers are little-endian.
//
//   offset 0   FileHeader            (64 bytes)
//   offset 64  SectionEntry[count]   (24 bytes each)
//   ...        sections, each starting at an 8-byte aligned offset
//
// The records below are what the reader works on: fixed-width structures, 4-byte
// aligned. In the file, a code-set section flagged kSectionCompact (the writer flags
// every section but META and STRS) stores the same records in the compact encoding
// described under "Compact sections" at the end of this file; the reader expands it
// once when it opens the file (core/src/compact.cpp) and then checks the records.
// A section without the flag holds the fixed-width records as they are (tests use it).
// Version 1 (2026-11, every section fixed-width) is refused by a version 2 reader
// with kUnsupportedVersion ("format version 1.0 is not supported").
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
inline constexpr uint16_t kFormatMajor = 2;
inline constexpr uint16_t kFormatMinor = 1;  // 2.1: the Index and Tables may be a file of their own (below)
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
inline constexpr uint16_t kSectionCompact = 2;   // stored compact (format 2.0, see "Compact sections" below)

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

// Section tags known to format 1.0 (and 2.0).
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
inline constexpr uint8_t kDocLaterEncounter = 2;  // doc flag: a title whose 7th character is a subsequent encounter or sequela
inline constexpr uint8_t kDocUnspecified = 4;     // doc flag: "unspecified", "NOS" or a "without" clause (optional words)
inline constexpr uint8_t kDocOlderYears = 8;      // doc flag: the code's in the years before the newest only (a term the newest year gave a new code)

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
  uint8_t flags;      // kDocMainTerm, kDocLaterEncounter, kDocUnspecified, kDocOlderYears
  uint8_t source;     // index into META "inputs"
  StrRef text;        // what matched, for explanations ("Diabetes, diabetic, type 2, with, foot ulcer")
};
static_assert(sizeof(DocRec) == 16);

// LEXI: the curated clinical lexicon (abbreviations, lay terms) the project writes and
// tests (codesets/lexicon/). u32 count + LexRec[count] sorted by source; LALT holds the
// alternatives. A raw entry is replaced in the query text before tokenization ("w/o").
inline constexpr uint32_t kTagLexicon = MakeTag("LEXI");
inline constexpr uint32_t kTagLexiconAlts = MakeTag("LALT");
inline constexpr size_t kMaxLexiconWords = 5;  // a lexicon source's words (stopwords aside): the search reads no longer phrase
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

// ---- Flat code systems with dated codes (HCPCS Level II, a user's CPT descriptors) ----
//
// META may say "dot_after": 0 (codes are shown as stored, "E0100"; absent = 3, the
// ICD-10-CM dot after the category) and "flat": true (no hierarchy: every code is
// level 0 without a parent). It may also define "attributes": [{ "key", "label",
// "values": { "C": "Carrier judgment", ... } }, ...], which ATTR records name by index.

// Code flag: terminated (its last date of service is before the code set's effective
// date, or the code set says so). A terminated code is never kBillable.
inline constexpr uint8_t kTerminated = 16;

// DATE: u32 count (= the CODE count) + CodeDates[count], in CODE order. Dates are
// YYYYMMDD integers, 0 = not given.
inline constexpr uint32_t kTagCodeDates = MakeTag("DATE");
struct CodeDates {  // 16 bytes
  uint32_t added;       // when the code was added to the code system
  uint32_t effective;   // effective date of the latest action on the code
  uint32_t terminated;  // last date of service on which the code may be reported
  uint32_t reserved;
};
static_assert(sizeof(CodeDates) == 16);

// ATTR: u32 count + AttrRec[count], sorted by code, then by key: what a coder needs to see
// that has no field of its own (HCPCS coverage code, action code, BETOS, ...).
inline constexpr uint32_t kTagAttributes = MakeTag("ATTR");
struct AttrRec {  // 16 bytes
  uint32_t code;     // index into CODE
  uint16_t key;      // index into META "attributes"
  uint8_t source;    // index into META "inputs"
  uint8_t reserved;
  StrRef value;      // as in the source file ("C", "D1E", "A4467")
};
static_assert(sizeof(AttrRec) == 16);

// MODS: u32 count + ModifierRec[count], sorted by code: modifiers (two characters, so
// not codes of their own), e.g. the HCPCS Level II modifiers.
inline constexpr uint32_t kTagModifierList = MakeTag("MODS");
struct ModifierRec {  // 40 bytes
  char code[4];         // upper case, NUL padded ("KX")
  StrRef title;         // long description
  StrRef short_title;
  uint32_t added;       // YYYYMMDD, 0 = not given
  uint32_t effective;
  uint32_t terminated;
  char action;          // action code of the release ('N', 'A', ...; 0 = none)
  uint8_t source;       // index into META "inputs"
  uint8_t flags;        // kTerminated
  char coverage;        // coverage code (0 = none)
  uint32_t reserved;
};
static_assert(sizeof(ModifierRec) == 40);

// ---- Several years of one code system in one file (ICD-10-CM FY2026 and FY2027) -----
//
// One file holds every code of every year it covers, in the newest year's tabular order
// (a code deleted since an older year sits where that year's order put it). CODE carries
// the newest year: its titles and kBillable are that year's, and a code the newest year
// no longer has is kTerminated. Searches, lookups and checks choose a year by the date of
// service (CodeSet::YearAt) and ask the per-year accessors.
//
// YEAR (required when present): YearsHeader, YearRec[year_count] (oldest first, adjacent
//   periods), CodeYears[code_count] (CODE order).
// TTLY: u32 count + YearTitleRec[count], sorted by code then year: the titles a code had in
//   an older year where they differ from CODE's.
// ISRC: the ICD-10-CM import state, what the importer read that a code set's sections do
//   not carry (the Alphabetic Index and Tables as read, before their code targets were
//   checked against the years; the curated lexicon), so that a newer year's order file can
//   be compiled onto the file. Not a section of a code set: coder-import writes it in a file
//   of its own beside the code set (icd10cm-2027.import.mcs, codesets/importer/
//   icd10cm_state.h), which the site does not serve. A code-set reader refuses that file
//   as "an ICD-10-CM import state file ..., not a code set" (kInvalidArgument).
inline constexpr uint32_t kTagImportState = MakeTag("ISRC");
inline constexpr uint32_t kTagYears = MakeTag("YEAR");
inline constexpr uint32_t kTagYearTitles = MakeTag("TTLY");
inline constexpr uint32_t kMaxYears = 8;

struct YearsHeader {  // 8 bytes
  uint32_t year_count;   // 1..kMaxYears
  uint32_t code_count;   // = the CODE count
};
static_assert(sizeof(YearsHeader) == 8);

struct YearRec {  // 16 bytes
  uint32_t year;         // 2027 (fiscal year for ICD-10-CM)
  uint32_t from;         // first date of service, YYYYMMDD (20261001)
  uint32_t to;           // last date of service, YYYYMMDD (20270930)
  uint32_t reserved;
};
static_assert(sizeof(YearRec) == 16);

struct CodeYears {  // 4 bytes
  uint8_t first;         // index into YearRec of the first year the code is in
  uint8_t last;          // ... and of the last (first <= last; a code is in every year between)
  uint8_t billable;      // bit y: billable (valid for submission) in year y
  uint8_t reserved;
};
static_assert(sizeof(CodeYears) == 4);

struct YearTitleRec {  // 24 bytes
  uint32_t code;         // index into CODE
  uint8_t year;          // index into YearRec (an older year than the newest)
  uint8_t reserved[3];
  StrRef title;          // long title in that year
  StrRef short_title;
};
static_assert(sizeof(YearTitleRec) == 24);

// ---- Alphabetic Index and Tables (ICD-10-CM; optional sections, version 1) ----------
// The four books of the ICD10CM.index XML (Index to Diseases and Injuries, External
// Cause Index, Neoplasm Table, Table of Drugs and Chemicals) as trees, for browsing.
//
// IBOK: IndexBooksHeader, IndexBookRec[book_count], StrRef columns[column_count],
//       IndexLetterRec[letter_count]
// INOD: u32 count + IndexNodeRec[count]: every book's nodes in document (pre-)order, the
//       books one after another. A node's parent is the nearest node before it with a
//       lower level, its subtree ends at the next node (of its book) whose level is not
//       greater; the reader derives both (and where each node's refs start) when it opens
//       the file, so they cost nothing in the file and cannot disagree with the levels.
// IREF: u32 count + IndexRefRec[count]: the codes, cross-references and table cells of
//       each node, node by node (node k owns the ref_count records after node k-1's).
inline constexpr uint32_t kTagIndexBooks = MakeTag("IBOK");
inline constexpr uint32_t kTagIndexNodes = MakeTag("INOD");
inline constexpr uint32_t kTagIndexRefs = MakeTag("IREF");

struct IndexBooksHeader {  // 16 bytes
  uint32_t book_count;
  uint32_t column_count;
  uint32_t letter_count;
  uint32_t reserved;
};
static_assert(sizeof(IndexBooksHeader) == 16);

enum class IndexBookKind : uint8_t { kIndex = 0, kTable = 1 };

struct IndexBookRec {  // 40 bytes
  StrRef key;             // the manifest role: "index", "eindex", "neoplasm", "drug"
  StrRef name;            // "Index to Diseases and Injuries"
  uint32_t node_first;    // INOD[node_first, node_end)
  uint32_t node_end;
  uint32_t column_first;  // table column heads: columns[column_first, + column_count);
  uint16_t column_count;  //   the first is the row heading ("Neoplasm", "Substance")
  uint8_t source;         // index into META "inputs"
  uint8_t kind;           // IndexBookKind
  uint32_t letter_first;  // IndexLetterRec[letter_first, + letter_count), in order
  uint32_t letter_count;
};
static_assert(sizeof(IndexBookRec) == 40);

struct IndexLetterRec {  // 16 bytes: one letter heading of a book ("A", "#")
  StrRef letter;
  uint32_t first;        // its main terms (and their subterms): INOD[first, end)
  uint32_t end;
};
static_assert(sizeof(IndexLetterRec) == 16);

struct IndexNodeRec {  // 16 bytes
  StrRef title;          // as printed, nonessential modifiers in place: "Abasia (-astasia) (hysterical)"
  uint16_t nemod_begin;  // the nonessential modifiers: title bytes [nemod_begin, nemod_end)
  uint16_t nemod_end;    //   (equal: none)
  uint8_t level;         // 0 = main term; at most the previous node's level + 1
  uint8_t ref_count;     // IREF records of this node
  uint16_t reserved;
};
static_assert(sizeof(IndexNodeRec) == 16);

enum class IndexRefKind : uint8_t {
  kCode = 1,         // the code of the term ("S52.5-")
  kManif = 2,        // a manifestation code, printed in brackets ("[F02.80]")
  kSee = 3,          // "see ..."
  kSeeAlso = 4,      // "see also ..."
  kSeeCategory = 5,  // "see category M01"
  kSubcategory = 6,  // a code of this subcategory ("H81.8-")
  kCell = 7,         // a table cell: column = index into the book's columns
};
inline constexpr uint8_t kMaxIndexRefKind = 7;

enum class IndexTargetKind : uint8_t { kNoTarget = 0, kCode = 1, kNode = 2, kBook = 3 };

// IndexRefRec flags.
inline constexpr uint8_t kRefDash = 1;     // code written with a trailing "-" (more characters needed)
inline constexpr uint8_t kRefDotDash = 2;  // code written with ".-" ("A05.-")
inline constexpr uint8_t kRefPartial = 4;  // see/see also: the target is as far as the text leads
                                           // (words such as "by site" or "condition" are left to the reader)

struct IndexRefRec {  // 16 bytes
  uint8_t kind;          // IndexRefKind
  uint8_t target_kind;   // IndexTargetKind
  uint8_t column;        // a cell's column; a see target's column ("see Neoplasm, benign"); 0xFF none
  uint8_t flags;         // kRefDash, kRefDotDash, kRefPartial
  uint32_t target;       // index into CODE, INOD or IBOK books (target_kind), else kNone
  StrRef text;           // as written; empty for a code written exactly as its target
                         //   (the dotted code + "-" or ".-" per flags)
};
static_assert(sizeof(IndexRefRec) == 16);
inline constexpr uint8_t kNoColumn = 0xFF;

// ---- Index file (format 2.1) ---------------------------------------------------------
// The Alphabetic Index and Tables may come in a file of their own beside the code set
// ("icd10cm-2027-index.mcs"), so that a page downloads them only when its Index is opened:
// the same container (header, CRCs, section table, compact sections), holding only
//   META  {"part": "index", system, year, label, effective dates, format, inputs (the code
//         set's, in the same order: book sources index them), provenance, "codes": the code
//         set's code count, "codes_crc32": 8 hex digits, CRC-32 of the code set's CODE records'
//         code fields (char[8] each) in CODE order, "counts", "strings_bytes"}
//   IBOK, INOD, IREF (required, layouts as above; code targets index the code set's CODE)
//   STRS  the Index's own strings
// CodeSet::AttachIndex reads it into an open code set and refuses it unless system, year,
// code count, codes_crc32 and the inputs' sha256 match that code set. CodeSet::Open refuses
// an Index file ("not a code set"); a 2.0 reader refuses it for its missing CODE. A code-set
// file may still hold IBOK/INOD/IREF itself (as 2.0 files do); then it needs no Index file.
// The writer puts SRCH, LEXI, LALT (and IBOK, INOD, IREF when not split) after every other
// section, so that a reader may leave them out (CodeSet::OpenOptions).

// ---- Compact sections (format 2) ----------------------------------------------------
//
// A compact section is the section's records column by column. LEB128 below means an
// unsigned little-endian base-128 integer of at most 5 bytes (at most 32 bits).
//
//   LEB128 strings_begin   where this section's strings start in STRS (bytes)
//   LEB128 ids_begin       how many strings (string ids) the sections before it introduced
//   LEB128 records_bytes   the size of the fixed-width section it expands to (at most
//                          8 times the compact size + 64); the arrays must fill it exactly
//   per array of records (the section's layout, compact.cpp CodeSetLayout; a counted
//   section is one array, SRCH is header, terms, postings, documents, IBOK is header,
//   books, columns, letters):
//     LEB128 count         must equal the header's count where the layout says so
//     per field of the record, in layout order, all `count` values of that field:
//       number (u8/u16/u32): one byte codec, then per record LEB128 of x = value + 1
//         (mod 2^32, so kNone is 0): codec 0 stores x, codec 1 the zigzag difference from
//         the previous record's x (the first from 0). The value must fit the field.
//       code text (char[4]/char[8], NUL padded): one byte (shared << 4 | rest), the
//         first `shared` characters of the previous record's text, then `rest` bytes
//         (printable ASCII, no NUL).
//       string (StrRef): LEB128 v.
//         v & 1:      a string read before: id = previous id of this column (0 at first)
//                     + zigzag(v >> 1).
//         v & 3 == 0: a new string of v >> 2 bytes, the next bytes of STRS.
//         v & 3 == 2: a new string: LEB128 back, LEB128 cut: string (new id - back)
//                     less its last `cut` bytes, then v >> 2 bytes of STRS.
//         Every new non-empty string takes the next id (from 0, counting on from section to
//         section in file order).
//   SRCH postings: per term, in term order (post_first must be where the previous term's
//     postings end), post_count LEB128 values (doc - previous doc - 1) << 1 | optional
//     (the previous doc of a term's first posting is -1).
//   Nothing may follow the last array.
// STRS holds the strings' bytes in the order the sections read them, minus the shared
// prefixes; META "strings_bytes" says how large the expanded strings are (a hint: the
// reader allocates them once, and never more than 32 times STRS + 1 MiB). The reader expands the strings into one pool (the strings in id order, then
// any STRS bytes no compact section read); the records' StrRefs index that pool. A reader
// that skips a compact section it does not know starts the next section at its
// strings_begin and ids_begin; a string of the skipped section cannot be referenced
// (so the writer puts sections an older reader may not know after those it knows).
// Any new code-set section with strings or records needs a layout in compact.cpp.

}  // namespace medcode::format
