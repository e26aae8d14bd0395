/**
 * vLLM backend instances that share a GPU: each instance starts its own vLLM engine,
 * and each engine reserves gpu_memory_utilization (from model.json in the version
 * directory, vLLM's default 0.9) of the GPU's total memory at start. When the shares
 * on one GPU add up to more than the whole GPU, the later engines cannot start.
 * KIND_GPU instances are pinned to their device; KIND_MODEL instances all use the
 * default device. Other backends keep model sizes outside config.pbtxt, so they are not judged.
 */
import * as path from 'node:path';
import { defineRule } from '../../../rules/rule';
import { replaceScalar } from '../../../editing/edits';
import { configOf, fmt, int, isObj, keyRangeAt, list, nodeAt, num, rangeAt } from './model-config';
import { repositoryOf, versionDirs, type Repository } from './repository';

const VLLM_DEFAULT_UTILIZATION = 0.9;

/** model.json of the newest version directory that has one. */
function engineArgs(repo: Repository): Record<string, unknown> | undefined {
  for (const v of versionDirs(repo.host, repo.modelDir)) {
    const text = repo.host.readFile(path.join(repo.modelDir, v, 'model.json'), 256 * 1024);
    if (text === undefined) continue;
    try {
      const json: unknown = JSON.parse(text);
      return isObj(json) ? json : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export const instanceGroupsOvercommitGpu = defineRule({
  id: 'triton/instance-groups-overcommit-gpu',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'vLLM instances on one GPU reserve more than its memory',
  fix: 'unsafe',
  sources: ['ServeScope capacity rule (issue 5 §2); triton-inference-server/vllm_backend `src/model.py` `_validate_device_config` (KIND_GPU pins CUDA_VISIBLE_DEVICES) (@8de0c14); vLLM worker start-up memory check (gpu_memory_utilization of total memory must be free)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const repo = repositoryOf(ctx.analysis);
    if (!cfg || cfg.backend !== 'vllm' || !repo) return;
    const groups = list(cfg.instance_group);
    if (groups.length === 0) return;
    const args = engineArgs(repo);
    if (!args) return;
    const util = num(args.gpu_memory_utilization) ?? VLLM_DEFAULT_UTILIZATION;
    if (util <= 0) return;
    // Instances per GPU: pinned ones by id, unpinned GPU ones on every GPU, KIND_MODEL on the default device (0).
    const pinned = new Map<number, number>();
    let everyGpu = 0;
    let onDefault = 0;
    const contributing: number[] = [];
    for (const [i, g] of groups.entries()) {
      if (!isObj(g) || g.kind === 'KIND_CPU') continue;
      const count = g.count === undefined ? 1 : int(g.count);
      if (count === undefined) return;
      contributing.push(i);
      const gpus = list(g.gpus).map(int);
      if (gpus.some((x) => x === undefined)) return;
      if (g.kind === 'KIND_MODEL') onDefault += count;
      else if (gpus.length === 0) everyGpu += count;
      else for (const id of gpus as number[]) pinned.set(id, (pinned.get(id) ?? 0) + count);
    }
    const devices = new Set([0, ...pinned.keys()]);
    const worst = Math.max(...[...devices].map((d) => (pinned.get(d) ?? 0) + everyGpu + (d === 0 ? onDefault : 0)));
    const demand = worst * util;
    if (worst < 2 || demand <= 1 + 1e-9) return;
    const fits = Math.max(1, Math.floor(1 / util + 1e-9));
    const single = contributing.length === 1 ? contributing[0] : undefined;
    const at = single !== undefined && isObj(groups[single]) && (groups[single] as Record<string, unknown>).count !== undefined ? rangeAt(ctx.analysis, ['instance_group', single, 'count']) : keyRangeAt(ctx.analysis, ['instance_group']);
    ctx.report({
      message: `${fmt(worst)} vLLM engines share one GPU and each reserves gpu_memory_utilization ${util} of it (model.json): ${fmt(worst)} × ${util} = ${demand.toFixed(2)} of the GPU. vLLM refuses to start an engine when free memory is below its share, so instances beyond ${fmt(fits)} fail to load. Lower count, spread instances over GPUs with KIND_GPU and gpus, or lower gpu_memory_utilization.`,
      range: at,
      data: single !== undefined ? { group: single, count: fits } : undefined,
    });
  },
  fixes(finding, a) {
    const { group, count } = finding.data ?? {};
    if (typeof group !== 'number' || typeof count !== 'number') return [];
    const node = nodeAt(a, ['instance_group', group, 'count']).node;
    return node ? [{ title: `Set count to ${fmt(count)} (what one GPU holds)`, edits: [replaceScalar(a.text, node, count)] }] : [];
  },
});
