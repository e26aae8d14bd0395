/**
 * How `vllm serve --config` turns YAML into command-line flags: each top-level key
 * becomes `--key`, a scalar value becomes the string after it (Python `str()`), a
 * mapping becomes a JSON string, `true` becomes the bare flag, and `false` becomes
 * `--no-key` only when that option exists under exactly this spelling.
 */
import { loadSchema, type JsonSchema } from '../../../schema/registry';
import type { PairNode, SourceNode } from '../../../types';

let props: Record<string, JsonSchema> | undefined;

/** The vLLM schema's properties (empty when the schema is missing). */
export function vllmProps(): Record<string, JsonSchema> {
  if (!props) {
    try {
      props = (loadSchema('vllm').properties ?? {}) as Record<string, JsonSchema>;
    } catch {
      props = {};
    }
  }
  return props;
}

/** Canonical argument name of a raw top-level key. */
export const canonicalKey = (raw: string): string => raw.trim().replace(/^--/, '').replace(/-/g, '_');

/** The top-level pairs of a vLLM file, as written. */
export function topPairs(root: SourceNode | null): PairNode[] {
  return root?.kind === 'map' ? root.pairs : [];
}

/** Whether the schema types the argument as an integer (plain or human-readable). */
export function isIntegerArg(schema: JsonSchema | undefined): boolean {
  const t = schema?.type;
  return t === 'integer' || (Array.isArray(t) && t.includes('integer') && !t.includes('number'));
}
