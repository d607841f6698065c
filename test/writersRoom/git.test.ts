/**
 * The writers' room with the real git binary: two writers with their own keys and identities
 * in two clones type through the language server on branches and push to a bare repository;
 * merges, a conflict resolved by hand, a rebase, a cherry-pick, `git mv`, and a merge without
 * the driver. The expected origins are what each writer typed, counted by the test.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { splitJournal } from '../../server/src/provenance/journal';
import { verifyJournal } from '../../server/src/provenance/verify';
import type { Ledger } from '../../server/src/provenance/ledger';
import { cli, edit, git, gitAvailable, gitMayFail, makeRoom, report, run, validate, type Writer } from './room';

const FILE = 'pilot.fountain';
const BASE = 'INT. DINER - NIGHT\n\nRain on glass.\n\nEXT. STREET - DAY\n\nCars pass.\n';

if (!gitAvailable()) console.log('writers room: no git binary; skipped');

/** Characters typed by `name`, by the record in `w`'s clone. */
function typedIn(w: Writer, name: string, file = FILE): number {
  const v = verifyJournal(readFileSync(join(w.clone, `${file}.provenance`)), readFileSync(join(w.clone, file), 'utf8'));
  return typedBy(v.ledger!, name);
}

function typedBy(ledger: Ledger, name: string): number {
  return ledger
    .runs()
    .filter((r) => r.origin.kind === 'human' && r.origin.channel === 'typing' && (r.origin as { writer: { name: string } }).writer.name === name)
    .reduce((n, r) => n + r.end - r.start, 0);
}

function kinds(w: Writer, file = FILE): Record<string, number> {
  const v = verifyJournal(readFileSync(join(w.clone, `${file}.provenance`)), readFileSync(join(w.clone, file), 'utf8'));
  return v.ledger!.shares() as unknown as Record<string, number>;
}

function writerTyped(w: Writer, name: string, file = FILE): number | undefined {
  return report(w, file).writers.find((x) => x.name === name)?.typed;
}

/** Mara starts the script (typed from an empty file), installs the driver and pushes; Teo clones. */
async function start(withDriver = true): Promise<{ mara: Writer; teo: Writer }> {
  const room = makeRoom();
  const mara = room.writer('Mara Okafor', 'mara@example.com');
  writeFileSync(join(mara.clone, FILE), '');
  await edit(mara, FILE, (c, uri) => void c.type(uri, 0, BASE));
  const files = [FILE, `${FILE}.provenance`];
  if (withDriver) {
    const setup = cli(mara, 'git', 'setup');
    assert.equal(setup.code, 0, setup.stderr);
    files.push('.gitattributes');
  }
  git(mara, 'add', ...files);
  git(mara, 'commit', '-q', '-m', 'pilot: first pages');
  git(mara, 'push', '-q', '-u', 'origin', 'main');
  const teo = room.writer('Teo Lind', 'teo@example.com');
  if (withDriver) assert.equal(cli(teo, 'git', 'setup').code, 0);
  return { mara, teo };
}

function commit(w: Writer, message: string): void {
  git(w, 'add', FILE, `${FILE}.provenance`);
  git(w, 'commit', '-q', '-m', message);
}

async function typeAt(w: Writer, anchor: string, text: string, after = true): Promise<void> {
  await edit(w, FILE, (c, uri) => {
    const t = c.text(uri);
    const i = t.indexOf(anchor);
    assert.ok(i >= 0, `${anchor} in ${t}`);
    c.type(uri, after ? i + anchor.length : i, text);
  });
}

/** In the editor: deletes the script's "Rain" and types `word` in its place. */
async function retypeRain(w: Writer, word: string): Promise<void> {
  await edit(w, FILE, (c, uri) => {
    const i = c.text(uri).indexOf('Rain');
    c.edit(uri, i, i + 4, '');
    c.type(uri, i, word);
  });
}

/**
 * In the editor, resolves the "Snow/Hail" conflict: deletes the marker lines and the other
 * side's copy of the line's tail, then joins the two words with a typed slash.
 */
async function resolveInEditor(w: Writer): Promise<void> {
  await edit(w, FILE, (c, uri) => {
    let t = c.text(uri);
    const start = t.indexOf('<<<<<<< ');
    c.edit(uri, start, t.indexOf('\n', start) + 1, '');
    t = c.text(uri);
    const mid = t.indexOf(' on glass.\n=======\n');
    c.edit(uri, mid, mid + ' on glass.\n=======\n'.length, '');
    c.type(uri, mid, '/');
    t = c.text(uri);
    const end = t.indexOf('>>>>>>> ');
    c.edit(uri, end, t.indexOf('\n', end) + 1, '');
  });
}

const MARA_LINE = '\nMARA\nA line of mine.\n';
const TEO_SCENE = '\nINT. ROOF - DAWN\n\nTeo watches the sun.\n';

/** Teo types the roof scene on branch `roof` and pushes it; Mara types her diner line on main and fetches. */
async function roofAndDiner(mara: Writer, teo: Writer): Promise<void> {
  git(teo, 'checkout', '-q', '-b', 'roof');
  await typeAt(teo, 'Cars pass.\n', TEO_SCENE);
  commit(teo, 'roof scene');
  git(teo, 'push', '-q', '-u', 'origin', 'roof');
  await typeAt(mara, 'Rain on glass.\n', MARA_LINE);
  commit(mara, 'diner line');
  git(mara, 'fetch', '-q');
}

describe("the writers' room with git", { skip: !gitAvailable() }, () => {
  test('git setup --global: the global attributes file and config, written once; the driver is found without PATH', () => {
    const room = makeRoom();
    const w = room.writer('Mara Okafor', 'mara@example.com');
    for (let i = 0; i < 2; i++) {
      const r = cli(w, 'git', 'setup', '--global');
      assert.equal(r.code, 0, r.stderr);
    }
    const attributes = readFileSync(join(room.home, '.config', 'git', 'attributes'), 'utf8');
    assert.equal(attributes.split('\n').filter((l) => l === '*.provenance merge=fountain-provenance').length, 1);
    const driver = run('git', ['config', '--global', '--get', 'merge.fountain-provenance.driver'], w.clone, w.env).stdout.trim();
    const [node, bin, ...rest] = driver.split(' ');
    assert.ok(isAbsolute(node) && isAbsolute(bin), driver);
    assert.deepEqual(rest, ['merge-driver', '%O', '%A', '%B', '%P']);
    assert.ok(!existsSync(join(w.clone, '.gitattributes')), 'nothing written in the repository');
    // Run as git would, with an empty PATH: it answers.
    const help = run(node, [bin, 'merge-driver', '--help'], w.clone, { ...w.env, PATH: '' });
    assert.match(help.stdout, /merge-driver/);
  });

  test('two writers on two branches, merged with the driver: verified, both signers, each writer\'s characters exactly theirs', async () => {
    const { mara, teo } = await start();
    assert.match(readFileSync(join(mara.clone, '.gitattributes'), 'utf8'), /^\*\.provenance merge=fountain-provenance$/m);
    const driver = git(mara, 'config', '--get', 'merge.fountain-provenance.driver').trim();
    assert.match(driver, /^\/\S+ \/\S+ merge-driver %O %A %B %P$/, 'absolute node and bin paths');
    await roofAndDiner(mara, teo);
    const merged = gitMayFail(mara, 'merge', '--no-edit', 'origin/roof');
    assert.equal(merged.code, 0, merged.stdout + merged.stderr);
    const expected = BASE.replace('Rain on glass.\n', `Rain on glass.\n${MARA_LINE}`) + TEO_SCENE;
    assert.equal(readFileSync(join(mara.clone, FILE), 'utf8'), expected);
    const v = validate(mara, FILE);
    assert.equal(v.verdict, 'verified', JSON.stringify(v.raw).slice(0, 1500));
    assert.deepEqual(v.signers, ['Mara Okafor', 'Teo Lind']);
    assert.equal(writerTyped(mara, 'Mara Okafor'), BASE.length + MARA_LINE.length);
    assert.equal(writerTyped(mara, 'Teo Lind'), TEO_SCENE.length);
    assert.equal(typedIn(mara, 'Teo Lind'), TEO_SCENE.length);
    // Pushed and pulled back: Teo's clone reads the same.
    git(mara, 'push', '-q', 'origin', 'main');
    git(teo, 'checkout', '-q', 'main');
    git(teo, 'pull', '-q', '--no-rebase', 'origin', 'main');
    assert.equal(validate(teo, FILE).verdict, 'verified');
    assert.equal(typedIn(teo, 'Mara Okafor'), BASE.length + MARA_LINE.length);
  });

  test('a conflicting edit resolved by hand: outside the editor the resolution is external, in the editor it is the resolver\'s typing; nothing else changes origin', async () => {
    const { mara, teo } = await start();
    git(teo, 'checkout', '-q', '-b', 'hail');
    await retypeRain(teo, 'Hail');
    commit(teo, 'hail');
    git(teo, 'push', '-q', '-u', 'origin', 'hail');
    await retypeRain(mara, 'Snow');
    commit(mara, 'snow');
    git(mara, 'fetch', '-q');
    git(mara, 'branch', '-q', 'before-merge');
    // Outside the editor.
    const m = gitMayFail(mara, 'merge', '--no-edit', 'origin/hail');
    assert.notEqual(m.code, 0, 'the script conflicts');
    const conflicted = readFileSync(join(mara.clone, FILE), 'utf8');
    assert.match(conflicted, /<<<<<<< /);
    const resolved = BASE.replace('Rain on glass.', 'Snow/Hail on glass.');
    writeFileSync(join(mara.clone, FILE), resolved);
    const r = cli(mara, 'reconcile', FILE);
    assert.equal(r.code, 0, r.stderr);
    git(mara, 'add', FILE, `${FILE}.provenance`);
    git(mara, 'commit', '-q', '--no-edit');
    const shares = kinds(mara);
    assert.equal(shares.external, 1, 'the slash written outside the editor');
    assert.equal(typedIn(mara, 'Teo Lind'), 4);
    assert.equal(typedIn(mara, 'Mara Okafor'), resolved.length - 5);
    assert.equal(validate(mara, FILE).verdict, 'verified-with-gaps');

    // The same conflict resolved in the editor: the resolution is Mara's typing.
    git(mara, 'checkout', '-q', '-b', 'in-editor', 'before-merge');
    const m2 = gitMayFail(mara, 'merge', '--no-edit', 'origin/hail');
    assert.notEqual(m2.code, 0);
    await resolveInEditor(mara);
    assert.equal(readFileSync(join(mara.clone, FILE), 'utf8'), resolved);
    git(mara, 'add', FILE, `${FILE}.provenance`);
    git(mara, 'commit', '-q', '--no-edit');
    const inEditor = kinds(mara);
    assert.equal(inEditor.external ?? 0, 0, 'nothing external');
    assert.equal(typedIn(mara, 'Teo Lind'), 4);
    assert.equal(typedIn(mara, 'Mara Okafor'), resolved.length - 4);
    assert.equal(validate(mara, FILE).verdict, 'verified');
  });

  test('a rebase step that conflicts, resolved in the editor: the resolution is the resolver\'s typing and the record verifies', async () => {
    const { mara, teo } = await start();
    git(teo, 'checkout', '-q', '-b', 'hail');
    await retypeRain(teo, 'Hail');
    commit(teo, 'hail');
    await retypeRain(mara, 'Snow');
    commit(mara, 'snow');
    git(mara, 'push', '-q', 'origin', 'main');
    git(teo, 'fetch', '-q');
    const rb = gitMayFail(teo, 'rebase', 'origin/main');
    assert.notEqual(rb.code, 0, 'the script conflicts');
    await resolveInEditor(teo);
    const resolved = BASE.replace('Rain on glass.', 'Snow/Hail on glass.');
    assert.equal(readFileSync(join(teo.clone, FILE), 'utf8'), resolved);
    git(teo, 'add', FILE, `${FILE}.provenance`);
    run('git', ['rebase', '--continue'], teo.clone, { ...teo.env, GIT_EDITOR: 'true' });
    assert.equal(kinds(teo).external ?? 0, 0, 'nothing external');
    assert.equal(typedIn(teo, 'Teo Lind'), 'Hail/'.length);
    assert.equal(typedIn(teo, 'Mara Okafor'), resolved.length - 5);
    const v = validate(teo, FILE);
    assert.equal(v.verdict, 'verified', JSON.stringify(v.raw).slice(0, 1500));
    assert.deepEqual(v.signers, ['Mara Okafor', 'Teo Lind']);
  });

  test('a rebase keeps each writer\'s text under their name', async () => {
    const { mara, teo } = await start();
    git(teo, 'checkout', '-q', '-b', 'roof');
    await typeAt(teo, 'Cars pass.\n', TEO_SCENE);
    commit(teo, 'roof scene');
    await typeAt(mara, 'Rain on glass.\n', MARA_LINE);
    commit(mara, 'diner line');
    git(mara, 'push', '-q', 'origin', 'main');
    git(teo, 'fetch', '-q');
    const rb = gitMayFail(teo, 'rebase', 'origin/main');
    assert.equal(rb.code, 0, rb.stdout + rb.stderr);
    const expected = BASE.replace('Rain on glass.\n', `Rain on glass.\n${MARA_LINE}`) + TEO_SCENE;
    assert.equal(readFileSync(join(teo.clone, FILE), 'utf8'), expected);
    const v = validate(teo, FILE);
    assert.equal(v.verdict, 'verified', JSON.stringify(v.raw).slice(0, 1500));
    assert.deepEqual(v.signers, ['Mara Okafor', 'Teo Lind']);
    assert.equal(writerTyped(teo, 'Teo Lind'), TEO_SCENE.length);
    assert.equal(writerTyped(teo, 'Mara Okafor'), BASE.length + MARA_LINE.length);
  });

  test('a cherry-pick carries the picked commit\'s events only', async () => {
    const { mara, teo } = await start();
    git(teo, 'checkout', '-q', '-b', 'two-scenes');
    const first = '\nINT. CELLAR - NIGHT\n\nDust.\n';
    await typeAt(teo, 'Cars pass.\n', first);
    commit(teo, 'cellar');
    const firstJournal = readFileSync(join(teo.clone, `${FILE}.provenance`));
    await typeAt(teo, 'Rain on glass.\n', MARA_LINE.replace('MARA', 'TEO'));
    commit(teo, 'teo line');
    const pickedJournal = readFileSync(join(teo.clone, `${FILE}.provenance`));
    git(teo, 'push', '-q', '-u', 'origin', 'two-scenes');
    await typeAt(mara, 'EXT. STREET - DAY\n', '\nA bus.\n');
    commit(mara, 'bus');
    git(mara, 'fetch', '-q');
    const pick = gitMayFail(mara, 'cherry-pick', 'origin/two-scenes');
    assert.equal(pick.code, 0, pick.stdout + pick.stderr);
    const text = readFileSync(join(mara.clone, FILE), 'utf8');
    assert.ok(!text.includes('CELLAR') && text.includes('TEO\nA line of mine.'));
    const teoLine = MARA_LINE.replace('MARA', 'TEO');
    assert.equal(typedIn(mara, 'Teo Lind'), teoLine.length);
    // The merge event carries exactly the events the picked commit added.
    const lines = splitJournal(readFileSync(join(mara.clone, `${FILE}.provenance`))).lines.map((l) => JSON.parse(l.text));
    const merge = lines.find((e) => e.type === 'merge');
    assert.ok(merge, 'a merge event');
    const added = splitJournal(pickedJournal.subarray(firstJournal.length)).lines.map((l) => l.text);
    assert.deepEqual(merge.theirs, added);
    const v = validate(mara, FILE);
    assert.equal(v.verdict, 'verified', JSON.stringify(v.raw).slice(0, 1500));
    assert.deepEqual(v.signers, ['Mara Okafor', 'Teo Lind']);
  });

  test('git mv, then open: the record follows with its whole history, no imported text', async () => {
    const { mara } = await start();
    await typeAt(mara, 'Cars pass.\n', '\nMore.\n');
    commit(mara, 'more');
    git(mara, 'mv', FILE, 'episode-1.fountain');
    assert.ok(existsSync(join(mara.clone, `${FILE}.provenance`)), 'git mv leaves the sidecar behind');
    await edit(mara, 'episode-1.fountain', () => undefined);
    assert.ok(!existsSync(join(mara.clone, `${FILE}.provenance`)));
    const journal = readFileSync(join(mara.clone, 'episode-1.fountain.provenance'));
    const events = splitJournal(journal).lines.slice(1).map((l) => JSON.parse(l.text));
    assert.ok(events.some((e) => e.type === 'rename' && e.from === FILE && e.to === 'episode-1.fountain'));
    const shares = kinds(mara, 'episode-1.fountain');
    assert.equal(shares.imported ?? 0, 0);
    assert.equal(typedIn(mara, 'Mara Okafor', 'episode-1.fountain'), BASE.length + '\nMore.\n'.length);
    const mv = validate(mara, 'episode-1.fountain');
    assert.equal(mv.verdict, 'verified', JSON.stringify(mv.raw).slice(0, 1500));
  });

  test('a merge without the driver: the co-writer\'s text reads as external, never as the wrong writer', async () => {
    const { mara, teo } = await start(false);
    await roofAndDiner(mara, teo);
    const m = gitMayFail(mara, 'merge', '--no-edit', 'origin/roof');
    // git merges the journals as text: they conflict. Whatever the writer then commits as the
    // sidecar (git's conflicted file, or ours), the record never gives a writer the other's text.
    assert.notEqual(m.code, 0);
    const expected = BASE.replace('Rain on glass.\n', `Rain on glass.\n${MARA_LINE}`) + TEO_SCENE;
    assert.equal(readFileSync(join(mara.clone, FILE), 'utf8'), expected);
    for (const variant of ['as-git-left-it', 'ours']) {
      if (variant === 'ours') git(mara, 'checkout', '--ours', `${FILE}.provenance`);
      const r = cli(mara, 'reconcile', FILE);
      assert.equal(r.code, 0, r.stderr);
      const v = verifyJournal(readFileSync(join(mara.clone, `${FILE}.provenance`)), expected);
      const ledger = v.ledger!;
      const roof = expected.indexOf(TEO_SCENE);
      const roofRuns = ledger.runs(roof, roof + TEO_SCENE.length);
      // External; the text diff may align a few equal characters at the scene's edge with the
      // shared text's (here Mara's ".\n" of "Cars pass.\n"), never more, and never Teo's typing.
      const outside = ledger.shares(roof, roof + TEO_SCENE.length).external;
      assert.ok(outside >= TEO_SCENE.length - 2, `${variant}: ${JSON.stringify(roofRuns.map((x) => [x.start, x.end, x.origin.kind]))}`);
      assert.equal(typedBy(ledger, 'Teo Lind'), 0);
      assert.ok(ledger.shares().external > 0, `${variant}: Teo's text is external`);
      const mine = expected.indexOf(MARA_LINE);
      assert.ok(ledger.runs(mine, mine + MARA_LINE.length).every((x) => x.origin.kind !== 'human' || (x.origin as { writer: { name: string } }).writer.name === 'Mara Okafor'));
    }
  });
});
