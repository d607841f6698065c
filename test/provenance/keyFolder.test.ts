/** Issue 13, item 10: a key folder every user can write is used with a warning, never silently. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFolderWarning } from '../../server/src/provenance/keys';
import { ScriptRecord } from '../../server/src/provenance/record';

const WRITER = { name: 'Ada', email: 'ada@example.invalid' };

describe('key folder permissions', () => {
  test('a world-writable key folder raises a notice naming it; a private one does not', () => {
    const keys = mkdtempSync(join(tmpdir(), 'fp-keys-open-'));
    const dir = mkdtempSync(join(tmpdir(), 'fp-keyfolder-'));
    const path = join(dir, 'a.fountain');
    writeFileSync(path, 'INT. ROOM - DAY\n');
    chmodSync(keys, 0o777);
    const open = ScriptRecord.open(path, 'INT. ROOM - DAY\n', { writer: WRITER, keyDir: keys });
    const notice = open.notices.find((n) => n.kind === 'key-folder-unsafe');
    assert.ok(notice, JSON.stringify(open.notices));
    assert.match(notice.message, new RegExp(`${keys}.*any user.*chmod 700`));
    open.close();
    chmodSync(keys, 0o700);
    assert.equal(keyFolderWarning(keys), undefined);
    const safe = ScriptRecord.open(path, 'INT. ROOM - DAY\n', { writer: WRITER, keyDir: keys });
    assert.ok(!safe.notices.some((n) => n.kind === 'key-folder-unsafe'));
    safe.close();
  });
});
