/**
 * Puts the command line's HTML report into a webview: the renderer's page unchanged, a
 * Content Security Policy that allows no remote resource and no script but ours (by nonce),
 * and a small export toolbar. Pure, so it is unit-tested without an editor.
 */

export interface WebviewFrame {
  /** The webview's own source (`webview.cspSource`). */
  cspSource: string;
  /** A fresh random nonce for this page. */
  nonce: string;
}

export type ExportFormat = 'markdown' | 'html' | 'json';

/** The policy: nothing by default; inline styles (the report's own); images only as data; our one script. */
export function contentSecurityPolicy(frame: WebviewFrame): string {
  return [
    "default-src 'none'",
    `style-src ${frame.cspSource} 'unsafe-inline'`,
    `img-src ${frame.cspSource} data:`,
    `script-src 'nonce-${frame.nonce}'`,
  ].join('; ');
}

const toolbarStyle = `.fp-toolbar{position:sticky;top:0;z-index:10;display:flex;gap:8px;align-items:center;padding:8px 16px;background:var(--vscode-editor-background,#fff);border-bottom:1px solid var(--vscode-panel-border,#ddd);font:13px var(--vscode-font-family,system-ui)}
.fp-toolbar span{color:var(--vscode-descriptionForeground,#555);margin-right:auto}
.fp-toolbar button{font:inherit;padding:3px 10px;border:1px solid var(--vscode-button-border,transparent);border-radius:2px;color:var(--vscode-button-secondaryForeground,#000);background:var(--vscode-button-secondaryBackground,#eee);cursor:pointer}
.fp-toolbar button:hover{background:var(--vscode-button-secondaryHoverBackground,#ddd)}`;

function toolbar(): string {
  const buttons = (['markdown', 'html', 'json'] as const)
    .map((format) => `<button type="button" data-export="${format}">Export ${format === 'markdown' ? 'Markdown' : format.toUpperCase()}</button>`)
    .join('');
  return `<div class="fp-toolbar" role="toolbar" aria-label="Export the report"><span>Same report as <code>fountain-provenance report</code></span>${buttons}</div>`;
}

function script(nonce: string): string {
  return `<script nonce="${nonce}">(function(){const vscode=acquireVsCodeApi();document.querySelectorAll('[data-export]').forEach(function(b){b.addEventListener('click',function(){vscode.postMessage({type:'export',format:b.getAttribute('data-export')});});});vscode.postMessage({type:'ready'});})();</script>`;
}

/** The renderer's page made fit for a webview. */
export function webviewHtml(reportHtml: string, frame: WebviewFrame): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(frame)}">`;
  let html = reportHtml.replace(/<meta[^>]+http-equiv=["']?Content-Security-Policy["']?[^>]*>/gi, '');
  // Whatever scripts a renderer might emit stay blocked: they carry no nonce.
  html = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => `${head}\n${meta}`) : `<!doctype html><html><head>${meta}</head><body>${html}</body></html>`;
  html = html.replace(/<\/head>/i, `<style>${toolbarStyle}</style>\n</head>`);
  html = /<body[^>]*>/i.test(html) ? html.replace(/<body[^>]*>/i, (body) => `${body}\n${toolbar()}`) : html;
  html = /<\/body>/i.test(html) ? html.replace(/<\/body>(?![\s\S]*<\/body>)/i, `${script(frame.nonce)}\n</body>`) : `${html}${script(frame.nonce)}`;
  return html;
}

/** A nonce from 16 random bytes. */
export function makeNonce(random: (size: number) => Uint8Array): string {
  return Buffer.from(random(16)).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}
