/** Ray Serve config YAML (incl. Ray Serve LLM): plain keys, LLM apps planned like vLLM. */
import type { FrameworkAdapter } from '../adapter';
import { toValue } from '../../schema/value';
import { planFromRayServe } from './plan';

export const rayServeAdapter: FrameworkAdapter = {
  noun: 'Ray Serve field',
  // Serve's pydantic schemas ignore unknown fields (LLMConfig forbids them), so a typo
  // there silently loses the setting rather than failing the deploy.
  unknownKey: (schema) =>
    schema === 'rayserve-llm' ? undefined : { severity: 'warning', consequence: 'Ray Serve ignores unknown fields, so this setting has no effect.' },
  toValue(input) {
    return toValue(input.root);
  },
  plan: planFromRayServe,
};
