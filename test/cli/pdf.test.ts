import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli, exampleDir, EXAMPLE_NAME, ROOT } from './cliHelpers';
import { exportPdf, EXPORT_SETTINGS_NAME, FALLBACK_FONTS, type PdfExport } from '../../server/src/cli/pdfExport';
import { openPdf, pdfAttachments, validatePdfFile } from '../../server/src/cli/validatePdf';
import { renderPdf, type PdfAttachment } from '../../server/src/export/pdf';
import type { Layout } from '../../server/src/export/index';

const REPORT_NAME = 'the-night-shift.report.json';
const RECORD_NAME = `${EXAMPLE_NAME}.provenance`;

function newestSource(dir: string): number {
  return readdirSync(dir).reduce((newest, name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    return Math.max(newest, stat.isDirectory() ? newestSource(path) : stat.mtimeMs);
  }, 0);
}

/** Builds dist/cli.js when any server source is newer than it. */
function ensureBuilt(): void {
  const bundle = join(ROOT, 'dist', 'cli.js');
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource(join(ROOT, 'server', 'src'))) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `build failed: ${r.stderr}`);
}

/** Re-renders an exported PDF with its layout and attachments changed by `change`. */
async function tampered(pdf: Uint8Array, layout: Layout, change: { layout?: (l: Layout) => void; attachment?: (name: string, bytes: Uint8Array) => Uint8Array }): Promise<Uint8Array> {
  const doc = await openPdf(pdf);
  const attachments: PdfAttachment[] = [...(await pdfAttachments(doc))].map(([name, bytes]) => ({
    name,
    bytes: change.attachment ? change.attachment(name, bytes) : bytes,
    mimeType: 'application/octet-stream',
    description: name,
  }));
  await doc.destroy();
  const copy: Layout = structuredClone(layout);
  change.layout?.(copy);
  return renderPdf(copy, { attachments, fallbackFonts: FALLBACK_FONTS });
}

describe('fountain-provenance pdf and validate <file.pdf>', () => {
  let dir: string;
  let keys: string;
  let exported: PdfExport;
  let pdfPath: string;
  const written = (name: string, bytes: Uint8Array): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  before(async () => {
    ({ dir, keys } = exampleDir());
    exported = await exportPdf(join(dir, EXAMPLE_NAME), { marks: true });
    pdfPath = written('exported.pdf', exported.bytes);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(keys, { recursive: true, force: true });
  });

  test('the title page carries the statement of the report, the script hash, the record status and the signers with key ids', () => {
    const title = exported.layout.pages[0].lines.map((l) => l.text).join('\n');
    const firstWords = exported.report.statement.split(' ').slice(0, 6).join(' ');
    assert.ok(title.includes(firstWords), title);
    assert.ok(title.includes(exported.report.script.sha256.slice(0, 32)) && title.includes(exported.report.script.sha256.slice(32)));
    assert.ok(title.includes('Record: verified'), title);
    for (const w of exported.report.verification.signedBy) assert.match(title, new RegExp(`${w} \\(key [0-9a-f]{16}\\)`));
    assert.ok(title.includes('Lines marked *'), 'marks legend');
    const marks = exported.layout.pages.flatMap((p) => p.lines.filter((l) => l.type === 'mark'));
    assert.ok(marks.length > 0, 'the example has AI text: some lines are marked');
  });

  test('attachments round-trip: the script, its record, the report JSON and the export settings', async () => {
    const doc = await openPdf(readFileSync(pdfPath));
    const attachments = await pdfAttachments(doc);
    await doc.destroy();
    assert.deepEqual([...attachments.keys()].sort(), ['.fountain-provenance.json', EXAMPLE_NAME, EXPORT_SETTINGS_NAME, RECORD_NAME, REPORT_NAME].sort());
    assert.deepEqual(Buffer.from(attachments.get(EXAMPLE_NAME)!), readFileSync(join(dir, EXAMPLE_NAME)));
    assert.deepEqual(Buffer.from(attachments.get(RECORD_NAME)!), readFileSync(join(dir, RECORD_NAME)));
    const report = JSON.parse(Buffer.from(attachments.get(REPORT_NAME)!).toString('utf8')) as { script: { sha256: string } };
    assert.equal(report.script.sha256, createHash('sha256').update(readFileSync(join(dir, EXAMPLE_NAME), 'utf8')).digest('hex'));
    // poppler sees the same files.
    const listed = execFileSync('pdfdetach', ['-list', pdfPath], { encoding: 'utf8' });
    for (const name of [EXAMPLE_NAME, RECORD_NAME, REPORT_NAME]) assert.ok(listed.includes(name), listed);
    const number = /^(\d+): (.*)$/gm;
    const index = [...listed.matchAll(number)].find((m) => m[2] === RECORD_NAME)![1];
    execFileSync('pdfdetach', ['-save', index, '-o', join(dir, 'detached.provenance'), pdfPath]);
    assert.deepEqual(readFileSync(join(dir, 'detached.provenance')), readFileSync(join(dir, RECORD_NAME)));
  });

  test('an untouched export validates', async () => {
    const r = await validatePdfFile(pdfPath);
    assert.equal(r.verdict, 'verified', JSON.stringify(r.problems));
    assert.equal(r.pass, true);
    assert.deepEqual(r.problems, []);
  });

  test('changed page text fails, naming the page and line', async () => {
    let where = '';
    const bytes = await tampered(exported.bytes, exported.layout, {
      layout: (l) => {
        const page = l.pages[1];
        const line = page.lines.find((x) => x.type === 'dialogue')!;
        line.text = line.text.replace(/\w+/, 'Changed');
        const rows = [...new Set(page.lines.map((x) => x.y))].sort((a, b) => a - b);
        where = `page 2, line ${rows.indexOf(line.y) + 1}`;
      },
    });
    const r = await validatePdfFile(written('edited-text.pdf', bytes));
    assert.equal(r.verdict, 'edited');
    assert.equal(r.pass, false);
    const p = r.problems.find((x) => x.place.startsWith('page '));
    assert.ok(p, JSON.stringify(r.problems));
    assert.equal(p.place, where);
    assert.match(p.message, /Changed/);
  });

  test('a changed script attachment fails: its record no longer replays to it', async () => {
    const bytes = await tampered(exported.bytes, exported.layout, {
      attachment: (name, b) => (name === EXAMPLE_NAME ? Buffer.from(Buffer.from(b).toString('utf8').replace('Flour hangs', 'Flour hung')) : b),
    });
    const r = await validatePdfFile(written('edited-script.pdf', bytes));
    assert.equal(r.pass, false);
    assert.equal(r.verdict, 'mismatch');
    assert.ok(r.problems.some((p) => p.place.startsWith(`attachment ${RECORD_NAME}`)), JSON.stringify(r.problems));
    assert.ok(r.problems.some((p) => p.place.startsWith('page ')), 'the page text no longer renders the attached script');
    assert.ok(r.problems.some((p) => p.place === `attachment ${REPORT_NAME}` && p.message.startsWith('script.sha256')), 'the report names another script');
  });

  test('a changed record fails, naming the record and its event', async () => {
    const bytes = await tampered(exported.bytes, exported.layout, {
      attachment: (name, b) => {
        if (name !== RECORD_NAME) return b;
        const lines = Buffer.from(b).toString('utf8').split('\n');
        const i = lines.findIndex((l, k) => k > 2 && l.includes('"text":"'));
        lines[i] = lines[i].replace('"text":"', '"text":"X');
        return Buffer.from(lines.join('\n'));
      },
    });
    const r = await validatePdfFile(written('edited-record.pdf', bytes));
    assert.equal(r.verdict, 'mismatch');
    const p = r.problems.find((x) => x.place.startsWith(`attachment ${RECORD_NAME}`));
    assert.ok(p, JSON.stringify(r.problems));
    assert.match(p.place, /event \d+/);
  });

  test('a changed report attachment fails, naming the attachment and the field', async () => {
    const bytes = await tampered(exported.bytes, exported.layout, {
      attachment: (name, b) => {
        if (name !== REPORT_NAME) return b;
        const json = JSON.parse(Buffer.from(b).toString('utf8')) as { statement: string };
        json.statement = 'Written entirely by hand.';
        return Buffer.from(JSON.stringify(json));
      },
    });
    const r = await validatePdfFile(written('edited-report.pdf', bytes));
    assert.equal(r.verdict, 'edited');
    const p = r.problems.find((x) => x.place === `attachment ${REPORT_NAME}`);
    assert.ok(p, JSON.stringify(r.problems));
    assert.match(p.message, /^statement/);
  });

  test('the built command line: pdf writes, validate passes (exit 0) and fails an edited PDF (exit 1); --no-attach and --paper a4', async () => {
    ensureBuilt();
    let r = cli(['pdf', EXAMPLE_NAME, '-o', 'cli.pdf', '--marks'], dir, keys);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Wrote cli\.pdf \(\d+ pages, \d+ marked lines\)/);
    r = cli(['validate', 'cli.pdf'], dir, keys);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /PASS\s+verified\s+cli\.pdf/);
    const edited = await tampered(readFileSync(join(dir, 'cli.pdf')), exported.layout, { layout: (l) => void (l.pages[1].lines[0].text = 'INT. SOMEWHERE ELSE - NIGHT') });
    written('cli-edited.pdf', edited);
    r = cli(['validate', 'cli-edited.pdf'], dir, keys);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAIL\s+edited\s+cli-edited\.pdf/);
    assert.match(r.stdout, /page 2, line 1: the PDF has "1 INT\. SOMEWHERE ELSE - NIGHT 1" where the rendering of the attached script has "1 INT\. CORNER BAKERY - NIGHT 1"/);

    r = cli(['pdf', EXAMPLE_NAME, '-o', 'bare.pdf', '--no-attach', '--paper', 'a4'], dir, keys);
    assert.equal(r.code, 0, r.stderr);
    const info = execFileSync('pdfinfo', [join(dir, 'bare.pdf')], { encoding: 'utf8' });
    assert.match(info, /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    assert.doesNotMatch(execFileSync('pdfdetach', ['-list', join(dir, 'bare.pdf')], { encoding: 'utf8' }), /fountain/);
    r = cli(['validate', 'bare.pdf'], dir, keys);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /no-record/);

    r = cli(['pdf', EXAMPLE_NAME, '--paper', 'legal'], dir, keys);
    assert.equal(r.code, 2);
    r = cli(['pdf', EXAMPLE_NAME, '-o', EXAMPLE_NAME], dir, keys);
    assert.equal(r.code, 2, 'refuses to write over the script');
    assert.deepEqual(readFileSync(join(dir, EXAMPLE_NAME)), readFileSync(join(__dirname, '..', '..', 'examples', EXAMPLE_NAME)));
  });
});
