/** BentoML bentofile.yaml and runtime configuration YAML. */
import type { FrameworkAdapter } from '../adapter';
import { toValue } from '../../schema/value';
import { planFromBentoml } from './plan';

export const bentomlAdapter: FrameworkAdapter = {
  noun: 'BentoML field',
  toValue(input) {
    return toValue(input.root);
  },
  plan: planFromBentoml,
};
