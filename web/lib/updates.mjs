// Updates a clinic loads itself: the files it downloaded from CMS (MUE CSVs, PTP text part
// files, the add-on code text file; the HCPCS alpha-numeric file, .xlsx or .txt; the ICD-10-CM order file
// of a new year) compiled in this browser (or in Node) by the project's own importer, built to
// WebAssembly as a module of its own (medcode-import-wasm.{mjs,wasm}, wasm/import_bindings.cpp),
// loaded only when asked for; the ICD-10-CM year loader is the same importer built with it
// (medcode-import-icd-wasm.{mjs,wasm}, larger), loaded only by createImporter({ icd: true }).
// The files are never uploaded: their bytes go into wasm memory and a claim-edits file, an
// HCPCS code set or an ICD-10-CM code set (.mcs) comes back.
//
//   import { createImporter } from './updates.mjs';
//   const importer = await createImporter();
//   importer.recognise({ name, bytes });   // { kind: 'mue' | 'ptp' | 'aoc' | 'icd10cm-order' | ..., setting, what }
//   const { system, report, bytes } = importer.load(files, { base, baseName, loadedOn });
//
//   const icd = await createImporter({ icd: true });   // an ICD-10-CM order file of the next year
//   const { report, bytes, importState } = icd.load([order], { base: icdBytes, baseState: stateBytes, loadedOn });
//
// `files`: [{ name, bytes }] (bytes: Uint8Array or ArrayBuffer). `base`: the bytes of a
// claim-edits file (the site's, or one loaded before) to add the loaded NCCI quarters to (the
// date of service then chooses between the editions); without it the result holds the loaded
// files alone. For an ICD-10-CM order file, `base` is the ICD-10-CM code set whose newest year
// it follows (the site's, or one loaded before) and `baseState` that file's import state
// (NAME.import.mcs, written beside it by coder-import, or `importState` of an earlier load);
// the result holds every year of the base and the new one, and `importState` is its own.
// `report`: per file its kind, setting, edition, dates, size and sha256; per data set its
// counts (for a year: report.year, the codes added, deleted, retitled, ...); what was skipped
// and why; the provenance. A wrong or damaged file throws a MedcodeError whose message names
// the file and the problem.
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

  /**
   * Compiles the files into one claim-edits file, an HCPCS file (.xlsx or .txt) into a code set, or an
   * ICD-10-CM order file onto the code set `base` (with `baseState`): { system, report, bytes,
   * importState } (importState: an ICD-10-CM load only).
   */
  load(files, {
    base, baseName, baseState, baseStateName, outName, loadedOn, effectiveFrom, effectiveTo, setting,
  } = {}) {
    if (!Array.isArray(files) || files.length === 0) throw new MedcodeError('INVALID_ARGUMENT', 'load needs at least one file');
    const bytes = files.map(checkFile);
    this._w.clear();
    files.forEach((f, i) => this._w.addFile(f.name, bytes[i]));
    if (base) this._w.setBase(baseName || (baseState ? 'the ICD-10-CM code set' : 'the site\'s claim edits'), toBytes(base, 'the file to add to'));
    if (baseState) this._w.setBaseState(baseStateName || '', toBytes(baseState, 'the import state of the ICD-10-CM code set'));
    if (outName) this._w.setOutName(outName);
    const opts = {};
    if (loadedOn) opts.loaded_on = loadedOn;
    if (effectiveFrom) opts.effective_from = effectiveFrom;
    if (effectiveTo) opts.effective_to = effectiveTo;
    if (setting) opts.setting = setting;
    const reply = parseReply(this._w.run(JSON.stringify(opts)));
    const out = { system: reply.system, report: reply.report, bytes: this._w.output() };
    if (reply.system === 'ICD-10-CM') out.importState = this._w.importState();
    this._w.clear();  // the copies are the caller's
    return out;
  }

  /** The bytes of the importer's wasm memory (it only grows: after a load, that load's peak). */
  get memoryBytes() {
    return this._m && this._m.HEAP8 ? this._m.HEAP8.buffer.byteLength : 0;
  }

  close() {
    if (this._w) this._w.delete();
    this._w = null;
    this._m = null;  // the module and its memory go with the last reference
  }
}

/**
 * Instantiates the importer's wasm module. Options: icd (the module that also loads an
 * ICD-10-CM year: fetched only then), wasmBinary (bytes), wasmUrl (browser).
 */
export async function createImporter(options = {}) {
  const name = options.icd ? 'medcode-import-icd-wasm' : 'medcode-import-wasm';
  const arg = await wasmModuleArg(options, new URL(`./${name}.wasm`, import.meta.url));
  try {
    const factory = options.icd ? (await import('./medcode-import-icd-wasm.mjs')).default : createImportModule;
    return new Importer(await factory(arg));
  } catch (e) {
    throw new MedcodeError('INTERNAL', `cannot start the importer: ${e && e.message ? e.message : e}`);
  }
}
