// A stand-in for the `code` executable, for @vscode/test-electron's `runTests` on machines
// without a desktop VS Code. It accepts the arguments runTests passes to VS Code, starts the
// VS Code server from the npm `code-server` package (installed on demand by
// scripts/vscode-stack.mjs), opens the workbench in headless Chromium with the extension
// test payload, and exits with the code the test run reports through
// `window.codeAutomationExit`. The whole server process group is stopped at the end.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureStack } from '../../scripts/vscode-stack.mjs';

const overallTimeoutMs = Number(process.env.FP_VSCODE_TIMEOUT_MS ?? 12 * 60_000);
const startTimeoutMs = 90_000;
// FP_VSCODE_UNTRUSTED=1: workspace trust on, the folder left untrusted (Restricted Mode), no prompt.
const untrusted = process.env.FP_VSCODE_UNTRUSTED === '1';
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (line) => process.stderr.write(`[launcher ${elapsed()}] ${line}\n`);

function parseArgs(argv) {
  const options = { extensionDevelopmentPaths: [], folder: undefined, extensionTestsPath: undefined, userDataDir: undefined, extensionsDir: undefined };
  for (const arg of argv) {
    const m = /^--([^=]+)=(.*)$/.exec(arg);
    if (m) {
      const [, key, value] = m;
      if (key === 'extensionDevelopmentPath') options.extensionDevelopmentPaths.push(resolve(value));
      else if (key === 'extensionTestsPath') options.extensionTestsPath = resolve(value);
      else if (key === 'user-data-dir') options.userDataDir = resolve(value);
      else if (key === 'extensions-dir') options.extensionsDir = resolve(value);
    } else if (!arg.startsWith('-')) {
      options.folder = resolve(arg);
    }
  }
  return options;
}

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

function startServer(stack, port, dataDir, extensionsDir) {
  const args = [
    stack.serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--telemetry-level', 'off',
    '--enable-smoke-test-driver',
    ...(untrusted ? [] : ['--disable-workspace-trust']),
    '--server-data-dir', dataDir,
    '--user-data-dir', join(dataDir, 'user'),
    '--extensions-dir', extensionsDir,
  ];
  // A process group of its own, so the extension host and the language server go with it.
  const server = spawn(stack.node24, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  const listening = new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the VS Code server did not start within ${startTimeoutMs / 1000} s`)), startTimeoutMs);
    const watch = (chunk) => {
      const text = chunk.toString();
      if (process.env.FP_VSCODE_VERBOSE) process.stderr.write(text);
      if (text.includes('Extension host agent listening')) {
        clearTimeout(timer);
        ok();
      }
    };
    server.stdout.on('data', watch);
    server.stderr.on('data', (chunk) => {
      if (process.env.FP_VSCODE_VERBOSE) process.stderr.write(chunk);
    });
    server.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`the VS Code server exited early (${code ?? signal})`));
    });
  });
  return { server, listening };
}

function stopGroup(child) {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 3_000;
  while (Date.now() < deadline) {
    try {
      process.kill(-child.pid, 0);
    } catch {
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!options.extensionTestsPath || options.extensionDevelopmentPaths.length === 0) {
    say('usage: launcher --extensionDevelopmentPath=DIR [...] --extensionTestsPath=FILE [folder]');
    return 2;
  }
  const stack = ensureStack();
  const dataDir = options.userDataDir ?? join(process.cwd(), '.vscode-test', 'server-data');
  const extensionsDir = options.extensionsDir ?? join(dataDir, 'extensions');
  mkdirSync(join(dataDir, 'user', 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(dataDir, 'user', 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        ...(untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {}),
      },
      null,
      2,
    ),
  );
  const port = await freePort();
  const { server, listening } = startServer(stack, port, dataDir, extensionsDir);
  let browser;
  const cleanup = () => stopGroup(server);
  process.once('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      cleanup();
      process.exit(130);
    });
  }
  try {
    await listening;
    say(`VS Code server listening on ${port}`);
    const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
    const payload = [
      ...options.extensionDevelopmentPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
      ['extensionTestsPath', remote(options.extensionTestsPath)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const query = new URLSearchParams();
    if (options.folder) query.set('folder', options.folder);
    query.set('payload', JSON.stringify(payload));
    const url = `http://127.0.0.1:${port}/?${query.toString()}`;

    browser = await chromium.launch({
      executablePath: stack.chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${port}` });
    const page = await context.newPage();
    const exited = new Promise((ok) => {
      void page.exposeFunction('codeAutomationExit', (code) => ok(Number(code) || 0));
    });
    page.on('console', (message) => {
      // The workbench styles its log lines ("%c INFO color: #33f [fp-test] ..."); keep the words.
      const text = message.text().replace(/^%c\s*(\w+)\s+color:\s*\S+\s*/, '$1 ');
      if (process.env.FP_VSCODE_VERBOSE || /\[Extension Host\]|\[fp-test\]|Fountain Provenance|fountain-provenance/.test(text)) process.stdout.write(`${text}\n`);
      // The suite asks for a real copy or paste where a browser workbench insists on a user
      // gesture: the key press goes in through the DevTools protocol with Chromium's own
      // editing command.
      // The suite asks what the editor shows: each visible line's tokens with their colours, as
      // JSON into the file it names (the TextMate token capture is not offered in a browser).
      const colours = /\[fp-test\] driver: colours (\S+)/.exec(text);
      if (colours) {
        void page
          .evaluate(() =>
            [...document.querySelectorAll('.monaco-editor .view-line')].map((line) =>
              [...line.querySelectorAll('span > span')].map((span) => ({ text: span.textContent, colour: getComputedStyle(span).color })),
            ),
          )
          .then((lines) => writeFileSync(colours[1], JSON.stringify(lines)))
          .catch((error) => say(`could not read the editor's colours: ${error.message}`));
      }
      const request = /\[fp-test\] driver: (copy|paste)/.exec(text);
      if (request) {
        const [command, key, code, keyCode] = request[1] === 'copy' ? ['copy', 'c', 'KeyC', 67] : ['paste', 'v', 'KeyV', 86];
        void (async () => {
          const cdp = await context.newCDPSession(page);
          const event = { modifiers: 2, key, code, windowsVirtualKeyCode: keyCode };
          await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...event, commands: [command] });
          await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...event });
          await cdp.detach();
        })().catch((error) => say(`could not ${command}: ${error.message}`));
      }
    });
    page.on('pageerror', (error) => say(`page error: ${error.message}`));
    // A loaded machine can take a while to serve the workbench.
    await page.goto(url, { timeout: 180_000 });
    say('workbench opened');
    const timeout = new Promise((ok) => setTimeout(() => {
      say(`no result within ${overallTimeoutMs / 1000} s`);
      ok(1);
    }, overallTimeoutMs).unref());
    const code = await Promise.race([exited, timeout]);
    say(`tests finished with exit code ${code}`);
    return code;
  } finally {
    await browser?.close().catch(() => {});
    cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    say(error instanceof Error ? error.stack ?? error.message : String(error));
    process.exit(1);
  },
);
