import * as vscode from 'vscode';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProvenanceContext } from './context';
import { attest, selectionEditor } from './attest';
import type { ScriptSummaries } from './summaries';
import {
  coWriterChoices,
  coWriterOrigin,
  furnishedChoices,
  furnishedOrigin,
  isAiOriginAnswer,
  priorChoices,
  priorOrigin,
  readProjectLists,
  type ProjectLists,
  type AiOriginAnswer,
  type DeclaredOrigin,
  type MaterialChoice,
} from './materialChoices';

/** "Mark Selection as Furnished Material…" without its prompts (tests, keybindings). */
export interface FurnishedArgs {
  /** The material's name as the project lists it, or any name or source. */
  material?: string;
  /** Whether AI generated it, as the company says (default: the project's statement for a listed material, else asked). */
  aiOrigin?: AiOriginAnswer;
  disclosedBy?: string;
}

/** "Mark Selection as Prior Writer's Material…" without its prompts. */
export interface PriorArgs {
  /** The previous writer's name. */
  writer?: string;
  /** The draft's name (optional). */
  draft?: string;
}

/** "Attest Selection as Written by a Co-writer…" without its prompts. */
export interface CoWriterArgs {
  name?: string;
  email?: string;
}

type Pick = MaterialChoice | { other: true };

/** Marks the selection as material the company furnished: a listed one, or one the writer names (with its AI origin). */
export async function markFurnished(ctx: ProvenanceContext, args: FurnishedArgs = {}): Promise<boolean> {
  const editor = selectionEditor();
  if (!editor) return false;
  const listed = furnishedChoices(projectOf(editor.document));
  let origin: DeclaredOrigin | undefined;
  if (args.material?.trim()) {
    const known = listed.find((c) => c.label === args.material?.trim());
    const aiOrigin = isAiOriginAnswer(args.aiOrigin) ? args.aiOrigin : known && known.origin.kind === 'furnished' ? (known.origin.aiOrigin as AiOriginAnswer) : await askAiOrigin(args.material);
    if (!aiOrigin) return false;
    const disclosedBy = args.disclosedBy ?? (known && known.origin.kind === 'furnished' ? (known.origin.disclosedBy as string | undefined) : undefined);
    origin = furnishedOrigin(args.material, aiOrigin, disclosedBy);
  } else {
    const picked = await pickOrOther(listed, 'Mark as furnished material', 'Which material did the company furnish?', '$(edit) Other material\u2026', 'a name or source not in the project file');
    if (!picked) return false;
    if ('other' in picked) {
      const material = await askRequired('Mark as furnished material', 'The material\u2019s name or source (e.g. "Studio treatment, 3 March 2026")', 'The material needs a name.');
      if (!material?.trim()) return false;
      const aiOrigin = await askAiOrigin(material);
      if (!aiOrigin) return false;
      origin = furnishedOrigin(material, aiOrigin);
    } else origin = picked.origin;
  }
  return attest(ctx, editor, origin);
}

/** Asks for a value that may not be blank; undefined when the writer cancels. */
function askRequired(title: string, prompt: string, whenBlank: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title, prompt, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : whenBlank) });
}

/** Marks the selection as a prior writer's material (their draft), after the writer names them. */
export async function markPrior(ctx: ProvenanceContext, args: PriorArgs = {}): Promise<boolean> {
  const editor = selectionEditor();
  if (!editor) return false;
  let origin: DeclaredOrigin | undefined;
  if (args.writer?.trim()) origin = priorOrigin(args.writer, args.draft);
  else {
    const listed = priorChoices(projectOf(editor.document));
    const picked = await pickOrOther(listed, 'Mark as a prior writer\u2019s material', 'Whose draft is it?', '$(edit) Another writer\u2026', 'a previous writer not in the project file');
    if (!picked) return false;
    if ('other' in picked) {
      const writer = await askRequired('Mark as a prior writer\u2019s material', 'The previous writer\u2019s name', 'A prior writer\u2019s material needs the writer\u2019s name.');
      if (!writer?.trim()) return false;
      const draft = await vscode.window.showInputBox({ title: 'Mark as a prior writer\u2019s material', prompt: 'The draft\u2019s name, e.g. "Draft of 3 March 2026" (optional)', ignoreFocusOut: true });
      if (draft === undefined) return false;
      origin = priorOrigin(writer, draft);
    } else origin = picked.origin;
  }
  return attest(ctx, editor, origin);
}

/** Attests the selection as written by a named co-writer (declared by the writer at the keyboard). */
export async function attestCoWriter(ctx: ProvenanceContext, summaries: ScriptSummaries, args: CoWriterArgs = {}): Promise<boolean> {
  const editor = selectionEditor();
  if (!editor) return false;
  let origin: DeclaredOrigin | undefined;
  if (args.name?.trim()) origin = coWriterOrigin(args.name, args.email);
  else {
    const me = summaries.get(editor.document.uri)?.writer?.name;
    const listed = coWriterChoices(projectOf(editor.document), me);
    const picked = await pickOrOther(listed, 'Attest as written by a co-writer', 'Who wrote the selection?', '$(edit) Another co-writer\u2026', 'a writer not in the project file');
    if (!picked) return false;
    if ('other' in picked) {
      const name = await askRequired('Attest as written by a co-writer', 'The co-writer\u2019s name (you are recorded as the one who declared it)', 'The co-writer needs a name.');
      if (!name?.trim()) return false;
      origin = coWriterOrigin(name);
    } else origin = picked.origin;
  }
  return attest(ctx, editor, origin);
}

/** The project file's lists for a script on disk: the nearest `.fountain-provenance.json` from its folder upward (none for an unsaved script). */
function projectOf(document: vscode.TextDocument): ProjectLists {
  if (document.uri.scheme !== 'file') return readProjectLists(undefined);
  try {
    for (let dir = dirname(document.uri.fsPath); ; dir = dirname(dir)) {
      const candidate = join(dir, '.fountain-provenance.json');
      if (existsSync(candidate) && statSync(candidate).isFile()) return readProjectLists(readFileSync(candidate, 'utf8'));
      if (dirname(dir) === dir) break;
    }
  } catch {
    // unreadable: nothing to offer but a typed name
  }
  return readProjectLists(undefined);
}

async function pickOrOther(choices: MaterialChoice[], title: string, placeHolder: string, otherLabel: string, otherDescription: string): Promise<Pick | undefined> {
  const items: Array<vscode.QuickPickItem & { pick: Pick }> = [
    ...choices.map((c) => ({ label: c.label, ...(c.description ? { description: c.description } : {}), pick: c as Pick })),
    { label: otherLabel, description: otherDescription, pick: { other: true } as Pick },
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true });
  return picked?.pick;
}

async function askAiOrigin(material: string): Promise<AiOriginAnswer | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Unknown', description: 'the company has not said', answer: 'unknown' as const },
      { label: 'Yes', description: 'AI generated it (it counts as AI-origin text)', answer: 'yes' as const },
      { label: 'No', description: 'no AI generated it', answer: 'no' as const },
    ],
    { title: `Did AI generate "${material.trim()}"?`, placeHolder: 'As the company disclosed it', ignoreFocusOut: true },
  );
  return picked?.answer;
}
