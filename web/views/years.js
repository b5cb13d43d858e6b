// medcode page: the date of service and the code year in force. The header's date control
// (today unless the user picks another; remembered for this browser session only) decides
// which year of ICD-10-CM every search, lookup and note uses; a banner says when a loaded
// code system's newest edition ended before today; "What changed" (#/changes) lists the codes
// added, deleted, retitled and made headers in the newest year (of a year a clinic loaded,
// once it is), for coders preparing for it.
import { h, setKids } from '../lib/dom.mjs';
import { yearInForce } from '../lib/years.mjs';
import { app, codeLink, errorText, fmtInt, localToday, routedView, state } from './common.js';

const $ = (id) => document.getElementById(id);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function describe(group, date) {
  const parts = [];
  for (const m of group.membersOn(date)) {
    const y = yearInForce(m.info, date);
    if (y) parts.push(`${m.info.system} ${y.label}${y.outside ? ` (nearest: ${date} is outside ${m.info.years[0].effectiveFrom} to ${m.info.years[m.info.years.length - 1].effectiveTo})` : ''}`);
    else if (m.info.effectiveTo && (date > m.info.effectiveTo || date < m.info.effectiveFrom)) {
      parts.push(`${m.info.label} (not in force on ${date})`);
    }
  }
  return parts.join('; ');
}

/** Wires the header's date control once the code sets are open; onChange re-runs what depends on it. */
export function startDateOfService(group, onChange) {
  const input = $('dos');
  const out = $('dos-year');
  if (!input || !out) return;
  input.value = state.dateOfService;
  const show = () => {
    out.textContent = describe(group, state.dateOfService) || 'the loaded code sets';
  };
  show();
  // The code sets changed (a year a clinic loaded, views/updates.js): the year in force and
  // what depends on it again (rerun: false, the year line only: app.js re-runs what it needs).
  // A code set that joined after the page became ready (HCPCS, app.js joined) may be past its
  // last edition: the banner is checked again too.
  app.codeSetsChanged = ({ rerun = true } = {}) => {
    show();
    showStaleBanner(group);
    if (rerun) onChange();
  };
  input.addEventListener('change', () => {
    const v = input.value;
    if (!DATE.test(v)) {
      out.textContent = 'Enter a date of service (YYYY-MM-DD)';
      return;
    }
    state.dateOfService = v;
    if (v === localToday()) sessionStorage.removeItem('medcode.dateOfService');
    else sessionStorage.setItem('medcode.dateOfService', v);
    show();
    onChange();
  });
  showStaleBanner(group);
}

// Today past every loaded edition of a code system: said in a banner, not only in the footer.
function showStaleBanner(group) {
  const banner = $('stale-banner');
  if (!banner) return;
  const today = localToday();
  const stale = [];
  for (const m of group.members) {
    const to = m.info.years && m.info.years.length ? m.info.years[m.info.years.length - 1].effectiveTo : m.info.effectiveTo;
    if (to && to < today) stale.push({ label: m.info.label, to });
  }
  if (!stale.length) {
    banner.hidden = true;
    return;
  }
  setKids(banner, [
    h('strong', {}, 'Out of date: '),
    stale.map((s, i) => [i ? '; ' : '', `${s.label} ended on ${s.to}`]).flat(),
    '. Codes added since then are not known here; check them against the current CMS release.',
  ].flat());
  banner.hidden = false;
}

// ---------------------------------------------------------------------------
// #/changes: what changed in the newest year

const KINDS = [
  ['added', 'Added'], ['deleted', 'Deleted'], ['became-header', 'Became headers (now need more characters)'],
  ['retitled', 'Retitled'], ['became-billable', 'Became billable'],
];

export function startChangesView(group) {
  const view = $('changes-view');
  if (!view) return;
  let loaded = null;  // the member rendered
  async function render() {
    // The newest year of the code set opened last (a year a clinic loaded, views/updates.js).
    const icd = group.members.filter((m) => Array.isArray(m.info.years) && m.info.years.length > 1).pop();
    if (loaded !== null && loaded === (icd || false)) return;
    loaded = icd || false;
    if (!icd) {
      setKids(view, [h('h2', { id: 'changes-heading', tabindex: '-1' }, 'What changed'),
        h('p', {}, 'The loaded code sets hold one year each: there is nothing to compare.')]);
      return;
    }
    setKids(view, [h('h2', { id: 'changes-heading', tabindex: '-1' }, 'What changed'), h('p', { role: 'status' }, 'Loading…')]);
    let r;
    try {
      r = await icd.cs.changes();
    } catch (e) {
      setKids(view, [h('h2', { id: 'changes-heading', tabindex: '-1' }, 'What changed'), h('p', { role: 'alert' }, errorText(e))]);
      return;
    }
    const sections = KINDS.map(([kind, title]) => {
      const rows = r.changes.filter((c) => c.kind === kind);
      if (!rows.length) return null;
      return h('section', { class: 'changes-group', 'aria-labelledby': `changes-${kind}` }, [
        h('h3', { id: `changes-${kind}` }, `${title} (${fmtInt(rows.length)})`),
        h('ul', { class: 'changes-list' }, rows.map((c) => h('li', {}, [
          codeLink(c.code), ' ', h('span', { class: 'changes-title' }, c.title),
          c.previousTitle ? h('span', { class: 'changes-was' }, [' (was: ', c.previousTitle, ')']) : null,
          c.replacedBy && c.replacedBy.length
            ? h('span', { class: 'changes-now' }, [' now: ', c.replacedBy.map((x, i) => [i ? ', ' : '', codeLink(x)]).flat()].flat())
            : null,
        ].filter(Boolean)))),
      ]);
    }).filter(Boolean);
    setKids(view, [
      h('h2', { id: 'changes-heading', tabindex: '-1' }, `What changed in ${r.system} ${r.to}`),
      h('p', {}, `From ${r.from} to ${r.to}, in force for dates of service from ${r.effective}: ` +
        `${fmtInt(r.counts.added)} codes added, ${fmtInt(r.counts.deleted)} deleted, ${fmtInt(r.counts.retitled)} retitled, ` +
        `${fmtInt(r.counts['became-header'])} made headers. Source: ${icd.info.label} (the official order files of both years).`),
      ...sections,
    ]);
  }
  routedView({
    pattern: /^#\/changes\/?$/, view, bodyClass: 'changes-open', navId: 'nav-changes', title: 'What changed: medcode',
    onShow: () => {
      render().then(() => {
        const head = $('changes-heading');
        if (head) head.focus({ preventScroll: true });
      });
    },
  });
}
