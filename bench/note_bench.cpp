// Native note-coding benchmark: prints figures, never fails on timing.
//   medcode-note-bench CODESET.mcs NOTE.txt [N]      one note coded N times (default 20)
//   medcode-note-bench CODESET.mcs --lines FILE      each line of FILE coded once (a text per line,
//                                                    its own line breaks written as \x1e)
// One Suggester, no search answers kept across calls (as the wasm engine codes a note): the
// CPU one call costs. NAME-index.mcs beside the code set is attached when present.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mapped_file.h"
#include "medcode/codeset.h"
#include "medcode/suggest.h"

using namespace medcode;

static double CpuMs() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: medcode-note-bench CODESET.mcs NOTE.txt [N] | CODESET.mcs --lines FILE\n");
    return 2;
  }
  std::string path = argv[1];
  cli::MappedFile file, index_file;
  auto bytes = file.Open(path);
  if (!bytes) { std::fprintf(stderr, "%s\n", bytes.error().message.c_str()); return 1; }
  auto cs = CodeSet::Open(*bytes);
  if (!cs) { std::fprintf(stderr, "%s\n", cs.error().message.c_str()); return 1; }
  const std::string index_path = path.substr(0, path.size() - 4) + "-index.mcs";
  if (std::filesystem::exists(index_path)) {
    auto ib = index_file.Open(index_path);
    if (ib) (void)cs->AttachIndex(*ib);
  }
  Suggester suggester(*cs);
  std::vector<std::string> texts;
  size_t n = 20;
  if (std::string(argv[2]) == "--lines") {
    if (argc < 4) return 2;
    std::ifstream in(argv[3]);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) {
        std::replace(line.begin(), line.end(), '\x1e', '\n');  // a note's own line breaks
        texts.push_back(line);
      }
  } else {
    std::ifstream in(argv[2]);
    std::stringstream ss;
    ss << in.rdbuf();
    if (argc > 3) n = std::stoul(argv[3]);
    (void)suggester.Suggest(ss.str());  // the Index reads the coder keeps across calls
    texts.assign(n, ss.str());
  }
  std::vector<double> ms;
  size_t codes = 0;
  const double t00 = CpuMs();
  for (const std::string& t : texts) {
    const double t0 = CpuMs();
    auto r = suggester.Suggest(t);
    ms.push_back(CpuMs() - t0);
    if (r) codes += r->codes.size();
  }
  const double total = CpuMs() - t00;
  std::sort(ms.begin(), ms.end());
  std::printf("%zu texts, %zu codes: CPU median %.2f ms, mean %.3f ms, p90 %.2f ms, total %.0f ms\n", ms.size(), codes,
              ms[ms.size() / 2], total / ms.size(), ms[ms.size() * 9 / 10], total);
  return 0;
}
