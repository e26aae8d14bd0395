/**
 * Writes the generated header of every rule page (docs/rules/<id>.md) from the finding
 * catalog (server/src/core/rules/catalog.ts): heading, default severity, frameworks, fix
 * kind, sources. `npm test` fails while a page is stale or missing
 * (test/unit/rule-docs.test.ts); run this to bring them up to date:
 *
 *   node --import tsx scripts/gen-rule-docs.ts
 *
 * A new rule's page is written as prose (What, Why it matters, Example, Fix) and gets
 * its header here; a page that does not exist yet is reported, not invented.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findingCodes } from '../server/src/core/rules/catalog';
import { withHeader } from '../server/src/core/rules/ruleDocs';

const dir = path.resolve(__dirname, '..', 'docs', 'rules');
let written = 0;
const missing: string[] = [];
for (const c of findingCodes()) {
  const file = path.join(dir, `${c.id}.md`);
  if (!fs.existsSync(file)) {
    missing.push(c.id);
    continue;
  }
  const page = fs.readFileSync(file, 'utf8');
  const next = withHeader(page, c);
  if (next !== page) {
    fs.writeFileSync(file, next);
    written++;
  }
}
console.log(`rule pages: ${written} header(s) written`);
if (missing.length) {
  console.error(`no page for: ${missing.join(', ')} (write docs/rules/<id>.md, then run this again)`);
  process.exitCode = 1;
}
