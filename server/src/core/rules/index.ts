/**
 * Every rule, in one list. One rule per file; each framework folder keeps its own
 * list, plan-based capacity rules live in rules/capacity (see CONTRIBUTING.md).
 */
import type { Rule } from './rule';
import { deprecatedKey } from './schema/deprecated-key';
import { removedKey } from './schema/removed-key';
import { addedKey } from './schema/added-key';
import { VLLM_RULES } from '../frameworks/vllm/rules';
import { TRITON_RULES } from '../frameworks/triton/rules';
import { RAYSERVE_RULES } from '../frameworks/rayserve/rules';
import { BENTOML_RULES } from '../frameworks/bentoml/rules';
import { CAPACITY_RULES } from './capacity';

export const ALL_RULES: Rule[] = [deprecatedKey, removedKey, addedKey, ...VLLM_RULES, ...TRITON_RULES, ...RAYSERVE_RULES, ...BENTOML_RULES, ...CAPACITY_RULES];
