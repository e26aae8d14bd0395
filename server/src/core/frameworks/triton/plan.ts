/**
 * Triton config → ServingPlan. Only LLM backends carry what the capacity model needs:
 * the vLLM backend keeps its engine arguments in model.json next to the config (not
 * readable from config.pbtxt alone), TensorRT-LLM keeps batching and KV settings in
 * `parameters`. For other backends the plan holds admission facts (batch size,
 * queue delay, instances) that batching rules use.
 */
import type { AdapterInput } from '../adapter';
import type { ServingPlan, Sourced } from '../../plan';
import type { ValueWithOrigins } from '../../schema/value';
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
  return {
    format: 'triton',
    deployments: [
      {
        name,
        range: root?.range ?? { start: 0, end: 0 },
        engine,
        model: {},
        hardware: {},
        parallelism: {},
        replicas: instanceCount(v),
        admission: {
          maxOngoing: maxBatch,
          batchDelayUs: delay ? { ...delay, value: Number(delay.value) } : undefined,
        },
      },
    ],
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
