// Read-only view of one code-set file (see format.h).
//
// CodeSet::Open expands the compact sections into fixed-width records it owns, then
// validates the whole file once (header, checksums, every offset, count and cross
// reference), so the accessors below can index without checks. The strings of a compact
// file are read from a copy of STRS, a string stored as an earlier one's prefix plus its
// own bytes put together when first read (medcode/joined_strings.h): str() is not safe for
// two threads reading one code set at once. Sections stored fixed-width
// (and STRS of a file without compact sections) are read in place: the bytes must then
// outlive the CodeSet and every view from it (borrows_bytes()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "medcode/buffer.h"
#include "medcode/code_text.h"
#include "medcode/date.h"
#include "medcode/error.h"
#include "medcode/format.h"
#include "medcode/joined_strings.h"

namespace medcode {

struct InputInfo {      // one official (or derived) input file of the import
  std::string role;     // e.g. "order", "notes", "tabular"
  std::string name;     // official file name
  std::string path;     // path below CODESETS_DIR
  int year = 0;         // code-set year the file belongs to
  std::string sha256;   // of the file as stored
  std::string kind;     // "official" or "derived"
};

struct AttributeDefInfo {  // a kind of code attribute (META "attributes")
  std::string key;           // "coverage"
  std::string label;         // "Medicare coverage"
  std::vector<std::pair<std::string, std::string>> values;  // coded value -> meaning, sorted by value
  std::string note;          // where the meanings come from ("" = the code set's inputs)
  std::string Meaning(std::string_view value) const;        // "" if the value is not listed
};

struct CodeSetMeta {
  std::string system;          // "ICD-10-CM"
  int year = 0;                // 2026 (fiscal year)
  std::string label;           // "ICD-10-CM FY2026"
  std::string effective_from;  // ISO date, e.g. "2025-10-01"
  std::string effective_to;    // ISO date, e.g. "2026-09-30"
  std::vector<InputInfo> inputs;
  std::string json;            // the META section as stored
  std::string provenance;      // e.g. "user-supplied file cpt.tsv, sha256 ..., loaded 2026-01-05" ("" if none)
  int dot_after = 3;           // ICD-10-CM: "E11.9"; 0: codes are shown as stored ("E0100", "99213")
  bool flat = false;           // no hierarchy (HCPCS, CPT)
  std::vector<AttributeDefInfo> attributes;
};

class CodeSet {
 public:
  // Move only: the views point into storage the CodeSet owns (expanded compact sections).
  CodeSet(const CodeSet&) = delete;
  CodeSet& operator=(const CodeSet&) = delete;
  CodeSet(CodeSet&&) = default;
  CodeSet& operator=(CodeSet&&) = default;

  // What Open reads. A reader that needs neither the search nor the Index (the claim checker:
  // codes, notes, years, 7th characters) leaves them out: their records are not expanded and
  // their strings not kept, so the code set takes far less memory.
  struct OpenOptions {
    bool search = true;  // SRCH, LEXI, LALT
    bool index = true;   // IBOK, INOD, IREF of a file that holds them
    // The payload CRC-32 (every byte after the header) is checked unless the caller has
    // checked the same bytes already: the page's copy of a .mcs.gz file inflated by a gzip
    // reader that checks the gzip member's own CRC-32 and length of those bytes (RFC 1952),
    // such as the browser's DecompressionStream. The header CRC, the sizes and every record
    // are checked either way. The CRC is a fifth of a native open's instructions.
    bool payload_crc = true;
  };

  // The span must be 8-byte aligned (any malloc/mmap/ArrayBuffer start is).
  static Result<CodeSet> Open(std::span<const uint8_t> bytes);
  static Result<CodeSet> Open(std::span<const uint8_t> bytes, const OpenOptions& options);

  // Adds the Alphabetic Index and Tables from their own file (format.h "Index file"): checked
  // like a code-set file (header, CRCs, every record), and refused unless it was written with
  // this code set (system, year, codes and inputs). Its records and strings are copied: the
  // bytes may be freed when this returns. An error leaves the code set as it was.
  std::optional<Error> AttachIndex(std::span<const uint8_t> index_bytes);
  bool has_index() const { return !index_.books.empty(); }
  // CRC-32 of the CODE records' code texts in CODE order: what an Index file names as its code set.
  uint32_t CodesCrc32() const;

  const CodeSetMeta& meta() const { return meta_; }
  uint16_t format_minor() const { return minor_; }
  size_t byte_size() const { return byte_size_; }
  // True when a section is read in place from the bytes given to Open (a format 1 file, or
  // a section stored fixed-width); false when every section was expanded into storage the
  // CodeSet owns (format 2): the caller may then free those bytes once Open returns.
  bool borrows_bytes() const { return borrows_; }

  uint32_t size() const { return static_cast<uint32_t>(codes_.size()); }
  const format::CodeRec& rec(uint32_t i) const { return codes_[i]; }
  std::string_view str(format::StrRef r) const {
    if (r.offset >= strings_.size()) [[unlikely]] return FarStr(r);
    return {reinterpret_cast<const char*>(strings_.data()) + r.offset, r.length};
  }
  std::string_view code(uint32_t i) const;  // undotted, e.g. "E119"
  std::string Dotted(uint32_t i) const;     // "E11.9"; as stored where the system has no dot ("E0100")
  std::string Display(std::string_view undotted) const;  // a code text as this system shows it
  bool terminated(uint32_t i) const { return codes_[i].flags & format::kTerminated; }
  std::string_view title(uint32_t i) const { return str(codes_[i].title); }
  bool billable(uint32_t i) const { return codes_[i].flags & format::kBillable; }

  // Code text in any case, dotted or not ("e11.9", "E119"); nullopt if absent.
  std::optional<uint32_t> Find(std::string_view code) const;
  // Positions [first, last) in sorted() of the codes starting with an undotted upper-case prefix.
  std::pair<uint32_t, uint32_t> PrefixRange(std::string_view undotted_prefix) const;
  std::span<const uint32_t> sorted() const { return sorted_; }

  std::span<const format::ChapterRec> chapters() const { return chapters_; }
  std::span<const format::SectionRec> sections() const { return sections_; }
  std::span<const format::NoteRec> notes() const { return notes_; }
  std::span<const format::CodeRange> note_refs() const { return refs_; }
  std::span<const format::SeventhDef> seventh_defs() const { return sdefs_; }
  std::span<const format::SeventhExt> seventh_exts() const { return sexts_; }
  std::span<const format::DeletedRec> deleted() const { return deleted_; }
  const format::DeletedRec* FindDeleted(std::string_view undotted_upper) const;

  // Dated codes (DATE section; nullptr when the file has none).
  const format::CodeDates* dates(uint32_t i) const { return dates_.empty() ? nullptr : &dates_[i]; }
  // Attributes of one code (ATTR), in key order; keys index meta().attributes.
  std::span<const format::AttrRec> AttributesOf(uint32_t i) const;
  // Modifiers (MODS), sorted by code; FindModifier takes any case.
  std::span<const format::ModifierRec> modifiers() const { return modifiers_; }
  const format::ModifierRec* FindModifier(std::string_view code) const;

  // Years (YEAR, TTLY). A file may hold several years of one code system; rec(), title()
  // and billable() are then the newest year's. Year arguments are indices into years()
  // (oldest first); a file without YEAR has one year, index 0, and these answer from CODE.
  std::span<const format::YearRec> years() const { return years_; }
  int newest_year() const { return years_.empty() ? 0 : static_cast<int>(years_.size()) - 1; }
  // The year in force on a date of service (YYYYMMDD; 0 = the newest year); -1 when the
  // file holds several years and none covers the date.
  int YearAt(uint32_t date) const;
  int YearNumber(int y) const;                    // 2027; 0 for an invalid index
  bool InYear(uint32_t i, int y) const {          // the code exists in year y (inline: the search asks per document)
    return code_years_.empty() || (y >= 0 && code_years_[i].first <= y && y <= code_years_[i].last);
  }
  bool BillableIn(uint32_t i, int y) const;       // ... and is valid for submission
  std::string_view TitleIn(uint32_t i, int y) const;
  std::string_view ShortTitleIn(uint32_t i, int y) const;
  const format::CodeYears* code_years(uint32_t i) const { return code_years_.empty() ? nullptr : &code_years_[i]; }

  // Search index (may be absent in a file without a SRCH section).
  bool has_search() const { return has_search_; }
  std::span<const format::TermRec> terms() const { return terms_; }
  std::span<const uint32_t> postings() const { return postings_; }
  std::span<const format::DocRec> docs() const { return docs_; }
  // The curated clinical lexicon (may be empty).
  std::span<const format::LexRec> lexicon() const { return lexicon_; }
  std::span<const format::AltRec> lexicon_alts() const { return lexalts_; }

  // Alphabetic Index and Tables (IBOK, INOD, IREF; empty when the file has none; see
  // medcode/index.h for browsing). Nodes are in document order; a node's parent, the end
  // of its subtree and its references are derived from the levels when the file opens.
  std::span<const format::IndexBookRec> index_books() const { return index_.books; }
  std::span<const format::StrRef> index_columns() const { return index_.columns; }
  std::span<const format::IndexLetterRec> index_letters() const { return index_.letters; }
  std::span<const format::IndexNodeRec> index_nodes() const { return index_.nodes; }
  uint32_t index_parent(uint32_t node) const { return index_.parent[node]; }  // kNone for a main term
  uint32_t index_subtree_end(uint32_t node) const { return index_.end[node]; }
  std::span<const format::IndexRefRec> index_refs(uint32_t node) const {
    return index_.refs.subspan(index_.ref_first[node], index_.nodes[node].ref_count);
  }
  std::span<const format::IndexRefRec> index_all_refs() const { return index_.refs; }
  uint32_t index_ref_first(uint32_t node) const { return index_.ref_first[node]; }
  uint32_t index_book_of(uint32_t node) const;  // the book holding a node

  // Source name for a provenance index ("icd10cm_order_2026.txt (FY2026, official)").
  std::string SourceLabel(uint8_t source) const;

 private:
  CodeSet() = default;
  size_t byte_size_ = 0;
  bool borrows_ = true;
  std::vector<WordBuffer> expanded_;  // compact sections as fixed-width records
  CharBuffer pool_;                    // their strings: STRS as read (and joins_), or expanded (compact.h)
  JoinedStrings joins_;                // the strings stored as an earlier one's prefix plus their own bytes
  std::string_view FarStr(format::StrRef r) const;  // a join, or a string of an attached Index file
  bool StrValid(format::StrRef r, size_t pool) const;  // r names strings_[0, pool) (or a join)
  uint16_t minor_ = 0;
  CodeSetMeta meta_;
  std::span<const uint8_t> strings_;
  std::span<const format::CodeRec> codes_;
  std::span<const uint32_t> sorted_;
  std::span<const format::ChapterRec> chapters_;
  std::span<const format::SectionRec> sections_;
  std::span<const format::NoteRec> notes_;
  std::span<const format::CodeRange> refs_;
  std::span<const format::SeventhDef> sdefs_;
  std::span<const format::SeventhExt> sexts_;
  std::span<const format::DeletedRec> deleted_;
  std::span<const format::CodeDates> dates_;
  std::span<const format::AttrRec> attrs_;
  std::span<const format::ModifierRec> modifiers_;
  std::span<const format::YearRec> years_;
  std::span<const format::CodeYears> code_years_;
  std::span<const format::YearTitleRec> year_titles_;
  std::optional<Error> OpenYears(std::span<const uint8_t> ysec, bool has_years, std::span<const uint8_t> tsec,
                                 bool has_titles);
  const format::YearTitleRec* OlderTitle(uint32_t i, int y) const;
  bool has_search_ = false;
  std::span<const format::TermRec> terms_;
  std::span<const uint32_t> postings_;
  std::span<const format::DocRec> docs_;
  std::span<const format::LexRec> lexicon_;
  std::span<const format::AltRec> lexalts_;
  // The Alphabetic Index and Tables: the sections as read, and what OpenIndex derives
  // from the node levels (see index_parent).
  struct IndexSections {
    std::span<const format::IndexBookRec> books;
    std::span<const format::StrRef> columns;
    std::span<const format::IndexLetterRec> letters;
    std::span<const format::IndexNodeRec> nodes;
    std::span<const format::IndexRefRec> refs;
    std::vector<uint32_t> parent, end, ref_first;
  } index_;
  CharBuffer index_pool_;  // an attached Index file's strings: StrRef offsets past strings_
  static Result<CodeSet> OpenParts(std::span<const uint8_t> bytes, const OpenOptions& options);
  std::optional<Error> OpenIndex(std::span<const uint8_t> ibok, std::span<const uint8_t> inod,
                                 std::span<const uint8_t> iref, bool complete);
};


}  // namespace medcode
