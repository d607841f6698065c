import { createHash } from 'node:crypto';

/** SHA-256 (hex) of the writer's prompt, recorded instead of the prompt itself. */
export function promptHashOf(prompt: string): string {
  return createHash('sha256').update(prompt, 'utf8').digest('hex');
}
