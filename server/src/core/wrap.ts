/**
 * Word wrapping for plain-text output (the topology diagram, the CLI's usage lines): words
 * are kept whole, a line is broken before the word that would pass `width`, and every line
 * after the first starts with `hang` spaces.
 */
export function wrapWords(words: readonly string[], width: number, hang: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (next.length > width && line.trim()) {
      out.push(line);
      line = `${' '.repeat(hang)}${word}`;
    } else line = next;
  }
  out.push(line);
  return out;
}
