/** `fountain-provenance parse`: the parsed Script of a Fountain file, as JSON or a table. */
import { statSync } from 'node:fs';
import { readLimits, readTextFile, UnreadableFileError } from './safeFs';
import { field, terminalSafe } from './terminalText';
import { resolve } from 'node:path';
import type { Command } from './command';
import { UsageError } from './command';
import { parseCommandArgs } from './args';
import { parse } from '../fountain/parser';
import type { Element, Script, Section } from '../fountain/types';

const HELP = `Usage: fountain-provenance parse [--json] <script.fountain>

Parses a Fountain screenplay and prints its elements: type, line, range and text.
Offsets are UTF-16 code units into the file's text, ranges half-open [start, end),
lines zero-based in the JSON and one-based in the table.

  --json       print the Script as JSON: elements (a flat list of {type, start, end,
               contentStart, contentEnd, line, text, ...}), titlePage, scenes,
               sections, characters, notes, boneyards
  -h, --help   show this help

Element types: title_page, scene_heading, action, character, dialogue, parenthetical,
transition, centered, lyrics, section, synopsis, note, page_break, boneyard.

Exit codes: 0 printed, 2 usage error or unreadable file.`;

/** A script file that cannot be read: the message says which file and why. */
export class ScriptFileError extends Error {}

/** Reads a script file as UTF-8, or throws ScriptFileError saying what is wrong. */
export function readScriptFile(path: string): string {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScriptFileError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(err)})`);
  }
  if (stat.isDirectory()) throw new ScriptFileError(`${path}: is a directory, not a script file`);
  // A regular file of bounded size, valid UTF-8: a FIFO or a device is refused at once.
  try {
    return readTextFile(path, { what: 'the script', maxBytes: readLimits.script });
  } catch (err) {
    if (err instanceof UnreadableFileError && err.reason === 'missing') throw new ScriptFileError(`${path}: no such file`);
    throw new ScriptFileError(err instanceof Error ? err.message : String(err));
  }
}

function sectionJson(section: Section): unknown {
  return {
    title: section.title,
    depth: section.depth,
    start: section.start,
    end: section.end,
    line: section.element.line,
    children: section.children.map(sectionJson),
  };
}

/** The Script as plain JSON: a flat element list plus the derived parts. */
export function scriptJson(script: Script): unknown {
  return {
    length: script.text.length,
    lines: script.lineStarts.length,
    elements: script.elements.map((e: Element) => ({ ...e })),
    titlePage: script.titlePage,
    ...(script.titlePageRange ? { titlePageRange: script.titlePageRange } : {}),
    scenes: script.scenes.map((s) => ({
      index: s.index,
      start: s.start,
      end: s.end,
      line: s.heading.line,
      title: s.title,
      ...(s.sceneNumber !== undefined ? { sceneNumber: s.sceneNumber } : {}),
    })),
    sections: script.sections.map(sectionJson),
    characters: script.characters,
    notes: script.notes,
    boneyards: script.boneyards,
  };
}

function excerpt(text: string, width: number): string {
  const flat = text.replace(/\n/g, ' / ');
  return flat.length > width ? flat.slice(0, width - 1) + '…' : flat;
}

export const parseCommand: Command = {
  name: 'parse',
  summary: 'print the parsed elements of a Fountain file (--json for integrators)',
  help: HELP,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the script file' : 'parse takes one script file');
    let text: string;
    try {
      text = readScriptFile(resolve(io.cwd, positionals[0]));
    } catch (err) {
      if (err instanceof ScriptFileError) {
        io.stderr(`fountain-provenance parse: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    const script = parse(text);
    if (values.json) {
      io.stdout(JSON.stringify(scriptJson(script), null, 2) + '\n');
      return 0;
    }
    const rows = script.elements.map((e) => `${String(e.line + 1).padStart(5)}  ${e.type.padEnd(13)} ${`${e.start}-${e.end}`.padEnd(13)} ${field(excerpt(e.text, 60))}`);
    io.stdout(terminalSafe(['line   type          range         text', ...rows].join('\n') + '\n'));
    return 0;
  },
};
