/** The served model's architecture from the model catalog (or local/HF-cache config.json). */
import type { ServedDeployment } from '../../../plan';
import { resolveModel, type ModelArch } from '../../../capacity';

export function archOf(dep: ServedDeployment): ModelArch | undefined {
  const id = dep.model.id?.value;
  if (typeof id !== 'string' || !id.trim()) return undefined;
  try {
    const r = resolveModel(id);
    return 'arch' in r ? r.arch : undefined;
  } catch {
    return undefined;
  }
}
