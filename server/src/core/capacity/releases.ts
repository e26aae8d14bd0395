/**
 * Which engine generation a vLLM release runs, for the capacity model's memory
 * budgeting and step costs. vLLM 0.8.0 made the V1 engine the default
 * (VLLM_USE_V1=1, release notes of v0.8.0); earlier releases run V0.
 */
import { compareVersions } from '../version';
import type { EstimateInput } from './types';

export function engineForVersion(version: string): { engine: 'v0' | 'v1'; release: string; note: string } | undefined {
  if (!/^v?\d+(\.\d+){0,2}([.+-].*)?$/.test(version.trim())) return undefined;
  const v1 = compareVersions(version.trim(), '0.8.0') >= 0;
  const release = version.trim().replace(/^v/, '');
  return v1
    ? { engine: 'v1', release, note: `vLLM ${version}: V1 engine budgeting and scheduler` }
    : { engine: 'v0', release, note: `vLLM ${version}: V0 engine memory budgeting and per-step CPU cost; the simulation still follows V1's scheduler (chunked prefill as configured)` };
}

/** What an estimate takes from a release the user names: its engine generation, and the release for the assumptions. */
export function releaseInput(version: string): Pick<EstimateInput, 'engine' | 'vllmVersion'> | undefined {
  const e = engineForVersion(version);
  return e && { engine: e.engine, vllmVersion: e.release };
}
