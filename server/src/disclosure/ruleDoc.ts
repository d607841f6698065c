/** The documentation page of a rule, relative to the extension root. */
export function ruleDocPath(code: string): string {
  return `docs/rules/${code}.md`;
}
