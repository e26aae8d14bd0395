/** conda.environment_yml next to channels/dependencies/pip, which BentoML then ignores. */
import { defineRule } from '../../../rules/rule';
import { bentofile, keyRangeAt } from './bentofile';

export const condaEnvironmentYmlOverrides = defineRule({
  id: 'bentoml/conda-environment-yml-overrides',
  appliesTo: { schemas: ['bentofile'] },
  severity: 'warning',
  title: 'conda option ignored because environment_yml is set',
  fix: 'none',
  sources: ['BentoML `src/bentoml/_internal/bento/build_config.py` `CondaOptions.__attrs_post_init__` (@32230a52, v1.4.38+5)'],
  check(ctx) {
    const a = ctx.analysis;
    const conda = bentofile(a)?.conda;
    if (!conda || typeof conda.environment_yml !== 'string') return;
    for (const key of ['channels', 'dependencies', 'pip']) {
      if (conda[key] === undefined || conda[key] === null) continue;
      ctx.report({
        message: `conda environment_yml ${conda.environment_yml} is used, '${key}' option is ignored. Put these entries into the environment file, or drop environment_yml.`,
        range: keyRangeAt(a, ['conda', key]),
        tags: ['unnecessary'],
        related: [{ range: keyRangeAt(a, ['conda', 'environment_yml']), message: 'environment_yml' }],
      });
    }
  },
});
