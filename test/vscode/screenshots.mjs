// Trying the extension by hand, as a writer would (TESTING.md), with screenshots for the README:
// the packaged VSIX installed into the test stack's VS Code server, a HOME with no git identity,
// the fake language model, and Chromium driven by playwright-core through the palette and the
// keyboard. Usage: npm run package && node test/vscode/screenshots.mjs [outDir]
// Writes status-bar.png, marks.png, provenance-view.png and report.png into outDir
// (default docs/images). Stops the server it started, by its process group.
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
  }),
);
writeFileSync(
  join(workspace, 'engine-room.fountain'),
  'Title: The Engine Room\nAuthor: Nadia Reyes\n\nINT. ENGINE ROOM - NIGHT\n\nThe old engine shudders. Steam hisses from a cracked valve.\n\nNADIA\nHold together. Just one more night.\n\nEXT. DECK - CONTINUOUS\n\nRain against the hull.\n\n',
);

const install = spawnSync(stack.node24, [codeServer, '--user-data-dir', data, '--extensions-dir', ext, '--install-extension', join(root, vsix)], { env, encoding: 'utf8' });
if (install.status !== 0) throw new Error(`install failed: ${install.stderr}`);
cpSync(join(here, 'fake-model-extension'), join(ext, 'fountain-provenance-test.fake-model-0.0.1'), { recursive: true });

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
await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
await pause(4000);

async function palette(command, input) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input');
  await page.keyboard.type(command, { delay: 10 });
  await pause(600);
  await page.keyboard.press('Enter');
  if (input !== undefined) {
    await pause(800);
    await page.keyboard.type(input, { delay: 5 });
    await page.keyboard.press('Enter');
  }
  await pause(1500);
}

// Open the script.
await page.keyboard.press('Control+P');
await pause(600);
await page.keyboard.type('engine-room.fountain', { delay: 10 });
await pause(800);
await page.keyboard.press('Enter');
await pause(4000);
// The extension asks once for the writer: answer it from the palette.
await palette('Fountain Provenance: Set Writer Identity');
await page.keyboard.type('Nadia Reyes', { delay: 5 });
await page.keyboard.press('Enter');
await pause(700);
await page.keyboard.type('nadia@example.invalid', { delay: 5 });
await page.keyboard.press('Enter');
await pause(2500);
// Type at the end of the first scene, paste a line, draft with AI.
await page.keyboard.press('Control+End');
await page.keyboard.type('A gauge needle trembles in the red.\n\n', { delay: 15 });
await page.evaluate(() => navigator.clipboard.writeText('The hull groans like an animal in its sleep, a long low sound that fills the deck.\n\n'));
await page.keyboard.press('Control+V');
await pause(1500);
await palette('Fountain Provenance: Draft with AI', 'the engineer answers the engine');
await pause(3000);
await page.keyboard.press('Control+Home');
await pause(2500);
mkdirSync(outDir, { recursive: true });
await page.screenshot({ path: join(outDir, 'marks.png') });
await page.locator('.statusbar').screenshot({ path: join(outDir, 'status-bar.png') });
say('marks and status bar');
// The Provenance view in the Explorer.
await page.keyboard.press('Control+Shift+E');
await pause(2500);
await page.screenshot({ path: join(outDir, 'provenance-view.png') });
say('view');
await palette('Fountain Provenance: Show Credit Disclosure Report');
await pause(5000);
await page.screenshot({ path: join(outDir, 'report.png') });
say(`report; screenshots in ${outDir}`);
await browser.close();
stop();
rmSync(tmp, { recursive: true, force: true });
process.exit(0);
