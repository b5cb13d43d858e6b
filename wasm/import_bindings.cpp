// The importer in the page (a module of its own, web/lib/medcode-import-wasm.{mjs,wasm},
// loaded only by the Updates view's Worker): the NCCI files and the HCPCS workbook a clinic
// downloaded from CMS, compiled by the same importer as coder-import --load
// (codesets/importer/user_files.h) into a claim-edits file (on its own or added to the
// shipped one) or an HCPCS code set. Built a second time with the ICD-10-CM year loader
// (medcode-import-icd-wasm, fetched only for an ICD-10-CM order file): the order file is
// compiled onto the ICD-10-CM code set (setBase) with its import state (setBaseState), and
// the new file's own import state comes back (importState), so that a later year can be
// loaded onto it. Data conversion only: the files' bytes are copied in, the .mcs bytes
// copied out; every call returns a JSON status ({"ok":true,...} or
// {"ok":false,"code","message"}); no C++ exception crosses.
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
  // The claim-edits file the NCCI files are added to (the site's), or the ICD-10-CM code
  // set an order file is loaded onto.
  void setBase(const std::string& name, val bytes) {
    base_ = Bytes(bytes);
    base_name_ = name;
  }
  // The import state of the ICD-10-CM base (NAME.import.mcs), and the name the new code set
  // is written as (named in its own import state).
  void setBaseState(const std::string& name, val bytes) {
    base_state_ = Bytes(bytes);
    base_state_name_ = name;
  }
  void setOutName(const std::string& name) { out_name_ = name; }
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
    opt.base_state = std::move(base_state_);
    opt.base_state_name = base_state_name_;
    opt.out_name = out_name_;
    out_.clear();
    state_.clear();
    auto r = medcode::import::LoadUserFiles(files_, opt);
    clearInputs();
    if (!r) return ErrorJson(r.error());
    out_ = std::move(r->bytes);
    state_ = std::move(r->import_state);
    return medcode::DumpJson(json{{"ok", true}, {"system", r->system}, {"report", r->report}});
  }
  // A copy of the last file compiled (a Uint8Array the JS side owns).
  val output() const { return Copy(out_); }
  // The import state of the last ICD-10-CM code set compiled (empty for other files).
  val importState() const { return Copy(state_); }
  void clear() {
    clearInputs();
    out_.clear();
    state_.clear();
  }

 private:
  static val Copy(const std::string& s) {
    val view(emscripten::typed_memory_view(s.size(), reinterpret_cast<const uint8_t*>(s.data())));
    return val::global("Uint8Array").new_(view);
  }
  // The inputs of one load, released (not only emptied) once it ran.
  void clearInputs() {
    std::vector<medcode::import::UserFile>().swap(files_);
    std::string().swap(base_);
    std::string().swap(base_state_);
    base_name_.clear();
    base_state_name_.clear();
    out_name_.clear();
  }

  std::vector<medcode::import::UserFile> files_;
  std::string base_, base_name_, base_state_, base_state_name_, out_name_, out_, state_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(medcode_import) {
  emscripten::class_<WasmImporter>("WasmImporter")
      .constructor<>()
      .function("addFile", &WasmImporter::addFile)
      .function("setBase", &WasmImporter::setBase)
      .function("setBaseState", &WasmImporter::setBaseState)
      .function("setOutName", &WasmImporter::setOutName)
      .function("recognise", &WasmImporter::recognise)
      .function("run", &WasmImporter::run)
      .function("output", &WasmImporter::output)
      .function("importState", &WasmImporter::importState)
      .function("clear", &WasmImporter::clear);
}
