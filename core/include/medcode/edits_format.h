// The claim-edits file: NCCI (MUE, PTP, add-on codes), MCE lists, place of service and
// HCPCS Level II modifiers, in the MCS container of format.h (same 64-byte header,
// section table, CRCs, META and STRS sections; format major 1).
//
// META "system" is "CLAIM-EDITS". The edit sections below are flagged required: a reader
// that does not know one refuses the file instead of checking claims with half the data.
// A claim-edits reader skips unknown optional sections, like the code-set reader.
//
// Every table belongs to a data set (EDSS): its kind, setting, source file, version and the
// dates of service it covers. Dates are uint32 YYYYMMDD (20260701); 0 means "open".
//
// HCPCS/CPT codes are interned in ECOD (sorted, 5-character codes packed into a uint64,
// see PackCode): tables refer to them by uint16 id = position in ECOD.
#pragma once

#include <cstdint>

#include "medcode/format.h"

namespace medcode::edits_format {

using format::MakeTag;
using format::StrRef;

inline constexpr char kSystem[] = "CLAIM-EDITS";

inline constexpr uint32_t kTagEditCodes = MakeTag("ECOD");     // u32 count, u32 0, u64 key[count] ascending
inline constexpr uint32_t kTagDatasets = MakeTag("EDSS");  // u32 count, u32 0, DatasetRec[count]
inline constexpr uint32_t kTagMue = MakeTag("EMUE");       // one per table: MueHeader, StrRef[rationales], MueRec[count]
inline constexpr uint32_t kTagPtp = MakeTag("EPTP");       // one per table: PtpHeader + arrays, see below
inline constexpr uint32_t kTagAoc = MakeTag("EAOC");       // AocHeader, AocAddon[addons], AocPrimary[primaries]
inline constexpr uint32_t kTagMce = MakeTag("EMCE");       // MceHeader, MceRec[count] sorted by code
inline constexpr uint32_t kTagPos = MakeTag("EPOS");       // ListHeader, PosRec[count] sorted by code
inline constexpr uint32_t kTagModifiers = MakeTag("EMOD"); // ListHeader, ModRec[count] sorted by code

inline constexpr uint32_t kMaxCodes = 65535;  // ids are uint16

// "99214" -> 0x3939323134000000: byte order = text order, so keys sort like the codes.
// Up to 8 characters; returns 0 for an empty or longer text.
constexpr uint64_t PackCode(const char* s, unsigned n) {
  if (n == 0 || n > 8) return 0;
  uint64_t k = 0;
  for (unsigned i = 0; i < 8; ++i) k = k << 8 | (i < n ? static_cast<uint8_t>(s[i]) : 0u);
  return k;
}

enum class DatasetKind : uint32_t { kMue = 1, kPtp = 2, kAoc = 3, kMce = 4, kPos = 5, kModifiers = 6 };
enum class Setting : uint32_t { kAny = 0, kPractitioner = 1, kOutpatientHospital = 2, kDmeSupplier = 3 };

inline constexpr uint32_t kDatasetHasDeletionDates = 1;  // PTP rows carry deletion dates (full history)
inline constexpr uint32_t kDatasetHasRationale = 2;      // PTP rows carry the CMS rationale
inline constexpr uint32_t kDatasetDerived = 4;           // a third-party extraction of official data

struct DatasetRec {  // 56 bytes
  uint32_t kind;       // DatasetKind
  uint32_t setting;    // Setting
  uint32_t from;       // first date of service covered (YYYYMMDD), 0 = open
  uint32_t to;         // last date of service covered, 0 = open
  uint32_t flags;
  uint32_t input;      // index into META "inputs"
  StrRef label;        // "NCCI PTP practitioner 2026Q3"
  StrRef version;      // "2026Q3"
  StrRef note;         // what the data does not say (e.g. "no effective dates")
  uint32_t extra;      // kind specific: MCE = date this version starts (YYYYMMDD)
  uint32_t reserved;
};
static_assert(sizeof(DatasetRec) == 56);

// ---- MUE: one EMUE section per table (practitioner, outpatient hospital, DME supplier).
struct MueHeader {  // 16 bytes
  uint32_t dataset;
  uint32_t count;
  uint32_t rationale_count;
  uint32_t reserved;
};
// then StrRef rationale[rationale_count], then MueRec[count] sorted by code id (strictly).
struct MueRec {  // 8 bytes
  uint16_t code;
  uint8_t mai;        // MUE adjudication indicator 1, 2 or 3
  uint8_t rationale;  // index into the rationale list
  uint32_t value;     // units; 0 = not payable in this setting
};
static_assert(sizeof(MueRec) == 8);

// ---- PTP: one EPTP section per table. Layout, each array 4-byte aligned:
//   PtpHeader
//   uint32 row_first[code_count + 1]   entries of column-1 code id c: [row_first[c], row_first[c+1])
//   uint32 dates[date_count]           deletion dates (YYYYMMDD), ascending
//   StrRef rationale[rationale_count]
//   uint16 column2[entry_count]        ascending within a row (equal ids: ascending deletion date, none last)
//   (pad to 4)
//   uint16 attr[entry_count]           see kPtp* below
struct PtpHeader {  // 24 bytes
  uint32_t dataset;
  uint32_t code_count;       // = ECOD count
  uint32_t entry_count;
  uint32_t date_count;
  uint32_t rationale_count;
  uint32_t reserved;
};
inline constexpr uint16_t kPtpModMask = 3;         // bits 0-1: modifier indicator 0 -> 0, 1 -> 1, 9 -> 2
inline constexpr uint16_t kPtpRationaleShift = 2;  // bits 2-6: rationale index + 1 (0 = none)
inline constexpr uint16_t kPtpRationaleMask = 31;
inline constexpr uint16_t kPtpDateShift = 7;       // bits 7-15: deletion date index + 1 (0 = not deleted)
inline constexpr uint16_t kPtpDateMask = 511;

// ---- Add-on codes (EAOC).
struct AocHeader {  // 16 bytes
  uint32_t dataset;
  uint32_t addon_count;
  uint32_t primary_count;
  uint32_t reserved;
};
struct AocAddon {  // 24 bytes, sorted by code id (strictly)
  uint16_t code;
  uint8_t type;          // AOC edit type 1, 2 or 3
  uint8_t reserved0;
  uint32_t effective;    // earliest effective date of its rows
  uint32_t end;          // 0 = open
  uint32_t primary_first;
  uint32_t primary_count;
  uint32_t reserved1;
};
static_assert(sizeof(AocAddon) == 24);
struct AocPrimary {  // 12 bytes, sorted by code id within an add-on
  uint16_t code;
  uint16_t reserved;
  uint32_t effective;
  uint32_t end;          // 0 = open
};
static_assert(sizeof(AocPrimary) == 12);

// ---- MCE lists (EMCE), ICD-10-CM codes undotted.
struct MceHeader {  // 8 bytes
  uint32_t dataset;
  uint32_t count;
};
inline constexpr uint32_t kMceNewborn = 1;         // age 0
inline constexpr uint32_t kMcePediatric = 2;       // age 0-17
inline constexpr uint32_t kMceMaternity = 4;       // age 9-64
inline constexpr uint32_t kMceAdult = 8;           // age 15-124
inline constexpr uint32_t kMceManifestation = 16;  // not allowed as principal diagnosis
inline constexpr uint32_t kMceUnacceptablePdx = 32;
inline constexpr uint32_t kMceAcceptableWithSecondary = 64;  // unacceptable only without a secondary diagnosis
inline constexpr uint32_t kMceUnacceptableBefore = 128;      // removed from the list by this version: applies
                                                             // only before DatasetRec.extra
struct MceRec {  // 16 bytes
  char code[8];
  uint32_t flags;
  uint32_t reserved;
};
static_assert(sizeof(MceRec) == 16);

// ---- Place of service (EPOS) and HCPCS Level II modifiers (EMOD).
struct ListHeader {  // 8 bytes
  uint32_t dataset;
  uint32_t count;
};
inline constexpr uint32_t kPosTelehealth = 1;
struct PosRec {  // 16 bytes
  char code[4];   // "11"
  StrRef name;
  uint32_t flags;
};
static_assert(sizeof(PosRec) == 16);
struct ModRec {  // 32 bytes
  char code[4];       // "RT"
  uint32_t added;     // ADD DT
  uint32_t terminated;  // TERM DT (last day valid), 0 = open
  uint32_t reserved;
  StrRef short_desc;
  StrRef long_desc;
};
static_assert(sizeof(ModRec) == 32);

}  // namespace medcode::edits_format
