/**
 * Settings per document, read through workspace/configuration (section `fountainProvenance`)
 * and cached until the client says the configuration changed.
 */
import { dirname } from 'node:path';
import type { Connection } from 'vscode-languageserver';
import type { Writer } from '../provenance/types';
import type { Severity } from '../disclosure/types';
import { UNNAMED_WRITER } from '../disclosure/statement';
import { settingsSection, type ProvenanceSettings } from '../shared/protocol';
import type { ServerDeps } from './deps';

export interface Settings {
  /** The writer at the keyboard; `unknownWriter` until an identity is set (see `identified`). */
  writer: Writer;
  /** False while neither the setting nor git names the writer. */
  identified: boolean;
  policy?: string;
  /** Set only when the user set it; otherwise the project file's threshold applies. */
  typingThreshold?: number;
  /** `fountainProvenance.timestampAuthority`: an RFC 3161 authority's http(s) URL, or undefined (off). */
  timestampAuthority?: string;
  severity: Record<string, Severity>;
}

export const defaultTypingThreshold = 40;
export const unknownWriter: Writer = { name: UNNAMED_WRITER };
const severities: readonly string[] = ['off', 'hint', 'info', 'warning', 'error'];

export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private readonly gitCache = new Map<string, Promise<Writer | undefined>>();
  private readonly warned = new Set<string>();
  configurationSupported = false;
  /** Settings a client pushed with workspace/didChangeConfiguration (Neovim 0.7 never declares workspace/configuration). */
  pushed?: ProvenanceSettings;

  constructor(
    private readonly connection: Connection,
    private readonly deps: ServerDeps,
  ) {}

  forDocument(uri: string, path: string | undefined): Promise<Settings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.load(uri, path);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  clear(uri?: string): void {
    if (uri) this.cache.delete(uri);
    else this.cache.clear();
  }

  private async load(uri: string, path: string | undefined): Promise<Settings> {
    let raw: ProvenanceSettings = this.pushed ?? {};
    if (this.configurationSupported) {
      try {
        raw = ((await this.connection.workspace.getConfiguration({ scopeUri: uri, section: settingsSection })) ?? {}) as ProvenanceSettings;
      } catch (err) {
        this.deps.logger.warn(`settings for ${uri} could not be read: ${String(err)}`);
      }
    }
    let writer = validWriter(raw.writer);
    if (!writer && path) writer = await this.git(dirname(path));
    return {
      writer: writer ?? unknownWriter,
      identified: writer !== undefined,
      policy: typeof raw.policy === 'string' && raw.policy ? raw.policy : undefined,
      typingThreshold:
        typeof raw.typingThreshold === 'number' && Number.isFinite(raw.typingThreshold) && raw.typingThreshold >= 0
          ? raw.typingThreshold
          : undefined,
      ...(typeof raw.timestampAuthority === 'string' && /^https?:\/\/\S+$/.test(raw.timestampAuthority.trim()) ? { timestampAuthority: raw.timestampAuthority.trim() } : {}),
      severity: this.severity(raw.severity),
    };
  }

  private severity(raw: unknown): Record<string, Severity> {
    const out: Record<string, Severity> = {};
    if (!raw || typeof raw !== 'object') return out;
    for (const [code, value] of flatten(raw as Record<string, unknown>)) {
      if (typeof value === 'string' && severities.includes(value)) out[code] = value as Severity;
      else if (!this.warned.has(code)) {
        this.warned.add(code);
        this.deps.logger.warn(`fountainProvenance.severity: '${String(value)}' for ${code} is not one of ${severities.join(', ')}; using the rule's default`);
      }
    }
    return out;
  }

  private git(folder: string): Promise<Writer | undefined> {
    let writer = this.gitCache.get(folder);
    if (!writer) {
      writer = this.deps.gitWriter(folder).catch(() => undefined);
      this.gitCache.set(folder, writer);
    }
    return writer;
  }
}

function validWriter(value: unknown): Writer | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const w = value as { name?: unknown; email?: unknown };
  if (typeof w.name !== 'string' || w.name.trim() === '') return undefined;
  return { name: w.name.trim(), ...(typeof w.email === 'string' && w.email.trim() ? { email: w.email.trim() } : {}) };
}

/**
 * Rule codes contain dots, and VS Code hands dotted setting keys over as nested objects
 * (`severity.provenance.unattributed` -> `{ provenance: { unattributed } }`): flatten both forms.
 */
function flatten(raw: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(raw)) {
    const code = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) out.push(...flatten(value as Record<string, unknown>, code));
    else out.push([code, value]);
  }
  return out;
}
