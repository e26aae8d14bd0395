/**
 * Two inputs (or outputs) with one name. Triton loads the model but keeps only the first
 * definition; a duplicated required input still counts twice, so every request fails
 * ("expected N inputs but got N-1").
 */
import { defineRule } from '../../../rules/rule';
import { configOf, rangeAt, truthy, type Path } from './model-config';
import { ioTensors } from './io-tensors';

export const duplicateIoName = defineRule({
  id: 'triton/duplicate-io-name',
  appliesTo: { formats: ['triton'] },
  severity: 'error',
  title: 'Two inputs or two outputs with the same name',
  fix: 'none',
  sources: ['triton-inference-server/core `src/model.cc` `Model::Init` (input/output maps, required input count) and `src/infer_request.cc` input-count check (@73aad7c3, 2026-06-09)'],
  check(ctx) {
    const cfg = configOf(ctx.analysis);
    if (!cfg) return;
    const seen = new Map<string, Path>();
    for (const t of ioTensors(cfg)) {
      if (!t.name) continue;
      const key = `${t.side}:${t.name}`;
      const prev = seen.get(key);
      if (!prev) {
        seen.set(key, [...t.path, 'name']);
        continue;
      }
      const required = t.side === 'input' && !truthy(t.io.optional);
      ctx.report({
        message:
          t.side === 'input'
            ? `Input "${t.name}" is declared twice; Triton keeps the first declaration${required ? ' but counts both as required, so every request is rejected ("expected N inputs but got N-1")' : ''}. Remove or rename one.`
            : `Output "${t.name}" is declared twice; Triton keeps only the first declaration. Remove or rename one.`,
        range: rangeAt(ctx.analysis, [...t.path, 'name']),
        severity: required ? 'error' : 'warning',
        related: [{ range: rangeAt(ctx.analysis, prev), message: 'first declared here' }],
      });
    }
  },
});
