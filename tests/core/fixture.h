// Shared helpers of the core tests: the fixture code set (tests/fixtures, imported
// through the real importer), aligned byte buffers, and raw access to the MCS layout
// for tests that damage a file on purpose.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "icd10cm.h"
#include "medcode/codeset.h"
#include "medcode/format.h"

namespace medcode::fx {

std::string FixturesDir();                 // tests/fixtures (absolute)
nlohmann::json FixtureManifest();          // tests/fixtures/manifest.json
nlohmann::json FixtureEntry();             // its one code set entry
const std::string& FixtureFileBytes();     // the imported code-set file (imported once per process)
const std::string& FixtureStateBytes();    // its import state file (icd10cm_state.h), written with it
const CodeSet& FixtureCodeSet();           // opened over an aligned copy of FixtureFileBytes()

// An 8-byte aligned copy of some bytes (CodeSet::Open needs 8-byte alignment).
class Aligned {
 public:
  explicit Aligned(std::string_view bytes, size_t shift = 0);
  std::span<const uint8_t> span() const { return {data(), size_}; }
  const uint8_t* data() const { return reinterpret_cast<const uint8_t*>(buf_.data()) + shift_; }
  size_t size() const { return size_; }

 private:
  std::vector<uint64_t> buf_;
  size_t shift_ = 0;
  size_t size_ = 0;
};

Result<CodeSet> OpenBytes(const Aligned& a);
// Opens an aligned copy of bytes for its status only: the copy is gone when it returns, so
// a CodeSet it gives must not be read.
Result<CodeSet> OpenStatus(const std::string& bytes);
// Reseals a file damaged on purpose (Reseal) and expects it refused as kCorrupt; `what`
// names the damage in the failure message.
void ExpectCorruptOnceResealed(std::string& file, const char* what);

// Raw view of a code-set file for damaging it on purpose (RawSection is the writer's).
using import::RawSection;
format::FileHeader ReadHeader(const std::string& file);
std::vector<format::SectionEntry> ReadSectionTable(const std::string& file);
std::vector<RawSection> SplitSections(const std::string& file);
// Lays sections out with the writer's own AssembleFile (8-byte aligned, both CRCs).
inline std::string Assemble(const std::vector<RawSection>& sections, uint16_t major = format::kFormatMajor,
                            uint16_t minor = format::kFormatMinor) {
  return import::AssembleFile(sections, major, minor);
}
// The same file with its compact sections expanded to fixed-width records (which format 2
// reads as well), for tests that damage one field of one record.
std::string Expanded(const std::string& file);
// Recomputes the payload CRC and then the header CRC (after in-place edits).
void Reseal(std::string& file);
// Recomputes only the header CRC (after editing header fields).
void ResealHeader(std::string& file);
// Offset of a section's data in the file (the first with this tag).
size_t SectionOffset(const std::string& file, uint32_t tag);

template <class T>
T LoadAt(const std::string& s, size_t off) {
  T v;
  std::memcpy(&v, s.data() + off, sizeof(T));
  return v;
}
template <class T>
void StoreAt(std::string& s, size_t off, const T& v) {
  std::memcpy(s.data() + off, &v, sizeof(T));
}

// A temporary copy of the fixture inputs whose files can be replaced; Entry() gives
// a manifest entry with recomputed sha256s (so a test can feed a malformed input).
class TempInputs {
 public:
  TempInputs();
  ~TempInputs();
  const std::string& dir() const { return dir_; }
  void Write(const std::string& path, std::string_view content);  // below dir()
  // The fixture entry with every input's sha256 set to that of the file now in dir()
  // (inputs whose file is absent keep their sha256).
  nlohmann::json Entry() const;

 private:
  std::string dir_;
};

// The real inputs (fulldata tests): $CODESETS_DIR, else MEDCODE_REAL_CODESETS_DIR; the
// project's own inputs ("project:" paths) below codesets/; an entry of codesets/manifest.json
// by id (null if absent).
std::string RealCodesetsDir();
std::string ProjectCodesetsDir();
nlohmann::json RealManifestEntry(const std::string& id);

// Imports an entry; on failure returns the error.
Result<std::string> Import(const nlohmann::json& entry, const std::string& dir, import::Report* report = nullptr);

}  // namespace medcode::fx
