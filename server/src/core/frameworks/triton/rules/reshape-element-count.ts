/** dims and reshape must describe the same number of elements (per variable-size segment). */
import { defineRule } from '../../../rules/rule';
import { configOf, isObj, keyRangeAt, modelName } from './model-config';
import { elementCount, intList, ioLabel, ioTensors } from './io-tensors';

/** Element counts of the runs between -1 entries. */
function segments(dims: number[]): number[] {
  const out: number[] = [];
  let cur = 1;
  for (const d of dims) {
    if (d === -1) {
      out.push(cur);
      cur = 1;
    } else cur *= d;
  }
  out.push(cur);
  return out;
}

export const reshapeElementCount = defineRule({
  id: 'triton/reshape-element-count',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'dims and reshape with different element counts',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateIOShape` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const name = modelName(cfg);
    for (const t of ioTensors(cfg)) {
      if (!isObj(t.io.reshape)) continue;
      const dims = intList(t.io.dims);
      const shape = intList(t.io.reshape.shape);
      // Invalid entries are reported by io-dims-invalid / reshape-dims-invalid, and Triton stops there.
      if (!dims || !shape || dims.length === 0 || [...dims, ...shape].some((d) => d === 0 || d < -1)) continue;
      const a = elementCount(dims);
      const b = elementCount(shape);
      const range = keyRangeAt(ctx.analysis, [...t.path, 'reshape']);
      const show = (x: number[]) => `[${x.join(', ')}]`;
      if (a !== b && !(b === 0 && a === 1)) {
        ctx.report({
          message: `dims ${show(dims)} and reshape ${show(shape)} of ${t.side} "${t.name ?? ''}" hold different numbers of elements; Triton rejects the config ("${ioLabel(t)} has different size for dims and reshape for ${name}").`,
          range,
        });
        continue;
      }
      if (a !== -1) continue;
      const sa = segments(dims);
      const sb = segments(shape);
      if (sa.length !== sb.length) {
        ctx.report({
          message: `dims ${show(dims)} and reshape ${show(shape)} of ${t.side} "${t.name ?? ''}" have different numbers of variable-size (-1) dimensions; Triton rejects the config ("${ioLabel(t)} has different number of variable-size dimensions for dims and reshape for ${name}").`,
          range,
        });
      } else if (sa.some((x, i) => x !== sb[i])) {
        ctx.report({
          message: `The fixed parts between the -1 dimensions of dims ${show(dims)} and reshape ${show(shape)} of ${t.side} "${t.name ?? ''}" differ in size; Triton rejects the config ("${ioLabel(t)} has different size for dims and reshape for ${name}").`,
          range,
        });
      }
    }
  },
});
