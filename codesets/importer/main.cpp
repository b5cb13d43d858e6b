// coder-import: builds code-set files from the official inputs named in a manifest.
//   coder-import --manifest codesets/manifest.json --codesets-dir DIR --out OUTDIR [--only ID]
// or from official CMS files a user downloaded (user_files.h):
//   coder-import --load FILE [--load FILE...] [--base EDITS.mcs|ICD10CM.mcs [--base-state ICD10CM.import.mcs]]
//                --out OUT.mcs [--json] [--from DATE --to DATE] [--setting practitioner|outpatient-hospital]
//                [--loaded-on DATE]
// An ICD-10-CM code set is written with its import state beside it (NAME.import.mcs,
// icd10cm_state.h): what a later year loaded onto it needs, which the site does not serve.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "icd10cm.h"
#include "icd10cm_state.h"
#include "user_files.h"
#include "util.h"

using namespace medcode;
using namespace medcode::import;

namespace {

// Writes `bytes` to `path` through a temporary file (never a half-written file at `path`).
bool WriteWhole(const std::string& path, const std::string& bytes) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

// The --load mode: the user's files, recognised and compiled into one file at `out`.
int LoadMode(const std::vector<std::string>& paths, const std::string& out, const LoadOptions& opt, bool json) {
  if (out.empty() || out == "." || std::filesystem::is_directory(out)) {
    std::fprintf(stderr, "coder-import: --load needs --out FILE.mcs (the file to write)\n");
    return 2;
  }
  std::vector<UserFile> files;
  for (const auto& p : paths) {
    auto bytes = ReadFile(p);
    if (!bytes) {
      std::fprintf(stderr, "coder-import: %s: cannot read the file\n", p.c_str());
      return 1;
    }
    files.push_back({std::filesystem::path(p).filename().string(), std::move(*bytes)});
  }
  auto r = LoadUserFiles(files, opt);
  if (!r) {
    std::fprintf(stderr, "coder-import: %s\n", r.error().message.c_str());
    return 1;
  }
  if (!WriteWhole(out, r->bytes)) {
    std::fprintf(stderr, "coder-import: cannot write %s\n", out.c_str());
    return 1;
  }
  const std::string state_path = ImportStateFileName(out);
  if (!r->import_state.empty() && !WriteWhole(state_path, r->import_state)) {
    std::fprintf(stderr, "coder-import: cannot write %s\n", state_path.c_str());
    return 1;
  }
  const auto& rep = r->report;
  if (json) {
    std::printf("%s\n", rep.dump(2).c_str());
    return 0;
  }
  std::printf("%s: %s, %s to %s\n", r->system.c_str(), JsonStr(rep, "label").c_str(),
              JsonStr(rep, "effective_from").c_str(), JsonStr(rep, "effective_to").c_str());
  for (const auto& f : rep["files"]) {
    std::printf("  %s: %s; edition %s, %s to %s (dates from the %s)\n    %zu bytes, sha256 %s, loaded %s\n",
                JsonStr(f, "name").c_str(), JsonStr(f, "what").c_str(), JsonStr(f, "edition").c_str(),
                JsonStr(f, "effective_from").c_str(), JsonStr(f, "effective_to").c_str(), JsonStr(f, "dates_from").c_str(),
                f.value("bytes", size_t{0}), JsonStr(f, "sha256").c_str(), JsonStr(f, "loaded").c_str());
  }
  if (rep.contains("year")) {  // an ICD-10-CM year loaded onto a code set (icd10cm_onto.h)
    const auto& y = rep["year"];
    std::printf("  FY%d onto FY%d: %s codes; %s added, %s deleted (valid through FY%d), %s retitled, %s became headers, "
                "%s became billable; %s new codes without notes of their own (they inherit their category's)\n",
                y.value("year", 0), y.value("base_year", 0), y["codes"].dump().c_str(), y["added"].dump().c_str(),
                y["deleted"].dump().c_str(), y.value("base_year", 0), y["retitled"].dump().c_str(),
                y["became_headers"].dump().c_str(), y["became_billable"].dump().c_str(),
                y["new_without_own_notes"].dump().c_str());
    std::printf("  provenance: %s\n", JsonStr(rep, "provenance").c_str());
  }
  if (rep.contains("datasets")) {
    for (const auto& d : rep["datasets"]) {
      std::printf("  %s (%s to %s):", JsonStr(d, "label").c_str(), JsonStr(d, "effective_from").c_str(), JsonStr(d, "effective_to").c_str());
      for (auto it = d["counts"].begin(); it != d["counts"].end(); ++it) {
        std::printf(" %s %s", it.key().c_str(), it->is_string() ? it->get<std::string>().c_str() : it->dump().c_str());
      }
      std::printf("\n");
    }
  } else if (rep.contains("counts")) {
    for (auto it = rep["counts"].begin(); it != rep["counts"].end(); ++it) {
      std::printf("  %s: %s\n", it.key().c_str(), it->dump().c_str());
    }
  }
  if (rep.contains("skipped_by_reason")) {
    for (auto it = rep["skipped_by_reason"].begin(); it != rep["skipped_by_reason"].end(); ++it) {
      std::printf("  skipped: %s: %s\n", it.key().c_str(), it->dump().c_str());
    }
  }
  std::printf("  wrote %s (%zu bytes, sha256 %s)\n", out.c_str(), r->bytes.size(), JsonStr(rep, "sha256").c_str());
  if (!r->import_state.empty()) {
    std::printf("  wrote %s (%zu bytes): its import state, for loading the next year onto it\n", state_path.c_str(),
                r->import_state.size());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string manifest_path = "codesets/manifest.json", dir, out = ".", only;
  std::vector<std::string> load;
  std::string base_path, state_path;
  LoadOptions opt;
  bool json = false;
  if (const char* env = std::getenv("CODESETS_DIR")) dir = env;
  if (dir.empty()) dir = "../shared/codesets";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "coder-import: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--manifest") manifest_path = next();
    else if (a == "--codesets-dir") dir = next();
    else if (a == "--out") out = next();
    else if (a == "--only") only = next();
    else if (a == "--load") load.push_back(next());
    else if (a == "--from" || a == "--effective-from") opt.effective_from = next();
    else if (a == "--to" || a == "--effective-to") opt.effective_to = next();
    else if (a == "--setting") opt.setting = next();
    else if (a == "--loaded-on") opt.loaded_on = next();
    else if (a == "--json") json = true;
    else if (a == "--base") base_path = next();
    else if (a == "--base-state") state_path = next();
    else if (a == "--help" || a == "-h") {
      std::puts("usage: coder-import [--manifest FILE] [--codesets-dir DIR] [--out DIR] [--only ID]\n"
                "  Verifies each input's sha256, imports, and writes OUT/<output> plus a report.\n"
                "  CODESETS_DIR (default ../shared/codesets) is used when --codesets-dir is not given.\n"
                "usage: coder-import --load FILE [--load FILE...] [--base EDITS.mcs|ICD10CM.mcs] [--base-state FILE]\n"
                "                    --out OUT.mcs [--json]\n"
                "                    [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--setting practitioner|outpatient-hospital]\n"
                "  Compiles official CMS files you downloaded (the HCPCS alpha-numeric .xlsx or its fixed-width\n"
                "  .txt; NCCI MUE CSVs, PTP text part files, the add-on code text file) into one file, recognising each by its\n"
                "  content, and prints what each holds (edition, dates, counts, sha256). With --base, the NCCI\n"
                "  files are added to that claim-edits file: the date of service chooses between its editions.\n"
                "  An ICD-10-CM order file (icd10cm_order_2028.txt) is compiled onto the ICD-10-CM code set given\n"
                "  with --base (the shipped file) as its next fiscal year (dates from the name, or --from/--to),\n"
                "  with the import state written beside that file (ICD10CM.import.mcs, or --base-state FILE);\n"
                "  the new file's own import state is written beside it (OUT.import.mcs).");
      return 0;
    } else {
      std::fprintf(stderr, "coder-import: unknown argument %s (try --help)\n", a.c_str());
      return 2;
    }
  }
  if (!state_path.empty() && base_path.empty()) {
    std::fprintf(stderr, "coder-import: --base-state is the import state of the code set given with --base\n");
    return 2;
  }
  auto read_into = [](const std::string& path, std::string& bytes, std::string& name) {
    name = std::filesystem::path(path).filename().string();
    auto read = ReadFile(path);
    if (!read) std::fprintf(stderr, "coder-import: %s: cannot read the file\n", path.c_str());
    else bytes = std::move(*read);
    return read.ok();
  };
  if (!base_path.empty()) {
    if (!read_into(base_path, opt.base, opt.base_name)) return 1;
    // An ICD-10-CM base's import state: the file given, else the one written beside it (if any).
    if (!state_path.empty()) {
      if (!read_into(state_path, opt.base_state, opt.base_state_name)) return 1;
    } else if (std::filesystem::exists(ImportStateFileName(base_path))) {
      if (!read_into(ImportStateFileName(base_path), opt.base_state, opt.base_state_name)) return 1;
    }
  }
  opt.out_name = std::filesystem::path(out).filename().string();
  if (!load.empty()) return LoadMode(load, out, opt, json);
  auto mtext = ReadFile(manifest_path);
  if (!mtext) {
    std::fprintf(stderr, "coder-import: %s\n", mtext.error().message.c_str());
    return 1;
  }
  auto manifest = nlohmann::json::parse(*mtext, nullptr, false);
  if (manifest.is_discarded() || !manifest.contains("codesets") || !manifest["codesets"].is_array()) {
    std::fprintf(stderr, "coder-import: %s is not a valid manifest (needs a \"codesets\" array)\n", manifest_path.c_str());
    return 1;
  }
  std::filesystem::create_directories(out);
  int done = 0;
  for (const auto& entry : manifest["codesets"]) {
    std::string id = JsonStr(entry, "id");
    if (!only.empty() && id != only) continue;
    std::string output = EntryOutputName(entry);
    if (id.empty() || output.find('/') != std::string::npos || output.find("..") != std::string::npos) {
      std::fprintf(stderr, "coder-import: manifest entry needs an \"id\" and a plain output file name\n");
      return 1;
    }
    Report report;
    std::printf("importing %s (%s)\n", id.c_str(), JsonStr(entry, "label").c_str());
    std::string project_dir = std::filesystem::path(manifest_path).parent_path().string();
    if (project_dir.empty()) project_dir = ".";
    std::string state;  // an ICD-10-CM file's import state, written beside it (the site serves it as a lazy file: the page loads a year onto the pair)
    auto files = ImportEntryFiles(entry, dir, report, project_dir, &state);
    if (!files) {
      std::fprintf(stderr, "coder-import: %s: %s\n", id.c_str(), files.error().message.c_str());
      return 1;
    }
    const std::string* bytes = &files->codeset;
    std::string path = out + "/" + output;
    if (!WriteWhole(path, *bytes)) {
      std::fprintf(stderr, "coder-import: cannot write %s\n", path.c_str());
      return 1;
    }
    const std::string state_out = out + "/" + ImportStateFileName(output);
    if (!state.empty() && !WriteWhole(state_out, state)) {
      std::fprintf(stderr, "coder-import: cannot write %s\n", state_out.c_str());
      return 1;
    }
    nlohmann::json rj = report.ToJson();
    rj["id"] = id;
    rj["output"] = output;
    rj["bytes"] = bytes->size();
    rj["sha256"] = Sha256Hex(*bytes);
    std::ofstream(out + "/" + id + ".report.json") << rj.dump(2) << "\n";
    std::printf("%s", report.ToText().c_str());
    std::printf("  wrote %s (%zu bytes, sha256 %s)\n", path.c_str(), bytes->size(), rj["sha256"].get<std::string>().c_str());
    if (!files->index.empty()) {
      // The Alphabetic Index and Tables in a file of their own (manifest "index_output").
      const std::string index_output = JsonStr(entry, "index_output");
      if (index_output.find('/') != std::string::npos || index_output.find("..") != std::string::npos) {
        std::fprintf(stderr, "coder-import: %s: index_output must be a plain file name\n", id.c_str());
        return 1;
      }
      const std::string ipath = out + "/" + index_output;
      if (!WriteWhole(ipath, files->index)) {
        std::fprintf(stderr, "coder-import: cannot write %s\n", ipath.c_str());
        return 1;
      }
      std::printf("  wrote %s (%zu bytes, sha256 %s)\n", ipath.c_str(), files->index.size(), Sha256Hex(files->index).c_str());
    }
    if (!state.empty()) {
      std::printf("  wrote %s (%zu bytes): its import state, for a later year loaded with coder-import --load or in the page (served as a lazy file)\n",
                  state_out.c_str(), state.size());
    }
    ++done;
  }
  if (done == 0) {
    std::fprintf(stderr, "coder-import: no manifest entry matched%s\n", only.empty() ? "" : (" --only " + only).c_str());
    return 1;
  }
  return 0;
}
