/**
 * Where the Anthropic API key lives: VS Code's SecretStorage (OS keychain),
 * falling back to ANTHROPIC_API_KEY. The key is read at the moment of a
 * request and handed to the client module only; it is never put in settings,
 * logs, or messages to the webview.
 */
import * as vscode from 'vscode';

const SECRET_ID = 'servescope.anthropicApiKey';

/** The key to use, or undefined when none is configured. */
export async function readApiKey(secrets: vscode.SecretStorage): Promise<string | undefined> {
  const stored = await secrets.get(SECRET_ID);
  if (stored && stored.trim() !== '') return stored.trim();
  const env = process.env.ANTHROPIC_API_KEY;
  return env && env.trim() !== '' ? env.trim() : undefined;
}

/** Command `servescope.setApiKey`: asks for the key (masked) and stores it; an empty answer removes it. */
export async function promptForApiKey(secrets: vscode.SecretStorage): Promise<boolean> {
  const value = await vscode.window.showInputBox({
    title: 'ServeScope: Set Anthropic API key',
    prompt: 'Stored in VS Code\'s secret storage (your OS keychain), never in settings. Leave empty and press Enter to remove the stored key.',
    placeHolder: 'sk-ant-…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' || /^\S{20,}$/.test(v.trim()) ? undefined : 'That does not look like an API key (no spaces, at least 20 characters).'),
  });
  if (value === undefined) return false;
  if (value.trim() === '') {
    await secrets.delete(SECRET_ID);
    void vscode.window.showInformationMessage('ServeScope: the stored Anthropic API key was removed.');
    return true;
  }
  await secrets.store(SECRET_ID, value.trim());
  void vscode.window.showInformationMessage('ServeScope: Anthropic API key saved. Ask the advisor a question to try it.');
  return true;
}

/** Fires when the stored key changes (here or in another window). */
export function onApiKeyChanged(secrets: vscode.SecretStorage, listener: () => void): vscode.Disposable {
  return secrets.onDidChange((e) => {
    if (e.key === SECRET_ID) listener();
  });
}
