/**
 * Named traffic shapes for users who know their use case but not its token
 * counts. Each shape is one a public source states; the spread is the source's
 * range where it gives one.
 */
import type { LengthSpec } from './traffic';

export interface TrafficPreset {
  input: LengthSpec;
  output: LengthSpec;
  prefixHitRatio?: number;
  /** Where the shape comes from, said in the plan's assumptions. */
  source: string;
}

const PRESETS: Record<string, TrafficPreset> = {
  chat: {
    input: { mean: 342 },
    output: { mean: 281 },
    source:
      'ShareGPT conversations as vllm bench serve samples them: 1,000 prompts averaging 342 input and 281 output tokens (GPUStack performance lab, docs/performance-lab/qwen3.5-9b/h100-latency.md)',
  },
};

export function presetNames(): string[] {
  return Object.keys(PRESETS);
}

export function trafficPreset(name: string): TrafficPreset | undefined {
  return Object.prototype.hasOwnProperty.call(PRESETS, name) ? PRESETS[name] : undefined;
}
