// medcode page: the Practice view (#/practice, #/practice/ID, #/practice/exam). Coding cases
// graded on this device by the ICD-10-CM Worker (worker-client.mjs `practice`, which opens the
// HCPCS file beside the ICD-10-CM code set; the files come from codesets/index.json).
//
//   - a case list with filters (chapter, level, topic, not yet done);
//   - a case: the scenario, an answer box that reuses the search (<code-search>: words find
//     codes, as with code books) and a field of codes in reporting order; grading in place,
//     each code's verdict and reason, then the key and the rationale;
//   - hints in three steps (main term, index path, tabular entry), each costing HINT_COST of
//     the score in practice mode; an exam mode with a timer, no hints and a score at the end;
//   - a review of past mistakes by topic;
//   - progress kept only on this device and only when the student turns it on (localStorage
//     key STORE_KEY; "Clear my progress" erases it); nothing is stored otherwise;
//   - an instructor's case file, read in this browser only (never uploaded), and the results
//     exported as JSON or CSV.
// Text only through dom.mjs (never HTML).
import { h, setKids } from '../lib/dom.mjs';
import { HINT_COST, HINT_STEPS, MAX_CASE_FILE_BYTES, scoreWithHints, parseAnswer } from '../lib/practice.mjs';
import '../lib/code-search.mjs';
import { errorText } from './common.js';
import { PracticeProgress, pct } from './practice-progress.js';
import { PracticeExam } from './practice-exam.js';

const CASES_URL = 'practice/cases.json';
const LEVEL_NAMES = { 1: 'Level 1: one code', 2: 'Level 2: several codes, sequencing', 3: 'Level 3: conventions' };
const VERDICT_NAMES = { correct: 'Correct', partial: 'Partial', wrong: 'Wrong', extra: 'Extra', header: 'Header', invalid: 'Invalid' };
const EXAM_SIZES = [5, 10, 20];
const EXAM_MINUTES_PER_CASE = [1, 2, 3];

function parseRoute(hash) {
  const m = /^#\/practice(?:\/(.*))?$/.exec(hash || '');
  if (!m) return null;
  let rest = m[1] || '';
  try {
    rest = decodeURIComponent(rest);
  } catch { /* kept as written */ }
  if (rest === 'exam') return { exam: true };
  return { id: rest || null };
}

const chapterName = (c) => (c === 'HCPCS' ? 'HCPCS Level II' : c === '?' ? 'Unknown chapter' : `Chapter ${c}`);
const chapterOrder = (a, b) => {
  const na = /^\d+$/.test(a) ? Number(a) : 1000 + (a === 'HCPCS' ? 0 : 1);
  const nb = /^\d+$/.test(b) ? Number(b) : 1000 + (b === 'HCPCS' ? 0 : 1);
  return na - nb;
};
export class PracticeView {
  /** root: the (empty, hidden) section of the page to fill. */
  constructor(root) {
    this.root = root;
    this.active = false;
    this.icd = null;          // the ICD-10-CM WorkerCodeSet (its `practice` requests)
    this.hcpcsUrl = null;     // the catalog's HCPCS file, opened beside it
    this.groupReady = false;
    this.opening = null;      // Promise of the bank being opened
    this.cases = [];          // summaries
    this.loaded = false;      // a case file is open in the Worker
    this.source = 'built-in cases';
    this.progress = new PracticeProgress((text) => this.say(text));  // results; stored only when the student turns it on
    this.hintsShown = new Map();  // caseId -> hint steps revealed (this visit)
    this.hintData = new Map();
    this.current = null;      // the exercise shown
    this.exam = null;         // the PracticeExam running or just finished
    this.seq = 0;
    this.build();
  }

  clearProgress() {
    this.progress.clear();
    this.hintsShown.clear();
    this.renderList();
    this.renderReview();
  }

  // ---- the view's elements ---------------------------------------------------------------

  build() {
    this.heading = h('h2', { id: 'practice-heading', class: 'practice-heading', tabindex: '-1' }, 'Practice');
    this.status = h('p', { id: 'practice-status', class: 'practice-status', role: 'status', 'aria-live': 'polite' });
    this.errorBox = h('div', { id: 'practice-error', class: 'practice-error', role: 'alert', hidden: true });

    // Mode, progress, instructor tools
    this.modePractice = h('input', { type: 'radio', name: 'practice-mode', id: 'practice-mode-practice', value: 'practice', checked: true });
    this.modeExam = h('input', { type: 'radio', name: 'practice-mode', id: 'practice-mode-exam', value: 'exam' });
    this.examSize = h('select', { id: 'practice-exam-size' }, EXAM_SIZES.map((n) => h('option', { value: String(n) }, `${n} cases`)));
    this.examMinutes = h('select', { id: 'practice-exam-minutes' },
      EXAM_MINUTES_PER_CASE.map((n) => h('option', { value: String(n), selected: n === 2 }, `${n} min per case`)));
    this.examStart = h('button', { type: 'button', id: 'practice-exam-start', class: 'tool-button', onclick: () => this.startExam() }, 'Start the exam');
    this.examBox = h('div', { class: 'practice-exam-setup', id: 'practice-exam-setup', hidden: true },
      h('label', { for: 'practice-exam-size' }, 'Cases'), this.examSize,
      h('label', { for: 'practice-exam-minutes' }, 'Time'), this.examMinutes,
      this.examStart,
      h('p', { class: 'muted practice-small' }, 'An exam takes the cases of the list as filtered, in order; no hints; the score comes at the end.'));
    for (const r of [this.modePractice, this.modeExam]) r.addEventListener('change', () => { this.examBox.hidden = !this.modeExam.checked; });

    this.keepBox = h('input', { type: 'checkbox', id: 'practice-keep', 'aria-describedby': 'practice-keep-help', checked: this.progress.keep });
    this.keepBox.addEventListener('change', () => this.progress.setKeep(this.keepBox.checked));
    this.clearButton = h('button', { type: 'button', id: 'practice-clear', class: 'tool-button', onclick: () => this.clearProgress() }, 'Clear my progress');

    this.fileInput = h('input', { type: 'file', id: 'practice-file', accept: '.json,application/json', 'aria-describedby': 'practice-file-help' });
    this.fileInput.addEventListener('change', () => this.loadFile());
    this.builtinButton = h('button', { type: 'button', id: 'practice-builtin', class: 'tool-button', hidden: true, onclick: () => this.openBank(null) },
      'Use the built-in cases');
    this.exportJson = h('button', { type: 'button', id: 'practice-export-json', class: 'tool-button', onclick: () => this.progress.export('json') }, 'Export results (JSON)');
    this.exportCsv = h('button', { type: 'button', id: 'practice-export-csv', class: 'tool-button', onclick: () => this.progress.export('csv') }, 'Export results (CSV)');

    const tools = h('details', { class: 'practice-tools', id: 'practice-tools' },
      h('summary', null, 'Mode, progress and instructor tools'),
      h('fieldset', { class: 'practice-mode' },
        h('legend', null, 'Mode'),
        h('span', { class: 'practice-radio' }, this.modePractice, h('label', { for: 'practice-mode-practice' }, 'Practice (hints cost points)')),
        h('span', { class: 'practice-radio' }, this.modeExam, h('label', { for: 'practice-mode-exam' }, 'Exam (timed, no hints)'))),
      this.examBox,
      h('div', { class: 'practice-switch' }, this.keepBox, h('label', { for: 'practice-keep' }, 'Keep my progress on this device')),
      h('p', { id: 'practice-keep-help', class: 'muted practice-small' },
        'Off unless you turn it on: then your results are kept in this browser’s own storage, nowhere else. Turning it off erases them.'),
      this.clearButton,
      h('div', { class: 'practice-file' },
        h('label', { for: 'practice-file' }, 'Instructor: load a case file'), this.fileInput, this.builtinButton),
      h('p', { id: 'practice-file-help', class: 'muted practice-small' },
        'A medcode-practice-cases JSON file (see practice/cases.schema.json). It is read in this browser only: nothing is uploaded.'),
      h('div', { class: 'practice-export' }, this.exportJson, this.exportCsv));

    // Filters and the list
    this.fChapter = h('select', { id: 'practice-f-chapter' });
    this.fLevel = h('select', { id: 'practice-f-level' }, h('option', { value: '' }, 'Any level'),
      [1, 2, 3].map((l) => h('option', { value: String(l) }, LEVEL_NAMES[l])));
    this.fTopic = h('select', { id: 'practice-f-topic' });
    this.fTodo = h('input', { type: 'checkbox', id: 'practice-f-todo' });
    for (const f of [this.fChapter, this.fLevel, this.fTopic, this.fTodo]) f.addEventListener('change', () => this.renderList());
    this.count = h('p', { id: 'practice-count', class: 'practice-count', role: 'status', 'aria-live': 'polite' });
    this.list = h('ul', { id: 'practice-list', class: 'practice-list', 'aria-label': 'Cases' });
    this.review = h('div', { id: 'practice-review', class: 'practice-review' });
    const filters = h('div', { class: 'practice-filters', role: 'group', 'aria-label': 'Filter the cases' },
      h('span', { class: 'practice-filter' }, h('label', { for: 'practice-f-chapter' }, 'Chapter'), this.fChapter),
      h('span', { class: 'practice-filter' }, h('label', { for: 'practice-f-level' }, 'Level'), this.fLevel),
      h('span', { class: 'practice-filter' }, h('label', { for: 'practice-f-topic' }, 'Topic'), this.fTopic),
      h('span', { class: 'practice-filter practice-switch' }, this.fTodo, h('label', { for: 'practice-f-todo' }, 'Not yet done')));

    this.listPane = h('section', { class: 'practice-list-pane', 'aria-labelledby': 'practice-list-heading' },
      h('h3', { id: 'practice-list-heading', class: 'practice-subheading' }, 'Cases'),
      filters, this.count, this.list,
      h('section', { class: 'practice-review-box', 'aria-labelledby': 'practice-review-heading' },
        h('h3', { id: 'practice-review-heading', class: 'practice-subheading' }, 'Mistakes by topic'),
        this.review));
    this.casePane = h('section', { class: 'practice-case-pane', id: 'practice-case', 'aria-label': 'Case' });

    this.root.append(
      h('div', { class: 'practice-top' },
        this.heading,
        h('p', { class: 'practice-lede' },
          'Coding cases graded on this device: the first-listed (or principal) code must match; the others are a set; extra codes cost. ',
          'Look codes up as with code books: type words in the answer box.'),
        this.status, this.errorBox, tools),
      h('div', { class: 'practice-body' }, this.listPane, this.casePane));
    this.renderPlaceholder();
    this.renderReview();
  }

  say(text) {
    this.status.textContent = text;
  }

  showError(title, e) {
    const issues = e && Array.isArray(e.issues) ? e.issues : [];
    setKids(this.errorBox,
      h('strong', null, title),
      h('span', { class: 'practice-error-message' }, ` ${errorText(e)}`),
      issues.length > 1 ? h('ul', { class: 'practice-issues' }, issues.slice(0, 20).map((i) =>
        h('li', null, `${i.caseId ? `case ${i.caseId}, ` : ''}${i.field ? `${i.field}: ` : ''}${i.message}`))) : null);
    this.errorBox.hidden = false;
  }

  clearError() {
    this.errorBox.hidden = true;
    setKids(this.errorBox);
  }

  // ---- loading ---------------------------------------------------------------------------

  /** The page's code-set group is loaded: practice runs in its ICD-10-CM Worker. */
  setCodeSet(group) {
    const icd = group && group.members.find((m) => m.info.system === 'ICD-10-CM' && m.cs.practice);
    // (the site's HCPCS file, opened by URL in the ICD-10-CM Worker: also while its own Worker still loads it)
    const hcpcs = group && (group.members.find((m) => m.info.system === 'HCPCS') ||
      (group.pending || []).map((entry) => ({ entry })).find((m) => m.entry.system === 'HCPCS'));
    this.icd = icd ? icd.cs : null;
    this.hcpcsUrl = hcpcs && hcpcs.entry && hcpcs.entry.url ? hcpcs.entry.url : null;
    this.groupReady = true;
    if (this.active) this.ensureOpen().then(() => this.route(location.hash));
  }

  ensureOpen() {
    if (!this.opening) this.opening = this.openBank(null);
    return this.opening;
  }

  /** Opens the built-in bank (file null) or an instructor's file ({ name, text }). */
  async openBank(file) {
    if (!this.icd) {
      this.say(this.groupReady ? 'Practice needs the ICD-10-CM code set, which could not be loaded.' : 'Loading the code sets…');
      return false;
    }
    this.say(file ? `Reading ${file.name}…` : 'Loading the cases…');
    try {
      const r = await this.icd.practice.open(file ? { hcpcsUrl: this.hcpcsUrl, cases: file.text }
        : { hcpcsUrl: this.hcpcsUrl, casesUrl: new URL(CASES_URL, document.baseURI).href });
      this.cases = await this.icd.practice.list();
      this.loaded = true;
      this.source = file ? file.name : 'built-in cases';
      this.builtinButton.hidden = !file;
      this.clearError();
      this.hintData.clear();
      this.fillFilters();
      this.renderList();
      this.renderReview();
      this.say(`${r.cases} case${r.cases === 1 ? '' : 's'} from ${this.source}` +
        `${r.hcpcs ? '' : ' (no HCPCS code set on this site: HCPCS lines are compared as written)'}.`);
      this.root.dataset.ready = 'true';
      return true;
    } catch (e) {
      this.showError(file ? `${file.name} could not be used; the cases loaded before stay.` : 'The practice cases could not be loaded.', e);
      this.say('');
      return false;
    }
  }

  async loadFile() {
    const f = this.fileInput.files && this.fileInput.files[0];
    if (!f) return;
    if (f.size > MAX_CASE_FILE_BYTES) {
      this.fileInput.value = '';
      this.showError(`${f.name} could not be used; the cases loaded before stay.`, {
        code: 'INPUT_TOO_LONG', message: `the file is ${f.size} bytes; a case file may be at most ${MAX_CASE_FILE_BYTES / 1048576} MB`,
      });
      return;
    }
    let text;
    try {
      text = await f.text();
    } catch (e) {
      this.showError(`${f.name} could not be read.`, e);
      return;
    }
    this.fileInput.value = '';
    if (await this.openBank({ name: f.name, text })) {
      if (this.current) this.go('#/practice');
    }
  }

  // ---- filters and the list ---------------------------------------------------------------

  fillFilters() {
    const keep = (sel) => sel.value;
    const ch = keep(this.fChapter);
    const tp = keep(this.fTopic);
    const chapters = [...new Set(this.cases.map((c) => c.chapter))].sort(chapterOrder);
    setKids(this.fChapter, h('option', { value: '' }, 'Any chapter'),
      chapters.map((c) => h('option', { value: c, selected: c === ch }, chapterName(c))));
    const topics = new Map();
    for (const c of this.cases) for (const t of c.topics) topics.set(t, (topics.get(t) || 0) + 1);
    setKids(this.fTopic, h('option', { value: '' }, 'Any topic'),
      [...topics.keys()].sort((a, b) => a.localeCompare(b)).map((t) => h('option', { value: t, selected: t === tp }, `${t} (${topics.get(t)})`)));
  }

  filtered() {
    const ch = this.fChapter.value;
    const lv = this.fLevel.value;
    const tp = this.fTopic.value;
    const todo = this.fTodo.checked;
    return this.cases.filter((c) => (!ch || c.chapter === ch) && (!lv || String(c.level) === lv) &&
      (!tp || c.topics.includes(tp)) && (!todo || !this.progress.results.has(c.id)));
  }

  renderList() {
    const shown = this.filtered();
    this.count.textContent = `${shown.length} of ${this.cases.length} cases`;
    const currentId = this.current ? this.current.id : null;
    setKids(this.list, shown.map((c) => {
      const r = this.progress.results.get(c.id);
      return h('li', { class: 'practice-item' },
        h('a', { href: `#/practice/${encodeURIComponent(c.id)}`, class: 'practice-link', 'aria-current': c.id === currentId ? 'true' : null },
          h('span', { class: 'practice-item-title' }, c.title),
          h('span', { class: 'practice-item-meta' }, `${c.id} · ${chapterName(c.chapter)} · ${c.setting} · level ${c.level}`),
          r ? h('span', { class: `badge ${r.score >= 1 ? 'badge-billable' : 'badge-header'} practice-done` }, `Done: ${pct(r.score)}`) : null));
    }));
  }

  renderReview() {
    const topics = this.progress.mistakesByTopic();
    if (!topics.length) {
      setKids(this.review, h('p', { class: 'muted practice-small' },
        this.progress.results.size ? 'No mistakes so far.' : 'Graded cases with mistakes are listed here by topic.'));
      return;
    }
    setKids(this.review, h('ul', { class: 'practice-review-list' }, topics.map(([t, rs]) => h('li', null,
      h('strong', null, `${t}`), ` · ${rs.length} case${rs.length === 1 ? '' : 's'}`,
      h('ul', null, rs.map((r) => h('li', null,
        h('a', { href: `#/practice/${encodeURIComponent(r.caseId)}` }, r.caseId), ` ${pct(r.score)}`,
        (r.mistakes || []).length ? h('span', { class: 'practice-mistakes' },
          `: ${r.mistakes.map((m) => `${m.code} ${m.verdict}`).join('; ')}`) : null)))))));
  }

  // ---- routing -------------------------------------------------------------------------------

  go(hash) {
    const depth = (history.state && history.state.depth) || 0;
    history.pushState({ depth: depth + 1 }, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  }

  /** Shows the view for a practice route (true), or hides it (false). */
  route(hash) {
    const r = parseRoute(hash);
    const was = this.active;
    this.active = !!r;
    this.root.hidden = !r;
    if (!r) {
      this.root.classList.remove('practice-has-case');
      return false;
    }
    document.title = 'Practice · medcode';
    if (!was) this.heading.focus({ preventScroll: true });
    if (!this.loaded) {
      if (!this.groupReady) {
        this.say('Loading the code sets…');
        return true;
      }
      // Once: a bank that fails to open says so and stays unloaded (no retry loop).
      if (!this.opening) this.ensureOpen().then((ok) => { if (ok && this.active) this.route(location.hash); });
      return true;
    }
    if (r.exam) {
      this.root.classList.add('practice-has-case');
      if (!this.exam) this.go('#/practice');
      else this.exam.render();
      return true;
    }
    this.root.classList.toggle('practice-has-case', !!r.id);
    if (!r.id) {
      this.current = null;
      this.renderPlaceholder();
      this.renderList();
      return true;
    }
    if (!this.current || this.current.id !== r.id) this.openCase(r.id);
    return true;
  }

  renderPlaceholder() {
    setKids(this.casePane, h('p', { class: 'placeholder' }, 'Choose a case from the list.'));
  }

  // ---- one case ------------------------------------------------------------------------------

  async openCase(id) {
    const seq = ++this.seq;
    let ex;
    try {
      ex = await this.icd.practice.show(id);
    } catch (e) {
      if (seq !== this.seq) return;
      this.current = null;
      setKids(this.casePane, h('p', { class: 'practice-error', role: 'alert' }, `Case ${id}: ${errorText(e)}`),
        h('a', { href: '#/practice', class: 'practice-back' }, 'Back to the cases'));
      return;
    }
    if (seq !== this.seq) return;
    this.current = ex;
    this.renderList();
    this.renderCase(ex, { exam: false });
  }

  /** The case: scenario, answer box (search + codes), hints (practice), grade. */
  renderCase(ex, { exam, answer = '' }) {
    const head = h('h3', { id: 'practice-case-title', class: 'practice-case-title', tabindex: '-1' }, ex.title);
    const meta = h('p', { class: 'practice-case-meta' },
      `${ex.id} · ${ex.setting} · date of service ${ex.dateOfService} · ${LEVEL_NAMES[ex.level] || `level ${ex.level}`}`,
      exam ? null : ` · topics: ${ex.topics.join(', ')}`);
    const scenario = h('blockquote', { class: 'practice-scenario', id: 'practice-scenario' }, ex.scenario);
    const task = h('p', { class: 'practice-task' },
      `Code the ${ex.setting === 'inpatient' ? 'principal and secondary' : 'first-listed and other'} diagnoses in reporting order`,
      ex.hcpcsLines ? `, and ${ex.hcpcsLines} HCPCS line${ex.hcpcsLines === 1 ? '' : 's'} (CODE-MODIFIER, xUNITS: E0114-NU, J1100x2)` : '', '.');

    const search = document.createElement('code-search');
    search.id = 'practice-search';
    search.setAttribute('label', 'Find a code: type words (as in the Index) or a code');
    search.setAttribute('code-systems', ex.hcpcsLines ? 'ICD-10-CM HCPCS' : 'ICD-10-CM');
    search.setAttribute('result-count', '8');
    search.setAttribute('placeholder', 'e.g. fracture radius, or S52');
    const answerInput = h('input', {
      type: 'text', id: 'practice-answer', class: 'practice-answer', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters',
      'aria-describedby': 'practice-answer-help', maxlength: '1000', value: answer,
    });
    search.addEventListener('code-selected', (e) => {
      const code = e.detail && e.detail.code;
      if (!code) return;
      const list = answerInput.value.trim();
      answerInput.value = list ? `${list} ${code}` : code;
      search.clear();
      answerInput.focus();
      answerInput.setSelectionRange(answerInput.value.length, answerInput.value.length);
      this.say(`${code} added to your answer.`);
    });
    const result = h('div', { id: 'practice-result', class: 'practice-result', 'aria-live': 'polite' });
    const parts = [head, meta, scenario, task, search,
      h('form', { class: 'practice-form', id: 'practice-form' },
        h('label', { for: 'practice-answer' }, 'Your codes, in reporting order'),
        answerInput,
        h('p', { id: 'practice-answer-help', class: 'muted practice-small' },
          'Separate codes with spaces or commas; the first is the first-listed (or principal) diagnosis.'),
        exam ? null : h('button', { type: 'submit', id: 'practice-grade', class: 'primary-button' }, 'Grade my answer'))];
    const form = parts[parts.length - 1];
    if (!exam) {
      const hints = h('div', { id: 'practice-hints', class: 'practice-hints' });
      const hintButton = h('button', { type: 'button', id: 'practice-hint', class: 'tool-button' });
      const shown = () => this.hintsShown.get(ex.id) || 0;
      const renderHints = async () => {
        const n = shown();
        hintButton.textContent = n >= HINT_STEPS ? 'No more hints' : `Hint ${n + 1} of ${HINT_STEPS} (costs ${Math.round(HINT_COST * 100)}%)`;
        hintButton.disabled = n >= HINT_STEPS;
        if (!n) {
          setKids(hints);
          return;
        }
        let data = this.hintData.get(ex.id);
        if (!data) {
          data = await this.icd.practice.hints(ex.id);
          this.hintData.set(ex.id, data);
        }
        setKids(hints, h('ol', { class: 'practice-hint-list' }, data.steps.slice(0, n).map((s) => h('li', null,
          h('strong', null, `${s.name[0].toUpperCase()}${s.name.slice(1)}: `),
          s.lines.length === 1 ? s.lines[0] : h('ul', null, s.lines.map((l) => h('li', null, l)))))),
        h('p', { class: 'muted practice-small' }, `Hints used: ${n} (the score is lowered by ${Math.round(n * HINT_COST * 100)}%).`));
      };
      hintButton.addEventListener('click', async () => {
        if (shown() >= HINT_STEPS) return;
        this.hintsShown.set(ex.id, shown() + 1);
        try {
          await renderHints();
        } catch (e) {
          setKids(hints, h('p', { class: 'practice-error' }, errorText(e)));
        }
      });
      renderHints().catch(() => {});
      parts.push(h('section', { class: 'practice-hint-box', 'aria-label': 'Hints' }, hintButton, hints));
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        this.grade(ex, answerInput.value, result);
      });
      parts.unshift(h('a', { href: '#/practice', class: 'practice-back' }, 'Back to the cases'));
    } else {
      form.addEventListener('submit', (e) => e.preventDefault());
    }
    parts.push(result);
    setKids(this.casePane, parts);
    if (this.active && !exam) head.focus({ preventScroll: false });
    return { answerInput, head };
  }

  async grade(ex, text, box) {
    let codes;
    try {
      codes = parseAnswer(text);
    } catch (e) {
      setKids(box, h('p', { class: 'practice-error', role: 'alert' }, errorText(e)));
      return;
    }
    let g;
    try {
      g = await this.icd.practice.grade(ex.id, codes);
    } catch (e) {
      setKids(box, h('p', { class: 'practice-error', role: 'alert' }, errorText(e)));
      return;
    }
    const hintsUsed = this.hintsShown.get(ex.id) || 0;
    const score = scoreWithHints(g.score, hintsUsed);
    this.record(ex, g, { mode: 'practice', score, hintsUsed, codes });
    setKids(box, this.gradeView(g, { score, hintsUsed }));
    const s = box.querySelector('.practice-score');
    if (s) s.focus({ preventScroll: false });
  }

  record(c, g, { mode, score, hintsUsed, codes }) {
    this.progress.record(c, g, { mode, score, hintsUsed, codes, source: this.source });
    this.renderList();
    this.renderReview();
  }

  /** A grade in place: the score, each entered code's verdict and reason, what is missing, the key and rationale. */
  gradeView(g, { score, hintsUsed }) {
    const scoreText = hintsUsed
      ? `Score ${pct(score)} (${pct(g.score)} less ${Math.round(hintsUsed * HINT_COST * 100)}% for ${hintsUsed} hint${hintsUsed === 1 ? '' : 's'})`
      : `Score ${pct(score)}`;
    return [
      h('p', { class: 'practice-score', tabindex: '-1', id: 'practice-score' }, scoreText,
        g.overcodingFactor < 1 ? h('span', { class: 'muted' }, ` · ${g.entered} codes entered for ${g.keyItems} expected: over-coding lowers the score`) : null),
      g.items.length ? h('ol', { class: 'practice-items', id: 'practice-items' }, g.items.map((it) => h('li', { class: `practice-item-graded verdict-${it.verdict}` },
        h('span', { class: 'practice-code' }, it.code),
        h('span', { class: `badge verdict verdict-badge-${it.verdict}` }, VERDICT_NAMES[it.verdict] || it.verdict),
        it.title ? h('span', { class: 'practice-title' }, ` ${it.title}`) : null,
        h('p', { class: 'practice-reason' }, it.reason),
        it.expected && it.verdict !== 'correct' ? h('p', { class: 'practice-expected' },
          `Expected ${it.expected.code}${it.expected.title ? ` ${it.expected.title}` : ''}`,
          it.expected.indexPath ? ` · Index: ${it.expected.indexPath}` : '') : null,
        it.note ? h('p', { class: 'practice-note' }, `Note: ${it.note}`) : null)))
        : h('p', { class: 'muted' }, 'No codes entered.'),
      g.missing.length ? h('section', { class: 'practice-missing', 'aria-labelledby': 'practice-missing-h' },
        h('h4', { id: 'practice-missing-h' }, 'Missing'),
        h('ul', null, g.missing.map((m) => h('li', null, h('span', { class: 'practice-code' }, m.code), ` ${m.title}`,
          h('p', { class: 'practice-reason' }, m.reason, m.indexPath ? ` · Index: ${m.indexPath}` : ''))))) : null,
      h('section', { class: 'practice-key', id: 'practice-key', 'aria-labelledby': 'practice-key-h' },
        h('h4', { id: 'practice-key-h' }, 'Key, in reporting order'),
        h('ol', null, g.key.map((k) => h('li', null, h('span', { class: 'practice-code' }, k.code), ` ${k.title}`,
          h('p', { class: 'practice-reason' }, k.why, k.accept && k.accept.length ? ` (also accepted: ${k.accept.join(', ')})` : '',
            k.indexPath ? ` · Index: ${k.indexPath}` : '')))),
        h('h4', null, 'Rationale'),
        h('p', { class: 'practice-rationale', id: 'practice-rationale' }, g.rationale),
        g.guidelines.length ? h('p', { class: 'muted practice-small' }, `Guidelines: ${g.guidelines.join(', ')}`) : null),
    ];
  }

  // ---- exam mode (practice-exam.js) ----------------------------------------------------------

  startExam() {
    const pool = this.filtered();
    if (!pool.length) {
      this.say('No case matches the filters: change them to start an exam.');
      return;
    }
    const n = Math.min(pool.length, Number(this.examSize.value) || 10);
    if (this.exam) this.exam.stop();
    this.exam = new PracticeExam(this, pool.slice(0, n).map((c) => c.id), Number(this.examMinutes.value) || 2);
    this.go('#/practice/exam');
  }

  endExam() {
    if (this.exam) this.exam.stop();
    this.exam = null;
    this.go('#/practice');
  }
}
