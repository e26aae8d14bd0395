/**
 * The capacity/sampler-warmup-oom diagnostic as a user meets it: on the file's max_num_seqs,
 * with both quick-fixes (fewer sequences, lower gpu_memory_utilization), each of which the
 * capacity model confirms starts, and silent once the file names a release without the warm-up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { fixesFor } from '../../server/src/core/editing/fixes';
import type { TextEditOffsets } from '../../server/src/core/types';

const FILE = [
  '# servescope: vllm gpu=H100',
  'model: meta-llama/Llama-3.1-8B-Instruct',
  'max_model_len: 8192',
  'gpu_memory_utilization: 0.99',
  'max_num_seqs: 1024',
  '',
].join('\n');

function applyEdits(text: string, edits: TextEditOffsets[]): string {
  let out = text;
  for (const e of [...edits].sort((x, y) => y.range.start - x.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

const findings = (text: string) => {
  const a = analyze({ uri: 'file:///w/vllm.yaml', text });
  return { a, f: a.findings.filter((x) => x.code === 'capacity/sampler-warmup-oom') };
};

test('sampler warm-up: one error on max_num_seqs, with fixes to 144 sequences or utilization 0.98, neither preferred (both change numbers)', () => {
  const { a, f } = findings(FILE);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.equal(FILE.slice(f[0].range.start, f[0].range.end), '1024');
  assert.match(f[0].message, /max_num_seqs 144 would start, and gpu_memory_utilization 0\.98 would too/);
  const fixes = fixesFor(f[0], a);
  assert.deepEqual(fixes.map((x) => [x.title, x.preferred]), [
    ['Set max_num_seqs to 144 (the sampler warm-up fits)', false],
    ['Set gpu_memory_utilization to 0.98 (more room outside the KV cache)', false],
  ]);
  for (const fix of fixes) {
    const after = applyEdits(FILE, fix.edits ?? []);
    assert.equal(findings(after).f.length, 0, after);
    assert.equal(analyze({ uri: 'file:///w/vllm.yaml', text: after }).findings.some((x) => x.severity === 'error'), false, after);
  }
});

test('sampler warm-up: a file that names a release before 0.8.0 or from 0.21.0 gets no finding', () => {
  for (const v of ['0.7.3', '0.21.0']) {
    const text = FILE.replace('gpu=H100', `gpu=H100 version=${v}`);
    assert.equal(findings(text).f.length, 0, v);
  }
  assert.equal(findings(FILE.replace('gpu=H100', 'gpu=H100 version=0.11.0')).f.length, 1);
});
