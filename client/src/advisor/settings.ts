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
  // The API key goes wherever baseUrl points, so a cloned repository's
  // .vscode/settings.json must not be able to choose it: only the user's own
  // (global) value counts, whatever scope the setting is declared with.
  const inspected = c.inspect<string>('baseUrl');
  const baseUrl = (inspected?.globalValue ?? inspected?.defaultValue)?.trim();
  return { model: model || DEFAULT_MODEL, baseUrl: baseUrl || undefined };
}
