// coder-import: builds code-set files from the official inputs named in a manifest.
//   coder-import --manifest codesets/manifest.json --codesets-dir DIR --out OUTDIR [--only ID]
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "icd10cm.h"
#include "util.h"

using namespace medcode;
using namespace medcode::import;

int main(int argc, char** argv) {
  std::string manifest_path = "codesets/manifest.json", dir, out = ".", only;
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
    else if (a == "--help" || a == "-h") {
      std::puts("usage: coder-import [--manifest FILE] [--codesets-dir DIR] [--out DIR] [--only ID]\n"
                "  Verifies each input's sha256, imports, and writes OUT/<output> plus a report.\n"
                "  CODESETS_DIR (default ../shared/codesets) is used when --codesets-dir is not given.");
      return 0;
    } else {
      std::fprintf(stderr, "coder-import: unknown argument %s (try --help)\n", a.c_str());
      return 2;
    }
  }
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
    std::string output = (JsonStr(entry, "output").empty() ? id + ".mcs" : JsonStr(entry, "output"));
    if (id.empty() || output.find('/') != std::string::npos || output.find("..") != std::string::npos) {
      std::fprintf(stderr, "coder-import: manifest entry needs an \"id\" and a plain output file name\n");
      return 1;
    }
    Report report;
    std::printf("importing %s (%s)\n", id.c_str(), JsonStr(entry, "label").c_str());
    std::string project_dir = std::filesystem::path(manifest_path).parent_path().string();
    if (project_dir.empty()) project_dir = ".";
    auto bytes = ImportEntry(entry, dir, report, project_dir);
    if (!bytes) {
      std::fprintf(stderr, "coder-import: %s: %s\n", id.c_str(), bytes.error().message.c_str());
      return 1;
    }
    std::string path = out + "/" + output;
    std::string tmp = path + ".tmp";
    {
      std::ofstream f(tmp, std::ios::binary);
      f.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
      if (!f) {
        std::fprintf(stderr, "coder-import: cannot write %s\n", tmp.c_str());
        return 1;
      }
    }
    std::filesystem::rename(tmp, path);
    nlohmann::json rj = report.ToJson();
    rj["id"] = id;
    rj["output"] = output;
    rj["bytes"] = bytes->size();
    rj["sha256"] = Sha256Hex(*bytes);
    std::ofstream(out + "/" + id + ".report.json") << rj.dump(2) << "\n";
    std::printf("%s", report.ToText().c_str());
    std::printf("  wrote %s (%zu bytes, sha256 %s)\n", path.c_str(), bytes->size(), rj["sha256"].get<std::string>().c_str());
    ++done;
  }
  if (done == 0) {
    std::fprintf(stderr, "coder-import: no manifest entry matched%s\n", only.empty() ? "" : (" --only " + only).c_str());
    return 1;
  }
  return 0;
}
