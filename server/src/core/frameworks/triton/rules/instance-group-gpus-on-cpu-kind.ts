/** KIND_CPU and KIND_MODEL instance groups must not list GPUs. */
import { defineRule } from '../../../rules/rule';
import { deletePair } from '../../../editing/edits';
import { configOf, isEnsemble, isObj, keyRangeAt, list, modelName, nodeAt, str } from './model-config';

export const instanceGroupGpusOnCpuKind = defineRule({
  id: 'triton/instance-group-gpus-on-cpu-kind',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'KIND_CPU or KIND_MODEL instance group that lists gpus',
  fix: 'unsafe',
  sources: ['triton-inference-server/core `src/model_config_utils.cc` `ValidateInstanceGroup`, `NormalizeInstanceGroup` (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg || isEnsemble(cfg)) return;
    list(cfg.instance_group).forEach((g, i) => {
      if (!isObj(g)) return;
      const kind = g.kind;
      if ((kind !== 'KIND_CPU' && kind !== 'KIND_MODEL') || list(g.gpus).length === 0) return;
      const group = str(g.name) ?? `${modelName(cfg)}_${i}`;
      ctx.report({
        message: `This ${kind} group lists gpus; Triton rejects the config ("instance group ${group} of model ${modelName(cfg)} has kind ${kind} but specifies one or more GPUs"). Remove gpus, or use KIND_GPU to place instances on those GPUs.`,
        range: keyRangeAt(ctx.analysis, ['instance_group', i, 'gpus']),
        data: { group: i },
      });
    });
  },
  fixes(finding, a) {
    const i = finding.data?.group;
    if (typeof i !== 'number') return [];
    const g = nodeAt(a, ['instance_group', i]).node;
    if (g?.kind !== 'map') return [];
    const edits = g.pairs.filter((p) => p.key.value === 'gpus').map((p) => deletePair(a.text, p.range));
    return edits.length ? [{ title: 'Remove gpus from this group', edits }] : [];
  },
});
