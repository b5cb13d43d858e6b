// medcode page, Practice view: one timed exam. The cases of the filtered list, in order; no
// hints and no grades until the end (the Finish button, or the timer); then every answer is
// graded in the ICD-10-CM Worker and the score shown per case and overall (the mean).
import { h, setKids } from '../lib/dom.mjs';
import { parseAnswer } from '../lib/practice.mjs';
import { errorText } from './common.js';
import { pct } from './practice-progress.js';

const clock = (ms) => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export class PracticeExam {
  /** view: the PracticeView (its Worker, case pane, renderCase, progress); ids: the cases; minutes per case. */
  constructor(view, ids, minutesPerCase) {
    this.view = view;
    this.ids = ids;
    this.i = 0;
    this.answers = new Map();
    this.exercises = new Map();
    this.deadline = Date.now() + ids.length * minutesPerCase * 60000;
    this.finished = false;
    this.timeUp = false;
    this.grades = null;
    this.timer = setInterval(() => this.tick(), 1000);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = 0;
  }

  get pane() {
    return this.view.casePane;
  }

  tick() {
    if (this.finished) return;
    const left = this.deadline - Date.now();
    const t = this.pane.querySelector('#practice-timer');
    if (t) t.textContent = `Time left ${clock(left)}`;
    if (left <= 0) this.finish(true);
  }

  saveAnswer() {
    const input = this.pane.querySelector('#practice-answer');
    if (input && !this.finished) this.answers.set(this.ids[this.i], input.value);
  }

  async render() {
    if (this.finished) {
      if (this.grades) this.renderScore();
      return;
    }
    const id = this.ids[this.i];
    let ex = this.exercises.get(id);
    if (!ex) {
      try {
        ex = await this.view.icd.practice.show(id);
      } catch (e) {
        setKids(this.pane, h('p', { class: 'practice-error', role: 'alert' }, errorText(e)));
        return;
      }
      this.exercises.set(id, ex);
    }
    if (this.view.exam !== this || this.finished) return;
    const { head, answerInput } = this.view.renderCase(ex, { exam: true, answer: this.answers.get(id) || '' });
    const last = this.i + 1 >= this.ids.length;
    this.pane.prepend(h('div', { class: 'practice-exam-bar', id: 'practice-exam-bar' },
      h('span', { class: 'practice-exam-pos' }, `Exam: case ${this.i + 1} of ${this.ids.length}`),
      h('span', { id: 'practice-timer', class: 'practice-timer', role: 'timer', 'aria-live': 'off' }, `Time left ${clock(this.deadline - Date.now())}`),
      h('button', { type: 'button', class: 'tool-button', id: 'practice-exam-prev', disabled: this.i === 0, onclick: () => this.move(-1) }, 'Previous'),
      last ? null : h('button', { type: 'button', class: 'tool-button', id: 'practice-exam-next', onclick: () => this.move(1) }, 'Next case'),
      h('button', { type: 'button', class: 'primary-button', id: 'practice-exam-finish', onclick: () => this.finish(false) }, 'Finish the exam')));
    answerInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        if (!last) this.move(1);
      }
    });
    head.focus({ preventScroll: true });
  }

  move(d) {
    this.saveAnswer();
    this.i = Math.max(0, Math.min(this.ids.length - 1, this.i + d));
    this.render();
  }

  async finish(timeUp) {
    if (this.finished) return;
    this.saveAnswer();
    this.finished = true;
    this.timeUp = timeUp;
    this.stop();
    setKids(this.pane, h('p', { role: 'status' }, 'Grading the exam…'));
    const grades = [];
    for (const id of this.ids) {
      let codes = [];
      try {
        codes = parseAnswer(this.answers.get(id) || '');
      } catch { /* an answer that does not parse scores 0 */ }
      let g = null;
      let error = null;
      try {
        g = await this.view.icd.practice.grade(id, codes);
      } catch (e) {
        error = errorText(e);
      }
      const summary = this.view.cases.find((c) => c.id === id) || { id, title: id, topics: [], chapter: '?', level: 0 };
      if (g) this.view.record(summary, g, { mode: 'exam', score: g.score, hintsUsed: 0, codes });
      grades.push({ id, title: summary.title, g, error, codes });
    }
    this.grades = grades;
    if (this.view.exam === this) this.renderScore();
  }

  renderScore() {
    const total = this.grades.reduce((a, x) => a + (x.g ? x.g.score : 0), 0) / this.grades.length;
    const head = h('h3', { id: 'practice-exam-score', class: 'practice-case-title', tabindex: '-1' }, `Exam score: ${pct(total)}`);
    setKids(this.pane,
      head,
      h('p', { class: 'muted' }, this.timeUp ? 'Time is up: the answers entered were graded.' : 'The exam is finished.',
        ` ${this.grades.length} cases, the mean of their scores.`),
      h('table', { class: 'practice-exam-table', id: 'practice-exam-table' },
        h('caption', { class: 'visually-hidden' }, 'Exam results'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Case'), h('th', { scope: 'col' }, 'Your codes'), h('th', { scope: 'col' }, 'Score'))),
        h('tbody', null, this.grades.map((x) => h('tr', null,
          h('th', { scope: 'row' }, h('a', { href: `#/practice/${encodeURIComponent(x.id)}` }, x.id), ` ${x.title}`),
          h('td', null, x.codes.length ? x.codes.join(' ') : '(none)'),
          h('td', null, x.g ? pct(x.g.score) : `error: ${x.error}`))))),
      h('p', null, 'Open a case to see the key, the rationale and each code’s verdict (practice mode).'),
      h('button', { type: 'button', class: 'tool-button', id: 'practice-exam-done', onclick: () => this.view.endExam() }, 'Back to the cases'));
    head.focus({ preventScroll: false });
  }
}
