// The manifest (codesets/manifest.json): loads and hashes each entry's inputs and hands
// them to the importer of its code system (ICD-10-CM, HCPCS, claim edits).
#include <cstring>

#include "edits.h"
#include "hcpcs.h"
#include "icd10cm.h"
#include "icd10cm_state.h"
#include "medcode/codeset.h"
#include "util.h"

namespace medcode::import {

Result<std::vector<LoadedInput>> LoadInputs(const nlohmann::json& entry, const std::string& dir,
                                            const std::string& project_dir) {
  std::vector<LoadedInput> out;
  if (!entry.contains("inputs") || !entry["inputs"].is_array()) {
    return MakeError(ErrorCode::kInvalidArgument, "manifest entry has no \"inputs\" array");
  }
  for (const auto& in : entry["inputs"]) {
    if (!in.is_object()) return MakeError(ErrorCode::kInvalidArgument, "manifest input is not an object");
    LoadedInput li;
    li.info.role = JsonStr(in, "role");
    li.info.name = JsonStr(in, "name");
    li.info.path = JsonStr(in, "path");
    li.info.year = JsonInt(in, "year");
    li.info.sha256 = JsonStr(in, "sha256");
    li.info.kind = JsonStr(in, "kind");
    // The project's own inputs (versioned in git) carry no pinned hash: it is computed and recorded.
    const bool project = li.info.path.starts_with("project:");
    if (li.info.role.empty() || li.info.path.empty() || (!project && li.info.sha256.size() != 64) || li.info.year == 0) {
      return MakeError(ErrorCode::kInvalidArgument, "manifest input '" + li.info.name +
                                                        "' needs role, path (strings), year (integer) and sha256 (64 hex digits)");
    }
    std::string full = li.info.path.starts_with("project:") ? project_dir + "/" + li.info.path.substr(8)
                                                            : dir + "/" + li.info.path;
    auto bytes = ReadFile(full);
    if (!bytes) {
      return MakeError(ErrorCode::kIo, "missing input " + li.info.name + " (" + li.info.role + "): expected at " + full +
                                           " (set CODESETS_DIR to the folder holding the code-set files)");
    }
    std::string got = Sha256Hex(*bytes);
    if (project && li.info.sha256.empty()) li.info.sha256 = got;
    if (got != li.info.sha256) {
      return MakeError(ErrorCode::kBadChecksum, "input " + li.info.name + " at " + full + " has sha256 " + got +
                                                    ", but the manifest expects " + li.info.sha256 +
                                                    " (wrong version or damaged file)");
    }
    auto content = Decompress(li.info.path, std::move(*bytes));
    if (!content) return content.error();
    li.content = std::move(*content);
    out.push_back(std::move(li));
  }
  return out;
}

std::string EntryOutputName(const nlohmann::json& entry) {
  const std::string output = JsonStr(entry, "output");
  return output.empty() ? JsonStr(entry, "id") + ".mcs" : output;
}

namespace {

// An entry's inputs, once the entry has what every entry needs (a year and a label).
Result<std::vector<LoadedInput>> EntryInputs(const nlohmann::json& entry, const std::string& dir, const std::string& project_dir) {
  if (!entry.is_object()) return MakeError(ErrorCode::kInvalidArgument, "manifest entry is not an object");
  if (JsonInt(entry, "year") == 0 || JsonStr(entry, "label").empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "manifest entry '" + JsonStr(entry, "id") + "' needs year (integer) and label");
  }
  return LoadInputs(entry, dir, project_dir);
}

// An ICD-10-CM entry: the code set (with its Index inside, or the Index in a file of its own
// when split_index) and, in *import_state, the import state of the code set as written.
Result<CodeSetFiles> ImportIcd10cmEntry(const nlohmann::json& entry, const std::vector<LoadedInput>& inputs, Report& report,
                                        bool split_index, std::string* import_state) {
  Icd10cmImportState state;
  auto model = ImportIcd10cm(inputs, entry, report, &state);
  if (!model) return model.error();
  auto files = WriteCodeSetFiles(*model, report, split_index);
  if (!files) return files.error();
  if (import_state) *import_state = WriteImportStateFile(state, files->codeset, EntryOutputName(entry));
  return files;
}

}  // namespace

Result<std::string> ImportEntry(const nlohmann::json& entry, const std::string& dir, Report& report,
                                const std::string& project_dir, std::string* import_state) {
  if (import_state) import_state->clear();
  auto inputs = EntryInputs(entry, dir, project_dir);
  if (!inputs) return inputs.error();
  std::string system = JsonStr(entry, "system");
  if (system == "ICD-10-CM") {
    auto files = ImportIcd10cmEntry(entry, *inputs, report, false, import_state);
    if (!files) return files.error();
    return std::move(files->codeset);
  }
  if (system == "CLAIM-EDITS") return ImportEdits(*inputs, entry, report);
  if (system == "HCPCS") {
    auto model = ImportHcpcs(*inputs, entry, report);
    if (!model) return model.error();
    return WriteCodeSet(*model, report);
  }
  return MakeError(ErrorCode::kInvalidArgument, "manifest entry names unknown system '" + system + "'");
}

Result<CodeSetFiles> ImportEntryFiles(const nlohmann::json& entry, const std::string& dir, Report& report,
                                      const std::string& project_dir, std::string* import_state) {
  if (import_state) import_state->clear();
  if (JsonStr(entry, "index_output").empty() || JsonStr(entry, "system") != "ICD-10-CM") {
    auto one = ImportEntry(entry, dir, report, project_dir, import_state);
    if (!one) return one.error();
    return CodeSetFiles{std::move(*one), {}};
  }
  auto inputs = EntryInputs(entry, dir, project_dir);
  if (!inputs) return inputs.error();
  auto files = ImportIcd10cmEntry(entry, *inputs, report, true, import_state);
  if (!files) return files.error();
  // Read back: the code set, then its Index attached to it.
  std::vector<uint64_t> a((files->codeset.size() + 7) / 8), b((files->index.size() + 7) / 8);
  std::memcpy(a.data(), files->codeset.data(), files->codeset.size());
  std::memcpy(b.data(), files->index.data(), files->index.size());
  auto cs = CodeSet::Open({reinterpret_cast<const uint8_t*>(a.data()), files->codeset.size()});
  if (!cs) return cs.error();
  if (!files->index.empty()) {
    if (auto e = cs->AttachIndex({reinterpret_cast<const uint8_t*>(b.data()), files->index.size()})) return *e;
  }
  return files;
}

}  // namespace medcode::import
