/**
 * Template placeholders (`${var}`, `{{ .Values.x }}`, `<YOUR HF TOKEN>`) stand for a
 * value that is filled in before the framework reads the file, so their type can't
 * be judged: schema checks skip them rather than call them garbage.
 */
const PATTERNS = [/\$\{[^}]*\}/, /\{\{[^}]*\}\}/, /^<[^<>]*>$/, /^\$[A-Z_][A-Z0-9_]*$/];

export function isPlaceholder(s: string): boolean {
  return PATTERNS.some((re) => re.test(s.trim()));
}
