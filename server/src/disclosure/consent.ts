/** Which company consents cover an AI origin (tool or model, and the date it was used). */
import type { AiOrigin } from '../provenance/types';
import type { CompanyConsent, Project } from './project';
import { dateMs, matchesPattern } from './shares';

/** True when the consent's dates include the origin's time and its tools include its tool or model. */
export function consentCovers(consent: CompanyConsent, origin: AiOrigin): boolean {
  const at = Date.parse(origin.at);
  if (Number.isNaN(at)) return false;
  const from = dateMs(consent.from);
  if (Number.isNaN(from) || at < from) return false;
  if (consent.to !== undefined) {
    const to = dateMs(consent.to, true);
    if (Number.isNaN(to) || at > to) return false;
  }
  if (consent.tools === undefined) return true;
  return consent.tools.some((p) => matchesPattern(p, origin.tool) || matchesPattern(p, origin.model));
}

/** The project's consents that cover the origin, in file order. */
export function consentsCovering(project: Project, origin: AiOrigin): CompanyConsent[] {
  return project.consents.filter((c) => consentCovers(c, origin));
}
