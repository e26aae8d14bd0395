/** Registry of framework adapters: a new framework is a new folder plus one line here. */
import type { FormatId } from '../types';
import type { FrameworkAdapter } from './adapter';
import { vllmAdapter } from './vllm';
import { tritonAdapter } from './triton';
import { rayServeAdapter } from './rayserve';
import { bentomlAdapter } from './bentoml';

const ADAPTERS: Record<FormatId, FrameworkAdapter> = {
  vllm: vllmAdapter,
  triton: tritonAdapter,
  rayserve: rayServeAdapter,
  bentoml: bentomlAdapter,
};

export function adapterFor(format: FormatId): FrameworkAdapter {
  return ADAPTERS[format];
}
