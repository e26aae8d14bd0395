// What ships: the .vsix under test holds the bundles and manifest, and nothing from the
// source tree (no TypeScript, tests, source maps or node_modules). Runs before the workbench
// steps, on the same SERVESCOPE_VSIX.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

/**
 * Names of the entries in a zip file, read from its central directory (a .vsix is a zip).
 * @param {Buffer} zip
 */
function zipEntries(zip) {
  // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, 'broken central directory');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

test('the .vsix holds the bundles and the manifest, and no sources, maps or node_modules', () => {
  const vsix = process.env.SERVESCOPE_VSIX;
  assert.ok(vsix && fs.existsSync(vsix), 'SERVESCOPE_VSIX must name the packaged extension');
  const names = zipEntries(fs.readFileSync(vsix));
  // The schemas are inside the server bundle; diagnostics link to the rule pages; vsce ships LICENSE as LICENSE.txt.
  for (const required of ['extension/package.json', 'extension/dist/client.js', 'extension/dist/anthropic-sdk.js', 'extension/dist/server.js', 'extension/syntaxes/pbtxt.tmLanguage.json', 'extension/docs/rules/schema/unknown-key.md', 'extension/LICENSE.txt']) {
    assert.ok(names.includes(required), `${required} missing from ${vsix}`);
  }
  const unwanted = names.filter((n) => /\.map$|\.ts$|\/node_modules\/|^extension\/(test|server\/src|client\/src|scripts|examples)\//.test(n));
  assert.deepEqual(unwanted, [], 'files that should not ship');
  const manifest = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  assert.ok(names.includes(`extension/${manifest.main.replace(/^\.\//, '')}`), `main (${manifest.main}) is not in the package`);
});
