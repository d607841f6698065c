import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ensureBuilt, exampleDir, EXAMPLE_NAME } from './cliHelpers';
import { errorsOf, reportValidator, sarifValidator } from '../report/helpers';

before(() => ensureBuilt());

describe('fountain-provenance report', () => {
  test('prints the summary and writes a self-contained report.html', () => {
    const { dir, keys } = exampleDir();
    const r = cli(['report', EXAMPLE_NAME, '-o', 'report.html'], dir, keys);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /THE NIGHT SHIFT/);
    assert.match(r.stdout, /Record:\s+verified, chain intact/);
    assert.match(r.stdout, /gpt-4o/);
    assert.match(r.stdout, /Wrote report\.html/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /Content-Security-Policy/);
  });

  test('--format json prints JSON that validates against the schema', () => {
    const { dir, keys } = exampleDir();
    const r = cli(['report', EXAMPLE_NAME, '--format', 'json'], dir, keys);
    assert.equal(r.code, 0, r.stderr);
    const validate = reportValidator();
    assert.ok(validate(JSON.parse(r.stdout)), errorsOf(validate));
  });

  test('refuses to write over the script or its journal (exit 2), leaving them intact', () => {
    const { dir, keys } = exampleDir();
    const before = readFileSync(join(dir, EXAMPLE_NAME), 'utf8');
    const r1 = cli(['report', EXAMPLE_NAME, '--format', 'md', '-o', EXAMPLE_NAME], dir, keys);
    assert.equal(r1.code, 2);
    assert.match(r1.stderr, /refusing to write over/);
    const r2 = cli(['report', EXAMPLE_NAME, '--format', 'json', '-o', `${EXAMPLE_NAME}.provenance`], dir, keys);
    assert.equal(r2.code, 2);
    assert.equal(readFileSync(join(dir, EXAMPLE_NAME), 'utf8'), before);
  });

  test('unknown format, missing script and unreadable sidecar are exit 2 with a clear message', () => {
    const { dir, keys } = exampleDir();
    const r1 = cli(['report', EXAMPLE_NAME, '--format', 'pdf'], dir, keys);
    assert.equal(r1.code, 2);
    assert.match(r1.stderr, /unknown format 'pdf'/);
    const r2 = cli(['report', 'nope.fountain'], dir, keys);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /nope\.fountain: no such file/);
    mkdirSync(join(dir, 'odd.fountain.provenance'));
    writeFileSync(join(dir, 'odd.fountain'), 'INT. ROOM - DAY\n');
    const r3 = cli(['report', 'odd.fountain'], dir, keys);
    assert.equal(r3.code, 2);
    assert.match(r3.stderr, /provenance record .* is a folder/);
  });
});

describe('fountain-provenance validate', () => {
  test('a verified script passes: exit 0, one verdict line', () => {
    const { dir, keys } = exampleDir();
    const r = cli(['validate', EXAMPLE_NAME], dir, keys);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^PASS\s+verified\s+the-night-shift\.fountain/m);
  });

  test('text verdicts show ten findings of a code and count the rest; JSON lists them all', () => {
    const { dir, keys } = exampleDir();
    const script = join(dir, EXAMPLE_NAME);
    // Fifteen separate outside changes: one per line that starts with a capital letter.
    let changed = 0;
    const text = readFileSync(script, 'utf8')
      .split('\n')
      .map((line) => (changed < 15 && /^[A-Z][a-z]/.test(line) ? (changed++, line.replace(/^([A-Z])/, '$1$1')) : line))
      .join('\n');
    assert.equal(changed, 15);
    writeFileSync(script, text);
    const r = cli(['validate', EXAMPLE_NAME], dir, keys);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const shown = r.stdout.split('\n').filter((l) => /warning\s+provenance\.external-edit/.test(l));
    assert.equal(shown.length, 10, r.stdout);
    const more = /… and (\d+) more provenance\.external-edit/.exec(r.stdout);
    assert.ok(more, r.stdout);
    const json = cli(['validate', EXAMPLE_NAME, '--format', 'json'], dir, keys);
    const all = JSON.stringify(JSON.parse(json.stdout)).match(/"code":"provenance\.external-edit"/g) ?? [];
    assert.equal(all.length, 10 + Number(more[1]));
  });

  test('a script without a sidecar: "no provenance record", exit 1', () => {
    const { dir, keys } = exampleDir();
    writeFileSync(join(dir, 'bare.fountain'), 'INT. ROOM - DAY\n\nNothing recorded.\n');
    const r = cli(['validate', 'bare.fountain'], dir, keys);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAIL\s+no-record\s+bare\.fountain/);
    assert.match(r.stdout, /no provenance record/);
  });

  test('a tampered journal fails and says which event and line', () => {
    const { dir, keys } = exampleDir();
    const journal = join(dir, `${EXAMPLE_NAME}.provenance`);
    const lines = readFileSync(journal, 'utf8').split('\n');
    lines[9] = lines[9].replace('"insertText":"= A bakery', '"insertText":"X A bakery');
    assert.ok(lines[9].includes('X A bakery'), 'the fixture line to tamper with is still there');
    writeFileSync(journal, lines.join('\n'));
    const r = cli(['validate', EXAMPLE_NAME], dir, keys);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAIL\s+mismatch/);
    assert.match(r.stdout, /the-night-shift\.fountain\.provenance:11:1\s+error\s+validate\.journal\s+chain-broken at journal event 10, line 11/);
    const sarif = cli(['validate', EXAMPLE_NAME, '--format', 'sarif'], dir, keys);
    assert.equal(sarif.code, 1);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const validate = sarifValidator();
    assert.ok(validate(log), errorsOf(validate));
    const result = log.runs[0].results.find((x) => x.ruleId === 'validate.journal')!;
    assert.equal(result.locations[0].physicalLocation.region.startLine, 11);
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, `${EXAMPLE_NAME}.provenance`);
    assert.equal(result.level, 'error');
  });

  test('an edit made outside the tracker is a mismatch located in the script', () => {
    const { dir, keys } = exampleDir();
    const script = join(dir, EXAMPLE_NAME);
    writeFileSync(script, readFileSync(script, 'utf8').replace('Nobody gets out.', 'Nobody ever gets out.'));
    const r = cli(['validate', EXAMPLE_NAME, '--format', 'json'], dir, keys);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    const mismatch = out.results[0].findings.find((f: { code: string }) => f.code === 'validate.mismatch');
    assert.equal(out.results[0].verdict, 'mismatch');
    assert.equal(mismatch.line, 45);
  });

  test('usage errors and unreadable input are exit 2', () => {
    const { dir, keys } = exampleDir();
    assert.equal(cli(['validate'], dir, keys).code, 2);
    const format = cli(['validate', EXAMPLE_NAME, '--format', 'xml'], dir, keys);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /unknown format 'xml'/);
    const missing = cli(['validate', 'missing.fountain'], dir, keys);
    assert.equal(missing.code, 2);
    assert.match(missing.stdout, /ERROR\s+unreadable\s+missing\.fountain/);
    const glob = cli(['validate', 'drafts/**/*.fountain'], dir, keys);
    assert.equal(glob.code, 2);
    assert.match(glob.stdout, /no files match/);
    const policy = cli(['validate', EXAMPLE_NAME, '--policy', 'nope.json'], dir, keys);
    assert.equal(policy.code, 2);
    assert.match(policy.stderr, /cannot read the policy file nope\.json/);
    assert.equal(cli(['validate', '--bogus', EXAMPLE_NAME], dir, keys).code, 2);
  });

  test('a policy file can turn a warning into an error', () => {
    const { dir, keys } = exampleDir();
    writeFileSync(join(dir, 'strict-policy.json'), JSON.stringify({ severity: { 'disclosure.threshold': 'error' } }));
    const r = cli(['validate', EXAMPLE_NAME, '--policy', 'strict-policy.json'], dir, keys);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /error\s+disclosure\.threshold/);
  });

  test('a 100-script batch over worker threads: one verdict per script, counts and exit code', () => {
    const { dir, keys } = exampleDir();
    const batch = join(dir, 'batch');
    mkdirSync(join(batch, 'nested'), { recursive: true });
    for (let i = 0; i < 100; i++) {
      const name = join(i % 2 ? batch : join(batch, 'nested'), `s${String(i).padStart(3, '0')}.fountain`);
      copyFileSync(join(dir, EXAMPLE_NAME), name);
      if (i !== 7 && i !== 8) copyFileSync(join(dir, `${EXAMPLE_NAME}.provenance`), `${name}.provenance`);
      if (i === 42) writeFileSync(name, readFileSync(name, 'utf8') + '\nFADE OUT.\n');
    }
    const r = cli(['validate', 'batch', '--format', 'json', '--workers', '2'], dir, keys);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.results.length, 100);
    const count = (v: string): number => out.results.filter((x: { verdict: string }) => x.verdict === v).length;
    assert.equal(count('verified'), 97);
    assert.equal(count('no-record'), 2);
    assert.equal(count('mismatch'), 1);
    const text = cli(['validate', 'batch/**/*.fountain'], dir, keys);
    assert.equal(text.code, 1);
    assert.equal(text.stdout.split('\n').filter((l) => /^(PASS|FAIL|ERROR) /.test(l)).length, 100);
    assert.match(text.stdout, /100 scripts: 97 verified, 0 verified with gaps, 0 unsigned, 1 mismatch, 2 without a record, 0 unreadable; 97 passed, 3 failed\./);
    // Good copies alone pass (s007, s008 have no record; s042 was changed).
    const good = cli(['validate', 'batch/s00[0-6].fountain', 'batch/nested/s00[0-6].fountain'], dir, keys);
    assert.equal(good.code, 0, good.stdout);
    assert.equal(good.stdout.split('\n').filter((l) => l.startsWith('PASS ')).length, 7);
  });
});

describe('fountain-provenance stats and replay', () => {
  test('stats prints shares per scene', () => {
    const { dir, keys } = exampleDir();
    const r = cli(['stats', EXAMPLE_NAME], dir, keys);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /INT\. CORNER BAKERY - LATER/);
    assert.match(r.stdout, /mostly AI-origin text/);
    assert.doesNotMatch(r.stdout, /AI-generated|AI-assisted|human-written/);
    const json = JSON.parse(cli(['stats', EXAMPLE_NAME, '--json'], dir, keys).stdout);
    assert.equal(json.scenes.length, 4);
  });

  test('replay rebuilds the text now and as it stood at a moment', () => {
    const { dir, keys } = exampleDir();
    const text = readFileSync(join(dir, EXAMPLE_NAME), 'utf8');
    const now = cli(['replay', EXAMPLE_NAME], dir, keys);
    assert.equal(now.code, 0, now.stderr);
    assert.equal(now.stdout, text);
    // After Mara's first session, before Dev's: the title page and scene 1 only.
    const then = cli(['replay', EXAMPLE_NAME, '--at', '2026-11-21T00:00:00Z'], dir, keys);
    assert.equal(then.code, 0, then.stderr);
    assert.equal(then.stdout, text.slice(0, text.indexOf('EXT. ALLEY BEHIND THE BAKERY')));
    assert.equal(cli(['replay', EXAMPLE_NAME, '--at', 'yesterday'], dir, keys).code, 2);
    assert.equal(cli(['replay', 'nothing.fountain'], dir, keys).code, 2);
  });

  test('--help works on every command', () => {
    const { dir, keys } = exampleDir();
    for (const command of ['report', 'validate', 'stats', 'replay']) {
      const r = cli([command, '--help'], dir, keys);
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`Usage: fountain-provenance ${command}`));
      assert.match(r.stdout, /Exit codes/);
    }
    assert.ok(!existsSync(join(dir, 'report.html')));
  });
});
