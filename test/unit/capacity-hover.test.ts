/**
 * The capacity hover's fleet and saturation lines, as a user sizing a Ray Serve LLM
 * deployment reads them: per-replica figures times the autoscaling range, and the
 * batch the KV cache and max_num_seqs allow at saturation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { renderEstimate } from '../../server/src/core/editing/capacityHover';

const file = path.resolve(__dirname, '..', '..', 'examples', 'rayserve', 'llm_app.yaml');
const text = fs.readFileSync(file, 'utf8');

test('the fleet line multiplies one replica by the autoscaling range (1–4 here)', () => {
  const pe = analyze({ uri: `file://${file}`, text }).estimates[0];
  const e = pe.estimate!;
  const md = renderEstimate(pe);
  const hour = e.cost!.usdPerHour!;
  const sat = e.throughput!.saturationTokS;
  const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
  assert.ok(md.includes(`**Fleet:** 1–4 replicas × 1 L4 = 1–4 GPUs · $${hour.toFixed(2)}–$${(4 * hour).toFixed(2)}/h · up to ${n0(sat)}–${n0(4 * sat)} tok/s at saturation`), md);
});

test('saturation names the batch that KV and max_num_seqs allow, not the quoted concurrency', () => {
  const pe = analyze({ uri: `file://${file}`, text }).estimates[0];
  const e = pe.estimate!;
  // 1,024 in + 256 out per request; max_num_seqs 128 in the file.
  const batch = Math.min(128, Math.floor(e.memory!.kvCacheTokens / 1280));
  assert.equal(e.throughput!.saturationBatch, batch);
  assert.match(renderEstimate(pe), new RegExp(`Saturation: [\\d,]+ tok/s with ${batch} sequences running`));
  assert.notEqual(batch, e.throughput!.runningBatch);
});

test('a single replica gets no fleet line', () => {
  const one = text.replace('max_replicas: 4', 'max_replicas: 1');
  const md = renderEstimate(analyze({ uri: `file://${file}`, text: one }).estimates[0]);
  assert.doesNotMatch(md, /Fleet/);
});

test('a GPU with no catalog price says so, and servescope.gpuPrices fills it in', () => {
  // The MI210 has no citable rental price (docs/capacity-model.md), so the cost must not be invented.
  const vllm = '# servescope: vllm gpu=MI210 count=1\nmodel: Qwen/Qwen2.5-7B-Instruct\nmax-model-len: 8192\n';
  const uri = 'file:///tmp/servescope-hover/qwen.yaml';
  const unpriced = analyze({ uri, text: vllm }).estimates[0];
  assert.equal(unpriced.estimate!.cost!.priceSource, 'unknown');
  assert.match(renderEstimate(unpriced), /cost: no price known \(set servescope\.gpuPrices\)/);

  const priced = analyze({ uri, text: vllm, settings: { gpuPrices: { 'AMD Instinct MI210': 1.5 } } }).estimates[0];
  const e = priced.estimate!;
  assert.equal(e.cost!.priceSource, 'setting');
  const per1m = (1.5 / 3600 / e.throughput!.outputTokS) * 1e6;
  assert.ok(renderEstimate(priced).includes(`**$${per1m.toFixed(2)}** per 1M output tokens ($1.50/h)`), renderEstimate(priced));
});

test('an AMD GPU is told its throughput is not calibrated; an NVIDIA one is not', () => {
  const text = (gpu: string) => `# servescope: vllm gpu=${gpu} count=1\nmodel: openai/gpt-oss-120b\nmax-model-len: 8192\n`;
  const uri = 'file:///tmp/servescope-hover/oss.yaml';
  const amd = renderEstimate(analyze({ uri, text: text('MI300X') }).estimates[0]);
  assert.match(amd, /NOT CALIBRATED for AMD: .*MI300X \(vLLM 0\.17\) decoded 1\.6–2\.1× slower/);
  const nvidia = renderEstimate(analyze({ uri, text: text('H200') }).estimates[0]);
  assert.doesNotMatch(nvidia, /NOT CALIBRATED/);
  assert.match(nvidia, /tok\/s/);
});
