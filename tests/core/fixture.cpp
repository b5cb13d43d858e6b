#include "fixture.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "compact.h"
#include "crc32.h"
#include "util.h"

namespace medcode::fx {

namespace fs = std::filesystem;
using namespace format;

std::string FixturesDir() { return MEDCODE_FIXTURES_DIR; }

nlohmann::json FixtureManifest() {
  auto text = import::ReadFile(FixturesDir() + "/manifest.json");
  if (!text) {
    ADD_FAILURE() << text.error().message;
    return {};
  }
  return nlohmann::json::parse(*text);
}

nlohmann::json FixtureEntry() { return FixtureManifest()["codesets"][0]; }

Result<std::string> Import(const nlohmann::json& entry, const std::string& dir, import::Report* report) {
  import::Report local;
  return import::ImportEntry(entry, dir, report ? *report : local);
}

namespace {
// The fixture code set and its import state file, imported once per process.
const std::pair<std::string, std::string>& FixtureFiles() {
  static const std::pair<std::string, std::string> files = [] {
    import::Report rep;
    std::string state;
    auto r = import::ImportEntry(FixtureEntry(), FixturesDir(), rep, ".", &state);
    if (!r) {
      ADD_FAILURE() << "importing the fixtures failed: " << r.error().message;
      return std::pair<std::string, std::string>();
    }
    return std::pair{*r, state};
  }();
  return files;
}
}  // namespace

const std::string& FixtureFileBytes() { return FixtureFiles().first; }
const std::string& FixtureStateBytes() { return FixtureFiles().second; }

const CodeSet& FixtureCodeSet() {
  static const Aligned* bytes = new Aligned(FixtureFileBytes());
  static const CodeSet* cs = [] {
    auto r = CodeSet::Open(bytes->span());
    if (!r) {
      std::fprintf(stderr, "fixture code set does not open: %s\n", r.error().message.c_str());
      std::abort();
    }
    return new CodeSet(std::move(*r));
  }();
  return *cs;
}

Aligned::Aligned(std::string_view bytes, size_t shift) : shift_(shift), size_(bytes.size()) {
  buf_.assign((bytes.size() + shift + 7) / 8 + 1, 0);
  if (!bytes.empty()) std::memcpy(reinterpret_cast<char*>(buf_.data()) + shift, bytes.data(), bytes.size());
}

Result<CodeSet> OpenBytes(const Aligned& a) { return CodeSet::Open(a.span()); }

Result<CodeSet> OpenStatus(const std::string& bytes) {
  Aligned a(bytes);
  return CodeSet::Open(a.span());
}

void ExpectCorruptOnceResealed(std::string& file, const char* what) {
  Reseal(file);
  auto r = OpenStatus(file);
  ASSERT_FALSE(r.ok()) << what << " was accepted";
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt) << what << ": " << r.error().message;
}

FileHeader ReadHeader(const std::string& file) { return LoadAt<FileHeader>(file, 0); }

std::vector<SectionEntry> ReadSectionTable(const std::string& file) {
  FileHeader h = ReadHeader(file);
  std::vector<SectionEntry> out;
  for (uint32_t i = 0; i < h.section_count; ++i) out.push_back(LoadAt<SectionEntry>(file, kHeaderSize + i * kSectionEntrySize));
  return out;
}

std::vector<RawSection> SplitSections(const std::string& file) {
  std::vector<RawSection> out;
  for (const auto& e : ReadSectionTable(file)) {
    out.push_back({e.tag, e.version, e.flags, file.substr(e.offset, e.size)});
  }
  return out;
}

std::string Expanded(const std::string& file) {
  auto secs = compact::ExpandAll(SplitSections(file));
  if (!secs) {
    ADD_FAILURE() << secs.error().message;
    return file;
  }
  FileHeader h = ReadHeader(file);
  return Assemble(*secs, h.major, h.minor);
}

void ResealHeader(std::string& file) {
  uint32_t crc = HeaderCrc32(file.data());
  StoreAt(file, offsetof(FileHeader, header_crc32), crc);
}

void Reseal(std::string& file) {
  uint32_t crc = Crc32(file.data() + kHeaderSize, file.size() - kHeaderSize);
  StoreAt(file, offsetof(FileHeader, payload_crc32), crc);
  ResealHeader(file);
}

size_t SectionOffset(const std::string& file, uint32_t tag) {
  for (const auto& e : ReadSectionTable(file)) {
    if (e.tag == tag) return e.offset;
  }
  ADD_FAILURE() << "no such section";
  return 0;
}

TempInputs::TempInputs() {
  std::string tmpl = (fs::temp_directory_path() / "medcode-test-XXXXXX").string();
  char* d = mkdtemp(tmpl.data());
  if (!d) {
    ADD_FAILURE() << "mkdtemp failed";
    return;
  }
  dir_ = d;
  const nlohmann::json entry = FixtureEntry();
  for (const auto& in : entry["inputs"]) {
    fs::copy_file(FixturesDir() + "/" + in["path"].get<std::string>(), dir_ + "/" + in["path"].get<std::string>());
  }
}

TempInputs::~TempInputs() {
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

void TempInputs::Write(const std::string& path, std::string_view content) {
  fs::create_directories(fs::path(dir_ + "/" + path).parent_path());
  std::ofstream f(dir_ + "/" + path, std::ios::binary | std::ios::trunc);
  f.write(content.data(), static_cast<std::streamsize>(content.size()));
}

nlohmann::json TempInputs::Entry() const {
  nlohmann::json e = FixtureEntry();
  for (auto& in : e["inputs"]) {
    auto bytes = import::ReadFile(dir_ + "/" + in["path"].get<std::string>());
    if (bytes) in["sha256"] = import::Sha256Hex(*bytes);
  }
  return e;
}

std::string RealCodesetsDir() {
  const char* env = std::getenv("CODESETS_DIR");
  return env && *env ? env : MEDCODE_REAL_CODESETS_DIR;
}

std::string ProjectCodesetsDir() { return std::string(MEDCODE_SOURCE_DIR) + "/codesets"; }

nlohmann::json RealManifestEntry(const std::string& id) {
  auto text = import::ReadFile(ProjectCodesetsDir() + "/manifest.json");
  if (!text) return {};
  auto m = nlohmann::json::parse(*text, nullptr, false);
  if (m.is_discarded() || !m.contains("codesets")) return {};
  for (const auto& e : m["codesets"]) {
    if (e.value("id", "") == id) return e;
  }
  return {};
}

}  // namespace medcode::fx
