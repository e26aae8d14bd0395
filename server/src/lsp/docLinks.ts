/**
 * The link a diagnostic gives to its rule's page. The pages ship inside the extension
 * (docs/rules/, beside dist/), so the link is a file URL that works offline and in
 * code-server; a server run from somewhere without them links to the published page.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULE_DOCS_WEB, rulePage } from '../core/rules/ruleDocs';

let docsDir: string | null | undefined;

/** docs/rules/ above this module: dist/ in the extension, server/src/lsp/ when running from source. */
function findDocsDir(): string | null {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'docs', 'rules');
    if (fs.existsSync(path.join(candidate, 'README.md'))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

export function docUrl(code: string): string {
  if (docsDir === undefined) docsDir = findDocsDir();
  const page = `${rulePage(code)}.md`;
  return docsDir ? pathToFileURL(path.join(docsDir, page)).toString() : `${RULE_DOCS_WEB}/${page}`;
}
