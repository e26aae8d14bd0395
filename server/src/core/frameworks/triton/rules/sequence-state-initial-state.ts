/**
 * Implicit state (`sequence_batching.state`) with an `initial_state`: at most one,
 * with the state's data type and dims (no -1, same rank, same sizes where the state's are fixed),
 * and one initial state per state input name.
 */
import { defineRule } from '../../../rules/rule';
import { configOf, isObj, list, rangeAt, str } from './model-config';
import { intList } from './io-tensors';

export const sequenceStateInitialState = defineRule({
  id: 'triton/sequence-state-initial-state',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Invalid initial_state of a sequence batching state',
  fix: 'none',
  sources: ['triton-inference-server/core `src/sequence_batch_scheduler/sequence_batch_scheduler.cc` `SequenceBatchScheduler::Create`, `GenerateInitialStateData` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    const sb = cfg?.sequence_batching;
    if (!cfg || !isObj(sb)) return;
    const seen = new Set<string>();
    list(sb.state).forEach((st, i) => {
      if (!isObj(st)) return;
      const input = str(st.input_name) ?? '';
      const path = ['sequence_batching', 'state', i];
      const inits = list(st.initial_state);
      const report = (quote: string, at: (string | number)[]) => {
        const r = rangeAt(ctx.analysis, at);
        ctx.report({ message: `Invalid initial_state for state "${input}"; Triton refuses to load the model ("${quote}").`, range: { start: r.start, end: Math.min(r.end, r.start + 1) } });
      };
      if (inits.length > 1) {
        report(`initial_state field for state input '${input}' must contain exactly one or zero element. Found '${inits.length}' elements.`, [...path, 'initial_state', 1]);
        return;
      }
      const init = inits[0];
      if (!isObj(init)) return;
      const at = [...path, 'initial_state', 0];
      if ((str(init.data_type) ?? 'TYPE_INVALID') !== (str(st.data_type) ?? 'TYPE_INVALID')) {
        report(`The data type used for 'initial_state' field of state '${input}' does not match the state data type.`, at);
        return;
      }
      // A missing initial_state name is a schema check (schema/missing-required).
      if (seen.has(input)) {
        report(`State input name '${input}' specified more than once.`, [...path, 'input_name']);
        return;
      }
      seen.add(input);
      const a = intList(init.dims);
      const b = intList(st.dims);
      if (!a || !b) return;
      if (a.length !== b.length) {
        report(`Number of dimensions in 'initial_state' doesn't match the size of 'state' dimensions for state input '${input}'. ${a.length} != ${b.length}`, at);
        return;
      }
      const k = a.findIndex((d, j) => d === -1 || (b[j] !== -1 && d !== b[j]));
      if (k < 0) return;
      report(
        a[k] === -1
          ? `'initial_state' field for state input name '${input}' contains variable dimensions.`
          : `'initial_state' dim for input name '${input}' doesn't match 'state' dim description. ${a[k]} != ${b[k]}`,
        [...at, 'dims', k],
      );
    });
  },
});
