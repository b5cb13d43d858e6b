// Read-only, zero-copy view of a claim-edits file (edits_format.h): NCCI MUE, PTP and
// add-on code tables, MCE lists, place of service codes and HCPCS Level II modifiers.
//
// EditSet::Open validates the whole file once (header, checksums, every offset, count,
// sort order and reference), so the lookups below index without checks. The bytes are
// not copied: they must outlive the EditSet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "medcode/codeset.h"
#include "medcode/date.h"
#include "medcode/edits_format.h"
#include "medcode/error.h"

namespace medcode {

struct EditDataset {
  uint32_t index = 0;
  edits_format::DatasetKind kind{};
  edits_format::Setting setting{};
  uint32_t from = 0, to = 0;  // YYYYMMDD, 0 = open
  uint32_t flags = 0;
  uint32_t extra = 0;
  std::string label;          // "NCCI PTP practitioner 2026Q3"
  std::string version;        // "2026Q3"
  std::string note;           // known gaps of the data
  std::string source;         // "ncci-ptp-browser.json (2026Q3, derived)"
  bool Covers(uint32_t date) const { return (from == 0 || date >= from) && (to == 0 || date <= to); }
};

const char* SettingName(edits_format::Setting s);  // "practitioner", "outpatient-hospital", "dme-supplier", "any"
const char* DatasetKindName(edits_format::DatasetKind k);  // "mue", "ptp", ...

class EditSet {
 public:
  struct MueTable {
    const EditDataset* dataset = nullptr;
    std::span<const edits_format::MueRec> recs;
    std::span<const format::StrRef> rationales;
  };
  struct PtpTable {
    const EditDataset* dataset = nullptr;
    std::span<const uint32_t> row_first;
    std::span<const uint32_t> dates;
    std::span<const format::StrRef> rationales;
    std::span<const uint16_t> column2;
    std::span<const uint16_t> attr;
  };
  struct AocTable {
    const EditDataset* dataset = nullptr;
    std::span<const edits_format::AocAddon> addons;
    std::span<const edits_format::AocPrimary> primaries;
  };
  // A list of records sorted by code (MCE edits, places of service, modifiers).
  template <class Rec>
  struct RecList {
    const EditDataset* dataset = nullptr;
    std::span<const Rec> recs;
  };
  using MceList = RecList<edits_format::MceRec>;
  using PosList = RecList<edits_format::PosRec>;
  using ModList = RecList<edits_format::ModRec>;
  struct SectionSize {
    std::string what;  // "PTP NCCI PTP practitioner 2026Q3"
    uint64_t bytes;
  };

  // The span must be 8-byte aligned (any malloc/mmap/ArrayBuffer start is).
  static Result<EditSet> Open(std::span<const uint8_t> bytes);

  EditSet() = default;
  EditSet(EditSet&&) = default;             // tables point into datasets_, whose elements a move keeps
  EditSet& operator=(EditSet&&) = default;
  EditSet(const EditSet&) = delete;         // a copy would point into the original
  EditSet& operator=(const EditSet&) = delete;

  const CodeSetMeta& meta() const { return meta_; }
  size_t byte_size() const { return bytes_.size(); }
  const std::vector<SectionSize>& section_sizes() const { return section_sizes_; }
  const std::vector<EditDataset>& datasets() const { return datasets_; }
  std::string_view str(format::StrRef r) const {
    return {reinterpret_cast<const char*>(strings_.data()) + r.offset, r.length};
  }

  // HCPCS/CPT code ids: the code in upper case ("99214"); -1 if no table names it.
  int32_t CodeId(std::string_view code) const;
  std::string CodeText(uint16_t id) const;
  uint32_t code_count() const { return static_cast<uint32_t>(codes_.size()); }

  const MueTable* Mue(edits_format::Setting s) const;   // the newest edition of the setting; nullptr if none
  // The edition of the setting in force on a date of service (the newest covering it; else
  // the newest): a file may hold several quarters of one setting (a clinic's loaded update
  // beside the shipped edition). nullptr if none.
  const MueTable* Mue(edits_format::Setting s, uint32_t date) const;
  const std::vector<MueTable>& mue_tables() const { return mue_; }
  const edits_format::MueRec* FindMue(const MueTable& t, uint16_t code) const;

  const std::vector<PtpTable>& ptp_tables() const { return ptp_; }
  // Rows of column-1 code c1 whose column-2 code is c2: [first, last) into column2/attr.
  std::pair<uint32_t, uint32_t> FindPtp(const PtpTable& t, uint16_t c1, uint16_t c2) const;

  const AocTable* aoc() const { return aoc_.dataset ? &aoc_ : nullptr; }
  const edits_format::AocAddon* FindAddon(uint16_t code) const;

  const MceList* mce() const { return mce_.dataset ? &mce_ : nullptr; }
  uint32_t MceFlags(std::string_view undotted) const;  // 0 if not listed

  const PosList* pos() const { return pos_.dataset ? &pos_ : nullptr; }
  const edits_format::PosRec* FindPos(std::string_view code) const;

  const ModList* modifiers() const { return mods_.dataset ? &mods_ : nullptr; }
  const edits_format::ModRec* FindModifier(std::string_view code) const;

 private:
  // (Tables point into datasets_: moving the vector keeps its elements in place.)
  std::span<const uint8_t> bytes_;
  CodeSetMeta meta_;
  std::span<const uint8_t> strings_;
  std::span<const uint64_t> codes_;
  std::vector<EditDataset> datasets_;
  std::vector<SectionSize> section_sizes_;
  std::vector<MueTable> mue_;
  std::vector<PtpTable> ptp_;
  AocTable aoc_;
  MceList mce_;
  PosList pos_;
  ModList mods_;
};

}  // namespace medcode
