/** The bentoml rules, one file each. */
import type { Rule } from '../../../rules/rule';
import { condaUnsupportedDistro } from './conda-unsupported-distro';
import { cudaUnsupportedDistro } from './cuda-unsupported-distro';

export const BENTOML_RULES: Rule[] = [condaUnsupportedDistro, cudaUnsupportedDistro];
