/** The bentoml rules, one file each. */
import type { Rule } from '../../../rules/rule';
import { baseImageOverrides } from './base-image-overrides';
import { condaEnvironmentYmlOverrides } from './conda-environment-yml-overrides';
import { condaPipDuplicated } from './conda-pip-duplicated';
import { condaUnsupportedDistro } from './conda-unsupported-distro';
import { condaWithCuda } from './conda-with-cuda';
import { cudaUnsupportedDistro } from './cuda-unsupported-distro';
import { pythonRequirementsAndPackages } from './python-requirements-and-packages';
import { pythonVersionPatchIgnored } from './python-version-patch-ignored';
import { pythonVersionUnquotedFloat } from './python-version-unquoted-float';
import { pythonVersionUnsupportedForDistro } from './python-version-unsupported-for-distro';
import { serviceImportTarget } from './service-import-target';

export const BENTOML_RULES: Rule[] = [
  condaUnsupportedDistro,
  cudaUnsupportedDistro,
  pythonVersionUnquotedFloat,
  pythonVersionUnsupportedForDistro,
  condaPipDuplicated,
  baseImageOverrides,
  pythonVersionPatchIgnored,
  condaWithCuda,
  condaEnvironmentYmlOverrides,
  pythonRequirementsAndPackages,
  serviceImportTarget,
];
