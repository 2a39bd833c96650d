// ASMM8 web page: plain JavaScript over the daemon's HTTP API (same origin, bearer token).
// Everything from the API is put in the page as text (textContent, attributes), never as HTML.
'use strict';

(function () {
  const TOKEN_KEY = 'asmm8.token';
  const $ = (sel) => document.querySelector(sel);

  // ------------------------------------------------------------------ helpers

  /** An element with attributes (on* never used) and children (strings become text nodes). */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function svg(tag, attrs, ...children) {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  function fmtTime(iso) {
    if (!iso) return '';
    return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC');
  }

  function ago(iso) {
    if (!iso) return '';
    const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.round(s / 60) + ' min ago';
    if (s < 86400) return Math.round(s / 3600) + ' h ago';
    return Math.round(s / 86400) + ' d ago';
  }

  function timeEl(iso, relative) {
    if (!iso) return el('span', { class: 'muted', text: '-' });
    return el('time', { datetime: iso, title: fmtTime(iso), text: relative ? ago(iso) : fmtTime(iso) });
  }

  function duration(from, to) {
    if (!from) return '';
    const ms = (to ? Date.parse(to) : Date.now()) - Date.parse(from);
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }

  /** datetime-local value (read as UTC) to an ISO instant, and back. */
  function localToIso(v) {
    if (!v) return null;
    return (v.length === 16 ? v + ':00' : v) + 'Z';
  }
  function isoToLocal(d) {
    return d.toISOString().slice(0, 16);
  }

  /** Each cell gets its column's name (data-label), shown before it where narrow screens stack the rows. */
  function labelCells(table) {
    const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
    for (const tr of table.querySelectorAll('tbody tr')) {
      [...tr.cells].forEach((c, i) => {
        if (names[i] && c.colSpan === 1) c.dataset.label = names[i];
      });
    }
  }

  function badge(status) {
    return el('span', { class: 'badge s-' + String(status || 'none').replace(/[^a-z]/g, ''), text: status || 'never' });
  }

  function say(msg) {
    $('#status').textContent = msg;
  }

  function showError(msg) {
    const e = $('#error');
    if (e.textContent !== (msg || '')) e.textContent = msg || '';
    e.hidden = !msg;
  }

  // ------------------------------------------------------------------ the API

  class ApiError extends Error {
    constructor(code, msg) {
      super(msg);
      this.code = code;
    }
  }

  async function request(method, path, body, raw) {
    const headers = { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let r;
    try {
      r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    } catch (e) {
      throw new ApiError(0, 'the daemon does not answer (' + e.message + ')');
    }
    if (raw && r.ok) return r;
    let json = null;
    try {
      json = await r.json();
    } catch (e) {
      // not JSON
    }
    if (!r.ok) {
      const msg = json && json.msg ? json.msg : 'HTTP ' + r.status;
      if (r.status === 401 || r.status === 403) {
        signOut('The API refused the token (HTTP ' + r.status + ': ' + msg + '). Check ASMM8_API_TOKEN and sign in again.');
      }
      throw new ApiError(r.status, msg);
    }
    return json;
  }

  const api = {
    get: (p) => request('GET', p),
    post: (p, b) => request('POST', p, b),
    put: (p, b) => request('PUT', p, b),
    del: (p) => request('DELETE', p),
    raw: (p) => request('GET', p, undefined, true),
  };

  /** Runs an action, showing its API error in the alert area. */
  async function guarded(fn) {
    try {
      const r = await fn();
      showError(''); // cleared once an action succeeds, not before it runs: a failing poll keeps its banner steady
      return r;
    } catch (e) {
      if (e instanceof ApiError && (e.code === 0 || e.code === 503)) {
        // one steady message while the daemon is away, whatever the poll that met it (no flicker)
        showError('The daemon is ' + (e.code === 0 ? 'not answering' : 'not ready (' + e.message.replace(/^not ready: /, '') + ')')
          + '. The page tries again by itself.');
      } else if (!(e instanceof ApiError && (e.code === 401 || e.code === 403))) showError(e.message);
      return undefined;
    }
  }

  // ------------------------------------------------------------------ sign in / views

  const views = ['login', 'domains', 'hostnames', 'name', 'scan', 'search', 'scans', 'changes', 'chart'];
  let timer = null;

  function show(view) {
    for (const v of views) $('#view-' + v).hidden = v !== view;
    $('#nav').hidden = view === 'login';
    for (const a of document.querySelectorAll('#nav a')) {
      if (a.dataset.view === view || ((view === 'hostnames' || view === 'name') && a.dataset.view === 'domains')
        || (view === 'scan' && a.dataset.view === 'scans')) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  function signOut(why) {
    sessionStorage.removeItem(TOKEN_KEY);
    stopPolling();
    show('login');
    const e = $('#login-error');
    e.textContent = why || '';
    e.hidden = !why;
    $('#token').focus();
  }

  async function signIn(ev) {
    ev.preventDefault();
    const token = $('#token').value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('#login-error').hidden = true;
    try {
      await api.get('/domains');
    } catch (e) {
      if (e.code !== 401 && e.code !== 403) {
        signOut('Could not sign in: ' + e.message);
      }
      return;
    }
    $('#token').value = '';
    if (!location.hash || location.hash === '#login') location.hash = '#domains';
    else route();
  }

  function stopPolling() {
    if (timer) clearInterval(timer);
    timer = null;
  }

  function poll(fn, ms) {
    stopPolling();
    timer = setInterval(fn, ms);
  }

  function route() {
    stopPolling();
    showError('');
    say('');
    if (!sessionStorage.getItem(TOKEN_KEY)) {
      show('login');
      $('#token').focus();
      return;
    }
    const [path, qs] = location.hash.replace(/^#/, '').split('?');
    const [name, arg] = path.split('/');
    switch (name) {
      case 'hostnames':
        show('hostnames');
        openHostnames(decodeURIComponent(arg || ''), new URLSearchParams(qs || ''));
        break;
      case 'name':
        show('name');
        openName(decodeURIComponent(arg || ''));
        break;
      case 'search':
        show('search');
        runSearch(new URLSearchParams(qs || '').get('q') || '');
        break;
      case 'scan':
        show('scan');
        openScan(decodeURIComponent(arg || ''));
        break;
      case 'scans':
        show('scans');
        loadScans();
        poll(loadScans, 1000);
        break;
      case 'changes':
        show('changes');
        loadChanges();
        break;
      case 'chart':
        show('chart');
        loadChart();
        break;
      default:
        show('domains');
        loadDomains();
        poll(loadDomains, 5000);
    }
    $('#main').focus({ preventScroll: true });
  }

  // ------------------------------------------------------------------ domains

  const SCAN_TYPES = ['passive', 'active', 'complete', 'check'];
  let domainCache = [];

  async function loadDomains() {
    await guarded(async () => {
      const r = await api.get('/domains');
      domainCache = r.data;
      renderDomains(r.data);
    });
  }

  function renderDomains(list) {
    const body = $('#domains-table tbody');
    // keep an open delete confirmation across refreshes
    const confirming = body.querySelector('[data-confirm]');
    if (confirming) return;
    body.replaceChildren();
    if (list.length === 0) {
      body.append(el('tr', {}, el('td', { colspan: 8, class: 'muted', text: 'No domain yet: add one above.' })));
    }
    for (const d of list) {
      const s = d.lastscan;
      const last = s
        ? el('span', {}, badge(s.status), ' ', s.scantype, ' ', timeEl(s.startedat, true),
            s.endedat ? el('span', { class: 'muted', text: ' (' + duration(s.startedat, s.endedat) + ')' }) : null)
        : el('span', { class: 'muted', text: 'never scanned' });
      const scans = el('div', { class: 'buttons' });
      for (const t of SCAN_TYPES) {
        const b = el('button', { type: 'button', class: 'small', 'data-scan': t, 'aria-label': t + ' scan of ' + d.name, text: t });
        b.addEventListener('click', () => startScan(d, t));
        scans.append(b);
      }
      const toggle = el('button', { type: 'button', class: 'small', 'aria-pressed': d.enabled ? 'true' : 'false',
        'aria-label': 'Scan ' + d.name + ' on schedule', text: d.enabled ? 'enabled' : 'disabled' });
      toggle.addEventListener('click', () => setEnabled(d, !d.enabled));
      const del = el('button', { type: 'button', class: 'small danger', 'aria-label': 'Delete ' + d.name, text: 'Delete' });
      const delCell = el('td', {}, del);
      del.addEventListener('click', () => confirmDelete(d, delCell));
      body.append(el('tr', { 'data-domain': d.name },
        el('th', { scope: 'row' }, el('a', { href: '#hostnames/' + encodeURIComponent(d.id), text: d.name })),
        el('td', { text: d.companyname }),
        el('td', {}, toggle),
        el('td', { class: 'num', text: d.hostnames }),
        el('td', { class: 'num', text: d.live }),
        el('td', {}, last),
        el('td', {}, scans),
        delCell));
    }
    labelCells($('#domains-table'));
  }

  async function addDomain(ev) {
    ev.preventDefault();
    const f = ev.target;
    await guarded(async () => {
      const r = await api.post('/domain', {
        name: f.name.value.trim(), companyname: f.companyname.value.trim(), enabled: f.enabled.checked,
      });
      say('Domain ' + r.data.name + ' added.');
      f.reset();
      await loadDomains();
    });
  }

  async function setEnabled(d, enabled) {
    await guarded(async () => {
      await api.put('/domain/' + d.id, { name: d.name, companyname: d.companyname, enabled });
      say(d.name + (enabled ? ' enabled.' : ' disabled: no scheduled scans.'));
      await loadDomains();
    });
  }

  function confirmDelete(d, cell) {
    const yes = el('button', { type: 'button', class: 'small danger', 'data-confirm': 'yes', text: 'Delete ' + d.name + ' and its hostnames' });
    const no = el('button', { type: 'button', class: 'small', text: 'Keep' });
    cell.replaceChildren(el('div', { class: 'buttons', role: 'group', 'aria-label': 'Confirm deletion of ' + d.name }, yes, no));
    yes.focus();
    no.addEventListener('click', () => {
      cell.replaceChildren();
      loadDomains();
    });
    yes.addEventListener('click', async () => {
      cell.replaceChildren();
      await guarded(async () => {
        await api.del('/domain/' + d.id);
        say(d.name + ' deleted with its hostnames.');
      });
      await loadDomains();
    });
  }

  async function startScan(d, type) {
    await guarded(async () => {
      const path = '/scan' + (type === 'complete' ? '' : '/' + type) + '?domains=' + encodeURIComponent(d.name);
      try {
        const r = await api.get(path);
        say((type === 'active' ? 'An ' : 'A ') + type + ' scan of ' + d.name + ' started (' + r.data.scans.map((s) => s.id).join(', ') + ').');
      } catch (e) {
        if (e.code === 409) say(d.name + ' is being scanned already.');
        else throw e;
      }
      await loadDomains();
    });
  }

  // ------------------------------------------------------------------ hostnames

  const hosts = { domain: null, filters: {}, offset: 0, next: false };
  const FILTERS = ['q', 'live', 'enabled', 'wildcard', 'lead', 'ip', 'source', 'since', 'sort', 'limit'];

  /** Goes to a view's address; the same address again reloads it (the filters, sort and page live in the URL). */
  function go(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  /** The hostnames of a domain as the URL says: its filters, sort and page, so reload, Back and a shared link agree. */
  async function openHostnames(id, params) {
    await guarded(async () => {
      const r = await api.get('/domain/' + encodeURIComponent(id));
      hosts.domain = r.data;
      $('#hostnames-title').textContent = 'Hostnames of ' + r.data.name;
      const f = $('#host-filter');
      f.reset();
      for (const k of FILTERS) {
        const v = params.get(k);
        if (v === null) continue;
        if (k === 'since') f.since.value = isoToLocal(new Date(v));
        else f[k].value = v;
      }
      readFilters();
      hosts.offset = Math.max(0, Number(params.get('offset')) || 0);
      await loadHosts();
    });
  }

  function readFilters() {
    const f = $('#host-filter');
    hosts.filters = {
      q: f.q.value.trim().toLowerCase(), live: f.live.value, enabled: f.enabled.value, wildcard: f.wildcard.value,
      lead: f.lead.value, ip: f.ip.value.trim(),
      source: f.source.value.trim().toLowerCase(), since: localToIso(f.since.value), sort: f.sort.value, limit: f.limit.value,
    };
  }

  function hostQuery(offset) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(hosts.filters)) if (v) p.set(k, v);
    if (offset) p.set('offset', offset);
    return p.toString();
  }

  /** The list's address with the form's filters (page one) or another page. */
  function hostsHash(offset) {
    return '#hostnames/' + encodeURIComponent(hosts.domain.id) + '?' + hostQuery(offset);
  }

  async function loadHosts() {
    await guarded(async () => {
      const r = await api.get('/domain/' + hosts.domain.id + '/hostname?' + hostQuery(hosts.offset));
      renderHosts(r.data);
      const limit = Number(hosts.filters.limit);
      const total = r.page && typeof r.page.total === 'number' ? r.page.total : null;
      hosts.next = r.data.length === limit && (total === null || hosts.offset + limit < total);
      const first = hosts.offset + 1;
      const info = r.data.length
        ? 'Rows ' + first.toLocaleString('en') + '-' + (hosts.offset + r.data.length).toLocaleString('en')
          + (total === null ? '' : ' of ' + total.toLocaleString('en'))
        : 'No hostname matches.';
      for (const id of ['#page-info', '#page-info-2']) $(id).textContent = info;
      for (const id of ['#prev-page', '#prev-page-2']) $(id).disabled = hosts.offset === 0;
      for (const id of ['#next-page', '#next-page-2']) $(id).disabled = !hosts.next;
      const sort = hosts.filters.sort || 'name';
      for (const th of document.querySelectorAll('#hosts-table thead th[data-sort]')) {
        const key = th.dataset.sort;
        th.setAttribute('aria-sort', sort === key ? 'ascending' : sort === '-' + key ? 'descending' : 'none');
      }
    });
  }

  function renderHosts(list) {
    const body = $('#hosts-table tbody');
    body.replaceChildren();
    for (const h of list) {
      const pick = el('input', { type: 'checkbox', class: 'pick', 'data-id': h.id, 'aria-label': 'Select ' + h.name });
      pick.addEventListener('change', selectionChanged);
      pick.hostname = h;
      body.append(el('tr', {},
        el('td', {}, pick),
        el('th', { scope: 'row', class: 'name' }, el('a', { href: '#name/' + encodeURIComponent(h.id), text: h.name, title: h.name }),
          h.lead ? el('span', { class: 'badge k-lead', text: 'takeover lead' }) : '',
          (h.sources || []).includes('wildcard') ? el('span', { class: 'badge k-wild', text: 'wildcard only',
            title: 'only its parent\'s wildcard answers for it' }) : ''),
        el('td', {}, el('span', { class: h.live ? 'badge s-completed' : 'badge s-none', text: h.live ? 'live' : 'not live' })),
        el('td', { class: 'name', text: (h.addresses || []).join(' ') }),
        el('td', { text: h.enabled ? 'yes' : 'no' }),
        el('td', {}, timeEl(h.foundfirsttime)),
        el('td', {}, timeEl(h.lastseen)),
        el('td', { text: (h.sources || []).join(' ') })));
    }
    selectionChanged();
    labelCells($('#hosts-table'));
  }

  /** The names selected in the list, and the actions on them (enabled for downstream scanning or not, delete). */
  function selected() {
    return [...document.querySelectorAll('#hosts-table .pick:checked')].map((c) => c.hostname);
  }

  function selectionChanged() {
    const n = selected().length;
    $('#bulk-info').textContent = n + ' selected';
    for (const id of ['#bulk-disable', '#bulk-enable', '#bulk-delete']) $(id).disabled = n === 0;
    const del = $('#bulk-delete');
    if (del.dataset.confirm) {
      delete del.dataset.confirm;
      del.textContent = 'Delete';
    }
    const all = document.querySelectorAll('#hosts-table .pick');
    $('#select-all').checked = all.length > 0 && n === all.length;
  }

  async function bulk(action) {
    const names = selected();
    if (!names.length) return;
    const del = $('#bulk-delete');
    if (action === 'delete' && !del.dataset.confirm) {
      del.dataset.confirm = 'yes';
      del.textContent = 'Delete ' + names.length + ' names: confirm';
      del.focus();
      return;
    }
    await guarded(async () => {
      for (const h of names) {
        const path = '/domain/' + h.domainid + '/hostname/' + h.id;
        if (action === 'delete') await api.del(path);
        else await api.put(path, { name: h.name, enabled: action === 'enable', live: h.live });
      }
      say(names.length + ' names ' + (action === 'delete' ? 'deleted.' : action === 'enable' ? 'scanned downstream again.'
        : 'no longer scanned downstream.'));
    });
    await loadHosts();
    selectionChanged();
  }

  async function download(format) {
    await guarded(async () => {
      // the filters in force (not the sort, the page or its size): the download is what the filters show
      const p = new URLSearchParams({ format });
      for (const k of ['q', 'live', 'enabled', 'wildcard', 'lead', 'ip', 'source', 'since']) if (hosts.filters[k]) p.set(k, hosts.filters[k]);
      const r = await api.raw('/domain/' + hosts.domain.id + '/export?' + p.toString());
      const blob = await r.blob();
      const url = URL.createObjectURL(blob);
      const a = el('a', { href: url, download: hosts.domain.name + '-hostnames.' + format, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      say('Downloaded ' + hosts.domain.name + '-hostnames.' + format + ' (' + blob.size + ' bytes).');
    });
  }

  // ------------------------------------------------------------------ scans

  async function loadScans() {
    await guarded(async () => {
      const running = (await api.get('/scans?status=running&limit=100')).data;
      const live = await Promise.all(running.map((s) => api.get('/scan/' + s.id).then((r) => r.data, () => s)));
      renderRunning(live);
      const f = $('#history-filter');
      const p = new URLSearchParams({ limit: '50' });
      if (f.domain.value.trim()) p.set('domain', f.domain.value.trim().toLowerCase());
      if (f.status.value) p.set('status', f.status.value);
      renderHistory((await api.get('/scans?' + p)).data);
    });
  }

  function renderRunning(list) {
    const body = $('#running-table tbody');
    body.replaceChildren();
    $('#running-empty').hidden = list.length > 0;
    for (const s of list) {
      const p = s.progress;
      let prog;
      if (p && p.total) {
        prog = el('div', { class: 'progress' },
          el('progress', { max: p.total, value: p.done, 'aria-label': 'progress of ' + s.domain }),
          el('span', { text: p.done + ' / ' + p.total + ' ' + p.unit + ' (' + p.tool + ')' }));
      } else {
        prog = el('span', { class: 'muted', text: p ? p.tool + ' running' : 'starting' });
      }
      const cancel = el('button', { type: 'button', class: 'small danger', 'aria-label': 'Cancel the scan of ' + s.domain, text: 'Cancel' });
      cancel.addEventListener('click', () => cancelScan(s));
      body.append(el('tr', { 'data-scan': s.id, 'data-domain': s.domain },
        el('th', { scope: 'row', text: s.domain }),
        el('td', { text: s.scantype }),
        el('td', { class: 'phase', text: s.phase || '-' }),
        el('td', {}, prog),
        el('td', { class: 'num found', text: p ? p.found : s.hostnamesseen }),
        el('td', {}, timeEl(s.startedat, true)),
        el('td', {}, cancel)));
    }
    labelCells($('#running-table'));
  }

  function renderHistory(list) {
    const body = $('#history-table tbody');
    body.replaceChildren();
    for (const s of list) {
      body.append(el('tr', { 'data-scan': s.id, 'data-domain': s.domain, 'data-status': s.status },
        el('th', { scope: 'row', text: s.domain }),
        el('td', {}, el('a', { href: '#scan/' + encodeURIComponent(s.id), text: s.scantype, title: 'what this scan did' })),
        el('td', {}, badge(s.status)),
        el('td', {}, timeEl(s.startedat)),
        el('td', { text: s.endedat ? duration(s.startedat, s.endedat) : 'running' }),
        el('td', { class: 'num', text: s.hostnamesseen }),
        el('td', { class: 'num', text: s.newhostnames }),
        el('td', { class: 'num', text: s.livechanges }),
        el('td', { class: 'errtext', text: s.error || '' })));
    }
    labelCells($('#history-table'));
  }

  async function cancelScan(s) {
    await guarded(async () => {
      await api.del('/scan/' + s.id);
      say('The scan of ' + s.domain + ' is being cancelled.');
      await loadScans();
    });
  }

  // ------------------------------------------------------------------ one search box

  let searchTimer = null;

  /** Searches as one types (after a short pause), in the URL so Back and a shared link show the same. */
  function searchTyped() {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      const q = $('#search-q').value.trim().toLowerCase();
      if (q) location.replace('#search?q=' + encodeURIComponent(q));
    }, 250);
  }

  async function runSearch(q) {
    if ($('#search-q').value.trim().toLowerCase() !== q) $('#search-q').value = q;
    if (!/^[a-z0-9.-]{1,253}$/.test(q)) {
      $('#search-info').textContent = 'Type part of a name: letters, digits, dots and dashes.';
      $('#search-table tbody').replaceChildren();
      return;
    }
    await guarded(async () => {
      const r = await api.get('/hostnames?limit=100&q=' + encodeURIComponent(q));
      $('#search-title').textContent = 'Names holding \u201c' + q + '\u201d';
      const total = r.page.total;
      $('#search-info').textContent = total === 0 ? 'No name holds it, in any domain.'
        : 'Rows 1-' + r.data.length + ' of ' + total.toLocaleString('en') + (total > r.data.length ? ' (the first, by name)' : '') + '.';
      $('#search-table tbody').replaceChildren(...r.data.map((h) => el('tr', {},
        el('th', { scope: 'row', class: 'name' }, el('a', { href: '#name/' + encodeURIComponent(h.id), text: h.name, title: h.name })),
        el('td', {}, el('a', { href: '#hostnames/' + encodeURIComponent(h.domainid), text: h.domain })),
        el('td', {}, el('span', { class: h.live ? 'badge s-completed' : 'badge s-none', text: h.live ? 'live' : 'not live' })),
        el('td', { class: 'name', text: (h.addresses || []).join(' ') }))));
      labelCells($('#search-table'));
    });
  }

  // ------------------------------------------------------------------ one scan

  const PHASE_ORDER = ['zone', 'passive', 'bruteforce', 'permute', 'resolve', 'check'];
  const COUNTS = [['lines', 'lines read'], ['accepted', 'names handed on'], ['rejected', 'rejected (out of scope, no name)'],
    ['total', 'to ask'], ['done', 'asked'], ['found', 'found'], ['wildcardDropped', 'dropped as wildcard answers'],
    ['wildcardFlagged', 'flagged wildcard-only'], ['unjudged', 'not judged against wildcards']];

  async function openScan(id) {
    await guarded(async () => {
      const s = (await api.get('/scan/' + encodeURIComponent(id))).data;
      $('#scan-title').textContent = s.scantype + ' scan of ' + s.domain;
      $('#scan-summary').replaceChildren(badge(s.status), ' started ' + fmtTime(s.startedat)
        + (s.endedat ? ', took ' + duration(s.startedat, s.endedat) : ', running') + '; ' + s.hostnamesseen + ' names seen, '
        + s.newhostnames + ' new, ' + s.livechanges + ' live flips' + (s.node ? '; node ' + s.node : '') + '.',
        s.error ? el('span', { class: 'errtext', text: ' ' + s.error }) : '');
      const phases = s.phases || {};
      const names = Object.keys(phases).sort((a, b) => PHASE_ORDER.indexOf(a) - PHASE_ORDER.indexOf(b));
      $('#scan-phases').replaceChildren(...names.map((p) => phaseCard(p, phases[p])));
    });
  }

  function phaseCard(name, p) {
    const tools = Object.entries(p.tools || {});
    return el('div', { class: 'card', 'data-phase': name },
      el('h3', {}, name + ' ', badge((p.status || '').toLowerCase())),
      el('p', { class: 'hint', text: (p.newHostnames || 0) + ' new names, ' + (p.liveChanges || 0) + ' live flips'
        + (p.message ? '; ' + p.message : '') }),
      tools.length ? el('div', { class: 'scroll' }, el('table', { class: 'stack' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Tool or source' }), el('th', { scope: 'col', text: 'Status' }),
          el('th', { scope: 'col', text: 'Counts' }), el('th', { scope: 'col', text: 'Took' }), el('th', { scope: 'col', text: 'What it said' }))),
        el('tbody', {}, ...tools.map(([t, r]) => el('tr', { 'data-tool': t },
          el('th', { scope: 'row', text: t }),
          el('td', {}, badge((r.status || '').toLowerCase())),
          el('td', { text: COUNTS.filter(([k]) => typeof r[k] === 'number').map(([k, label]) => r[k].toLocaleString('en') + ' ' + label)
            .join(', ') + (r.resolvers ? '; resolvers ' + r.resolvers.healthy + ' healthy of ' + r.resolvers.total
            + (r.resolvers.dropped ? ', ' + r.resolvers.dropped + ' dropped ' + JSON.stringify(r.resolvers.droppedAs || {}) : '') : '') }),
          el('td', { text: typeof r.durationMs === 'number' ? (r.durationMs / 1000).toFixed(1) + ' s' : '' }),
          el('td', { class: r.status === 'FAILED' ? 'errtext' : '', text: r.message || '' })))))) : '');
  }

  // ------------------------------------------------------------------ one hostname

  async function openName(id) {
    await guarded(async () => {
      const h = (await api.get('/hostname/' + encodeURIComponent(id))).data;
      $('#name-title').textContent = h.name;
      $('#name-back').href = '#hostnames/' + encodeURIComponent(h.domainid);
      $('#name-back').textContent = '\u2190 Hostnames of ' + h.domain;
      $('#name-state').textContent = stateOf(h) + ' First found ' + fmtTime(h.foundfirsttime)
        + (h.lastresolved ? ', last resolved ' + fmtTime(h.lastresolved) : '') + '; sources: '
        + (h.sources || []).filter((s) => s !== 'wildcard').join(', ') + '.';
      nameActions(h);
      const lead = $('#name-lead');
      lead.hidden = !(h.lead && h.lead.current);
      if (h.lead && h.lead.current) {
        lead.replaceChildren(el('strong', { text: 'Possible subdomain takeover' + (h.lead.service ? ' (' + h.lead.service + ')' : '') }),
          el('p', { text: 'CNAME chain: ' + [h.name].concat(h.lead.chain || []).join(' \u2192 ') + '; ' + h.lead.target
            + ' answers ' + h.lead.rcode + '. Found ' + fmtTime(h.lead.firstseen) + ', last confirmed ' + fmtTime(h.lead.lastseen)
            + (h.lead.notifiedat ? ', announced ' + fmtTime(h.lead.notifiedat) : '') + '.' }));
      }
      const rows = (sel, list, cells) => {
        const body = $(sel + ' tbody');
        body.replaceChildren(...(list.length ? list.map((r) => el('tr', {}, ...cells(r)))
          : [el('tr', {}, el('td', { colspan: '4', class: 'muted', text: 'None.' }))]));
        labelCells($(sel));
      };
      rows('#records-table', h.records || [], (r) => [el('td', { text: r.type }), el('th', { scope: 'row', class: 'name', text: r.value }),
        el('td', {}, timeEl(r.firstseen))]);
      rows('#record-changes-table', h.changes || [], (c) => [el('td', {}, timeEl(c.changedat)), el('td', { text: c.type }),
        el('td', { class: 'name', text: c.old || '(none)' }), el('td', { class: 'name', text: c.new || '(none)' })]);
      rows('#record-history-table', h.history || [], (r) => [el('td', { text: r.type }), el('th', { scope: 'row', class: 'name', text: r.value }),
        el('td', {}, timeEl(r.firstseen)), el('td', {}, timeEl(r.lastseen))]);
    });
  }

  /** What the name's state means: live, gone dark since T, answered only by its parent's wildcard, or never resolved. */
  function stateOf(h) {
    const parent = h.name.substring(h.name.indexOf('.') + 1);
    if ((h.sources || []).includes('wildcard')) {
      return 'Only the wildcard of ' + parent + ' answers for it (no host of its own).';
    }
    if (h.live) return 'Live' + (h.livechangedat ? ' since ' + fmtTime(h.livechangedat) : '') + '.';
    if (h.livechangedat) return 'Gone dark since ' + fmtTime(h.livechangedat) + ' (a check found it no longer answering).';
    return 'Never seen answering (reported, not resolved).';
  }

  /** Enable or disable the name for downstream scanning; delete it after a confirmation. */
  function nameActions(h) {
    const toggle = $('#name-enabled');
    toggle.setAttribute('aria-pressed', h.enabled ? 'true' : 'false');
    toggle.textContent = h.enabled ? 'Scanned downstream' : 'Not scanned downstream';
    toggle.onclick = async () => {
      await guarded(async () => {
        await api.put('/domain/' + h.domainid + '/hostname/' + h.id, { name: h.name, enabled: !h.enabled, live: h.live });
        say(h.name + (h.enabled ? ' is no longer scanned downstream.' : ' is scanned downstream again.'));
      });
      openName(h.id);
    };
    const cell = $('#name-delete-cell');
    const del = el('button', { type: 'button', id: 'name-delete', class: 'small danger', text: 'Delete' });
    cell.replaceChildren(del);
    del.onclick = () => {
      const yes = el('button', { type: 'button', class: 'small danger', 'data-confirm': 'yes', text: 'Delete ' + h.name });
      const no = el('button', { type: 'button', class: 'small', text: 'Keep' });
      cell.replaceChildren(el('span', { class: 'buttons', role: 'group', 'aria-label': 'Confirm deletion of ' + h.name }, yes, no));
      yes.focus();
      no.onclick = () => nameActions(h);
      yes.onclick = async () => {
        await guarded(async () => {
          await api.del('/domain/' + h.domainid + '/hostname/' + h.id);
          say(h.name + ' deleted.');
          go('#hostnames/' + encodeURIComponent(h.domainid));
        });
      };
    };
  }

  // ------------------------------------------------------------------ changes

  async function loadChanges() {
    const f = $('#changes-filter');
    if (!f.since.value) f.since.value = isoToLocal(new Date(Date.now() - 86400000));
    await guarded(async () => {
      const sel = f.domain;
      const keep = sel.value;
      const names = (await api.get('/domains')).data.map((d) => d.name);
      sel.replaceChildren(el('option', { value: '', text: 'all domains' }), ...names.map((n) => el('option', { value: n, text: n })));
      if (names.includes(keep)) sel.value = keep;
      const p = new URLSearchParams({ since: localToIso(f.since.value), limit: f.limit.value });
      if (sel.value) p.set('domain', sel.value);
      const r = await api.get('/changes?' + p);
      $('#changes-info').textContent = r.data.length + ' changes since ' + fmtTime(r.page.since)
        + (r.page.truncated ? ' (the newest ' + r.page.limit + ' only)' : '') + ', newest first.';
      const body = $('#changes-table tbody');
      body.replaceChildren();
      const label = { new: 'new hostname', live: 'answers again', dark: 'went dark', records: 'records changed', lead: 'takeover lead' };
      const detail = (c) => (c.kind === 'records' ? c.type + ' ' + (c.old || '(none)') + ' \u2192 ' + (c.new || '(none)')
        : c.kind === 'lead' ? c.type + ': ' + c.new + ' does not exist' : '');
      for (const c of r.data) {
        body.append(el('tr', { 'data-kind': c.kind },
          el('td', {}, timeEl(c.at)),
          el('td', {}, el('span', { class: 'badge k-' + c.kind, text: label[c.kind] || c.kind })),
          el('th', { scope: 'row', class: 'name', text: c.name }),
          el('td', { text: c.domain }),
          el('td', { class: 'name', text: detail(c) })));
      }
      labelCells($('#changes-table'));
    });
  }

  // ------------------------------------------------------------------ chart

  const COLORS = ['#2563eb', '#db2777', '#16a34a', '#ea580c', '#7c3aed', '#0891b2', '#ca8a04', '#4b5563'];

  async function loadChart() {
    const days = Number($('#ch-days').value);
    await guarded(async () => {
      const r = await api.get('/stats/found?days=' + days);
      const ids = new Map((await api.get('/domains')).data.map((d) => [d.name, d.id]));
      drawChart(r.data, days, ids);
      const worth = await api.get('/stats/sources?days=' + days);
      $('#sources-table tbody').replaceChildren(...worth.data.map((w) => el('tr', {},
        el('th', { scope: 'row', class: 'name', text: w.source }),
        el('td', { class: 'num', text: String(w.names) }),
        el('td', { class: 'num', text: String(w.unique) }))));
      labelCells($('#sources-table'));
    });
  }

  /**
   * The chart's scale: linear up to 10 names a day, else logarithmic (log10 of 1 + n), so a small
   * day stays visible beside a big import; ticks are round (0, 1, 10, 100, ...).
   */
  function scaleFor(max) {
    if (max <= 10) {
      const top = Math.max(1, max);
      return { top, at: (v) => v / top, ticks: [...Array(top + 1).keys()].filter((v) => top <= 5 || v % 2 === 0) };
    }
    const top = Math.pow(10, Math.ceil(Math.log10(max)));
    const ticks = [0];
    for (let v = 1; v <= top; v *= 10) ticks.push(v);
    return { top, at: (v) => Math.log10(1 + v) / Math.log10(1 + top), ticks };
  }

  function drawChart(rows, days, ids) {
    const dayList = [];
    const today = new Date();
    for (let i = days - 1; i >= 0; i--) {
      dayList.push(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i)).toISOString().slice(0, 10));
    }
    const domains = [...new Set(rows.map((r) => r.domain))];
    const per = new Map(dayList.map((d) => [d, new Map()]));
    for (const r of rows) if (per.has(r.day)) per.get(r.day).set(r.domain, Number(r.found));
    const totals = dayList.map((d) => [...per.get(d).values()].reduce((a, b) => a + b, 0));
    const max = Math.max(1, ...totals);
    const scale = scaleFor(max);
    const yOf = (v) => H - B - (H - B - T) * scale.at(v);
    const W = 720, H = 240, L = 48, B = 28, T = 10, R = 8;
    const bw = (W - L - R) / days;
    // a group, not an image: its bars are links to the names they count
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'group', class: 'bars',
      'aria-label': 'Names found per day and domain over the last ' + days + ' days; the same figures are in the table below' });
    chart.append(svg('title', {}, 'Names found per day'));
    for (const v of scale.ticks) {
      const y = yOf(v);
      chart.append(svg('line', { x1: L, x2: W - R, y1: y, y2: y, class: 'grid' }));
      chart.append(svg('text', { x: L - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, v.toLocaleString('en')));
    }
    dayList.forEach((d, i) => {
      let below = 0;
      domains.forEach((dom, j) => {
        const n = per.get(d).get(dom) || 0;
        if (!n) return;
        const y0 = yOf(below);
        below += n;
        const y = yOf(below);
        const rect = svg('rect', { x: L + i * bw + 1, y, width: Math.max(1, bw - 2), height: Math.max(1, y0 - y),
          fill: COLORS[j % COLORS.length], class: 'bar' });
        rect.append(svg('title', {}, d + ' ' + dom + ': ' + n + ' names found (open them)'));
        // a bar leads to the names it counts: its domain's list, found since that day, oldest first
        const id = ids && ids.get(dom);
        chart.append(id ? svg('a', { href: '#hostnames/' + encodeURIComponent(id) + '?since=' + d + 'T00:00:00.000Z&sort=foundfirsttime',
          'aria-label': d + ', ' + dom + ': ' + n + ' names found' }, rect) : rect);
      });
      const step = Math.ceil(days / 8);
      if (days <= 10 || i === days - 1 || (i % step === 0 && days - 1 - i >= step / 2)) {
        chart.append(svg('text', { x: L + i * bw + bw / 2, y: H - 8, 'text-anchor': 'middle', class: 'axis' }, d.slice(5)));
      }
    });
    $('#chart-svg').replaceChildren(chart);
    $('#chart-legend').replaceChildren(...(domains.length ? domains.map((dom, j) => el('span', { class: 'key' },
      svg('svg', { width: 12, height: 12, 'aria-hidden': 'true' }, svg('rect', { width: 12, height: 12, fill: COLORS[j % COLORS.length] })),
      ' ' + dom)) : [el('span', { class: 'muted', text: 'No name found in these days.' })]));
    const body = $('#chart-table tbody');
    body.replaceChildren(...rows.map((r) => el('tr', {}, el('td', { text: r.day }), el('td', { text: r.domain }),
      el('td', { class: 'num', text: r.found }))));
  }

  // ------------------------------------------------------------------ wiring

  document.addEventListener('DOMContentLoaded', () => {
    $('#login-form').addEventListener('submit', signIn);
    $('#logout').addEventListener('click', () => signOut('Signed out.'));
    $('#domain-form').addEventListener('submit', addDomain);
    $('#search-q').addEventListener('input', searchTyped);
    $('#search-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      clearTimeout(searchTimer);
      const q = $('#search-q').value.trim().toLowerCase();
      if (q) go('#search?q=' + encodeURIComponent(q));
    });
    $('#host-filter').addEventListener('submit', (ev) => {
      ev.preventDefault();
      readFilters();
      go(hostsHash(0));
    });
    for (const id of ['#next-page', '#next-page-2']) {
      $(id).addEventListener('click', () => {
        if (hosts.next) go(hostsHash(hosts.offset + Number(hosts.filters.limit)));
      });
    }
    for (const id of ['#prev-page', '#prev-page-2']) {
      $(id).addEventListener('click', () => go(hostsHash(Math.max(0, hosts.offset - Number(hosts.filters.limit)))));
    }
    // a column's header sorts by it; again, the other way
    for (const b of document.querySelectorAll('#hosts-table thead th[data-sort] button')) {
      b.addEventListener('click', () => {
        const key = b.parentElement.dataset.sort;
        const f = $('#host-filter');
        f.sort.value = f.sort.value === key ? '-' + key : key;
        readFilters();
        go(hostsHash(0));
      });
    }
    $('#export-csv').addEventListener('click', () => download('csv'));
    $('#bulk-disable').addEventListener('click', () => bulk('disable'));
    $('#bulk-enable').addEventListener('click', () => bulk('enable'));
    $('#bulk-delete').addEventListener('click', () => bulk('delete'));
    $('#select-all').addEventListener('change', (ev) => {
      for (const c of document.querySelectorAll('#hosts-table .pick')) c.checked = ev.target.checked;
      selectionChanged();
    });
    $('#export-ndjson').addEventListener('click', () => download('ndjson'));
    $('#history-filter').addEventListener('submit', (ev) => {
      ev.preventDefault();
      loadScans();
    });
    $('#changes-filter').addEventListener('submit', (ev) => {
      ev.preventDefault();
      loadChanges();
    });
    $('#chart-filter').addEventListener('submit', (ev) => {
      ev.preventDefault();
      loadChart();
    });
    window.addEventListener('hashchange', route);
    route();
  });
})();
