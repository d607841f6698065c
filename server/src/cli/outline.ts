/** `fountain-provenance outline`: scenes with line numbers, characters with their lines, a page estimate. */
import { resolve } from 'node:path';
import type { Command } from './command';
import { UsageError } from './command';
import { parseCommandArgs } from './args';
import { readScriptFile, ScriptFileError } from './parse';
import { parse } from '../fountain/parser';
import { field, terminalSafe } from './terminalText';
import { estimatePages } from '../fountain/pages';
import type { Script } from '../fountain/types';

const HELP = `Usage: fountain-provenance outline <script.fountain>

Prints the outline of a Fountain screenplay: the title, an estimated page count, every
scene heading with its line number (one-based), and every speaking character with the
number of dialogue lines and cues.

The page count is an estimate (12-point Courier on US letter, ~57 lines a page, action
61 characters wide, dialogue 35, parentheticals 26): printed as "~N pages".

  -h, --help   show this help

Exit codes: 0 printed, 2 usage error or unreadable file.`;

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The outline as text. */
export function renderOutline(script: Script): string {
  const out: string[] = [];
  const title = script.titlePage.find((e) => e.key.toLowerCase() === 'title');
  if (title) out.push(field(title.value.replace(/[*_]/g, '').replace(/\n/g, ' ')));
  const pages = estimatePages(script);
  out.push(`~${plural(pages, 'page')}, ${plural(script.scenes.length, 'scene')}, ${plural(script.characters.length, 'character')}`);
  out.push('', 'Scenes');
  if (script.scenes.length === 0) out.push('  (no scene headings)');
  const width = String(script.lineStarts.length).length;
  for (const scene of script.scenes) {
    const number = scene.sceneNumber !== undefined ? `  #${scene.sceneNumber}` : '';
    out.push(`  line ${String(scene.heading.line + 1).padStart(width)}  ${field(scene.title)}${field(number)}`);
  }
  out.push('', 'Characters');
  if (script.characters.length === 0) out.push('  (no dialogue)');
  const characters = [...script.characters].sort((a, b) => b.lines - a.lines || a.firstOffset - b.firstOffset);
  const nameWidth = Math.min(30, Math.max(0, ...characters.map((c) => field(c.name).length)));
  for (const c of characters) {
    out.push(`  ${field(c.name).padEnd(nameWidth)}  ${plural(c.lines, 'line').padStart(9)}, ${plural(c.cues, 'cue')}`);
  }
  return terminalSafe(out.join('\n') + '\n');
}

export const outlineCommand: Command = {
  name: 'outline',
  summary: 'scenes, characters and an estimated page count of a Fountain file',
  help: HELP,
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the script file' : 'outline takes one script file');
    let text: string;
    try {
      text = readScriptFile(resolve(io.cwd, positionals[0]));
    } catch (err) {
      if (err instanceof ScriptFileError) {
        io.stderr(`fountain-provenance outline: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    io.stdout(renderOutline(parse(text)));
    return 0;
  },
};
