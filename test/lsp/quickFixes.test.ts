/**
 * Every quick fix of every fixable rule, applied through the built server over stdio: the
 * record that fires the rule is built through the protocol (edits, generated text, a change
 * on disk between sessions), the code action is applied as a client would, and the rule no
 * longer fires. A rule that gains a fix without a case here fails the coverage test.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { DiagnosticData, InsertGeneratedResult, RunsResult } from '../../server/src/shared/protocol';
import { rules } from '../../server/src/disclosure/index';
import { TestClient, tempWorkspace } from './client';

const fixtures = resolve(__dirname, 'fixtures', 'quickFixes');
const withTitlePage = readFileSync(join(fixtures, 'last-tram.fountain'), 'utf8');
const withoutTitlePage = readFileSync(join(fixtures, 'no-title-page.fountain'), 'utf8');
const anchor = 'She looks at the lamp.';
const pasted = 'The depot clock stops at eleven minutes past midnight, and nobody notices but the cat.';
const generated = 'Somewhere behind the tram a radio plays a song nobody has requested in years.\n\n';

/** Rules whose findings carry no fix; a rule missing from here must have a case in this file. */
const rulesWithoutFixes = [
  'provenance.chain-broken',
  'provenance.implausible-typing',
  'wga.ai-credited',
  'wga.ai-source-material',
  'wga.furnished-undisclosed',
  'wga.consent-missing',
  'wga.policy-tool',
  'usco.disclose',
  'usco.unrevised-ai',
  'sag.replica-consent',
  'sag.replica-rewritten',
  'sag.replica-hint',
  'sag.synthetic-performer',
  'disclosure.threshold',
];

/** Codes whose diagnostics, published anywhere in this suite, offered a fix. */
const offeredFixes = new Set<string>();
/** Codes whose fixes were applied here and then no longer fired. */
const covered = new Set<string>();

function startClient(env: Record<string, string>): TestClient {
  const client = new TestClient({ env });
  const set = client.diagnostics.set.bind(client.diagnostics);
  client.diagnostics.set = (uri: string, p: PublishDiagnosticsParams) => {
    for (const d of p.diagnostics) if (((d.data as Partial<DiagnosticData> | undefined)?.fixes?.length ?? 0) > 0) offeredFixes.add(String(d.code));
    return set(uri, p);
  };
  return client;
}

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code));
const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

async function waitForCode(client: TestClient, uri: string, code: string): Promise<Diagnostic> {
  return client.waitFor(`${code} on ${uri}`, () => {
    const p = client.diagnostics.get(uri);
    if (!p || p.version !== client.doc(uri).version) return undefined;
    return p.diagnostics.find((d) => d.code === code && ((d.data as Partial<DiagnosticData>).fixes?.length ?? 0) > 0);
  });
}

async function actionsFor(client: TestClient, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
  return actions.filter((a) => a.diagnostics?.some((d) => d.code === diagnostic.code));
}

/** Applies the action as a client would; returns once the server has published diagnostics without `code`. */
async function applyAndWaitGone(client: TestClient, uri: string, action: CodeAction, code: string): Promise<Diagnostic[]> {
  assert.equal(action.kind, 'quickfix');
  assert.ok(!action.disabled, `${action.title} is disabled: ${action.disabled?.reason}`);
  if (action.edit) {
    assert.ok(!action.command, `${action.title} has both an edit and a command`);
    assert.equal(client.applyWorkspaceEdit(action.edit), true, `the client refused the edit of ${action.title}`);
  } else {
    assert.ok(action.command, `${action.title} has neither an edit nor a command`);
    assert.equal(action.command.command, 'fountainProvenance.attest');
    const result = await client.request<{ attested: boolean }>('workspace/executeCommand', { command: action.command.command, arguments: action.command.arguments });
    assert.equal(result.attested, true, `${action.title} was not attested`);
  }
  const p = await client.waitFor(`${code} to stop firing after "${action.title}"`, () => {
    const d = client.diagnostics.get(uri);
    return d && d.version === client.doc(uri).version && !d.diagnostics.some((x) => x.code === code) ? d : undefined;
  });
  covered.add(code);
  return p.diagnostics;
}

async function runsIn(client: TestClient, uri: string, start: number, end: number): Promise<RunsResult> {
  return client.request<RunsResult>('fountainProvenance/runs', { uri, range: { start: client.position(uri, start), end: client.position(uri, end) } });
}

async function insertGenerated(client: TestClient, uri: string, at: number, text: string, label: { tool?: string; model?: string }): Promise<void> {
  const result = await client.request<InsertGeneratedResult>('workspace/executeCommand', {
    command: 'fountainProvenance.insertGenerated',
    arguments: [{ uri, range: { start: client.position(uri, at), end: client.position(uri, at) }, text, ...label }],
  });
  assert.equal(result.applied, true, result.failureReason);
}

describe('quick fixes applied through the language server', () => {
  const ws = tempWorkspace('fp-quickfix-');
  let client: TestClient;
  let files = 0;

  /** A fresh script file in `dir`, opened in the client; its diagnostics have arrived. */
  async function openScript(text: string, dir = ws.dir): Promise<string> {
    const path = join(dir, `script-${++files}.fountain`);
    writeFileSync(path, text);
    const uri = client.open(path, text);
    await client.diagnosticsNow(uri);
    return uri;
  }

  before(async () => {
    client = startClient(ws.env);
    await client.initialize();
  });

  after(async () => {
    await client.shutdown();
  });

  test('provenance.unattributed: every fix relabels a long insertion and the finding goes', async () => {
    const probe = await openScript(withTitlePage);
    const at = client.text(probe).indexOf(anchor);
    client.edit(probe, at, at, `${pasted} `);
    const titles = (await actionsFor(client, probe, await waitForCode(client, probe, 'provenance.unattributed'))).map((a) => a.title);
    assert.ok(titles.some((t) => /own writing/.test(t)) && titles.some((t) => /AI/.test(t)) && titles.some((t) => /quoted/.test(t)), `titles: ${titles}`);
    const expectedKind: Record<string, string> = { own: 'human', AI: 'ai', quoted: 'quoted' };
    for (const title of titles) {
      const uri = await openScript(withTitlePage);
      client.edit(uri, at, at, `${pasted} `);
      const action = (await actionsFor(client, uri, await waitForCode(client, uri, 'provenance.unattributed'))).find((a) => a.title === title);
      assert.ok(action, `no "${title}" on the second script`);
      await applyAndWaitGone(client, uri, action, 'provenance.unattributed');
      const runs = await runsIn(client, uri, at, at + pasted.length);
      const kind = Object.entries(expectedKind).find(([word]) => title.includes(word))![1];
      assert.deepEqual(runs.runs.map((r) => [r.kind, r.origin.channel]), [[kind, 'attestation']], title);
    }
  });

  test('provenance.model-unknown: the model comes from the record (generated text with a model)', async () => {
    const uri = await openScript(withTitlePage);
    await insertGenerated(client, uri, client.text(uri).indexOf('INT. TRAM DEPOT'), generated, { tool: 'test-suite', model: 'gpt-4o' });
    const at = client.text(uri).indexOf(anchor);
    await insertGenerated(client, uri, at, generated, { tool: 'test-suite' });
    const finding = await waitForCode(client, uri, 'provenance.model-unknown');
    assert.equal(client.doc(uri).offsetAt(finding.range.start), at);
    const actions = await actionsFor(client, uri, finding);
    assert.equal(actions.length, 1, `titles: ${actions.map((a) => a.title)}`);
    assert.match(actions[0].title, /gpt-4o/);
    await applyAndWaitGone(client, uri, actions[0], 'provenance.model-unknown');
    const runs = await runsIn(client, uri, at, at + generated.length);
    assert.deepEqual(runs.runs.map((r) => [r.kind, (r.origin as { model?: string }).model, (r.origin as { tool?: string }).tool]), [['ai', 'gpt-4o', 'test-suite']]);
  });

  test('provenance.model-unknown: the model comes from the project file (generated text without one)', async () => {
    const dir = join(ws.dir, 'studio-project');
    mkdirSync(dir);
    writeFileSync(join(dir, '.fountain-provenance.json'), JSON.stringify({ policy: 'wga-mba', allowedTools: ['studio-writer'], allowedModels: ['claude-sonnet-4'] }, null, 2));
    const uri = await openScript(withTitlePage, dir);
    const at = client.text(uri).indexOf(anchor);
    await insertGenerated(client, uri, at, generated, {});
    const actions = await actionsFor(client, uri, await waitForCode(client, uri, 'provenance.model-unknown'));
    assert.equal(actions.length, 1, `titles: ${actions.map((a) => a.title)}`);
    assert.match(actions[0].title, /claude-sonnet-4/);
    await applyAndWaitGone(client, uri, actions[0], 'provenance.model-unknown');
    const runs = await runsIn(client, uri, at, at + generated.length);
    assert.deepEqual(runs.runs.map((r) => [r.kind, (r.origin as { model?: string }).model, (r.origin as { tool?: string }).tool]), [['ai', 'claude-sonnet-4', 'studio-writer']]);
  });

  for (const [name, text] of [['with a title page', withTitlePage], ['without a title page', withoutTitlePage]] as const) {
    test(`disclosure.title-page-missing: the fix adds the statement (${name})`, async () => {
      const uri = await openScript(text);
      await insertGenerated(client, uri, client.text(uri).indexOf('IDA\n'), generated, { tool: 'test-suite', model: 'gpt-4o' });
      const finding = await waitForCode(client, uri, 'disclosure.title-page-missing');
      const actions = await actionsFor(client, uri, finding);
      assert.equal(actions.length, 1);
      assert.ok(actions[0].edit, 'an edit fix');
      const statement = /suggested: "(.*)"$/.exec(messageOf(finding))?.[1];
      assert.ok(statement, messageOf(finding));
      const diagnostics = await applyAndWaitGone(client, uri, actions[0], 'disclosure.title-page-missing');
      assert.ok(!codes(diagnostics).includes('disclosure.title-page-stale'), `the new statement is stale: ${codes(diagnostics)}`);
      const after = client.text(uri);
      assert.ok(after.includes(`AI Disclosure: ${statement}`), after.slice(0, 300));
      assert.ok(after.includes(text.split('\n')[0]), 'the rest of the script is kept');
      if (text === withTitlePage) assert.match(after, /^Draft date: 3 March 2026\nAI Disclosure: /m);
      else assert.ok(after.startsWith(`AI Disclosure: ${statement}\n\n`));
    });
  }

  test('disclosure.title-page-stale: a typed statement that no longer matches is updated', async () => {
    const uri = await openScript(withTitlePage);
    await insertGenerated(client, uri, client.text(uri).indexOf('IDA\n'), generated, { tool: 'test-suite', model: 'gpt-4o' });
    const at = client.text(uri).indexOf('\n\nINT. TRAM DEPOT');
    client.type(uri, at, '\nAI Disclosure: None.');
    const finding = await waitForCode(client, uri, 'disclosure.title-page-stale');
    const statement = /it should read: "(.*)"$/.exec(messageOf(finding))?.[1];
    assert.ok(statement, messageOf(finding));
    const actions = await actionsFor(client, uri, finding);
    assert.equal(actions.length, 1);
    assert.ok(actions[0].edit, 'an edit fix');
    const diagnostics = await applyAndWaitGone(client, uri, actions[0], 'disclosure.title-page-stale');
    assert.ok(!codes(diagnostics).includes('disclosure.title-page-missing'));
    assert.ok(client.text(uri).includes(`\nAI Disclosure: ${statement}\n\nINT. TRAM DEPOT`), client.text(uri).slice(0, 300));
    assert.ok(!client.text(uri).includes('None.'));
  });

  test('a fix for a diagnostic of an older version offers no change', async () => {
    const uri = await openScript(withTitlePage);
    await insertGenerated(client, uri, client.text(uri).indexOf('IDA\n'), generated, { tool: 'test-suite', model: 'gpt-4o' });
    const at = client.text(uri).indexOf(anchor);
    client.edit(uri, at, at, `${pasted} `);
    const unattributed = await waitForCode(client, uri, 'provenance.unattributed');
    const missing = await waitForCode(client, uri, 'disclosure.title-page-missing');
    const oldVersion = client.doc(uri).version;
    assert.equal((missing.data as DiagnosticData).version, oldVersion);
    client.type(uri, client.text(uri).length, 'x');
    for (const diagnostic of [missing, unattributed]) {
      const actions = await actionsFor(client, uri, diagnostic);
      assert.ok(actions.length > 0, `${diagnostic.code} offers fixes`);
      for (const action of actions) {
        assert.ok(!action.edit && !action.command, `${action.title} offers a change for version ${(diagnostic.data as DiagnosticData).version}`);
        assert.ok(action.disabled, `${action.title} is not disabled`);
      }
    }
    const fresh = await waitForCode(client, uri, 'disclosure.title-page-missing');
    const actions = await actionsFor(client, uri, fresh);
    assert.ok(actions.length === 1 && actions[0].edit && !actions[0].disabled, 'the current diagnostic offers its edit');
  });
});

describe('quick fixes for a change made on disk between sessions', () => {
  const ws = tempWorkspace('fp-quickfix-disk-');
  const added = 'A second tram, which the timetable swears does not exist, pulls in without a sound.';
  const paths = ['own.fountain', 'accept.fountain'].map((name) => join(ws.dir, name));

  test('provenance.external-edit: attesting or accepting the outside change ends the finding', async () => {
    let client = startClient(ws.env);
    try {
      await client.initialize();
      for (const path of paths) {
        writeFileSync(path, withTitlePage);
        const uri = client.open(path, withTitlePage);
        await client.diagnosticsNow(uri);
        client.type(uri, 0, 'x');
        client.edit(uri, 0, 1, '');
        await client.diagnosticsNow(uri);
        client.save(uri);
        client.close(uri);
      }
      await client.request('fountainProvenance/status', null);
    } finally {
      await client.shutdown();
    }
    for (const path of paths) writeFileSync(path, withTitlePage.replace(anchor, `${added} ${anchor}`));

    client = startClient(ws.env);
    try {
      await client.initialize();
      const titles: string[] = [];
      for (const [index, path] of paths.entries()) {
        const uri = client.open(path, readFileSync(path, 'utf8'));
        const finding = await waitForCode(client, uri, 'provenance.external-edit');
        const actions = await actionsFor(client, uri, finding);
        if (index === 0) titles.push(...actions.map((a) => a.title));
        assert.deepEqual(actions.map((a) => a.title), titles);
        const action = actions[index];
        assert.ok(action, `no fix number ${index + 1} among ${titles}`);
        await applyAndWaitGone(client, uri, action, 'provenance.external-edit');
        const start = client.text(uri).indexOf(added);
        const runs = await runsIn(client, uri, start, start + added.length);
        assert.ok(runs.runs.length > 0 && runs.runs.every((r) => r.origin.channel === 'attestation'), `${action.title}: ${JSON.stringify(runs.runs.map((r) => r.origin))}`);
        assert.ok(runs.runs.every((r) => r.kind === (/own writing/.test(action.title) ? 'human' : 'external')), action.title);
      }
      assert.equal(titles.length, paths.length, `one script per fix: ${titles}`);
    } finally {
      await client.shutdown();
    }
  });
});

describe('every fixable rule has a server case', () => {
  test('the codes whose findings offered fixes are exactly the codes fixed above', () => {
    assert.ok(offeredFixes.size > 0);
    assert.deepEqual([...covered].sort(), [...offeredFixes].sort());
  });

  test('every rule in the catalog is either fixed above or listed as offering no fix', () => {
    const catalog = rules.map((r) => r.code).sort();
    assert.deepEqual(catalog, [...covered, ...rulesWithoutFixes].sort());
  });
});
