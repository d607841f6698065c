/**
 * report.html in a real browser: Debian's Chromium through playwright-core. The page must
 * render with no console errors (a CSP violation is one) and no request leaving the file; a
 * screenshot is kept in test-artifacts/report.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { renderHtml } from '../../server/src/report/html';
import { exampleReport, ROOT } from './helpers';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('report.html in headless Chromium', () => {
  let browser: Browser;

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
  });

  test('renders with no console errors, no outside requests, and its charts and marked passages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(exampleReport()));
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    assert.equal(await page.title(), 'Credit disclosure report: THE NIGHT SHIFT');
    assert.equal(await page.locator('svg[aria-label="Shares of each scene by origin"] rect').count() > 3, true);
    assert.equal(await page.locator('svg[aria-label="Writing sessions on a timeline"]').count(), 1);
    assert.ok((await page.locator('.script .k-ai').count()) > 0, 'AI passages are marked in the script');
    const box = await page.locator('svg[aria-label="Shares of each scene by origin"]').boundingBox();
    assert.ok(box && box.width > 500 && box.height > 80, `the scene chart is laid out: ${JSON.stringify(box)}`);
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-artifacts', 'report.png'), fullPage: true });
    await page.close();
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, []);
  });
});
