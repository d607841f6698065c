// Placeholder: the VS Code extension (issue 6) replaces this file.
export function activate(): void {}
export function deactivate(): void {}
