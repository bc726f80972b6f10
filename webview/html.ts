/**
 * The panel's HTML shell, shared by the extension host (which passes
 * webview.asWebviewUri(...) strings and webview.cspSource) and the headless
 * webview tests, so both run the page under the very same policy. Everything
 * visible is built by dist/webview.js; the shell only loads it.
 */
export interface PanelHtmlOptions {
  /** webview.cspSource */
  cspSource: string;
  /** A fresh random nonce per render (base64/alnum). */
  nonce: string;
  /** URI of dist/webview.js */
  scriptUri: string;
  /** URI of media/panel.css */
  styleUri: string;
  /** URI of dist/katex/katex.min.css (its fonts sit in dist/katex/fonts/). */
  katexStyleUri: string;
  title?: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function panelHtml(o: PanelHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${esc(o.katexStyleUri)}" nonce="${esc(o.nonce)}">
<link rel="stylesheet" href="${esc(o.styleUri)}" nonce="${esc(o.nonce)}">
<title>${esc(o.title ?? "Noether's Razor")}</title>
</head>
<body>
<div id="app" aria-live="polite"></div>
<script nonce="${esc(o.nonce)}" src="${esc(o.scriptUri)}"></script>
</body>
</html>`;
}
