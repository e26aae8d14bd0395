/**
 * The one reader of integer engine arguments, matching vLLM's `human_readable_int`
 * (vllm/engine/arg_utils.py): a number, or a string that is either a plain Python
 * integer or digits with one suffix and nothing between them. Lower-case suffixes
 * are decimal (k = 10^3 … t = 10^12), upper-case binary (K = 2^10 … T = 2^40).
 * vLLM truncates a decimal mantissa (`25.6k` → 25,600, `1.0005k` → 1,000) and
 * refuses one on a binary suffix (`1.5K`), so both are undefined here too.
 * t/T are in current vLLM; older releases (e.g. vllm-project/vllm@99d7eb5d) stop at g/G
 * and reject `1t`, which a config pinned to them would find out at start-up.
 */

const DECIMAL: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12 };
const BINARY: Record<string, number> = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

// Python's str.strip() and int() both skip surrounding whitespace; int() also takes a sign and `1_000`.
const SUFFIXED = /^(\d+(?:\.\d+)?)([kmgtKMGT])$/;
const PLAIN = /^[+-]?\d+(?:_\d+)*$/;

/** The integer vLLM reads from `x`, or undefined where vLLM would reject it. */
export function parseHumanInt(x: unknown): number | undefined {
  // A YAML number reaches vLLM as str(value): a float such as 4096.0 is not an int there.
  if (typeof x === 'number') return Number.isInteger(x) ? x : undefined;
  if (typeof x !== 'string') return undefined;
  const s = x.trim();
  const m = SUFFIXED.exec(s);
  if (m) {
    const [, digits, suffix] = m;
    if (suffix in DECIMAL) return Math.trunc(Number(digits) * DECIMAL[suffix]);
    return /^\d+$/.test(digits) ? Number(digits) * BINARY[suffix] : undefined;
  }
  return PLAIN.test(s) ? Number(s.replace(/_/g, '')) : undefined;
}
