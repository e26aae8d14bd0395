import type { FormatId } from './types';

const NAMES: Record<FormatId, string> = { vllm: 'vLLM', triton: 'Triton', rayserve: 'Ray Serve', bentoml: 'BentoML' };

export function frameworkName(f: FormatId | null | undefined): string {
  return f ? NAMES[f] : 'ServeScope';
}
