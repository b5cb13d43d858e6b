// The practice requests of the ICD-10-CM Worker (worker.mjs spreads this table into its own):
// the case bank is graded in the Worker that already holds the ICD-10-CM code set (the
// largest file; never loaded twice), and the small HCPCS file is opened beside it in the same
// engine. The page side is WorkerCodeSet.practice (worker-client.mjs). Why this design:
// docs/ARCHITECTURE.md, "Practice in the browser".
//
//   practiceOpen({ hcpcsUrl, casesUrl } | { hcpcsUrl, cases })  -> { cases, hcpcs }
//     loads (or replaces) the case bank: fetched from this site (casesUrl) or an instructor's
//     file (cases: its text or bytes, sent by postMessage; never over the network). A file
//     that does not read leaves the bank loaded before in place.
//   practiceList | practiceShow | practiceHints | practiceGrade | practiceStats | practiceVerify
import { fetchCodeSetBytes } from './medcode.mjs';
import { MedcodeError } from './errors.mjs';
import { loadPracticeCases } from './practice.mjs';
import { sameOrigin } from './rpc-worker.mjs';

async function fetchFile(url, what) {
  try {
    return await fetchCodeSetBytes(sameOrigin(url, what));
  } catch (e) {
    if (e instanceof MedcodeError) throw e;
    throw new MedcodeError('IO', `cannot fetch the ${what} ${url}: ${e && e.message ? e.message : e}`);
  }
}

/**
 * `current()` returns { engine, codeSet } of the Worker (null before its load); `withIndex()`
 * resolves once that code set has its Alphabetic Index and Tables (verify checks the cases'
 * index paths against them).
 */
export function practiceRequests(current, withIndex = async () => {}) {
  let hcpcs = null;
  let hcpcsUrl = null;
  let practice = null;

  const live = () => {
    if (!practice) throw new MedcodeError('INVALID_ARGUMENT', 'no case file is open in this worker (call practice.open first)');
    return practice;
  };

  async function practiceOpen(ctx, { hcpcsUrl: hUrl = null, casesUrl = null, cases = null } = {}) {
    const { engine, codeSet } = current();
    if (!engine || !codeSet) throw new MedcodeError('INVALID_ARGUMENT', 'no code set is loaded in this worker');
    if (codeSet.info.system !== 'ICD-10-CM') {
      throw new MedcodeError('INVALID_ARGUMENT', `practice runs beside an ICD-10-CM code set, not ${codeSet.info.system}`);
    }
    if (cases === null && !casesUrl) throw new MedcodeError('INVALID_ARGUMENT', 'practice.open needs casesUrl or cases');
    if (hUrl && hUrl !== hcpcsUrl) {
      ctx.progress({ phase: 'download', what: 'HCPCS' });
      const bytes = await fetchFile(hUrl, 'HCPCS code set');
      const next = engine.loadCodeSet(bytes);
      if (next.info.system !== 'HCPCS') {
        next.close();
        throw new MedcodeError('INVALID_ARGUMENT', `${hUrl} is a ${next.info.system} code set, not HCPCS`);
      }
      if (practice) practice.close();
      practice = null;
      if (hcpcs) hcpcs.close();
      hcpcs = next;
      hcpcsUrl = hUrl;
    }
    const file = cases !== null ? cases : await fetchFile(casesUrl, 'case file');
    const next = loadPracticeCases(engine, file, { icd: codeSet, hcpcs });
    if (practice) practice.close();
    practice = next;
    return { cases: practice.info.cases, codeSet: codeSet.info, hcpcs: hcpcs ? hcpcs.info : null };
  }

  return {
    practiceOpen,
    practiceList: () => live().list(),
    practiceShow: (ctx, id) => live().show(id),
    practiceHints: (ctx, id) => live().hints(id),
    practiceGrade: (ctx, id, answer) => live().grade(id, answer),
    practiceStats: () => live().stats(),
    practiceVerify: async () => {
      const p = live();
      await withIndex();
      return p.verify();
    },
    practiceClose: () => {
      if (practice) practice.close();
      if (hcpcs) hcpcs.close();
      practice = hcpcs = hcpcsUrl = null;
      return true;
    },
  };
}
