'use strict';

// The administrators' dashboard. Everything a user chose (names, paths) is put on the page as
// text (textContent), never as markup; the token travels in the Authorization header only and is
// kept for this tab (sessionStorage), so no cookie exists for another site to ride on.

const TOKEN = 'deckhand.admin.token';
const REFRESH_MS = 30000;
/** Requests listed at once; the server keeps the last 200, and "errors only" looks through all of them. */
const SHOWN_REQUESTS = 25;
const $ = (id) => document.getElementById(id);
let refreshTimer = null;
let lastOverview = null;

function say(text, error) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('error', Boolean(error));
}

async function api(path, body) {
  const options = { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN) }, cache: 'no-store' };
  if (body !== undefined) {
    options.method = 'POST';
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch('/admin/api/' + path, options);
  if (response.status === 401) {
    leave('The token was not accepted.');
    throw new Error('not signed in');
  }
  if (!response.ok) {
    throw new Error((await response.text()).trim() || response.status + ' ' + response.statusText);
  }
  return response.json();
}

function bytes(n) {
  if (n < 1024) {
    return n + ' B';
  }
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return value.toFixed(1) + ' ' + units[unit];
}

function age(seconds) {
  if (seconds < 120) {
    return seconds + ' s ago';
  }
  if (seconds < 7200) {
    return Math.round(seconds / 60) + ' min ago';
  }
  if (seconds < 172800) {
    return Math.round(seconds / 3600) + ' h ago';
  }
  return Math.round(seconds / 86400) + ' days ago';
}

function when(iso) {
  return iso === null ? 'never' : iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}

/** A cell showing TEXT, labelled for phones, with the exact VALUE kept for scripts and tests. */
function cell(label, text, value, className) {
  const td = document.createElement('td');
  td.dataset.label = label;
  td.textContent = text;
  if (value !== undefined) {
    td.dataset.value = value === null ? '' : String(value);
  }
  if (className) {
    td.className = className;
  }
  return td;
}

function button(text, className, action) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  if (className) {
    b.className = className;
  }
  b.addEventListener('click', action);
  return b;
}

function confirmThen(text, action) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  dialog.returnValue = '';
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'ok') {
      action();
    }
  }, { once: true });
  dialog.showModal();
}

async function act(path, body, done) {
  try {
    const reply = await api(path, body);
    say(done(reply));
    await refresh();
  } catch (e) {
    if (e.message !== 'not signed in') {
      say(e.message, true);
    }
  }
}

function showUsers(overview) {
  const rows = overview.users.map((u) => {
    const tr = document.createElement('tr');
    tr.dataset.user = u.user;
    tr.append(
      cell('User', u.user, u.user, 'name'),
      cell('Collection', bytes(u.collection_bytes), u.collection_bytes, 'number'),
      cell('Notes', u.notes === null ? '–' : String(u.notes), u.notes, 'number'),
      cell('Cards', u.cards === null ? '–' : String(u.cards), u.cards, 'number'),
      cell('Media files', String(u.media_files), u.media_files, 'number'),
      cell('Media', bytes(u.media_bytes), u.media_bytes, 'number'),
      cell('Last sync', when(u.last_sync), u.last_sync),
      cell('Devices', String(u.devices), u.devices, 'number'));
    const actions = cell('Actions', '', undefined, 'actions');
    actions.append(button('Sign out devices', '', () => confirmThen(
      'Sign out every device of “' + u.user + '”? Each must sign in again with the password.',
      () => act('sign-out', { user: u.user }, (r) => 'Signed out ' + r.signed_out_devices + ' device(s) of ' + r.user + '.'))));
    if (overview.built_in_accounts) {
      actions.append(button('Remove', 'danger', () => confirmThen(
        'Remove the account “' + u.user + '”? Its devices are signed out; its data stays on disk.',
        () => act('users/remove', { user: u.user }, (r) => 'Removed ' + r.user + '.'))));
    }
    tr.append(actions);
    return tr;
  });
  $('users').querySelector('tbody').replaceChildren(...rows);
  $('no-users').hidden = rows.length > 0;
  $('add-user').hidden = !overview.built_in_accounts;
  $('other-backend').hidden = overview.built_in_accounts;
}

function showTotals(totals) {
  for (const dd of document.querySelectorAll('[data-total]')) {
    const name = dd.dataset.total;
    const value = totals[name];
    dd.dataset.value = String(value);
    if (name === 'deduplication_ratio') {
      dd.textContent = value.toFixed(2) + ' ×';
    } else if (name.endsWith('_bytes')) {
      dd.textContent = bytes(value);
    } else {
      dd.textContent = String(value);
    }
  }
}

function showBackups(backups) {
  $('backups-off').hidden = backups !== null;
  $('no-backups').hidden = backups === null || backups.length > 0;
  const items = (backups || []).map((b) => {
    const li = document.createElement('li');
    li.textContent = b.name + ': ' + age(b.age_seconds) + ' (' + when(b.completed_at) + ')';
    li.className = b.age_seconds > 2 * 86400 ? 'bad' : '';
    return li;
  });
  $('backups').replaceChildren(...items);
}

function showRequests(requests) {
  const errorsOnly = $('errors-only').checked;
  const rows = requests.filter((r) => !errorsOnly || r.status >= 400).slice(0, SHOWN_REQUESTS).map((r) => {
    const tr = document.createElement('tr');
    tr.className = r.status >= 400 ? 'failed' : '';
    tr.append(
      cell('Time', when(r.at)),
      cell('User', r.user, r.user, 'name'),
      cell('Request', r.method + ' ' + r.path, undefined, 'name'),
      cell('Status', String(r.status), r.status, 'number'),
      cell('Duration', r.duration_ms + ' ms', r.duration_ms, 'number'));
    return tr;
  });
  $('requests').querySelector('tbody').replaceChildren(...rows);
  $('no-requests').hidden = rows.length > 0;
}

/** /health and /ready answer without the token; /ready may not exist on every version (404). */
async function showHealth() {
  try {
    const health = await fetch('/health', { cache: 'no-store' });
    $('health').textContent = health.ok ? 'ok' : 'failing (' + health.status + ')';
    $('health').className = health.ok ? 'ok' : 'bad';
  } catch (e) {
    $('health').textContent = 'unreachable';
    $('health').className = 'bad';
  }
  const checks = [];
  try {
    const ready = await fetch('/ready', { cache: 'no-store' });
    if (ready.status === 404) {
      $('ready').textContent = 'not offered by this server';
      $('ready').className = '';
    } else {
      $('ready').textContent = ready.ok ? 'ready' : 'not ready (' + ready.status + ')';
      $('ready').className = ready.ok ? 'ok' : 'bad';
      // {"status": ..., "checks": [{"name", "ok", "ms", "problem"?}, ...]} (docs/operations.md)
      const body = await ready.json().catch(() => ({}));
      for (const check of Array.isArray(body.checks) ? body.checks : []) {
        const li = document.createElement('li');
        li.textContent = String(check.name) + ': '
          + (check.ok ? 'ok, ' + Number(check.ms) + ' ms' : 'failed: ' + String(check.problem || 'no reason given'));
        li.className = check.ok ? 'ok' : 'bad';
        checks.push(li);
      }
    }
  } catch (e) {
    $('ready').textContent = 'unreachable';
    $('ready').className = 'bad';
  }
  $('ready-checks').replaceChildren(...checks);
}

async function refresh() {
  try {
    const overview = await api('overview');
    lastOverview = overview;
    showUsers(overview);
    showTotals(overview.totals);
    showBackups(overview.backups);
    showRequests(overview.recent_requests);
    $('updated').textContent = 'Updated ' + when(overview.now);
    await showHealth();
  } catch (e) {
    if (e.message !== 'not signed in') {
      say(e.message, true);
    }
  }
}

function enter() {
  $('sign-in').hidden = true;
  $('dashboard').hidden = false;
  $('signed-in').hidden = false;
  refresh();
  refreshTimer = setInterval(refresh, REFRESH_MS);
}

function leave(message) {
  sessionStorage.removeItem(TOKEN);
  clearInterval(refreshTimer);
  $('dashboard').hidden = true;
  $('signed-in').hidden = true;
  $('sign-in').hidden = false;
  say(message || '', Boolean(message));
}

$('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN, $('token').value.trim());
  $('token').value = '';
  say('');
  enter();
});

$('add-user').addEventListener('submit', (event) => {
  event.preventDefault();
  const user = $('new-user').value;
  const password = $('new-password').value;
  confirmThen('Add the account “' + user + '”?', () => {
    $('new-password').value = '';
    act('users/add', { user: user, password: password }, (r) => 'Added ' + r.user + '.');
  });
});

$('refresh').addEventListener('click', refresh);
$('sign-out').addEventListener('click', () => leave());
$('errors-only').addEventListener('change', () => {
  if (lastOverview) {
    showRequests(lastOverview.recent_requests);
  }
});

if (sessionStorage.getItem(TOKEN)) {
  enter();
}
