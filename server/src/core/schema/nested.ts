/**
 * Values that another schema governs: Ray Serve LLM `engine_kwargs` are vLLM engine
 * arguments (`"x-validate-as": "vllm"` in the Ray schemas). They are checked against
 * the vLLM schema with vLLM's wording, pointing at the nodes inside the Ray file.
 */
import type { Finding, SchemaId, SourceNode } from '../types';
import { loadSchema } from './registry';
import { checkSchema } from './validate';
import type { ValueWithOrigins } from './value';
import { walkWithSchema } from './walk';
import { annotation } from './navigate';
import { VLLM_SYNONYMS } from '../engineArgs/keys';

export function checkNestedSchemas(id: SchemaId, root: SourceNode | null, v: ValueWithOrigins): Finding[] {
  const out: Finding[] = [];
  walkWithSchema(v.value, loadSchema(id), (path, value, alts) => {
    const target = annotation<string>(alts, 'x-validate-as');
    if (!target || path.length === 0) return true;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      out.push(...checkSchema(target as SchemaId, root, v, { noun: 'vLLM engine argument', basePath: path, synonyms: target === 'vllm' ? VLLM_SYNONYMS : undefined }, value));
    }
    return false;
  }, undefined, ['x-validate-as']);
  return out;
}
