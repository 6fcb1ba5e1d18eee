// archivar's page: search as you type, filters and facets, an article view.
// Every text from the archive goes into the page as a text node (textContent, createTextNode);
// matched words become <mark> elements built from the highlight offsets of the API. Nothing
// from the archive is ever parsed as HTML. The URL holds the state (?q=&person=&since=&until=
// &page=&article=&passage=), so a search can be shared and the back button works.
'use strict';

const PAGE_SIZE = 10;
const DEBOUNCE_MS = 250;
/// A timeline with more months than this is drawn by year.
const MAX_MONTHS = 48;
const SVG_NS = 'http://www.w3.org/2000/svg';
const DATE_PATTERN = /^\d{4}(-\d{2}(-\d{2})?)?$/;

const $ = (id) => document.getElementById(id);
const state = { q: '', person: '', since: '', until: '', page: 1, article: '', passage: 0 };
let lastSearchKey = null;
let lastFacetKey = null;
let lastTimelineKey = null;
let searchSeq = 0;
let typing = false;

/// An element with attributes, children as nodes or (escaped) text.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === 'class') node.className = value;
    else if (name === 'onclick') node.addEventListener('click', value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/// `text` with the [start, end) code-point ranges marked.
function marked(text, highlights) {
  const chars = Array.from(text || '');
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of highlights || []) {
    if (start < at || end > chars.length || start >= end) continue;
    fragment.append(document.createTextNode(chars.slice(at, start).join('')));
    fragment.append(el('mark', {}, chars.slice(start, end).join('')));
    at = end;
  }
  fragment.append(document.createTextNode(chars.slice(at).join('')));
  return fragment;
}

const number = (n) => Number(n).toLocaleString('de-DE');

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== '' && value !== undefined && value !== null) query.set(name, value);
  }
  const response = await fetch(`${path}?${query}`);
  let body = null;
  try { body = await response.json(); } catch (_) { /* not JSON */ }
  if (!response.ok) {
    throw new Error((body && body.error) || `Fehler ${response.status}`);
  }
  return body;
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  state.q = params.get('q') || '';
  state.person = params.get('person') || '';
  state.since = params.get('since') || '';
  state.until = params.get('until') || '';
  state.page = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);
  state.article = params.get('article') || '';
  state.passage = parseInt(params.get('passage') || '0', 10) || 0;
}

function urlOfState() {
  const params = new URLSearchParams();
  for (const name of ['q', 'person', 'since', 'until']) {
    if (state[name]) params.set(name, state[name]);
  }
  if (state.page > 1) params.set('page', state.page);
  if (state.article) {
    params.set('article', state.article);
    if (state.passage) params.set('passage', state.passage);
  }
  const text = params.toString();
  return text ? `?${text}` : location.pathname;
}

/// Puts the state into the URL (a new history entry if `push`) and shows it.
function commit(push) {
  const url = urlOfState();
  if (url !== location.search && !(url === location.pathname && !location.search)) {
    history[push ? 'pushState' : 'replaceState']({ article: Boolean(state.article) }, '', url);
  }
  render();
}

function filters() {
  return { q: state.q, person: state.person, since: state.since, until: state.until };
}

function render() {
  if (document.activeElement !== $('q')) $('q').value = state.q;
  $('since').value = state.since;
  $('until').value = state.until;
  renderActiveFilters();
  document.title = state.q ? `${state.q} – archivar` : 'archivar – Nachrichtenarchiv durchsuchen';
  if (state.q) {
    runSearch();
  } else {
    showIntro();
  }
  if (state.article) {
    showArticle();
  } else {
    $('article-view').hidden = true;
  }
}

function renderActiveFilters() {
  const box = $('active-filters');
  box.replaceChildren();
  if (state.person) {
    box.append(el('button', {
      class: 'chip active', type: 'button', title: 'Personenfilter entfernen',
      onclick: () => { state.person = ''; state.page = 1; commit(true); },
    }, `Person: ${state.person} ✕`));
  }
  if (state.since || state.until) {
    box.append(el('button', {
      class: 'chip active', type: 'button', title: 'Zeitraum entfernen',
      onclick: () => setDates('', ''),
    }, `Zeitraum: ${state.since || '…'} – ${state.until || '…'} ✕`));
  }
}

function setPerson(name) {
  state.person = name;
  state.page = 1;
  state.article = '';
  state.passage = 0;
  commit(true);
}

function setDates(since, until) {
  state.since = since;
  state.until = until;
  state.page = 1;
  commit(true);
}

function showIntro() {
  lastSearchKey = null;
  lastFacetKey = null;
  lastTimelineKey = null;
  searchSeq++;
  $('status').className = '';
  $('status').textContent = '';
  $('corrections').replaceChildren();
  $('pager').replaceChildren();
  $('results').replaceChildren(el('li', { class: 'intro' },
    el('h2', {}, 'Das Archiv durchsuchen'),
    el('p', {}, 'Geben Sie Suchbegriffe ein – die Ergebnisse erscheinen schon beim Tippen. '
      + 'Wortteile, Namensvarianten (Lavrov → Lawrow) und Tippfehler werden mitgesucht.'),
    el('p', { class: 'muted' }, '„Ende der Osterweiterung“ sucht eine Wortfolge, +Nato verlangt ein Wort, '
      + '-Russland schließt eines aus.')));
  $('timeline').replaceChildren(el('p', { class: 'muted' }, 'Noch keine Suche.'));
  $('topics').replaceChildren();
  loadPeople();
}

async function runSearch() {
  const key = JSON.stringify([state.q, state.person, state.since, state.until, state.page]);
  if (key === lastSearchKey) return;
  lastSearchKey = key;
  const seq = ++searchSeq;
  $('status').className = '';
  $('status').textContent = 'Suche …';
  loadFacets(seq);
  try {
    const results = await api('/api/search', {
      ...filters(), limit: PAGE_SIZE + 1, offset: (state.page - 1) * PAGE_SIZE,
    });
    if (seq === searchSeq) renderResults(results);
  } catch (error) {
    if (seq !== searchSeq) return;
    lastSearchKey = null;
    $('status').className = 'error';
    $('status').textContent = error.message;
    $('results').replaceChildren();
    $('pager').replaceChildren();
  }
}

// Spelling corrections, then how query syntax was read as text (the server's notices).
function renderCorrections(corrections, notices) {
  $('corrections').replaceChildren(...(corrections || []).map((c) => el('p', {},
    c.replaced
      ? `Ergebnisse für „${c.searched}“ (nichts gefunden für „${c.written}“).`
      : `Auch Ergebnisse für „${c.searched}“ („${c.written}“ ist selten).`)),
    ...(notices || []).map((notice) => el('p', { class: 'notice' }, notice)));
}

function renderResults(results) {
  renderCorrections(results.corrections, results.notices);
  const hits = results.results.slice(0, PAGE_SIZE);
  const more = results.results.length > PAGE_SIZE;
  const status = $('status');
  status.className = '';
  if (hits.length === 0) {
    status.textContent = results.total_hits === 0
      ? `Keine Passage passt zu „${results.query}“${state.person || state.since || state.until ? ' mit diesen Filtern' : ''}.`
      : 'Keine weiteren Ergebnisse.';
  } else {
    const first = (state.page - 1) * PAGE_SIZE + 1;
    const count = results.total_hits_exact
      ? number(results.total_hits)
      : `mehr als ${number(results.total_hits)}`;
    status.textContent = `${count} passende Passagen · Ergebnisse ${number(first)}–`
      + `${number(first + hits.length - 1)} · ${number(Math.round(results.took_ms * 10) / 10)} ms`;
  }
  // Passages of one article stand together, as the search groups them.
  const groups = [];
  for (const hit of hits) {
    const last = groups[groups.length - 1];
    if (last && last[0].id === hit.id) last.push(hit);
    else groups.push([hit]);
  }
  $('results').replaceChildren(...groups.map(renderCard));
  renderPager(more);
  window.scrollTo({ top: 0 });
}

function meta(item) {
  const parts = [];
  if (item.date) parts.push(item.date);
  if (item.section) parts.push(item.section);
  if (item.sources && item.sources.length) parts.push(item.sources.join('/'));
  return parts.join(' · ');
}

function personChips(persons) {
  return el('ul', { class: 'chips' }, ...(persons || []).map((name) => el('li', {},
    el('button', {
      class: name === state.person ? 'chip active' : 'chip', type: 'button',
      title: `Nur Passagen, die ${name} nennen`, onclick: () => setPerson(name),
    }, name))));
}

function openArticle(id, passage) {
  state.article = id;
  state.passage = passage;
  commit(true);
}

function renderCard(group) {
  const head = group[0];
  return el('li', { class: 'card', 'data-article': head.id },
    el('h3', {}, el('button', {
      class: 'title-link', type: 'button', onclick: () => openArticle(head.id, head.passage),
    }, head.title || head.path)),
    el('p', { class: 'meta' }, meta(head)),
    renderVersions(head.versions),
    ...group.map((hit) => el('div', { class: 'passage', 'data-passage': hit.passage },
      hit.heading ? el('p', { class: 'heading' }, hit.heading) : null,
      el('p', { class: 'snippet' }, marked(hit.snippet, hit.highlights)),
      personChips(hit.persons),
      el('button', {
        class: 'passage-link', type: 'button', onclick: () => openArticle(hit.id, hit.passage),
      }, `Absatz ${hit.passage} im Artikel lesen →`))));
}

// The story's other versions (near-identical copies), folded away until asked for.
function renderVersions(versions) {
  if (!versions || versions.length === 0) return null;
  const label = versions.length === 1 ? '+ 1 weitere Fassung' : `+ ${number(versions.length)} weitere Fassungen`;
  return el('details', { class: 'versions' },
    el('summary', {}, label),
    el('ul', {}, ...versions.map((version) => el('li', {},
      el('button', {
        class: 'version-link', type: 'button', onclick: () => openArticle(version.id, 0),
      }, version.title || version.path),
      ' ', el('span', { class: 'meta' }, [meta(version), version.path].filter(Boolean).join(' · '))))));
}

function renderPager(more) {
  const pager = $('pager');
  pager.replaceChildren();
  if (state.page === 1 && !more) return;
  const go = (page) => { state.page = page; commit(true); };
  pager.append(
    el('button', { type: 'button', disabled: state.page <= 1, onclick: () => go(state.page - 1) }, '← Zurück'),
    el('span', {}, `Seite ${state.page}`),
    el('button', { type: 'button', disabled: !more, onclick: () => go(state.page + 1) }, 'Weiter →'));
}

function loadFacets(seq) {
  const facetKey = JSON.stringify([state.q, state.person, state.since, state.until]);
  if (facetKey !== lastFacetKey) {
    lastFacetKey = facetKey;
    api('/api/topics', { ...filters(), limit: 12 })
      .then((topics) => { if (seq === searchSeq) renderTopics(topics); })
      .catch(() => { if (seq === searchSeq) $('topics').replaceChildren(); });
    loadPeople(seq);
  }
  // The timeline shows the whole query (without the dates), with the chosen period marked.
  const timelineKey = JSON.stringify([state.q, state.person]);
  if (timelineKey !== lastTimelineKey) {
    lastTimelineKey = timelineKey;
    loadTimeline(seq);
  } else {
    markTimeline();
  }
}

async function loadTimeline(seq) {
  const params = { q: state.q, person: state.person };
  try {
    let timeline = await api('/api/timeline', { ...params, by: 'month' });
    let by = 'month';
    if (timeline.periods.length > MAX_MONTHS) {
      timeline = await api('/api/timeline', { ...params, by: 'year' });
      by = 'year';
    }
    if (seq === searchSeq) renderTimeline(timeline, by);
  } catch (_) {
    if (seq === searchSeq) $('timeline').replaceChildren();
  }
}

/// Whether `period` (2022 or 2022-01) lies in the chosen date range.
function inRange(period) {
  const common = (a, b) => Math.min(a.length, b.length);
  const since = state.since;
  const until = state.until;
  if (!since && !until) return false;
  if (since && period.slice(0, common(period, since)) < since.slice(0, common(period, since))) return false;
  if (until && period.slice(0, common(period, until)) > until.slice(0, common(period, until))) return false;
  return true;
}

function markTimeline() {
  for (const bar of document.querySelectorAll('#timeline .bar')) {
    bar.classList.toggle('selected', inRange(bar.getAttribute('data-period')));
  }
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderTimeline(timeline, by) {
  const box = $('timeline');
  box.replaceChildren();
  const periods = timeline.periods;
  if (periods.length === 0) {
    box.append(el('p', { class: 'muted' }, timeline.undated
      ? `${number(timeline.undated)} passende Artikel, keiner mit Datum.`
      : 'Keine passenden Artikel.'));
    return;
  }
  const width = 300;
  const height = 110;
  const chart = height - 16;
  const most = Math.max(...periods.map((p) => p.articles), 1);
  // At least 12 slots, so that a few bars stay bars; centred.
  const step = width / Math.max(periods.length, 12);
  const left = (width - step * periods.length) / 2;
  const image = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `Passende Artikel pro ${by === 'year' ? 'Jahr' : 'Monat'}`,
  });
  periods.forEach((p, i) => {
    const barHeight = p.articles ? Math.max(2, (p.articles / most) * (chart - 4)) : 0;
    const bar = svg('g', { class: 'bar', 'data-period': p.period, tabindex: 0 });
    bar.append(svg('title', {}, `${p.period}: ${number(p.articles)} Artikel – klicken, um den Zeitraum zu wählen`));
    bar.append(svg('rect', { class: 'hit', x: left + i * step, y: 0, width: step, height: chart }));
    bar.append(svg('rect', {
      class: 'shown', x: left + i * step + step * 0.12, y: chart - barHeight,
      width: Math.max(step * 0.76, 1), height: barHeight, rx: 1.5,
    }));
    const choose = () => setDates(p.period, p.period);
    bar.addEventListener('click', choose);
    bar.addEventListener('keydown', (event) => { if (event.key === 'Enter') choose(); });
    image.append(bar);
  });
  image.append(svg('line', { x1: 0, y1: chart + 0.5, x2: width, y2: chart + 0.5, stroke: '#c8c2b6' }));
  image.append(svg('text', { x: left, y: height - 3 }, periods[0].period));
  if (periods.length > 1) {
    image.append(svg('text', { x: width - left, y: height - 3, 'text-anchor': 'end' }, periods[periods.length - 1].period));
  }
  box.append(image);
  const note = `${number(timeline.articles)} Artikel`
    + (timeline.undated ? `, davon ${number(timeline.undated)} ohne Datum` : '')
    + '. Ein Balken wählt seinen Zeitraum.';
  box.append(el('p', { class: 'muted' }, note));
  if (state.since || state.until) {
    box.append(el('button', { class: 'link', type: 'button', onclick: () => setDates('', '') }, 'Zeitraum zurücksetzen'));
  }
  markTimeline();
}

function renderTopics(topics) {
  const list = $('topics');
  if (!topics.topics.length) {
    list.replaceChildren(el('li', { class: 'muted' }, 'Keine auffälligen Themen.'));
    return;
  }
  list.replaceChildren(...topics.topics.map((topic) => el('li', {},
    el('button', {
      class: 'chip', type: 'button', title: `${number(topic.matching_passages)} passende Passagen – zur Suche hinzufügen`,
      onclick: () => {
        const words = topic.text.includes(' ') ? `"${topic.text}"` : topic.text;
        state.q = `${state.q} ${words}`.trim();
        state.page = 1;
        commit(true);
      },
    }, topic.text))));
}

function loadPeople(seq) {
  const mine = seq === undefined ? searchSeq : seq;
  api('/api/people', { ...filters(), limit: 12 })
    .then((people) => {
      if (mine !== searchSeq) return;
      $('people').replaceChildren(...people.people.map((person) => el('li', {},
        el('button', {
          class: person.name === state.person ? 'chip active' : 'chip', type: 'button',
          title: `${number(person.articles)} Artikel – nur Passagen mit ${person.name}`,
          onclick: () => setPerson(person.name),
        }, person.name, el('span', { class: 'count' }, number(person.articles))))));
    })
    .catch(() => { if (mine === searchSeq) $('people').replaceChildren(); });
}

let shownArticle = null;

async function showArticle() {
  const view = $('article-view');
  const key = JSON.stringify([state.article, state.q, state.passage]);
  view.hidden = false;
  if (key === shownArticle) return;
  shownArticle = key;
  const body = $('article-body');
  $('article-title').textContent = 'Artikel wird geladen …';
  $('article-meta').textContent = '';
  $('article-people').replaceChildren();
  body.replaceChildren();
  try {
    const article = await api('/api/article', { id: state.article, q: state.q });
    if (key !== shownArticle) return;
    $('article-title').textContent = article.title || article.path;
    $('article-meta').textContent = [meta(article), article.path].filter(Boolean).join(' · ');
    $('article-people').replaceChildren(...personChips(article.persons).childNodes);
    let matched = null;
    for (const passage of article.passages) {
      const section = el('section', { class: 'passage', id: `absatz-${passage.passage}`, 'data-passage': passage.passage },
        passage.heading ? el('h3', {}, passage.heading) : null,
        el('p', {}, marked(passage.text, passage.highlights)),
        el('span', { class: 'number' }, `Absatz ${passage.passage}`));
      if (passage.passage === state.passage) {
        section.classList.add('matched');
        matched = section;
      }
      body.append(section);
    }
    const sheet = view.querySelector('.sheet');
    sheet.focus({ preventScroll: true });
    if (matched) matched.scrollIntoView({ block: 'center' });
    else sheet.scrollTop = 0;
    loadRelated(key, article.id);
  } catch (error) {
    if (key !== shownArticle) return;
    shownArticle = null;
    $('article-title').textContent = 'Artikel nicht verfügbar';
    body.replaceChildren(el('p', {}, error.message));
  }
}

// Articles like the open one by content, without its own versions.
async function loadRelated(key, id) {
  const list = $('related');
  const panel = $('article-related');
  list.replaceChildren();
  panel.hidden = true;
  try {
    const similar = await api('/api/similar', { id, limit: 5 });
    if (key !== shownArticle || similar.results.length === 0) return;
    list.replaceChildren(...similar.results.map((related) => el('li', { 'data-article': related.id },
      el('button', {
        class: 'title-link', type: 'button', onclick: () => openArticle(related.id, related.passage),
      }, related.title || related.path),
      el('p', { class: 'meta' }, meta(related)),
      el('p', { class: 'snippet' }, marked(related.snippet, related.highlights)))));
    panel.hidden = false;
  } catch (error) {
    // Related articles are extra: the article stands without them.
  }
}

function closeArticle() {
  shownArticle = null;
  if (history.state && history.state.article) {
    history.back();
  } else {
    state.article = '';
    state.passage = 0;
    commit(true);
  }
}

function setUp() {
  const input = $('q');
  let timer = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const q = input.value.trim();
      if (q === state.q) return;
      state.q = q;
      state.page = 1;
      // The first pause of a new search is a history entry, later ones replace it.
      commit(!typing);
      typing = true;
    }, DEBOUNCE_MS);
  });
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    const q = input.value.trim();
    const changed = q !== state.q;
    state.q = q;
    if (changed) state.page = 1;
    lastSearchKey = changed ? lastSearchKey : null;
    commit(changed && !typing);
    typing = false;
  });
  for (const name of ['since', 'until']) {
    $(name).addEventListener('change', (event) => {
      const value = event.target.value.trim();
      if (value && !DATE_PATTERN.test(value)) return;
      state[name] = value;
      state.page = 1;
      typing = false;
      commit(true);
    });
  }
  $('close-article').addEventListener('click', closeArticle);
  $('article-view').addEventListener('click', (event) => {
    if (event.target === $('article-view')) closeArticle();
  });
  document.addEventListener('keydown', (event) => {
    const active = document.activeElement;
    const editing = active && (active.tagName === 'INPUT' || active.tagName === 'TEXTAREA'
      || active.tagName === 'SELECT' || active.isContentEditable);
    if (event.key === '/' && !editing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      if (state.article) closeArticle();
      input.focus();
      input.select();
    } else if (event.key === 'Escape' && state.article) {
      closeArticle();
    }
  });
  window.addEventListener('popstate', () => {
    readUrl();
    typing = false;
    render();
  });
  readUrl();
  render();
  if (!state.article) input.focus();
}

setUp();
