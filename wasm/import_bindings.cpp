// The importer in the page (a module of its own, web/lib/medcode-import-wasm.{mjs,wasm},
// loaded only by the Updates view's Worker): the NCCI files a clinic downloaded from CMS,
// compiled by the same importer as coder-import --load (codesets/importer/user_files.h)
// into a claim-edits file, on its own or added to the shipped one. Data conversion only:
// the files' bytes are copied in, the .mcs bytes copied out; every call returns a JSON
// status ({"ok":true,...} or {"ok":false,"code","message"}); no C++ exception crosses.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "medcode/answers_json.h"
#include "user_files.h"

using emscripten::val;
using json = nlohmann::json;

namespace {

std::string Bytes(const val& v) {
  const size_t n = v["length"].as<size_t>();
  std::string s(n, '\0');
  if (n) val(emscripten::typed_memory_view(n, reinterpret_cast<uint8_t*>(s.data()))).call<void>("set", v);
  return s;
}

std::string ErrorJson(const medcode::Error& e) { return medcode::DumpJson(medcode::ToJson(e)); }

class WasmImporter {
 public:
  // The files of one load, one at a time (names as the user picked them).
  void addFile(const std::string& name, val bytes) { files_.push_back({name, Bytes(bytes)}); }
  // The claim-edits file the NCCI files are added to (the site's).
  void setBase(const std::string& name, val bytes) {
    base_ = Bytes(bytes);
    base_name_ = name;
  }
  // What one file is, from its content: {"ok":true,"kind","setting","what"} or the error.
  std::string recognise(const std::string& name, val bytes) {
    auto r = medcode::import::RecogniseUserFile({name, Bytes(bytes)});
    if (!r) return ErrorJson(r.error());
    return medcode::DumpJson(json{{"ok", true}, {"kind", r->kind}, {"setting", r->setting}, {"what", r->what}});
  }
  // Compiles the files added: options {"loaded_on","effective_from","effective_to","setting"}.
  // Returns {"ok":true,"report":{...}} (the bytes by output()) or the error; the files are
  // dropped either way.
  std::string run(const std::string& options) {
    auto o = json::parse(options, nullptr, false);
    medcode::import::LoadOptions opt;
    if (o.is_object()) {
      opt.loaded_on = o.value("loaded_on", "");
      opt.effective_from = o.value("effective_from", "");
      opt.effective_to = o.value("effective_to", "");
      opt.setting = o.value("setting", "");
    }
    opt.base = std::move(base_);
    opt.base_name = base_name_;
    auto r = medcode::import::LoadUserFiles(files_, opt);
    files_.clear();
    base_.clear();
    out_.clear();
    if (!r) return ErrorJson(r.error());
    out_ = std::move(r->bytes);
    return medcode::DumpJson(json{{"ok", true}, {"system", r->system}, {"report", r->report}});
  }
  // A copy of the last file compiled (a Uint8Array the JS side owns).
  val output() const {
    val view(emscripten::typed_memory_view(out_.size(), reinterpret_cast<const uint8_t*>(out_.data())));
    return val::global("Uint8Array").new_(view);
  }
  void clear() {
    files_.clear();
    base_.clear();
    out_.clear();
  }

 private:
  std::vector<medcode::import::UserFile> files_;
  std::string base_, base_name_, out_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(medcode_import) {
  emscripten::class_<WasmImporter>("WasmImporter")
      .constructor<>()
      .function("addFile", &WasmImporter::addFile)
      .function("setBase", &WasmImporter::setBase)
      .function("recognise", &WasmImporter::recognise)
      .function("run", &WasmImporter::run)
      .function("output", &WasmImporter::output)
      .function("clear", &WasmImporter::clear);
}
