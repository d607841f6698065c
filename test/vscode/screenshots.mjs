// Trying the extension by hand, as a writer would (TESTING.md), with screenshots for the README:
// the packaged VSIX installed into the test stack's VS Code server, a HOME with no git identity,
// the fake language model, and Chromium driven by playwright-core through the palette and the
// keyboard. Usage: npm run package && node test/vscode/screenshots.mjs [outDir]
// Writes status-bar-no-writer.png, status-bar.png, ai-confirm.png, marks.png, assisted-hover.png,
// provenance-view.png, report.png, export-pdf.png and pdf-marked-page.png (the exported PDF's
// first script page, rendered by poppler's pdftoppm) into outDir (default docs/images). Stops the server it started, by its process group.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureStack, stackPaths } from '../../scripts/vscode-stack.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const outDir = resolve(process.argv[2] ?? join(root, 'docs', 'images'));
const stack = ensureStack();
const codeServer = join(dirname(stack.serverMain), '..', '..', '..', 'out', 'node', 'entry.js');
const vsix = readdirSync(root).find((f) => /^fountain-provenance-.*\.vsix$/.test(f));
if (!vsix) throw new Error('no VSIX: run npm run package first');

const tmp = mkdtempSync(join(tmpdir(), 'fp-shots-'));
const home = join(tmp, 'home');
const data = join(tmp, 'data');
const ext = join(tmp, 'ext');
const workspace = join(tmp, 'workspace');
for (const d of [home, data, ext, workspace, join(data, 'User')]) mkdirSync(d, { recursive: true });
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1' };
const say = (line) => process.stderr.write(`[shots] ${line}\n`);

writeFileSync(
  join(data, 'User', 'settings.json'),
  JSON.stringify({
    'workbench.colorTheme': 'Default Light Modern',
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'editor.minimap.enabled': false,
    'window.commandCenter': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.commandCenter.enabled': false,
  }),
);
writeFileSync(
  join(workspace, 'engine-room.fountain'),
  'Title: The Engine Room\nAuthor: Nadia Reyes\n\nINT. ENGINE ROOM - NIGHT\n\nThe old engine shudders. Steam hisses from a cracked valve.\n\nNADIA\nHold together. Just one more night.\n\nEXT. DECK - CONTINUOUS\n\nRain against the hull.\n\n',
);

const install = spawnSync(stack.node24, [codeServer, '--user-data-dir', data, '--extensions-dir', ext, '--install-extension', join(root, vsix)], { env, encoding: 'utf8' });
if (install.status !== 0) throw new Error(`install failed: ${install.stderr}`);
// The fake model goes in as a VSIX of its own (a bare folder in the extensions folder is dropped at start).
const fakeDir = join(tmp, 'fake-model');
cpSync(join(here, 'fake-model-extension'), fakeDir, { recursive: true });
const fakeVsix = join(tmp, 'fake-model.vsix');
const packed = spawnSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--allow-missing-repository', '--skip-license', '--allow-star-activation', '-o', fakeVsix], { cwd: fakeDir, encoding: 'utf8' });
if (packed.status !== 0) throw new Error(`fake model VSIX: ${packed.stderr}${packed.stdout}`);
const installFake = spawnSync(stack.node24, [codeServer, '--user-data-dir', data, '--extensions-dir', ext, '--install-extension', fakeVsix], { env, encoding: 'utf8' });
if (installFake.status !== 0) throw new Error(`install of the fake model failed: ${installFake.stderr}`);

const port = 8731;
const server = spawn(stack.node24, [codeServer, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', data, '--extensions-dir', ext, '--disable-telemetry', workspace], {
  env,
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
});
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // gone
  }
};
process.on('exit', stop);
await new Promise((ok, fail) => {
  const timer = setTimeout(() => fail(new Error('code-server did not start')), 60_000);
  server.stdout.on('data', (chunk) => {
    if (/HTTP server listening/.test(chunk.toString())) {
      clearTimeout(timer);
      ok();
    }
  });
});
say(`code-server on ${port}`);

const browser = await chromium.launch({
  executablePath: stackPaths().chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1500, height: 900 } });
await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${port}` });
const page = await context.newPage();
const pause = (ms) => page.waitForTimeout(ms);
await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { timeout: 180_000 });
await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
await pause(4000);

async function palette(command, input) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input');
  await page.keyboard.type(command, { delay: 10 });
  await pause(600);
  await page.keyboard.press('Enter');
  if (input !== undefined) await answer(input);
  await pause(1500);
}

/** Types into the next input box the extension opens (it may take a while to appear). */
async function answer(text) {
  const box = page.locator('.quick-input-widget .quick-input-box input');
  await page.waitForFunction(() => {
    const w = document.querySelector('.quick-input-widget');
    return w && getComputedStyle(w).display !== 'none' && w.querySelector('.quick-input-title')?.textContent;
  }, undefined, { timeout: 30_000 });
  await box.first().fill(text);
  await pause(300);
  await page.keyboard.press('Enter');
  await pause(700);
}

// Open the script from the Explorer, and close whatever side panel came up.
await page.getByRole('treeitem', { name: /engine-room\.fountain/ }).first().click();
await pause(3000);
await page.keyboard.press('Control+Alt+B').catch(() => undefined);
await pause(500);
const secondary = await page.locator('.part.auxiliarybar').isVisible().catch(() => false);
if (secondary) await page.keyboard.press('Control+Alt+B');
await page.locator('.monaco-editor .view-lines').first().click();
// The extension host starts slowly on a busy machine: wait for the extension's status bar item.
await page.locator('.statusbar').getByText(/Writer not set|human|imported/).first().waitFor({ timeout: 180_000 });
await pause(1500);
// The extension asks once for the writer: answer it from the palette.
await page.locator('.statusbar').screenshot({ path: join(outDir, 'status-bar-no-writer.png') });
await palette('Fountain Provenance: Set Writer Identity');
await answer('Nadia Reyes');
await answer('nadia@example.invalid');
await pause(2500);
// Type at the end of the script, paste a line, draft with AI.
await page.locator('.monaco-editor .view-lines').first().click();
await page.keyboard.press('Control+End');
await page.keyboard.type('A gauge needle trembles in the red.\n\n', { delay: 15 });
await page.evaluate(() => navigator.clipboard.writeText('The hull groans like an animal in its sleep, a long low sound that fills the deck.\n\n'));
await page.keyboard.press('Control+V');
await pause(1500);
await palette('Fountain Provenance: Draft with AI', 'the engineer answers the engine');
// Before anything leaves the editor, the extension says what goes: answer Send.
await page.locator('.quick-input-widget .quick-input-title').filter({ hasText: /^Send / }).first().waitFor({ timeout: 60_000 }).catch(async (error) => {
  await page.screenshot({ path: join(outDir, 'failed-send-question.png') });
  throw error;
});
await pause(800);
await page.screenshot({ path: join(outDir, 'ai-confirm.png') });
await page.keyboard.press('Enter');
await page.getByText('whether anyone watches or not').first().waitFor({ timeout: 60_000 });
await pause(2500);
await page.keyboard.press('Control+Home');
await page.mouse.move(5, 5);
await pause(2500);
mkdirSync(outDir, { recursive: true });
await page.screenshot({ path: join(outDir, 'marks.png') });
await page.locator('.statusbar').screenshot({ path: join(outDir, 'status-bar.png') });
say('marks and status bar');
// Mark a line AI-assisted (a model the writer names), then hover it: declared, shaped by the writer.
await page.locator('.monaco-editor .view-line').filter({ hasText: 'Rain against the hull.' }).first().click({ clickCount: 3 });
await pause(500);
await palette('Fountain Provenance: Mark Selection as AI-Assisted');
await page.locator('.quick-input-widget').getByText('Another model').first().click();
await answer('gpt-4o');
await pause(2500);
await page.keyboard.press('Escape');
await page.locator('.monaco-editor .view-line').filter({ hasText: 'Rain against the hull.' }).first().hover({ position: { x: 40, y: 8 } });
await page.locator('.monaco-hover').filter({ hasText: /AI-assisted/ }).first().waitFor({ timeout: 30_000 });
await pause(800);
await page.screenshot({ path: join(outDir, 'assisted-hover.png') });
await page.mouse.move(5, 5);
say('AI-assisted hover');
// The Provenance view in the Explorer.
await page.keyboard.press('Control+Shift+E');
await pause(1000);
await page.locator('.pane-header').filter({ hasText: /^Provenance/ }).first().click();
// A wider side bar, so the scenes' shares can be read.
const sash = await page.locator('.part.sidebar').boundingBox();
if (sash) {
  await page.mouse.move(sash.x + sash.width + 1, 400);
  await page.mouse.down();
  await page.mouse.move(sash.x + sash.width + 330, 400, { steps: 8 });
  await page.mouse.up();
}
await pause(2500);
await page.screenshot({ path: join(outDir, 'provenance-view.png') });
say('view');
await palette('Fountain Provenance: Show Credit Disclosure Report');
await pause(5000);
await page.screenshot({ path: join(outDir, 'report.png') });
say('report');
// Export PDF with marks, through the palette, the quick pick and the save dialog (its default name).
await page.keyboard.press('Control+1');
await pause(500);
await palette('Fountain Provenance: Export PDF');
await page.locator('.quick-input-widget').getByText('Mark AI-generated lines').first().click();
await pause(1500);
// The workbench's own save dialog: its path box is prefilled with the default; accept it.
await page.keyboard.press('Enter');
await page.getByText(/Exported engine-room\.pdf/).first().waitFor({ timeout: 120_000 });
await pause(1000);
await page.screenshot({ path: join(outDir, 'export-pdf.png') });
const pdf = join(workspace, 'engine-room.pdf');
// Page 1 is the title page (statement, verification line, legend); page 2 the marked script.
for (const [first, name] of [[1, 'pdf-title-page'], [2, 'pdf-marked-page']]) {
  const out = spawnSync('pdftoppm', ['-png', '-r', '80', '-f', String(first), '-l', String(first), '-singlefile', pdf, join(outDir, name)], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`pdftoppm: ${out.stderr}`);
}
say(`PDF pages rendered; screenshots in ${outDir}`);
await browser.close();
stop();
if (!process.env.FP_VSCODE_KEEP) rmSync(tmp, { recursive: true, force: true });
else say(`kept ${tmp}`);
process.exit(0);
