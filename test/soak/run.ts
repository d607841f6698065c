/**
 * Soak test (issue 13), run by hand, not part of `npm test`:
 *
 *   npm run build && SOAK_SECONDS=180 node --import tsx test/soak/run.ts
 *
 * Two language servers and command-line batches work on one folder of scripts for a few
 * minutes: random keystrokes, deletions, pastes, saves, closes, renames (`fountain-provenance
 * mv`), `validate` runs, and kill -9 of a server (a new one takes its place). Every event seen
 * on disk is remembered (by document id and line). Afterwards every journal must load, verify
 * (after a last open that reconciles what the read-only server saved) and still hold every
 * event that was ever seen on disk. Prints the figures and exits 1 on any loss or failure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TestClient } from '../lsp/client';
import { random } from '../random';
import { ScriptRecord } from '../../server/src/provenance/record';
import { verifyJournal } from '../../server/src/provenance/verify';

const ROOT = resolve(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'fountain-provenance.js');
const seconds = Number(process.env.SOAK_SECONDS ?? 180);
const rand = random(Number(process.env.SOAK_SEED ?? 13));
const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];

const dir = mkdtempSync(join(tmpdir(), 'fp-soak-'));
const keys = mkdtempSync(join(tmpdir(), 'fp-soak-keys-'));
const env = { FOUNTAIN_PROVENANCE_KEYS: keys };
const writers = [
  { name: 'Mara Okafor', email: 'mara@example.invalid' },
  { name: 'Dev Lindqvist', email: 'dev@example.invalid' },
];

let names = ['one.fountain', 'two.fountain', 'three.fountain'];
for (const name of names) writeFileSync(join(dir, name), `Title: ${name}\n\nINT. ROOM - DAY\n\nSomeone waits.\n`);

const figures = { edits: 0, keystrokes: 0, pastes: 0, saves: 0, closes: 0, renames: 0, kills: 0, validations: 0, validateCrashes: 0, eventsSeen: 0, eventsLost: 0 };
/** Every event line seen on disk: document id -> seq -> line. */
const seen = new Map<string, Map<number, string>>();

interface Server {
  client: TestClient;
  open: Map<string, string>; // script name -> uri
}

async function startServer(i: number): Promise<Server> {
  const client = new TestClient({ env, settings: { writer: writers[i % writers.length] } });
  await client.initialize();
  return { client, open: new Map() };
}

function journals(): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.provenance') || n.includes('.provenance.unreadable-'));
}

/** Remembers every whole event line now on disk. */
function observe(): void {
  for (const name of journals()) {
    let text: string;
    try {
      text = readFileSync(join(dir, name), 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    let documentId: string | undefined;
    try {
      documentId = JSON.parse(lines[0]).documentId;
    } catch {
      continue;
    }
    if (!documentId) continue;
    const events = seen.get(documentId) ?? new Map<number, string>();
    seen.set(documentId, events);
    // The last line may be cut mid-write: only lines followed by a newline count.
    for (const line of lines.slice(1, -1)) {
      try {
        const seq = JSON.parse(line).seq;
        if (typeof seq === 'number' && !events.has(seq)) events.set(seq, line);
      } catch {
        // a damaged line is not an event
      }
    }
  }
}

async function step(servers: Server[]): Promise<void> {
  const s = pick(servers);
  const name = pick(names);
  const path = join(dir, name);
  const action = rand();
  let uri = s.open.get(name);
  if (!uri) {
    if (!existsSync(path)) return;
    uri = s.client.open(path, readFileSync(path, 'utf8'));
    s.open.set(name, uri);
    await s.client.diagnosticsNow(uri, 60_000);
    return;
  }
  const text = s.client.text(uri);
  if (action < 0.55) {
    let at = Math.floor(rand() * (text.length + 1));
    for (const c of pick(['She runs. ', 'HE LAUGHS', '\n\nINT. HALL - NIGHT\n\n', 'x', 'é', '😀'])) {
      s.client.type(uri, at, c);
      at += c.length;
      figures.keystrokes++;
    }
    figures.edits++;
  } else if (action < 0.65 && text.length > 2) {
    const at = Math.floor(rand() * (text.length - 1));
    s.client.edit(uri, at, at + 1 + Math.floor(rand() * Math.min(20, text.length - at - 1)), '');
    figures.edits++;
  } else if (action < 0.72) {
    s.client.edit(uri, Math.floor(rand() * (text.length + 1)), Math.floor(rand() * (text.length + 1)), 'A long pasted paragraph that nobody typed in this editor at all.\n');
    figures.edits++;
    figures.pastes++;
  } else if (action < 0.85) {
    writeFileSync(path, text);
    s.client.save(uri);
    figures.saves++;
  } else if (action < 0.93) {
    s.client.close(uri);
    s.open.delete(name);
    figures.closes++;
  } else {
    // A rename: both servers close the script first, as an editor does before a move.
    for (const other of servers) {
      const u = other.open.get(name);
      if (u) {
        other.client.close(u);
        other.open.delete(name);
      }
    }
    await Promise.all(servers.map((o) => o.client.request('fountainProvenance/status', null)));
    const to = `r${figures.renames}-${name.replace(/^r\d+-/, '')}`;
    const r = spawnSync(process.execPath, [BIN, 'mv', name, to], { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) {
      names = names.map((n) => (n === name ? to : n));
      figures.renames++;
    } else if (existsSync(path) && !existsSync(`${path}.provenance`)) {
      renameSync(path, join(dir, to));
      names = names.map((n) => (n === name ? to : n));
      figures.renames++;
    }
  }
  await s.client.diagnosticsNow(uri, 60_000).catch(() => undefined);
}

function validateInBackground(): Promise<void> {
  figures.validations++;
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'validate', '--workers', '1', '.'], { cwd: dir, env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('exit', (code) => {
      if (code === null || code > 2 || /\n\s+at /.test(stderr)) {
        figures.validateCrashes++;
        console.error(`validate crashed (${code}): ${stderr.slice(0, 500)}`);
      }
      done();
    });
  });
}

async function main(): Promise<void> {
  console.log(`soak: ${seconds} s in ${dir}`);
  const servers = [await startServer(0), await startServer(1)];
  const batches: Promise<void>[] = [];
  const end = Date.now() + seconds * 1000;
  let nextKill = Date.now() + 15_000 + rand() * 15_000;
  let nextValidate = Date.now() + 5_000;
  while (Date.now() < end) {
    await step(servers);
    if (rand() < 0.05) await new Promise((r) => setTimeout(r, 3000)); // a pause: the typing run goes to disk
    observe();
    if (Date.now() > nextValidate) {
      batches.push(validateInBackground());
      nextValidate = Date.now() + 10_000;
    }
    if (Date.now() > nextKill) {
      const i = Math.floor(rand() * servers.length);
      observe();
      (servers[i].client as unknown as { process: { kill(signal: string): void } }).process.kill('SIGKILL');
      await servers[i].client.shutdown();
      figures.kills++;
      servers[i] = await startServer(i);
      nextKill = Date.now() + 15_000 + rand() * 15_000;
    }
  }
  for (const s of servers) {
    for (const [name, uri] of s.open) {
      writeFileSync(join(dir, name), s.client.text(uri));
      s.client.save(uri);
      s.client.close(uri);
    }
    await s.client.request('fountainProvenance/status', null);
  }
  await Promise.all(servers.map((s) => s.client.shutdown()));
  await Promise.all(batches);
  observe();

  // Afterwards: every event ever seen on disk is still there, every journal loads and verifies.
  const now = new Map<string, Set<string>>();
  for (const name of journals()) {
    const lines = readFileSync(join(dir, name), 'utf8').split('\n');
    let id: string | undefined;
    try {
      id = JSON.parse(lines[0]).documentId;
    } catch {
      continue;
    }
    if (id) now.set(id, new Set([...(now.get(id) ?? []), ...lines.slice(1)]));
  }
  for (const [id, events] of seen) {
    figures.eventsSeen += events.size;
    for (const line of events.values()) if (!now.get(id)?.has(line)) figures.eventsLost++;
  }
  const verdicts: Record<string, string> = {};
  let failures = figures.eventsLost + figures.validateCrashes;
  for (const name of names) {
    const path = join(dir, name);
    const record = ScriptRecord.open(path, readFileSync(path, 'utf8'), { writer: writers[0], keyDir: keys });
    const bad = record.notices.filter((n) => n.kind === 'chain-broken' || n.kind === 'moved-aside' || n.kind === 'not-writable');
    record.close();
    const v = verifyJournal(readFileSync(`${path}.provenance`), readFileSync(path, 'utf8'));
    verdicts[name] = v.status + (bad.length ? ` (${bad.map((n) => n.kind).join(', ')})` : '');
    if (v.status === 'mismatch' || bad.length > 0) failures++;
  }
  console.log(JSON.stringify({ ...figures, verdicts }, null, 2));
  process.exitCode = failures > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
