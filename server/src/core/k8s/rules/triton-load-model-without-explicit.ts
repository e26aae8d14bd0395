/**
 * `--load-model` without `--model-control-mode=explicit`: after parsing, TritonParser
 * rejects the combination ("Use of '--load-model' requires setting
 * '--model-control-mode=explicit' as well.") and the server exits
 * (triton-inference-server/server `src/command_line_parser.cc`, post-parsing validation).
 */
import type { Finding } from '../../types';
import type { TritonContainer } from '../tritonCommand';

export const TRITON_LOAD_MODEL_RULE = 'k8s/triton-load-model-without-explicit';

export function tritonLoadModelWithoutExplicit(c: TritonContainer): Finding[] {
  const mode = [...c.args].reverse().find((a) => a.name === 'model-control-mode' && a.value);
  const explicit = mode?.value && mode.value.text.toLowerCase() === 'explicit';
  // A mode the pod fills in at start is unknown: say nothing.
  if (explicit || (mode?.value && /\$/.test(mode.value.text))) return [];
  return c.args
    .filter((a) => a.name === 'load-model')
    .slice(0, 1)
    .map((a) => ({
      code: TRITON_LOAD_MODEL_RULE,
      severity: 'error' as const,
      message: `${c.label}: --load-model needs --model-control-mode=explicit (${mode?.value ? `the mode here is "${mode.value.text}"` : 'the default mode is none'}); tritonserver rejects the combination and exits. Add --model-control-mode=explicit, or drop --load-model to load every model in the repository.`,
      range: a.flag.range,
    }));
}
