/**
 * The Advisor webview's HTML shell. Pure so a browser test can load exactly
 * what the extension serves. The Content Security Policy allows only the
 * bundled script (by nonce) and the extension's own stylesheet: no inline
 * script, no remote resources.
 */

export interface AdvisorHtmlParams {
  /** Fresh per load: a random base64 value. */
  nonce: string;
  /** `webview.cspSource`. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
}

/** The policy every ServeScope webview uses: the nonce'd bundle and the extension's own styles, nothing remote. */
export function webviewCsp(p: Pick<AdvisorHtmlParams, 'nonce' | 'cspSource'>): string {
  return [
    "default-src 'none'",
    `style-src ${p.cspSource}`,
    `font-src ${p.cspSource}`,
    `img-src ${p.cspSource} data:`,
    `script-src 'nonce-${p.nonce}'`,
  ].join('; ');
}

/** Doctype, policy, stylesheet and title: the start of every ServeScope webview page. */
export function webviewHead(p: AdvisorHtmlParams, title: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(webviewCsp(p))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(p.styleUri)}">
<title>${title}</title>
</head>`;
}

export function advisorHtml(p: AdvisorHtmlParams): string {
  return `${webviewHead(p, 'ServeScope Advisor')}
<body>
<section id="architecture" aria-label="Architecture of the active config" aria-live="polite"></section>
<main id="transcript" role="log" aria-live="polite" aria-label="Advisor conversation" tabindex="0"></main>
<form id="composer" aria-label="Ask the advisor">
  <textarea id="question" rows="3" aria-label="Question for the advisor" placeholder="Ask about this config… (Enter to send, Shift+Enter for a new line)"></textarea>
  <div class="buttons">
    <button type="submit" id="send">Send</button>
    <button type="button" id="stop" hidden>Stop</button>
    <button type="button" id="new" class="secondary" title="Start a new conversation">New conversation</button>
  </div>
  <div id="status" class="status" aria-live="polite"></div>
</form>
<script nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}"></script>
</body>
</html>`;
}

/** Escapes a value for a double-quoted HTML attribute. */
export function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
