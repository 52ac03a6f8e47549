// Homeroom admin console: plain ES modules, no build step. It talks only to /api (the same endpoints
// and rules as any client) and builds the page with textContent, never innerHTML, so data cannot
// become markup.
import { TEXT } from './i18n.js';

const state = { lang: localStorage.getItem('homeroom.lang') || 'en', auth: sessionStorage.getItem('homeroom.auth'), me: null, pending: 0, timer: null };
const $ = (selector, root = document) => root.querySelector(selector);

function t(key, ...args) {
  const text = (TEXT[state.lang] && TEXT[state.lang][key]) || TEXT.en[key] || key;
  return text.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)]));
}

/** el('button', {type: 'button', onclick: f}, 'text', child…): attributes, properties (on*, dataset) and children. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'checked' || key === 'value') node[key] = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function announce(message) {
  const status = $('#status');
  status.textContent = '';
  // a fresh text node after clearing makes screen readers announce a repeated message too
  setTimeout(() => { status.textContent = message; }, 30);
}

function busy(delta) {
  state.pending += delta;
  document.body.dataset.busy = state.pending > 0 ? 'true' : 'false';
}

/** Calls the API; resolves to {status, body} (body parsed when JSON or problem+json). Never throws on 4xx/5xx. */
async function api(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json', 'X-Requested-With': 'XMLHttpRequest' };
  if (state.auth) headers.Authorization = 'Basic ' + state.auth;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  busy(1);
  try {
    const response = await fetch('/api' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    const text = await response.text();
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = { detail: text }; }
    if (response.status === 401 && state.me) signOut(t('wrongPassword'));
    return { status: response.status, body: parsed };
  } catch (e) {
    return { status: 0, body: { detail: t('networkError') } };
  } finally {
    busy(-1);
  }
}

function problemText(answer) {
  const b = answer.body || {};
  const fields = (b.errors || []).map(e => e.field + ': ' + e.message).join('; ');
  return (b.detail || b.title || ('HTTP ' + answer.status)) + (fields ? ' (' + fields + ')' : '');
}

// ------------------------------------------------------------------ frame

function applyLanguage() {
  document.documentElement.lang = state.lang;
  $('#language').value = state.lang;
  document.querySelectorAll('[data-i18n]').forEach(node => { node.textContent = t(node.dataset.i18n); });
  if (state.me) $('#whoami').textContent = t('signedInAs', state.me.name);
}

function setTitle(key) {
  document.title = t(key) + ' · ' + t('brand');
  const h1 = el('h1', { tabindex: '-1', id: 'page-title' }, t(key));
  return h1;
}

function show(content, focus = true) {
  const main = $('#main');
  main.replaceChildren(...content);
  const h1 = $('h1', main);
  if (focus && h1) h1.focus();
}

function signOut(message) {
  state.auth = null;
  state.me = null;
  sessionStorage.removeItem('homeroom.auth');
  clearInterval(state.timer);
  $('#nav').hidden = true;
  $('#whoami').hidden = true;
  $('#signout').hidden = true;
  renderSignIn(message);
}

function renderSignIn(message) {
  const error = el('p', { id: 'signin-error', class: 'error', role: 'alert' }, message && message !== t('signedOut') ? message : '');
  const form = el('form', { id: 'signin-form', class: 'signin panel', novalidate: true },
    el('p', { class: 'hint' }, t('signInHint')),
    el('div', { class: 'field' }, el('label', { for: 'signin-user' }, t('user')),
      el('input', { id: 'signin-user', name: 'user', autocomplete: 'username', required: true })),
    el('div', { class: 'field' }, el('label', { for: 'signin-password' }, t('password')),
      el('input', { id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    error,
    el('button', { id: 'signin-submit', type: 'submit', class: 'primary' }, t('signIn')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const user = $('#signin-user').value.trim();
    const password = $('#signin-password').value;
    state.auth = btoa(String.fromCharCode(...new TextEncoder().encode(user + ':' + password)));
    const me = await api('GET', '/me');
    if (me.status !== 200) {
      state.auth = null;
      error.textContent = me.status === 401 ? t('wrongPassword') : problemText(me);
      $('#signin-password').focus();
      return;
    }
    if (!me.body.roles.includes('admin')) {
      state.auth = null;
      error.textContent = t('notAdmin');
      return;
    }
    sessionStorage.setItem('homeroom.auth', state.auth);
    signedIn(me.body);
  });
  show([setTitle('signInTitle'), form], false);
  if (message) announce(message);
  $('#signin-user').focus();
}

function signedIn(me) {
  state.me = me;
  $('#nav').hidden = false;
  $('#whoami').hidden = false;
  $('#signout').hidden = false;
  applyLanguage();
  announce(t('signedInAs', me.name));
  if (!location.hash || location.hash === '#/') location.hash = '#/modules';
  else route();
}

const ROUTES = { '#/modules': renderModules, '#/matrix': renderMatrix, '#/sites': renderSites, '#/audit': renderAudit, '#/health': renderHealth };

function route() {
  if (!state.me) return;
  clearInterval(state.timer);
  $('#status').textContent = ''; // a message belongs to the screen that said it
  const hash = ROUTES[location.hash] ? location.hash : '#/modules';
  document.querySelectorAll('#nav a').forEach(a => {
    if (a.getAttribute('href') === hash) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  ROUTES[hash]();
}

// ------------------------------------------------------------------ confirmation

function confirmAction(title, text, okLabel, danger) {
  const dialog = $('#confirm-dialog');
  $('#confirm-title').textContent = title;
  $('#confirm-text').textContent = text;
  const ok = $('#confirm-ok');
  ok.textContent = okLabel;
  ok.className = danger ? 'primary danger' : 'primary';
  const opener = document.activeElement;
  return new Promise(resolve => {
    const finish = answer => {
      ok.onclick = null; $('#confirm-cancel').onclick = null; dialog.oncancel = null;
      dialog.close();
      if (opener && opener.isConnected) opener.focus();
      resolve(answer);
    };
    ok.onclick = () => finish(true);
    $('#confirm-cancel').onclick = () => finish(false);
    dialog.oncancel = event => { event.preventDefault(); finish(false); };
    dialog.showModal();
    $('#confirm-cancel').focus();
  });
}

// ------------------------------------------------------------------ modules

const ACTIONS = { available: ['install'], active: ['stop', 'update', 'uninstall'], stopped: ['start', 'update', 'uninstall'], failed: ['start', 'uninstall'] };

async function renderModules() {
  const title = setTitle('modulesTitle');
  const progress = el('div', { id: 'operation-area' });
  const body = el('tbody');
  const table = el('table', { id: 'modules-table' },
    el('caption', { class: 'sr-only' }, t('modulesTitle')),
    el('thead', {}, el('tr', {}, ['colName', 'colVersion', 'colState', 'colScope', 'colSites', 'colActions'].map(k => el('th', { scope: 'col' }, t(k))))),
    body);
  show([title, progress, table]);
  const answer = await api('GET', '/admin/modules');
  if (answer.status !== 200) { progress.replaceChildren(el('p', { class: 'error', role: 'alert' }, problemText(answer))); return; }
  for (const m of answer.body) {
    const scope = String(m.scope || '').toLowerCase();
    const actions = (ACTIONS[m.state] || []).map(action => el('button', {
      type: 'button', dataset: { action }, class: action === 'uninstall' ? 'danger' : null,
      'aria-label': t(action) + ' ' + (m.name || m.id),
      onclick: () => operate(m, action, progress)
    }, t(action)));
    body.append(el('tr', { dataset: { module: m.id } },
      el('td', {}, el('strong', {}, m.name || m.id), el('p', { class: 'desc' }, m.description || '')),
      el('td', {}, m.version || '—'),
      el('td', { class: 'state state-' + m.state }, t('state_' + m.state) === 'state_' + m.state ? m.state : t('state_' + m.state)),
      el('td', {}, scope === 'site' ? t('scopeSite') : t('scopeDistrict')),
      el('td', {}, scope === 'site' || m.perSite ? t('sitesCount', (m.enabledSites || []).length) : t('allDistrict')),
      el('td', {}, actions)));
  }
}

async function operate(module, action, area) {
  const name = module.name || module.id;
  const texts = { install: 'confirmInstall', start: 'confirmStart', stop: 'confirmStop', update: 'confirmUpdate', uninstall: 'confirmUninstall' };
  if (!await confirmAction(t('confirmTitle', t(action), name), t(texts[action], name), t(action), action === 'uninstall')) return;
  const started = await api('POST', '/admin/modules/' + encodeURIComponent(module.id) + '/' + action);
  if (started.status !== 202) {
    area.replaceChildren(el('p', { id: 'operation-error', class: 'error', role: 'alert' }, problemText(started)));
    return;
  }
  area.replaceChildren(el('label', { for: 'operation-progress' }, t('running', name, t(action))),
    el('progress', { id: 'operation-progress', 'aria-describedby': 'status' }));
  announce(t('running', name, t(action)));
  busy(1); // the operation runs on the server: busy until it ends
  try {
    let op = started.body;
    while (op.state !== 'succeeded' && op.state !== 'failed') {
      await new Promise(resolve => setTimeout(resolve, 400));
      const poll = await api('GET', '/admin/operations/' + encodeURIComponent(op.id));
      if (poll.status === 200) op = poll.body;
    }
    if (op.state === 'failed') {
      await renderModules();
      $('#operation-area').replaceChildren(el('p', { id: 'operation-error', class: 'error', role: 'alert' }, t('failed', name, t(action)) + ' ' + (op.message || '')));
    } else {
      await renderModules();
      announce(t('succeeded', name, t(action)) + (op.message ? ' ' + op.message : ''));
    }
  } finally {
    busy(-1);
  }
}

// ------------------------------------------------------------------ sites × modules

const KINDS = ['elementary', 'middle', 'high', 'alternative', 'early-childhood', 'office'];

async function allSites() {
  const answer = await api('GET', '/sites?limit=500');
  return answer.status === 200 ? answer.body.items : [];
}

async function renderMatrix() {
  const title = setTitle('matrixTitle');
  const [sites, modulesAnswer] = await Promise.all([allSites(), api('GET', '/admin/modules')]);
  // site modules, and district modules that sites switch on one by one (messaging)
  const modules = (modulesAnswer.body || []).filter(m => (String(m.scope).toLowerCase() === 'site' || m.perSite) && m.state === 'active');
  const enabled = new Set(modules.flatMap(m => (m.enabledSites || []).map(code => code + '/' + m.id)));
  const search = el('input', { id: 'matrix-search', type: 'search' });
  const kind = el('select', { id: 'matrix-kind' }, el('option', { value: '' }, t('anyKind')), KINDS.map(k => el('option', { value: k }, k)));
  const count = el('p', { class: 'hint', id: 'matrix-count' });
  const settingsArea = el('div', { id: 'settings-area' });
  const body = el('tbody');
  const visible = () => [...body.querySelectorAll('tr[data-site]')].filter(row => !row.hidden);
  const filter = () => {
    const q = search.value.trim().toLowerCase();
    for (const row of body.querySelectorAll('tr[data-site]')) {
      row.hidden = !((!q || row.dataset.text.includes(q)) && (!kind.value || row.dataset.kind === kind.value));
    }
    count.textContent = t('shownSites', visible().length);
  };
  search.addEventListener('input', filter);
  kind.addEventListener('change', filter);
  const head = el('tr', {}, el('th', { scope: 'col' }, t('colSite')), el('th', { scope: 'col' }, t('colKind')),
    modules.map(m => el('th', { scope: 'col' }, m.name || m.id, el('br'),
      el('button', { type: 'button', dataset: { bulk: 'enable', module: m.id }, onclick: () => bulk(m, true) }, t('enableShown')),
      el('button', { type: 'button', dataset: { bulk: 'disable', module: m.id }, onclick: () => bulk(m, false) }, t('disableShown')))),
    el('th', { scope: 'col' }, t('settings')));
  for (const site of sites) {
    const label = site.name + ' (' + site.code + ')';
    body.append(el('tr', { dataset: { site: site.code, kind: site.kind, text: (site.code + ' ' + site.name).toLowerCase() } },
      el('th', { scope: 'row' }, label), el('td', {}, site.kind),
      modules.map(m => el('td', {}, el('input', {
        type: 'checkbox', dataset: { site: site.code, module: m.id }, checked: enabled.has(site.code + '/' + m.id),
        'aria-label': t('enableAt', m.name || m.id, label), onchange: event => toggle(event.target, m, site)
      }))),
      el('td', {}, el('button', { type: 'button', dataset: { settings: site.code }, 'aria-label': t('settingsOf', label),
        onclick: () => renderSettings(settingsArea, site, modules) }, t('settings')))));
  }
  async function bulk(module, on) {
    const rows = visible();
    let done = 0;
    busy(1); // busy for the whole run, not only during each call
    try {
    for (const row of rows) {
      const box = row.querySelector('input[data-module="' + CSS.escape(module.id) + '"]');
      if (box.checked !== on) {
        const answer = await api('PUT', '/sites/' + encodeURIComponent(row.dataset.site) + '/modules/' + encodeURIComponent(module.id), { enabled: on });
        if (answer.status === 200) box.checked = on;
      }
      done++;
      if (done % 10 === 0) announce(t('bulkProgress', module.name, done, rows.length));
    }
    } finally {
      busy(-1);
    }
    announce(t('bulkDone', (on ? t('enableShown') : t('disableShown')) + ' · ' + module.name, rows.length));
  }
  const table = modules.length ? el('table', { id: 'matrix-table', class: 'matrix' }, el('caption', { class: 'sr-only' }, t('matrixTitle')), el('thead', {}, head), body)
    : el('p', {}, t('noSiteModules'));
  show([title,
    el('div', { class: 'filters' },
      el('div', { class: 'field' }, el('label', { for: 'matrix-search' }, t('search')), search),
      el('div', { class: 'field' }, el('label', { for: 'matrix-kind' }, t('kind')), kind), count),
    settingsArea, table]);
  filter();
}

async function toggle(box, module, site) {
  const on = box.checked;
  const answer = await api('PUT', '/sites/' + encodeURIComponent(site.code) + '/modules/' + encodeURIComponent(module.id), { enabled: on });
  if (answer.status !== 200) {
    box.checked = !on;
    announce(problemText(answer));
    return;
  }
  announce(t(on ? 'toggledOn' : 'toggledOff', module.name || module.id, site.name + ' (' + site.code + ')'));
}

async function renderSettings(area, site, modules) {
  const select = el('select', { id: 'settings-module' }, modules.map(m => el('option', { value: m.id }, m.name || m.id)));
  const fields = el('div');
  const formError = el('p', { class: 'error', role: 'alert', id: 'settings-error' });
  const form = el('form', { id: 'settings-form', class: 'panel', novalidate: true, 'aria-labelledby': 'settings-title' },
    el('h2', { id: 'settings-title', tabindex: '-1' }, t('settingsOf', site.name + ' (' + site.code + ')')),
    el('div', { class: 'field' }, el('label', { for: 'settings-module' }, t('module')), select),
    fields, formError,
    el('button', { type: 'submit', id: 'settings-save', class: 'primary' }, t('save')),
    el('button', { type: 'button', onclick: () => area.replaceChildren() }, t('close')));
  const load = async () => {
    const answer = await api('GET', '/sites/' + encodeURIComponent(site.code) + '/modules/' + encodeURIComponent(select.value));
    if (answer.status !== 200) { formError.textContent = problemText(answer); return; }
    const setting = answer.body;
    fields.replaceChildren(
      el('div', { class: 'field inline' }, el('input', { type: 'checkbox', id: 'settings-enabled', name: 'enabled', checked: setting.enabled }),
        el('label', { for: 'settings-enabled' }, t('enabled'))),
      ...Object.entries(setting.settings || {}).map(([key, value]) => el('div', { class: 'field' },
        el('label', { for: 'settings-' + key }, key),
        el('input', { id: 'settings-' + key, name: key, dataset: { type: typeof value }, type: typeof value === 'boolean' ? 'checkbox' : 'text',
          inputmode: typeof value === 'number' ? 'numeric' : null, checked: typeof value === 'boolean' ? value : null,
          value: typeof value === 'boolean' ? null : String(value), 'aria-describedby': 'settings-' + key + '-error' }),
        el('p', { class: 'error', id: 'settings-' + key + '-error' }))));
  };
  select.addEventListener('change', load);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const settings = {};
    fields.querySelectorAll('input[data-type]').forEach(input => {
      const type = input.dataset.type;
      // a number field that is not a number is sent as typed: the API names the field in its answer
      settings[input.name] = type === 'boolean' ? input.checked : type === 'number' && input.value.trim() !== '' && !isNaN(Number(input.value)) ? Number(input.value) : input.value;
    });
    fields.querySelectorAll('.error').forEach(p => { p.textContent = ''; });
    fields.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid'));
    formError.textContent = '';
    const answer = await api('PUT', '/sites/' + encodeURIComponent(site.code) + '/modules/' + encodeURIComponent(select.value),
      { enabled: $('#settings-enabled').checked, settings });
    if (answer.status === 200) {
      const box = document.querySelector('input[data-site="' + CSS.escape(site.code) + '"][data-module="' + CSS.escape(select.value) + '"]');
      if (box) box.checked = answer.body.enabled;
      announce(t('savedSettings', select.selectedOptions[0].textContent, site.code));
      return;
    }
    showFieldErrors(answer, name => name.replace(/^settings\./, 'settings-'), formError);
  });
  area.replaceChildren(form);
  await load();
  $('#settings-title').focus();
}

/** Puts each API field error next to its field ({@code #<id>-error}, aria-invalid on the input). */
function showFieldErrors(answer, idOf, fallback) {
  const errors = (answer.body && answer.body.errors) || [];
  let first = null;
  const unplaced = [];
  for (const e of errors) {
    const id = idOf(e.field);
    const message = document.getElementById(id + '-error');
    const input = document.getElementById(id);
    if (message && input) {
      message.textContent = (message.textContent ? message.textContent + ' ' : '') + e.message;
      input.setAttribute('aria-invalid', 'true');
      first = first || input;
    } else {
      unplaced.push(e.field + ': ' + e.message);
    }
  }
  fallback.textContent = errors.length ? t('fixErrors') + (unplaced.length ? ' ' + unplaced.join('; ') : '') : problemText(answer);
  if (first) first.focus();
}

// ------------------------------------------------------------------ sites

const SITE_FIELDS = ['code', 'name', 'kind', 'address', 'phone', 'principal', 'grades', 'languages'];

async function renderSites(offset = 0, editing = null) {
  const title = setTitle('sitesTitle');
  const search = el('input', { id: 'sites-search', type: 'search', value: state.sitesQuery || '' });
  const body = el('tbody');
  const pager = el('div', { class: 'pager' });
  const formArea = el('div');
  const load = async (from) => {
    state.sitesQuery = search.value.trim();
    const answer = await api('GET', '/sites?limit=20&offset=' + from + (state.sitesQuery ? '&q=' + encodeURIComponent(state.sitesQuery) : ''));
    if (answer.status !== 200) { body.replaceChildren(); announce(problemText(answer)); return; }
    const page = answer.body;
    body.replaceChildren(...page.items.map(site => el('tr', { dataset: { site: site.code } },
      el('td', {}, site.code), el('th', { scope: 'row' }, site.name, site.archived ? ' (' + t('archived') + ')' : ''), el('td', {}, site.kind),
      el('td', {}, site.grades || ''), el('td', {}, site.principal || ''),
      el('td', {},
        el('button', { type: 'button', dataset: { edit: site.code }, 'aria-label': t('edit') + ' ' + site.name, onclick: () => siteForm(formArea, site) }, t('edit')),
        site.archived ? null : el('button', { type: 'button', class: 'danger', dataset: { archive: site.code }, 'aria-label': t('archive') + ' ' + site.name,
          onclick: () => archiveSite(site) }, t('archive'))))));
    pager.replaceChildren(
      el('button', { type: 'button', disabled: page.offset === 0, onclick: () => load(Math.max(0, page.offset - page.limit)) }, t('previous')),
      el('span', {}, t('pageOf', page.total ? page.offset + 1 : 0, page.offset + page.items.length, page.total)),
      el('button', { type: 'button', disabled: page.offset + page.items.length >= page.total, onclick: () => load(page.offset + page.limit) }, t('next')));
  };
  search.addEventListener('input', () => load(0));
  show([title,
    el('div', { class: 'filters' }, el('div', { class: 'field' }, el('label', { for: 'sites-search' }, t('search')), search),
      el('button', { type: 'button', id: 'site-new', onclick: () => siteForm(formArea, null) }, t('newSite'))),
    formArea,
    el('table', { id: 'sites-table' }, el('caption', { class: 'sr-only' }, t('sitesTitle')),
      el('thead', {}, el('tr', {}, ['code', 'name', 'kind', 'grades', 'principal', 'colActions'].map(k => el('th', { scope: 'col' }, t(k))))), body),
    pager]);
  siteForm(formArea, editing, false);
  await load(offset);
}

function siteForm(area, site, focus = true) {
  const value = key => site ? (key === 'languages' ? (site.languages || []).join(', ') : site[key] || '') : '';
  const field = (key, control) => el('div', { class: 'field' }, el('label', { for: 'site-' + key }, t(key)), control,
    el('p', { class: 'error', id: 'site-' + key + '-error' }));
  const input = (key, attrs = {}) => el('input', Object.assign({ id: 'site-' + key, name: key, value: value(key), 'aria-describedby': 'site-' + key + '-error' }, attrs));
  const formError = el('p', { class: 'error', role: 'alert', id: 'site-form-error' });
  const form = el('form', { id: 'site-form', class: 'panel', novalidate: true, 'aria-labelledby': 'site-form-title' },
    el('h2', { id: 'site-form-title', tabindex: '-1' }, site ? t('editSite', site.code) : t('newSite')),
    field('code', input('code', { readonly: site ? true : null, autocomplete: 'off' })),
    field('name', input('name')),
    field('kind', el('select', { id: 'site-kind', name: 'kind', 'aria-describedby': 'site-kind-error' },
      KINDS.map(k => el('option', { value: k, selected: value('kind') === k }, k)))),
    field('address', input('address', { autocomplete: 'street-address' })),
    field('phone', input('phone', { type: 'tel' })),
    field('principal', input('principal')),
    field('grades', input('grades')),
    field('languages', input('languages')),
    formError,
    el('button', { type: 'submit', id: 'site-save', class: 'primary' }, t('save')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    form.querySelectorAll('.error').forEach(p => { p.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid'));
    const draft = {};
    for (const key of SITE_FIELDS) {
      const raw = $('#site-' + key).value.trim();
      draft[key] = key === 'languages' ? raw.split(',').map(s => s.trim()).filter(Boolean) : raw === '' ? null : raw;
    }
    const answer = site ? await api('PUT', '/sites/' + encodeURIComponent(site.code), draft) : await api('POST', '/sites', draft);
    if (answer.status === 200 || answer.status === 201) {
      announce(t('siteSaved', answer.body.code));
      renderSites(0, null);
      return;
    }
    showFieldErrors(answer, name => 'site-' + name.split(/[.[]/)[0], formError);
  });
  area.replaceChildren(form);
  if (focus) $('#site-form-title').focus();
}

async function archiveSite(site) {
  if (!await confirmAction(t('archive') + ' ' + site.name + '?', t('confirmArchive', site.code), t('archive'), true)) return;
  const answer = await api('DELETE', '/sites/' + encodeURIComponent(site.code));
  announce(answer.status === 200 ? t('siteArchived', site.code) : problemText(answer));
  if (answer.status === 200) renderSites();
}

// ------------------------------------------------------------------ audit

async function renderAudit() {
  const title = setTitle('auditTitle');
  const input = (id, label, attrs = {}) => el('div', { class: 'field' }, el('label', { for: id }, label), el('input', Object.assign({ id }, attrs)));
  const body = el('tbody');
  const pager = el('div', { class: 'pager' });
  const load = async (offset) => {
    const q = new URLSearchParams({ limit: '50', offset: String(offset) });
    const site = $('#audit-site').value.trim().toUpperCase();
    const module = $('#audit-module').value.trim().toLowerCase();
    const actor = $('#audit-actor').value.trim();
    const since = $('#audit-since').value;
    if (site) q.set('site', site);
    if (module) q.set('module', module);
    if (actor) q.set('actor', actor);
    if (since) q.set('since', since + 'T00:00:00Z');
    const answer = await api('GET', '/audit?' + q);
    if (answer.status !== 200) { body.replaceChildren(el('tr', {}, el('td', { colspan: '5', class: 'error', role: 'alert' }, problemText(answer)))); return; }
    const page = answer.body;
    body.replaceChildren(...(page.items.length ? page.items.map(e => el('tr', {},
      el('td', {}, new Date(e.occurredAt || e.at).toLocaleString(state.lang === 'es' ? 'es-US' : 'en-US')), el('td', {}, e.actor), el('td', {}, e.action),
      el('td', {}, e.entity + (e.entityId ? ' ' + e.entityId : '')), el('td', {}, e.detail || '')))
      : [el('tr', {}, el('td', { colspan: '5' }, t('noEntries')))]));
    pager.replaceChildren(
      el('button', { type: 'button', disabled: page.offset === 0, onclick: () => load(Math.max(0, page.offset - page.limit)) }, t('previous')),
      el('span', {}, t('pageOf', page.total ? page.offset + 1 : 0, page.offset + page.items.length, page.total)),
      el('button', { type: 'button', disabled: page.offset + page.items.length >= page.total, onclick: () => load(page.offset + page.limit) }, t('next')));
  };
  const form = el('form', { class: 'filters', id: 'audit-filters' },
    input('audit-site', t('site'), { size: '8' }), input('audit-module', t('module'), { size: '14' }),
    input('audit-actor', t('person'), { size: '14' }), input('audit-since', t('since'), { type: 'date' }),
    el('button', { type: 'submit', id: 'audit-apply', class: 'primary' }, t('apply')));
  form.addEventListener('submit', event => { event.preventDefault(); load(0); });
  show([title, form,
    el('table', { id: 'audit-table' }, el('caption', { class: 'sr-only' }, t('auditTitle')),
      el('thead', {}, el('tr', {}, ['colWhen', 'colWho', 'colWhat', 'colEntity', 'colDetail'].map(k => el('th', { scope: 'col' }, t(k))))), body),
    pager]);
  await load(0);
}

// ------------------------------------------------------------------ health

async function renderHealth() {
  const title = setTitle('healthTitle');
  const summary = el('dl', { id: 'health-summary' });
  const body = el('tbody');
  const refreshed = el('p', { class: 'hint' });
  show([title, summary,
    el('table', { id: 'health-modules' }, el('caption', { class: 'sr-only' }, t('healthTitle')),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('colModule')), el('th', { scope: 'col' }, t('colState')))), body),
    refreshed]);
  let last = null;
  const load = async () => {
    const answer = await api('GET', '/health');
    const h = answer.body || {};
    const status = h.status || (answer.status === 0 ? 'DOWN' : 'HTTP ' + answer.status);
    summary.replaceChildren(
      el('dt', {}, t('platform')), el('dd', { id: 'health-status', class: 'state' }, status),
      el('dt', {}, t('database')), el('dd', {}, h.database || '—'),
      el('dt', {}, t('boot')), el('dd', {}, h.boot || '—'));
    body.replaceChildren(...(h.modules || []).map(m => el('tr', { dataset: { module: m.id } }, el('th', { scope: 'row' }, m.id),
      el('td', { class: 'state state-' + m.state }, t('state_' + m.state) === 'state_' + m.state ? m.state : t('state_' + m.state)))));
    refreshed.textContent = t('refreshed', new Date().toLocaleTimeString(state.lang === 'es' ? 'es-US' : 'en-US'));
    const now = JSON.stringify(h);
    if (last && last !== now) announce(t('platform') + ': ' + status); // say it only when something changed
    last = now;
  };
  await load();
  state.timer = setInterval(() => { if (location.hash === '#/health') load(); }, 5000);
}

// ------------------------------------------------------------------ start

$('#language').addEventListener('change', event => {
  state.lang = event.target.value;
  localStorage.setItem('homeroom.lang', state.lang);
  applyLanguage();
  if (state.me) route(); else renderSignIn();
});
$('#signout').addEventListener('click', () => { signOut(t('signedOut')); announce(t('signedOut')); });
window.addEventListener('hashchange', route);

(async () => {
  applyLanguage();
  if (state.auth) {
    const me = await api('GET', '/me');
    if (me.status === 200 && me.body.roles.includes('admin')) { signedIn(me.body); return; }
    state.auth = null;
    sessionStorage.removeItem('homeroom.auth');
  }
  renderSignIn();
})();
