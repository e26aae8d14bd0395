/**
 * Triton config → ServingPlan. Only LLM backends carry what the capacity model needs:
 * the vLLM backend keeps its engine arguments in `<version>/model.json` next to the
 * config, TensorRT-LLM keeps its KV settings in `parameters` and the model shape in
 * the engine directory's config.json. Both files come in as companions read by the
 * caller. For other backends the plan holds admission facts (batch size, queue
 * delay, instances) that batching rules use.
 */
import type { AdapterInput } from '../adapter';
import type { ServedDeployment, ServingPlan, Sourced, TrtllmDeployment } from '../../plan';
import type { SourceNode } from '../../types';
import { locate, type ValueWithOrigins } from '../../schema/value';
import { engineFromConfigJson } from '../../capacity/trtllmEngine';
import { planFromEngineArgs } from '../../engineArgs/plan';
import { isNum, isStr, sourced, valueAtPath } from '../sourced';

export function planFromTriton(input: AdapterInput, v: ValueWithOrigins): ServingPlan | undefined {
  const root = input.root;
  const val = v.value as Record<string, unknown> | null;
  if (!val || typeof val !== 'object') return undefined;
  const backend = typeof val.backend === 'string' ? val.backend : '';
  const engine = backend === 'vllm' ? 'vllm' : backend === 'tensorrtllm' ? 'tensorrt-llm' : 'other';
  const name = typeof val.name === 'string' ? val.name : 'model';
  const maxBatch = sourced(root, v, ['max_batch_size'], isNum);
  const delay = sourced(root, v, ['dynamic_batching', 'max_queue_delay_microseconds'], (x): x is number => isNum(x) || (isStr(x) && /^\d+$/.test(x)));
  const range = root?.range ?? { start: 0, end: 0 };
  const companions = input.companions ?? {};
  const { model = {}, parallelism = {}, admission = {}, ...backendFacts } =
    engine === 'vllm' ? vllmBackendArgs(companions, name, range) : engine === 'tensorrt-llm' ? trtllmBackend(root, v, companions) : ({} as Partial<ServedDeployment>);
  // Findings and hovers about settings that live elsewhere anchor on the `backend` line.
  const backendKey = sourced(root, v, ['backend'], isStr);
  if (model.id && !model.id.keyRange) model.id = { ...model.id, range: backendKey?.range, keyRange: backendKey?.keyRange };
  const dep: ServedDeployment = {
    name,
    range,
    engine,
    model,
    hardware: {},
    parallelism,
    replicas: instanceCount(v),
    admission: { ...admission, maxOngoing: maxBatch, batchDelayUs: delay ? { ...delay, value: Number(delay.value) } : undefined },
    ...backendFacts,
  };
  return { format: 'triton', deployments: [dep] };
}

/** `<version>/model.json` companions, newest version first (Triton serves the latest by default). */
function modelJsonPaths(companions: Record<string, string>): string[] {
  return Object.keys(companions)
    .filter((k) => /^\d+\/model\.json$/.test(k))
    .sort((a, b) => Number(b.split('/')[0]) - Number(a.split('/')[0]));
}

function vllmBackendArgs(companions: Record<string, string>, name: string, range: { start: number; end: number }): Partial<ServedDeployment> {
  const file = modelJsonPaths(companions)[0];
  if (!file) return { argsFileProblem: 'the engine arguments (the vLLM backend reads them from <version>/model.json next to config.pbtxt; none was found)' };
  let args: unknown;
  try {
    args = JSON.parse(companions[file]);
  } catch (err) {
    return { argsFile: file, argsFileProblem: `readable engine arguments: ${file} is not valid JSON (${(err as Error).message})` };
  }
  if (!args || typeof args !== 'object' || Array.isArray(args)) return { argsFile: file, argsFileProblem: `readable engine arguments: ${file} is not a JSON object` };
  // The values carry no range in this document; planFromEngineArgs leaves ranges undefined without a tree.
  const d = planFromEngineArgs(null, { value: args, origins: new WeakMap() }, [], name, range);
  const fromFile = <T>(s: Sourced<T> | undefined): Sourced<T> | undefined => (s ? { ...s, path: `${file}:${s.path ?? ''}` } : undefined);
  for (const group of [d.model, d.parallelism, d.admission] as unknown as Record<string, Sourced<unknown> | undefined>[]) {
    for (const k of Object.keys(group)) group[k] = fromFile(group[k]);
  }
  return { model: d.model, parallelism: d.parallelism, admission: d.admission, argsFile: file };
}

/** Reads the tensorrt_llm model's `parameters` (string values; `${...}` placeholders count as unset, as the backend treats them). */
function trtllmBackend(root: SourceNode | null, v: ValueWithOrigins, companions: Record<string, string>): Partial<ServedDeployment> {
  const params = valueAtPath(v.value, ['parameters']);
  const entries = Array.isArray(params) ? params : [];
  const param = (key: string): Sourced<string> | undefined => {
    // The last entry wins, as in the protobuf map.
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i] as { key?: unknown; value?: { string_value?: unknown } } | null;
      if (e?.key !== key) continue;
      const raw = e.value?.string_value;
      if (typeof raw !== 'string' || raw.trim() === '' || /^\$\{.*\}$/.test(raw.trim())) return undefined;
      const loc = locate(root, v, ['parameters', String(i), 'value', 'string_value']);
      // keyRange is the entry's `key:` field, so hovering that line finds the deployment.
      return { value: raw.trim(), range: loc.node?.range, keyRange: locate(root, v, ['parameters', String(i), 'key']).key?.range, path: `parameters.${key}` };
    }
    return undefined;
  };
  const asNum = (s: Sourced<string> | undefined): Sourced<number> | undefined => {
    if (!s || !/^\s*\d+(\.\d+)?\s*$/.test(s.value)) return undefined;
    return { ...s, value: Number(s.value) };
  };
  const enginePath = param('gpt_model_path');
  const t: TrtllmDeployment = {
    enginePath,
    freeMemFraction: asNum(param('kv_cache_free_gpu_mem_fraction')),
    maxTokensInPagedKvCache: asNum(param('max_tokens_in_paged_kv_cache')),
  };
  const out: Partial<ServedDeployment> = { trtllm: t };
  if (!enginePath) return { ...out, argsFileProblem: "the engine: set gpt_model_path to the engine directory (its config.json holds the model's shape)" };
  const file = `${enginePath.value.replace(/\/+$/, '')}/config.json`;
  const text = companions[file];
  if (text === undefined) return { ...out, argsFileProblem: `the engine's config.json (${file} was not found)` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ...out, argsFileProblem: `a readable engine config (${file} is not valid JSON: ${(err as Error).message})` };
  }
  t.engine = engineFromConfigJson(json, file);
  if (typeof t.engine === 'string') return { ...out, argsFileProblem: `a readable engine config (${t.engine})` };
  const e = t.engine;
  // The engine fixes the model and its parallelism; anchor them on gpt_model_path.
  const at = { range: enginePath.range, keyRange: enginePath.keyRange };
  return {
    ...out,
    model: { id: { value: e.arch.id, ...at, path: 'parameters.gpt_model_path' }, maxModelLen: { value: e.maxSeqLen, path: `${file}:build_config.max_seq_len` } },
    parallelism: { tensor: { value: e.tp, path: `${file}:pretrained_config.mapping.tp_size` }, pipeline: { value: e.pp, path: `${file}:pretrained_config.mapping.pp_size` } },
    admission: { maxNumSeqs: e.maxBatchSize ? { value: e.maxBatchSize, path: `${file}:build_config.max_batch_size` } : undefined },
  };
}

function instanceCount(v: ValueWithOrigins): { fixed?: Sourced<number> } {
  const groups = valueAtPath(v.value, ['instance_group']);
  if (!Array.isArray(groups)) return {};
  let total = 0;
  for (const g of groups) {
    const c = (g as { count?: unknown })?.count;
    total += typeof c === 'number' ? c : 1;
  }
  return { fixed: { value: total, path: 'instance_group' } };
}
