import type { FurnishedMaterial } from './project';

/**
 * The name a furnished material is recorded under (a `furnished` origin's `material`): its
 * title, else its file, description or id. One rule for the quick fixes, the VS Code palette
 * command and the report, so a passage marked either way names the same material.
 */
export function furnishedMaterialName(m: Pick<FurnishedMaterial, 'title' | 'file' | 'description' | 'id'>): string {
  return m.title ?? m.file ?? m.description ?? m.id ?? 'furnished material';
}
