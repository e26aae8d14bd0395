/**
 * `$(NAME)` in a container's command and args: the kubelet replaces it with the value
 * of the container's environment variable NAME before the process starts (Kubernetes,
 * "Define a command and arguments for a container"; `$$(NAME)` stays literal, an
 * unknown NAME stays as written). GKE's vLLM samples write `--model=$(MODEL_ID)` with
 * MODEL_ID in `env`, so the model is in the manifest, one key away.
 *
 * Only variables with a literal `value` are filled in (not `valueFrom`, nor values that
 * refer to other variables); characters that came from the variable map to its value
 * in the manifest, so a finding about the model lands where the model is written.
 */
import type { OffsetRange, SourceNode } from '../types';
import { scalarText } from '../embedded/scalarText';
import { toHost } from '../embedded/offsetMap';
import { asScalar, asSeq, field, str } from './nodes';
import type { Token } from './vllmCommand';

interface EnvValue {
  text: string;
  at: (i: number) => number | undefined;
  range: OffsetRange;
}

function envValues(host: string, container: SourceNode | undefined): Map<string, EnvValue> {
  const out = new Map<string, EnvValue>();
  for (const e of asSeq(field(container, 'env'))?.items ?? []) {
    const name = str(e, 'name');
    const node = asScalar(field(e, 'value'));
    if (!name || !node || node.value === null) continue;
    const text = String(node.value);
    if (text.includes('$(')) continue;
    const st = typeof node.value === 'string' ? scalarText(host, node) : undefined;
    const at = st ? (i: number) => toHost(st.map, i) : (i: number) => (node.source === text ? node.range.start + i : undefined);
    // A later entry of the same name wins, as in the pod.
    out.set(name, { text, at, range: node.range });
  }
  return out;
}

const REF = /\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g;

/**
 * The tokens with `$(NAME)` replaced where the container's env gives NAME a literal
 * value. A token that is the reference (`$(MODEL_ID)`) or a flag set to it
 * (`--model=$(MODEL_ID)`) maps the value's characters to the env entry; any other mix
 * maps only as the whole token.
 */
export function expandEnvRefs(host: string, container: SourceNode | undefined, tokens: Token[]): Token[] {
  if (!tokens.some((t) => t.text.includes('$('))) return tokens;
  const env = envValues(host, container);
  if (!env.size) return tokens;
  return tokens.map((t) => {
    let hit: EnvValue | undefined;
    let refs = 0;
    const text = t.text.replace(REF, (all, name: string | undefined) => {
      if (all === '$$') return '$';
      const v = name !== undefined ? env.get(name) : undefined;
      if (!v) return all;
      refs++;
      hit = v;
      return v.text;
    });
    if (text === t.text && !t.text.includes('$$')) return t;
    const m = /^(-[^=]*=)?\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)$/.exec(t.text);
    if (refs !== 1 || !m || !hit) return { text, at: () => undefined, range: t.range };
    const v = hit;
    const head = m[1]?.length ?? 0;
    return { text, at: (i: number) => (i < head ? t.at(i) : v.at(i - head)), range: t.range };
  });
}
