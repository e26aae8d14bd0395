/**
 * An argument tritonserver's parser rejects: an option it does not have (or a prefix of
 * several), a missing value, a value on an option that takes none, a bool that is not
 * true/false/on/off/1/0, a mode that is not one of the parser's words, a word that is no
 * option. `TritonParser::Parse` throws a ParseException on each, and the server prints
 * its usage and exits before loading any model (triton-inference-server/server
 * `src/command_line_parser.cc`).
 */
import type { Finding } from '../../types';
import type { TritonContainer } from '../tritonCommand';

export const TRITON_ARG_RULE = 'k8s/triton-arg-invalid';

export function tritonArgInvalid(c: TritonContainer): Finding[] {
  return c.args
    .filter((a) => a.problem)
    .map((a) => ({
      code: TRITON_ARG_RULE,
      severity: 'error' as const,
      message: `${c.label}: ${a.problem}. tritonserver prints its usage and exits before loading any model.`,
      // A bad value lands on the value; a bad option on the word that names it.
      range: (a.name && a.value ? a.value : a.flag).range,
    }));
}
