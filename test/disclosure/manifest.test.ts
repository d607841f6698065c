import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rules } from '../../server/src/disclosure/index';
import { VERDICT_CODES } from '../../server/src/disclosure/verdictCodes';
import schema from '../../schemas/project.schema.json';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const codes = rules.map((r) => r.code);
/** Verdict-level codes: pages and catalog rows, but no severity setting (they cannot be switched off). */
const verdictCodes = VERDICT_CODES.map((v) => v.code);

/** Codes written as `area.kebab-name` in backticks at the start of a table row. */
function catalogCodes(markdown: string): string[] {
  return [...markdown.matchAll(/^\|\s*`([a-z]+\.[a-z-]+)`\s*\|/gm)].map((m) => m[1]);
}

describe('disclosure manifest', () => {
  test('no code is defined twice, and codes have the area.kebab-name form', () => {
    assert.equal(new Set(codes).size, codes.length);
    for (const c of [...codes, ...verdictCodes]) assert.match(c, /^(provenance|wga|usco|sag|disclosure|policy)\.[a-z]+(-[a-z]+)*$/);
    for (const c of verdictCodes) assert.ok(!codes.includes(c), `${c} is verdict-level, not a rule`);
  });

  test('every rule says what, how binding, and where from', () => {
    for (const r of rules) {
      assert.ok(['L', 'C', 'G', 'H'].includes(r.basis), r.code);
      assert.ok(['hint', 'info', 'warning', 'error'].includes(r.defaultSeverity), r.code);
      assert.ok(r.description.length > 10 && !r.description.includes('\n'), r.code);
      assert.ok(r.source.length > 10, r.code);
      assert.equal(r.docPath, `docs/rules/${r.code}.md`);
    }
  });

  test('every rule has a documentation page with what, why and how to fix', () => {
    for (const r of rules) {
      const file = path.join(root, r.docPath);
      assert.ok(fs.existsSync(file), `missing ${r.docPath}`);
      const page = fs.readFileSync(file, 'utf8');
      assert.ok(page.startsWith(`# \`${r.code}\``), `${r.docPath} starts with its code`);
      for (const heading of ['## What it checks', '## Why', '## How to fix']) assert.ok(page.includes(heading), `${r.docPath} has ${heading}`);
      assert.ok(page.includes(`Default severity: **${r.defaultSeverity}**`), `${r.docPath} states the default severity`);
    }
    for (const v of VERDICT_CODES) {
      const file = path.join(root, v.docPath);
      assert.ok(fs.existsSync(file), `missing ${v.docPath}`);
      const page = fs.readFileSync(file, 'utf8');
      assert.ok(page.startsWith(`# \`${v.code}\``), `${v.docPath} starts with its code`);
      for (const heading of ['## What it checks', '## Why', '## How to fix']) assert.ok(page.includes(heading), `${v.docPath} has ${heading}`);
      assert.ok(page.includes(`Default severity: **${v.severity}**`), `${v.docPath} states the severity`);
      assert.match(page, /cannot be switched off or lowered/, `${v.docPath} says it cannot be switched off`);
    }
    const pages = fs.readdirSync(path.join(root, 'docs', 'rules')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    assert.deepEqual(pages.map((f) => f.slice(0, -3)).sort(), [...codes, ...verdictCodes].sort(), 'no page without a rule');
  });

  test('every rule has a severity setting with its default and description', () => {
    const props = pkg.contributes.configuration.properties;
    for (const r of rules) {
      const setting = props[`fountainProvenance.severity.${r.code}`];
      assert.ok(setting, `setting for ${r.code}`);
      assert.deepEqual(setting.enum, ['off', 'hint', 'info', 'warning', 'error']);
      assert.equal(setting.default, r.defaultSeverity);
      assert.ok(String(setting.description).includes(r.description), r.code);
    }
    const severitySettings = Object.keys(props).filter((k) => k.startsWith('fountainProvenance.severity.'));
    assert.deepEqual(severitySettings.map((k) => k.slice('fountainProvenance.severity.'.length)).sort(), [...codes].sort());
    assert.deepEqual(props['fountainProvenance.policy'].enum, ['none', 'wga-mba', 'wga-sag', 'non-union', 'custom']);
    assert.equal(props['fountainProvenance.policy'].default, 'none');
    assert.equal(schema.properties.policy.default, 'none');
  });

  test('every rule has a place in the schema severity overrides, and the schema is contributed', () => {
    const overrides = Object.keys(schema.properties.severity.properties);
    assert.deepEqual([...overrides].sort(), [...codes].sort());
    const validation = pkg.contributes.jsonValidation as Array<{ fileMatch: string; url: string }>;
    assert.ok(validation.some((v) => v.fileMatch === '.fountain-provenance.json' && v.url === './schemas/project.schema.json'));
  });

  test('every code of the catalog is implemented', () => {
    const index = catalogCodes(fs.readFileSync(path.join(root, 'docs', 'rules', 'README.md'), 'utf8'));
    assert.deepEqual([...index].sort(), [...codes, ...verdictCodes].sort());
    // The team's catalog, where the checkout sits beside it.
    const shared = path.resolve(root, '..', 'shared', 'RULES.md');
    if (fs.existsSync(shared)) {
      // Codes marked (new) are added by open issues: implemented or not yet, but never unknown.
      const catalog = fs.readFileSync(shared, 'utf8');
      const settled = catalogCodes(catalog);
      const marked = [...catalog.matchAll(/^\|\s*`([a-z]+\.[a-z-]+)`\s*\(new\)\s*\|/gm)].map((m) => m[1]);
      const known = [...codes, ...verdictCodes];
      for (const c of settled) assert.ok(known.includes(c), `${c} of RULES.md is implemented`);
      for (const c of known) assert.ok(settled.includes(c) || marked.includes(c), `${c} is in RULES.md`);
    }
  });
});
