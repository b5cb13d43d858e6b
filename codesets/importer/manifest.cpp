#include "icd10cm.h"
#include "util.h"

namespace medcode::import {

Result<std::vector<LoadedInput>> LoadInputs(const nlohmann::json& entry, const std::string& dir) {
  std::vector<LoadedInput> out;
  if (!entry.contains("inputs") || !entry["inputs"].is_array()) {
    return MakeError(ErrorCode::kInvalidArgument, "manifest entry has no \"inputs\" array");
  }
  for (const auto& in : entry["inputs"]) {
    LoadedInput li;
    li.info.role = in.value("role", "");
    li.info.name = in.value("name", "");
    li.info.path = in.value("path", "");
    li.info.year = in.value("year", 0);
    li.info.sha256 = in.value("sha256", "");
    li.info.kind = in.value("kind", "");
    if (li.info.role.empty() || li.info.path.empty() || li.info.sha256.size() != 64 || li.info.year == 0) {
      return MakeError(ErrorCode::kInvalidArgument, "manifest input '" + li.info.name + "' needs role, path, year and sha256");
    }
    std::string full = dir + "/" + li.info.path;
    auto bytes = ReadFile(full);
    if (!bytes) {
      return MakeError(ErrorCode::kIo, "missing input " + li.info.name + " (" + li.info.role + "): expected at " + full +
                                           " (set CODESETS_DIR to the folder holding the code-set files)");
    }
    std::string got = Sha256Hex(*bytes);
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

Result<std::string> ImportEntry(const nlohmann::json& entry, const std::string& dir, Report& report) {
  auto inputs = LoadInputs(entry, dir);
  if (!inputs) return inputs.error();
  std::string system = entry.value("system", "");
  if (system == "ICD-10-CM") {
    auto model = ImportIcd10cm(*inputs, entry, report);
    if (!model) return model.error();
    return WriteCodeSet(*model, report);
  }
  return MakeError(ErrorCode::kInvalidArgument, "manifest entry names unknown system '" + system + "'");
}

}  // namespace medcode::import
