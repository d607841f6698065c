import type { Finding, Rule } from '../types';
import { ruleDocPath } from '../ruleDoc';
import { documentAnchor } from '../shares';
import { titleEntries } from '../titlePage';

const code = 'wga.ai-credited';

/** Credit keys of the title page. */
export const CREDIT_KEYS = ['Credit', 'Author', 'Authors', 'Written by'];

// Well-known AI products and models; the project's own tools and models are added at check time.
const KNOWN_AI = [
  'chatgpt', 'gpt-?\\d[\\w.-]*', 'gpt', 'openai', 'claude[\\w.-]*', 'anthropic', 'gemini[\\w.-]*', 'bard',
  'copilot', 'llama[\\w.-]*', 'mistral[\\w.-]*', 'mixtral[\\w.-]*', 'sudowrite', 'jasper', 'grok[\\w.-]*',
  'deepseek[\\w.-]*', 'perplexity', 'artificial intelligence', 'language model', 'llm', 'chatbot',
];

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The AI names that appear in `value`, in order of appearance. */
export function aiNamesIn(value: string, extra: string[]): string[] {
  const alternatives = [...KNOWN_AI, ...extra.filter((e) => e.trim().length >= 2).map((e) => escape(e.trim()))];
  const found: string[] = [];
  const re = new RegExp(`(?<![\\w-])(?:${alternatives.join('|')})(?![\\w-])`, 'gi');
  for (const m of value.matchAll(re)) if (!found.includes(m[0])) found.push(m[0]);
  // "AI" and "A.I." only as capitals: "Ai" and "Kai" are people's names.
  for (const m of value.matchAll(/(?<![\w.])A\.?I\.?(?![\w])/g)) if (!found.includes(m[0])) found.push(m[0]);
  return found;
}

/** AI named as an author or credited writer. */
export const wgaAiCredited: Rule = {
  code,
  defaultSeverity: 'error',
  description: "The title page's Credit, Author, Authors or Written by names an AI tool or model, or the project lists one as a writer.",
  basis: 'C',
  source: 'WGA MBA Article 72.B (2023, carried into 2026): AI is not a writer, and its output is not literary material.',
  union: 'wga',
  provisions: {
    'mba-2023': 'Article 72.B: generative AI is not a writer; written material it produces is not literary material.',
    'mba-2026': 'Article 72.B as carried into the 2026 MBA (read from published summaries of the April 2026 tentative agreement).',
  },
  docPath: ruleDocPath(code),
  check(ctx) {
    const extra = new Set<string>();
    for (const o of ctx.ledger.origins()) if (o.kind === 'ai') for (const n of [o.model, o.tool]) if (n) extra.add(n);
    for (const n of [...(ctx.project.allowedTools ?? []), ...(ctx.project.allowedModels ?? [])]) if (!n.includes('*')) extra.add(n);
    const findings: Finding[] = [];
    for (const entry of titleEntries(ctx.script, CREDIT_KEYS)) {
      const names = aiNamesIn(entry.value, [...extra]);
      if (names.length === 0) continue;
      findings.push({
        code,
        severity: 'error',
        message: `The title page's "${entry.key.trim()}" credits ${names.map((n) => `"${n}"`).join(', ')}: AI is not a writer under the WGA MBA; credit only people and disclose AI use in the AI Disclosure statement.`,
        start: entry.valueStart,
        end: Math.max(entry.valueEnd, entry.valueStart),
        data: { version: 1, key: entry.key, names },
      });
    }
    const anchor = documentAnchor(ctx.script);
    for (const w of ctx.project.writers) {
      const names = aiNamesIn(w.name, [...extra]);
      if (names.length === 0) continue;
      findings.push({
        code,
        severity: 'error',
        message: `The project file lists "${w.name}" as a writer: AI is not a writer under the WGA MBA.`,
        ...anchor,
        data: { version: 1, writer: w.name },
      });
    }
    return findings;
  },
};
