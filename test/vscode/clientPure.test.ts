import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { contentSecurityPolicy, makeNonce, webviewHtml } from '../../client/src/reportWebview';
import { promptHashOf } from '../../client/src/promptHash';
import { FailureReporter } from '../../client/src/failureReporter';

describe('the report in a webview', () => {
  const frame = { cspSource: 'https://webview.example', nonce: 'abc123' };
  const page = '<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'"><style>body{}</style></head><body><h1>Report</h1><script>alert(1)</script></body></html>';

  test('replaces the page policy with one that allows only our nonce-bearing script', () => {
    const html = webviewHtml(page, frame);
    const policies = html.match(/http-equiv="Content-Security-Policy"/g) ?? [];
    assert.equal(policies.length, 1);
    assert.ok(html.includes(contentSecurityPolicy(frame)));
    assert.match(contentSecurityPolicy(frame), /default-src 'none'/);
    assert.match(contentSecurityPolicy(frame), /script-src 'nonce-abc123'/);
    assert.doesNotMatch(contentSecurityPolicy(frame), /https?:\/\/(?!webview\.example)/);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(scripts, ['<script>', '<script nonce="abc123">']);
    assert.ok(html.indexOf('<h1>Report</h1>') > html.indexOf('fp-toolbar"'));
    for (const f of ['markdown', 'html', 'json']) assert.ok(html.includes(`data-export="${f}"`));
  });

  test('wraps a fragment into a page', () => {
    const html = webviewHtml('<p>summary</p>', frame);
    assert.match(html, /^<!doctype html><html><head><meta http-equiv="Content-Security-Policy"/);
    assert.ok(html.includes('<p>summary</p>'));
  });

  test('nonces are fresh and safe in an attribute', () => {
    const a = makeNonce(randomBytes);
    const b = makeNonce(randomBytes);
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9]{16,}$/);
  });
});

test('the prompt is recorded as its SHA-256', () => {
  assert.equal(promptHashOf('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

describe('a server that keeps failing', () => {
  test('a failure streak is shown once and logged every time', () => {
    const shown: string[] = [];
    const logged: string[] = [];
    const reporter = new FailureReporter((m) => shown.push(m), (m) => logged.push(m));
    reporter.report('first');
    reporter.report('second');
    assert.deepEqual(shown, ['first']);
    assert.deepEqual(logged, ['first', 'second']);
    reporter.reset();
    reporter.report('third');
    assert.deepEqual(shown, ['first', 'third']);
  });
});
