// The maintainers' media page: lists the user's decks and a deck's files through /api/v1, previews and removes them.
// Every name from the server goes into the page as text (textContent, attributes), never as markup.
'use strict';

const TOKEN = 'deckhand.token';
const USER = 'deckhand.user';
const PAGE_SIZE = 100;

const $ = (id) => document.getElementById(id);
const state = { deck: null, contains: '', after: null, previewUrl: null, previewName: null, loads: 0 };

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Calls the API with the session's token; a 4xx or 5xx throws an ApiError carrying the server's explanation. */
async function api(method, path, body) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN);
  if (token) {
    headers.Authorization = 'Bearer ' + token;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch('/api/v1' + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
  });
  if (!response.ok) {
    const message = await explanation(response);
    if (response.status === 401 && path !== '/login') {
      signOut();
    }
    throw new ApiError(response.status, message);
  }
  return response;
}

/** "403 why (request id)" from the API's problem details; the body as text if it is something else. */
async function explanation(response) {
  const text = (await response.text()).trim();
  if ((response.headers.get('Content-Type') || '').startsWith('application/problem+json')) {
    try {
      const problem = JSON.parse(text);
      return response.status + ' ' + (problem.detail || problem.title)
        + (problem.requestId ? ' (request ' + problem.requestId + ')' : '');
    } catch (e) {
      // not the JSON it says it is: shown as text
    }
  }
  return text || String(response.status);
}

function deckPath() {
  return '/decks/' + encodeURIComponent(state.deck);
}

function show(message, error = false) {
  const status = $('status');
  status.textContent = message;
  status.classList.toggle('error', error);
}

function fail(what, e) {
  show(what + ': ' + (e instanceof ApiError ? e.message : 'the server did not answer (' + e.message + ')'), true);
}

// --- signing in and out --------------------------------------------------------------------------

async function signIn(event) {
  event.preventDefault();
  const username = $('username').value.trim();
  try {
    const response = await api('POST', '/login', { username, password: $('password').value });
    sessionStorage.setItem(TOKEN, (await response.json()).token);
    sessionStorage.setItem(USER, username);
    $('password').value = '';
    show('Signed in as ' + username + '.');
    showWorkspace();
  } catch (e) {
    fail('Sign-in failed', e);
  }
}

function signOut() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(USER);
  closePreview();
  state.deck = null;
  $('files').tBodies[0].replaceChildren();
  $('deck-view').hidden = true;
  $('deck').replaceChildren();
  $('workspace').hidden = true;
  $('signed-in').hidden = true;
  $('sign-in').hidden = false;
}

function showWorkspace() {
  $('user').textContent = sessionStorage.getItem(USER) || '';
  $('signed-in').hidden = false;
  $('sign-in').hidden = true;
  $('workspace').hidden = false;
  loadDecks();
}

/** Fills the picker with the decks the user holds a role in. */
async function loadDecks() {
  try {
    const decks = (await (await api('GET', '/decks')).json()).decks;
    $('deck').replaceChildren(...decks.map((deck) => {
      const option = document.createElement('option');
      option.value = deck.id;
      option.textContent = deck.title + ' (' + deck.id + ', ' + deck.role + ')';
      return option;
    }));
    $('open-deck').hidden = decks.length === 0;
    $('no-decks').hidden = decks.length > 0;
    if (decks.length > 0) {
      $('deck').focus();
    }
  } catch (e) {
    fail('Could not list your decks', e);
  }
}

// --- the deck's files ----------------------------------------------------------------------------

async function openDeck(event) {
  event.preventDefault();
  closePreview();
  state.deck = $('deck').value;
  state.contains = '';
  state.after = null;
  $('contains').value = '';
  $('deck-title').textContent = 'Deck ' + state.deck;
  try {
    const deck = await (await api('GET', deckPath())).json();
    $('deck-title').textContent = deck.title + ' (' + deck.id + '; your role: ' + deck.role + ')';
  } catch (e) {
    fail('Could not open ' + state.deck, e);
    $('deck-view').hidden = true;
    return;
  }
  $('deck-view').hidden = false;
  await loadPage();
}

function search(event) {
  event.preventDefault();
  state.contains = $('contains').value.trim();
  state.after = null;
  loadPage();
}

async function loadPage() {
  const load = ++state.loads;
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (state.after !== null) {
    query.set('after', state.after);
  }
  if (state.contains) {
    query.set('contains', state.contains);
  }
  try {
    const page = await (await api('GET', deckPath() + '/media?' + query)).json();
    if (load !== state.loads) {
      return; // a later search or page replaced this one
    }
    $('files').tBodies[0].replaceChildren(...page.files.map(fileRow));
    $('empty').hidden = page.files.length > 0;
    $('empty').textContent = state.contains ? 'No file names contain "' + state.contains + '".' : 'No files.';
    $('next-page').hidden = !page.next;
    $('next-page').dataset.after = page.next || '';
    $('first-page').hidden = state.after === null;
    show(page.files.length + (page.files.length === 1 ? ' file' : ' files') + (page.next ? ' on this page.' : '.'));
  } catch (e) {
    fail('Could not list the files of ' + state.deck, e);
  }
}

function fileRow(file) {
  const row = document.createElement('tr');
  row.dataset.name = file.name;
  cell(row, 'Name', file.name, 'name');
  cell(row, 'Type', file.contentType);
  cell(row, 'Size', formatSize(file.size), 'number').title = file.size + ' bytes';
  cell(row, 'References', String(file.references), 'number references');
  const mapped = document.createElement('time');
  mapped.dateTime = file.mappedAt;
  mapped.textContent = new Date(file.mappedAt).toLocaleString();
  cell(row, 'Mapped at', '').append(mapped);
  cell(row, 'Actions', '', 'actions').append(
    button('Preview', 'Preview ' + file.name, 'preview', () => preview(file)),
    button('Remove', 'Remove ' + file.name, 'remove danger', () => remove(file, row)));
  return row;
}

function cell(row, label, text, className) {
  const td = row.insertCell();
  td.dataset.label = label;
  td.textContent = text;
  if (className) {
    td.className = className;
  }
  return td;
}

function button(text, label, className, action) {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  element.className = className;
  element.setAttribute('aria-label', label);
  element.addEventListener('click', action);
  return element;
}

function formatSize(bytes) {
  if (bytes < 1024) {
    return bytes + ' B';
  }
  return bytes < 1024 * 1024 ? (bytes / 1024).toFixed(1) + ' KiB' : (bytes / 1024 / 1024).toFixed(1) + ' MiB';
}

// --- preview and removal -------------------------------------------------------------------------

/** Fetches the file with the token and shows it from a blob: URL, so the page needs no S3 origin. */
async function preview(file) {
  try {
    const response = await api('GET', deckPath() + '/files/' + encodeURIComponent(file.name));
    const blob = new Blob([await response.arrayBuffer()], { type: file.contentType });
    closePreview();
    state.previewUrl = URL.createObjectURL(blob);
    state.previewName = file.name;
    $('preview-name').textContent = file.name;
    const image = $('preview-image');
    const audio = $('preview-audio');
    image.hidden = !file.contentType.startsWith('image/');
    audio.hidden = !file.contentType.startsWith('audio/');
    if (!image.hidden) {
      image.alt = file.name;
      image.src = state.previewUrl;
    } else if (!audio.hidden) {
      audio.src = state.previewUrl;
    }
    $('preview').hidden = false;
    $('preview').scrollIntoView({ block: 'nearest' });
  } catch (e) {
    fail('Could not preview ' + file.name, e);
  }
}

function closePreview() {
  if (state.previewUrl) {
    URL.revokeObjectURL(state.previewUrl);
  }
  state.previewUrl = null;
  state.previewName = null;
  $('preview-image').removeAttribute('src');
  $('preview-audio').removeAttribute('src');
  $('preview').hidden = true;
}

async function remove(file, row) {
  const uses = file.references === 1 ? '1 reference' : file.references + ' references';
  if (!confirm('Remove "' + file.name + '" from deck ' + state.deck + '?\n'
      + 'It has ' + uses + '; notes that use it will show a missing file.')) {
    return;
  }
  try {
    await api('DELETE', deckPath() + '/files/' + encodeURIComponent(file.name));
    row.remove();
    if (state.previewName === file.name) {
      closePreview();
    }
    show('Removed ' + file.name + '.');
  } catch (e) {
    fail('Could not remove ' + file.name, e);
  }
}

// --- wiring --------------------------------------------------------------------------------------

$('sign-in').addEventListener('submit', signIn);
$('sign-out').addEventListener('click', () => {
  signOut();
  show('Signed out.');
});
$('open-deck').addEventListener('submit', openDeck);
$('search').addEventListener('submit', search);
$('next-page').addEventListener('click', () => {
  state.after = $('next-page').dataset.after;
  loadPage();
});
$('first-page').addEventListener('click', () => {
  state.after = null;
  loadPage();
});
$('close-preview').addEventListener('click', closePreview);
if (sessionStorage.getItem(TOKEN)) {
  showWorkspace();
}
