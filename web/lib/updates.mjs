// Updates a clinic loads itself: the files it downloaded from CMS (MUE CSVs, PTP text part
// files, the add-on code text file; the HCPCS alpha-numeric file, .xlsx or .txt) compiled in this
// browser (or in Node) by the project's own importer, built to WebAssembly as a module of its
// own (medcode-import-wasm.{mjs,wasm}, wasm/import_bindings.cpp), loaded only when asked for.
// The files are never uploaded: their bytes go into wasm memory and a claim-edits file, or
// for the HCPCS file an HCPCS code set (.mcs), comes back.
//
//   import { createImporter } from './updates.mjs';
//   const importer = await createImporter();
//   importer.recognise({ name, bytes });   // { kind: 'mue' | 'ptp' | 'aoc' | ..., setting, what }
//   const { system, report, bytes } = importer.load(files, { base, baseName, loadedOn });
//
// `files`: [{ name, bytes }] (bytes: Uint8Array or ArrayBuffer). `base`: the bytes of a
// claim-edits file (the site's, or one loaded before) to add the loaded NCCI quarters to (the
// date of service then chooses between the editions); without it the result holds the loaded
// files alone. `report`:
// per file its kind, setting, edition, dates, size and sha256; per data set its counts; what
// was skipped and why; the provenance. A wrong or damaged file throws a MedcodeError whose
// message names the file and the problem.
import createImportModule from './medcode-import-wasm.mjs';
import { MedcodeError, parseReply, toBytes, wasmModuleArg } from './errors.mjs';

function checkFile(f, i) {
  if (!f || typeof f.name !== 'string' || !f.name) throw new MedcodeError('INVALID_ARGUMENT', `file ${i + 1} needs a name`);
  return toBytes(f.bytes, `the bytes of ${f.name}`);
}

export class Importer {
  /** @internal use createImporter */
  constructor(module) {
    this._m = module;
    this._w = new module.WasmImporter();
  }

  /** What one file is, from its content; throws a MedcodeError naming the file if it is none of them. */
  recognise(file) {
    return parseReply(this._w.recognise(file.name, checkFile(file, 0)));
  }

  /** Compiles the files into one claim-edits file, or an HCPCS file (.xlsx or .txt) into a code set: { system, report, bytes }. */
  load(files, { base, baseName = 'the site\'s claim edits', loadedOn, effectiveFrom, effectiveTo, setting } = {}) {
    if (!Array.isArray(files) || files.length === 0) throw new MedcodeError('INVALID_ARGUMENT', 'load needs at least one file');
    const bytes = files.map(checkFile);
    this._w.clear();
    files.forEach((f, i) => this._w.addFile(f.name, bytes[i]));
    if (base) this._w.setBase(baseName, toBytes(base, 'the claim-edits file to add to'));
    const opts = {};
    if (loadedOn) opts.loaded_on = loadedOn;
    if (effectiveFrom) opts.effective_from = effectiveFrom;
    if (effectiveTo) opts.effective_to = effectiveTo;
    if (setting) opts.setting = setting;
    const reply = parseReply(this._w.run(JSON.stringify(opts)));
    return { system: reply.system, report: reply.report, bytes: this._w.output() };
  }

  close() {
    if (this._w) this._w.delete();
    this._w = null;
  }
}

/** Instantiates the importer's wasm module. Options: wasmBinary (bytes), wasmUrl (browser). */
export async function createImporter(options = {}) {
  const arg = await wasmModuleArg(options, new URL('./medcode-import-wasm.wasm', import.meta.url));
  try {
    return new Importer(await createImportModule(arg));
  } catch (e) {
    throw new MedcodeError('INTERNAL', `cannot start the importer: ${e && e.message ? e.message : e}`);
  }
}
