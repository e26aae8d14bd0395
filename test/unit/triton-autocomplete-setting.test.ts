import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../server/src/core/analyze';

// The fixture's ONNX model leaves data_type/dims to auto-complete; with auto-complete disabled nothing fills them.
const file = path.join(__dirname, '../fixtures/rules/triton/io-data-type-dims-missing/good-autocomplete.pbtxt');
const text = fs.readFileSync(file, 'utf8');
const uri = pathToFileURL(file).toString();
const codes = (autoCompleteConfig: boolean) =>
  analyze({ uri, text, settings: { triton: { autoCompleteConfig } } })
    .findings.filter((f) => f.code === 'triton/io-data-type-dims-missing')
    .map((f) => `${f.severity} ${f.message}`);

test('servescope.triton.autoCompleteConfig=false: inputs without data_type/dims are start-up errors', () => {
  assert.deepEqual(codes(true), []);
  const off = codes(false);
  assert.equal(off.length, 4, off.join('\n')); // data_type and dims of the input and of the output (an empty dims list is no dims in protobuf)
  assert.match(off[0], /^error .*data_0.*--disable-auto-complete-config/);
});
