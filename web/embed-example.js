// The example page's own logic: it logs code-selected events, keeps the components'
// date-of-service in step with the date field and shows the form's values locally
// (the form is never submitted anywhere).
const log = document.getElementById('log');
const dos = document.getElementById('dos');
const form = document.getElementById('visit');
const out = document.getElementById('form-values');

document.addEventListener('code-selected', (e) => {
  const d = e.detail;
  const li = document.createElement('li');
  const code = document.createElement('code');
  code.textContent = d.code;
  li.append(code, ` ${d.title} · ${d.label} · ${d.billable ? 'billable' : 'header'}`,
    d.dateOfService ? ` · in force on ${d.dateOfService}: ${d.inForce ? 'yes' : 'no'}` : '',
    ` (from #${e.target.id})`);
  log.prepend(li);
});

dos.addEventListener('change', () => {
  for (const el of form.querySelectorAll('code-search')) {
    if (dos.value) el.setAttribute('date-of-service', dos.value);
    else el.removeAttribute('date-of-service');
  }
});

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const data = new FormData(form);
  out.textContent = [...data.entries()].map(([k, v]) => `${k} = ${v || '(empty)'}`).join('\n');
});
form.addEventListener('reset', () => {
  out.textContent = '';
});
