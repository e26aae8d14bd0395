/**
 * ray_actor_options.label_selector and fallback_strategy that Ray's label checks reject
 * (ray._private.label_utils validate_label_selector / validate_fallback_strategy, run by
 * validate_actor_options): Kubernetes-style label keys, and values with the !, in() and
 * !in() operators.
 */
import { defineRule } from '../../../rules/rule';
import { actorOptionBlocks } from './actor-options';
import { isObj, keyRangeAt, rangeAt } from './serve-blocks';

const LABEL = '([a-zA-Z0-9]([a-zA-Z0-9_.-]{0,61}[a-zA-Z0-9])?)';
const LABEL_FULL = new RegExp(`^${LABEL}$`);
const PREFIX = new RegExp(`^(${LABEL}?(\\.${LABEL}?)*)$`);
const SELECTOR = new RegExp(`^!?(?:in)?\\(${LABEL}(?:, ?${LABEL})*\\)$|^!?${LABEL}$`);
const CHARS = 'beginning and ending with an alphanumeric character ([a-z0-9A-Z]) with dashes (-), underscores (_),dots (.), and alphanumerics between.';

export function labelKeyProblem(key: string): string | undefined {
  let name = key;
  if (key.includes('/')) {
    const i = key.lastIndexOf('/');
    const prefix = key.slice(0, i);
    name = key.slice(i + 1);
    if (prefix.length > 253 || !PREFIX.test(prefix))
      return `Invalid label key prefix \`${prefix}\`. Prefix must be a series of DNS labels separated by dots (.), not longer than 253 characters in total.`;
  }
  if (name.length > 63 || !LABEL_FULL.test(name)) return `Invalid label key name \`${name}\`. Name must be 63 chars or less ${CHARS}`;
  return undefined;
}

export function selectorValueProblem(value: string): string | undefined {
  if (value === '' || SELECTOR.test(value)) return undefined;
  return `Invalid label selector value \`${value}\`. The label selector value should contain optional operators and a label value. Supported operators are: ! and {'in'}. Value must be 63 chars or less ${CHARS}`;
}

export const actorLabelSelectorInvalid = defineRule({
  id: 'rayserve/actor-label-selector-invalid',
  appliesTo: { schemas: ['rayserve', 'rayserve-llm'] },
  severity: 'error',
  title: 'label_selector or fallback_strategy that Ray rejects',
  fix: 'none',
  sources: ['Ray `python/ray/_private/label_utils.py` `validate_label_key`, `validate_label_selector`, `validate_label_selector_value`, `validate_fallback_strategy` (ray-project/ray @010827fd), registered for `label_selector` and `fallback_strategy` in `python/ray/_common/ray_option_utils.py` `_common_options` (@0da4262d); Serve runs them in `ReplicaConfig._validate_ray_actor_options` (eicherseiji/ray @3f30920f)'],
  check(ctx) {
    const a = ctx.analysis;
    const selector = (sel: unknown, at: string[], label: string) => {
      if (!isObj(sel)) return;
      for (const [k, v] of Object.entries(sel)) {
        const keyProblem = labelKeyProblem(k);
        if (keyProblem) ctx.report({ message: `${keyProblem} Ray rejects the ray_actor_options of ${label}.`, range: keyRangeAt(a, [...at, k]) });
        const valueProblem = typeof v === 'string' ? selectorValueProblem(v) : undefined;
        if (!keyProblem && valueProblem) ctx.report({ message: `${valueProblem} Ray rejects the ray_actor_options of ${label}.`, range: rangeAt(a, [...at, k]) });
      }
    };
    for (const o of actorOptionBlocks(a)) {
      selector(o.value.label_selector, [...o.path, 'label_selector'], o.label);
      const fb = o.value.fallback_strategy;
      if (!Array.isArray(fb)) continue;
      fb.forEach((s, i) => {
        const at = [...o.path, 'fallback_strategy', String(i)];
        let problem: string | undefined;
        if (!isObj(s)) problem = 'Each element in fallback_strategy must be a dictionary.';
        else if (Object.keys(s).length === 0) problem = 'Empty dictionary found in `fallback_strategy`.';
        else {
          const other = Object.keys(s).find((k) => k !== 'label_selector');
          if (other !== undefined) problem = `Unsupported option found: '${other}'. Only ['label_selector'] is currently supported.`;
          else if (s.label_selector && !isObj(s.label_selector)) problem = 'The value of "label_selector" must be a dictionary.';
        }
        if (problem) ctx.report({ message: `${problem} Ray rejects the ray_actor_options of ${o.label}.`, range: rangeAt(a, at) });
        else if (isObj(s)) selector(s.label_selector, [...at, 'label_selector'], o.label);
      });
    }
  },
});
