// Edit by edit: the MCE edits the project's claim check implements, read from both answers
// (a `coder check --batch` result and an MCE harness line) as sets of "EDIT CODE" items
// (or "EDIT" for a claim-level edit), and their differences.
//
// | MCE edit (harness name)              | the project's finding                                        |
// |--------------------------------------|--------------------------------------------------------------|
// | INVALID_CODE (per diagnosis)         | invalid-code, header-code, seventh-character, code-year error |
// | E_CODE_AS_PDX                        | external-cause-first                                         |
// | AGE_CONFLICT (per diagnosis)         | age error naming the code                                    |
// | INVALID_AGE                          | age error "invalid age", or patient.age refused (syntax)     |
// | MANIFESTATION_AS_PDX                 | manifestation-first                                          |
// | UNACCEPTABLE_PDX, REQUIRES_SDX       | unacceptable-principal                                       |
// | SEX_CONFLICT                         | a sex error (the project's sex finding is an info, advisory) |
export const kComparedEdits = ['INVALID_CODE', 'E_CODE_AS_PDX', 'AGE_CONFLICT', 'INVALID_AGE', 'MANIFESTATION_AS_PDX',
  'UNACCEPTABLE_PDX', 'SEX_CONFLICT'];

const norm = (code) => String(code).replace(/\./g, '').toUpperCase();

// The MCE side: its per-diagnosis edits (principal and secondary) and claim-level edits.
export function mceEdits(line) {
  const out = new Set();
  for (const d of line.dx || []) {
    for (const e of d.edits || []) {
      const name = e === 'REQUIRES_SDX' ? 'UNACCEPTABLE_PDX' : e;
      if (kComparedEdits.includes(name)) out.add(`${name} ${norm(d.code)}`);
    }
  }
  if (line.claim_edits && line.claim_edits.INVALID_AGE) out.add('INVALID_AGE');
  return out;
}

// The project side, from one claim result of `coder check --batch`.
export function projectEdits(result) {
  const out = new Set();
  const each = (name, f) => { for (const c of f.codes || []) out.add(`${name} ${norm(c)}`); };
  for (const f of result.findings || []) {
    switch (f.kind) {
      case 'invalid-code': case 'header-code': case 'seventh-character':
        if (f.severity === 'error') each('INVALID_CODE', f);
        break;
      case 'code-year':
        if (f.severity === 'error') each('INVALID_CODE', f);
        break;
      case 'external-cause-first': each('E_CODE_AS_PDX', f); break;
      case 'manifestation-first': each('MANIFESTATION_AS_PDX', f); break;
      case 'unacceptable-principal': each('UNACCEPTABLE_PDX', f); break;
      case 'age':
        if (f.severity !== 'error') break;
        if (f.rule === 'invalid age') out.add('INVALID_AGE');
        else each('AGE_CONFLICT', f);
        break;
      case 'sex':
        if (f.severity === 'error') each('SEX_CONFLICT', f);
        break;
      case 'syntax':
        if (f.path === 'patient.age') out.add('INVALID_AGE');
        break;
      default: break;
    }
  }
  return out;
}

// { onlyProject: [...], onlyMce: [...] } (sorted), empty when they agree.
export function compareEdits(project, mce) {
  const onlyProject = [...project].filter((x) => !mce.has(x)).sort();
  const onlyMce = [...mce].filter((x) => !project.has(x)).sort();
  return { onlyProject, onlyMce };
}
