// End-to-end test of archivar's page in Debian's headless Chromium (playwright-core, no
// downloaded browser). Run by tests/browser.rs, which starts the servers:
//   ARCHIVAR_URL      the server on the shipped corpus
//   ARCHIVAR_XSS_URL  a server on an article full of markup, which must show as text
//   ARCHIVAR_STORIES_URL  a server on an article, two copies of it and another on its topic
//   ARTIFACTS         folder for the screenshots
//   CHROMIUM          the browser (default /usr/bin/chromium)
// Prints one line per check and a closing "N passed, N failed" line; exits 1 on a failure.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const url = process.env.ARCHIVAR_URL;
const xssUrl = process.env.ARCHIVAR_XSS_URL;
const storiesUrl = process.env.ARCHIVAR_STORIES_URL;
const artifacts = process.env.ARTIFACTS || 'browser-artifacts';
const TIMEOUT = 15000;
mkdirSync(artifacts, { recursive: true });

let passed = 0;
function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`);
  passed += 1;
  console.log(`ok ${passed} - ${what}`);
}

const profile = mkdtempSync(join(tmpdir(), 'archivar-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  chromiumSandbox: false,
  args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 860 },
  locale: 'de-DE',
});
const page = context.pages()[0] || await context.newPage();
page.setDefaultTimeout(TIMEOUT);
const dialogs = [];
const pageErrors = [];
page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss(); });
page.on('pageerror', (error) => pageErrors.push(String(error)));
// Nothing may leave the machine: only the server's own files.
const foreign = [];
page.on('request', (request) => {
  const target = request.url();
  const own = [url, xssUrl, storiesUrl].filter(Boolean);
  if (!own.some((server) => target.startsWith(server))) foreign.push(target);
});

const params = () => new URL(page.url()).searchParams;
const shot = (name) => page.screenshot({ path: join(artifacts, name) });

let failure = null;
try {
  await page.goto(url);
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  check(await page.evaluate(() => document.activeElement.id === 'q'), 'the / key focuses the search box');

  // Search as you type.
  await page.keyboard.type('Nato Osterweiterung', { delay: 30 });
  const firstCard = page.locator('#results .card').first();
  await firstCard.locator('mark', { hasText: 'Osterweiterung' }).first().waitFor();
  const firstSnippet = firstCard.locator('.snippet').first();
  check((await firstSnippet.textContent()).includes('Ende der Osterweiterung'),
    'the Osterweiterung passage comes first');
  const marks = await firstSnippet.locator('mark').allTextContents();
  check(marks.includes('Nato') && marks.includes('Osterweiterung'),
    `its words are marked (${marks.join(', ')})`);
  check(params().get('q') === 'Nato Osterweiterung', 'the URL holds the query');
  await page.locator('#timeline svg .bar').first().waitFor();
  check(await page.locator('#topics .chip').count() > 0, 'the topics of the result set are shown');
  await page.keyboard.press('Enter');
  await shot('01-results.png');

  // A person chip filters.
  const resultsBefore = await page.locator('#results .card').count();
  await firstCard.locator('.chip', { hasText: 'Sergej Lawrow' }).first().click();
  await page.locator('#active-filters .chip', { hasText: 'Person: Sergej Lawrow' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('#status').textContent.startsWith('Suche'));
  check(params().get('person') === 'Sergej Lawrow', 'the Sergej Lawrow chip sets the person filter in the URL');
  const passagePeople = await page.locator('#results .passage').evaluateAll((passages) =>
    passages.map((p) => Array.from(p.querySelectorAll('.chip')).map((c) => c.textContent)));
  check(passagePeople.length > 0 && passagePeople.every((names) => names.includes('Sergej Lawrow')),
    `every passage shown names Sergej Lawrow (${passagePeople.length} passages, ${resultsBefore} articles before)`);
  await shot('02-person-filter.png');

  // The back button takes the filter away again, forward brings it back.
  await page.goBack();
  await page.waitForFunction(() => !new URLSearchParams(location.search).has('person'));
  check(await page.locator('#active-filters .chip').count() === 0, 'back removes the person filter');
  await page.goForward();
  await page.locator('#active-filters .chip', { hasText: 'Sergej Lawrow' }).waitFor();
  check(true, 'forward restores it');

  // A timeline bar narrows the dates.
  const bar = page.locator('#timeline svg .bar').first();
  const period = await bar.getAttribute('data-period');
  await bar.click();
  await page.waitForFunction((p) => new URLSearchParams(location.search).get('since') === p, period);
  check(params().get('until') === period && await page.locator('#since').inputValue() === period,
    `a timeline bar sets since and until to ${period}`);

  // The article view scrolls to the matched passage and marks it.
  await page.locator('#results .card .title-link').first().click();
  const matched = page.locator('#article-view .passage.matched');
  await matched.waitFor();
  check(await matched.isVisible(), 'the article opens');
  check(await matched.evaluate((node) => {
    const box = node.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  }), 'the matched passage is scrolled into view');
  const articleMarks = await matched.locator('mark').allTextContents();
  check(articleMarks.includes('Osterweiterung'), `the matched passage marks the words (${articleMarks.join(', ')})`);
  check(params().get('article') !== null, 'the URL holds the article');
  await shot('03-article.png');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('#article-view').hidden);
  check(!params().has('article'), 'Escape closes the article');

  // A shared link restores the same page.
  const shared = page.url();
  const other = await context.newPage();
  await other.goto(shared);
  await other.locator('#results .card').first().waitFor();
  check(await other.locator('#q').inputValue() === 'Nato Osterweiterung'
    && await other.locator('#active-filters .chip').count() === 2, 'a shared URL restores query and filters');
  await other.close();

  // Archive text with markup shows as text.
  if (xssUrl) {
    await page.goto(`${xssUrl}?q=Angreifer`);
    const card = page.locator('#results .card').first();
    await card.waitFor();
    const text = await card.textContent();
    check(text.includes('<img src=x onerror=alert(1)>') && text.includes('<script>alert(1)</script>'),
      'markup in an article is shown as text');
    check(await page.locator('#results img, #results script, #results [onerror]').count() === 0,
      'no element is made from archive text');
    await card.locator('.title-link').click();
    await page.locator('#article-view .passage.matched').waitFor();
    check((await page.locator('#article-view').textContent()).includes('<img src=x onerror=alert(1)>')
      && await page.locator('#article-view img, #article-view script').count() === 0,
    'the article view shows it as text too');
    await page.waitForTimeout(300);
    await shot('04-escaping.png');
    check(dialogs.length === 0, `no alert fired (${dialogs.length})`);
  }
  // A story's copies fold under one card; the article view lists related articles.
  if (storiesUrl) {
    await page.goto(`${storiesUrl}?q=Containerterminal%20Triest`);
    await page.locator('#results .card').first().waitFor();
    check(await page.locator('#results .card').count() === 2, 'two stories, one card each');
    const folded = page.locator('#results .card details.versions');
    check(await folded.count() === 1
      && (await folded.locator('summary').textContent()).trim() === '+ 2 weitere Fassungen',
    'the copies fold into "+ 2 weitere Fassungen"');
    check(!(await folded.locator('.version-link').first().isVisible()), 'folded until asked for');
    await folded.locator('summary').click();
    check(await folded.locator('.version-link').count() === 2
      && await folded.locator('.version-link').first().isVisible(), 'the summary unfolds both versions');
    await shot('05-versions.png');
    await folded.locator('xpath=ancestor::li[contains(@class, "card")]').locator('.title-link').click();
    await page.locator('#article-related li').first().waitFor();
    const related = await page.locator('#article-related li .title-link').allTextContents();
    check(related.length === 1 && related[0] === 'Triest wartet auf die Seidenstraße',
      `the article view lists the related article, not the copies (${related.join(', ')})`);
    await shot('06-related.png');
    await page.locator('#article-related .title-link').first().click();
    await page.waitForFunction(() => document.querySelector('#article-title').textContent === 'Triest wartet auf die Seidenstraße');
    check(true, 'a related article opens');
  }
  check(pageErrors.length === 0, `no script errors (${pageErrors.join('; ')})`);
  check(foreign.length === 0, `no request left the server (${foreign.join(', ')})`);
} catch (error) {
  failure = error;
  await shot('failure.png').catch(() => {});
}
await context.close();
rmSync(profile, { recursive: true, force: true });
if (failure) {
  console.log(`not ok - ${failure.message}`);
  console.log(`${passed} passed, 1 failed`);
  process.exit(1);
}
console.log(`${passed} passed, 0 failed`);
