/** Finds the shared corpus of real Fountain screenplays (never shipped, never copied). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The corpus folder (FOUNTAIN_CORPUS, default ../shared/corpus), or undefined when absent. */
export function corpusDir(): string | undefined {
  const dir = resolve(process.env.FOUNTAIN_CORPUS ?? resolve(__dirname, '..', '..', 'shared', 'corpus'));
  return existsSync(dir) ? dir : undefined;
}

export interface CorpusFile {
  name: string;
  path: string;
  text: string;
}

/** Every `.fountain` file of the corpus, read as UTF-8 (BOM kept), or [] when absent. */
export function corpusFiles(): CorpusFile[] {
  const dir = corpusDir();
  if (!dir) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.fountain'))
    .sort()
    .map((name) => ({ name, path: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));
}

/** Options for a corpus suite: skipped, with a one-line reason, when there is no corpus. */
export function corpusSuiteOptions(): { skip?: string } {
  return corpusDir() ? {} : { skip: 'no Fountain corpus (set FOUNTAIN_CORPUS): corpus suite skipped' };
}
