/**
 * Writes the rule ids into package.json's `servescope.rules` setting from the finding
 * catalog (server/src/core/rules/catalog.ts), so settings.json completes every id with
 * its title and flags one that does not exist. `npm test` fails while package.json is
 * out of date (test/unit/settings-rules.test.ts); run this to bring it up to date:
 *
 *   node --import tsx scripts/gen-settings.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rulesSetting } from '../server/src/core/rules/settingsSchema';

const file = path.resolve(__dirname, '..', 'package.json');
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
pkg.contributes.configuration.properties['servescope.rules'] = rulesSetting();
fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`servescope.rules: ${Object.keys(rulesSetting().properties).length} rule ids written to package.json`);
