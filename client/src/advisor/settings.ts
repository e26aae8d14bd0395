/**
 * The advisor's settings (`servescope.advisor.*`). The API key is not a
 * setting: it lives in SecretStorage (see apiKey.ts).
 */
import * as vscode from 'vscode';

/** Used when `servescope.advisor.model` is empty. */
export const DEFAULT_MODEL = 'claude-sonnet-4-5';

export interface AdvisorSettings {
  model: string;
  /** Undefined: the SDK's default endpoint. */
  baseUrl: string | undefined;
}

export function readAdvisorSettings(): AdvisorSettings {
  const c = vscode.workspace.getConfiguration('servescope.advisor');
  const model = c.get<string>('model')?.trim();
  const baseUrl = c.get<string>('baseUrl')?.trim();
  return { model: model || DEFAULT_MODEL, baseUrl: baseUrl || undefined };
}
