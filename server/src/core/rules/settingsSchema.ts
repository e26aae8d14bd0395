/** The `servescope.rules` setting's JSON schema, one property per finding code, from the catalog. */
import { findingCodes } from './catalog';

export const RULE_LEVELS = ['off', 'hint', 'information', 'warning', 'error'] as const;

export function rulesSetting() {
  const properties: Record<string, { type: 'string'; enum: string[]; description: string }> = {};
  for (const c of findingCodes()) properties[c.id] = { type: 'string', enum: [...RULE_LEVELS], description: `${c.title} (default: ${c.severity})` };
  return {
    type: 'object',
    scope: 'resource',
    default: {},
    properties,
    additionalProperties: false,
    markdownDescription: 'Severity per rule id, e.g. `{"capacity/enforce-eager-latency": "off"}`. Every id and its page: `docs/rules/`.',
  };
}
