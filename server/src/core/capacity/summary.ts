/** The one-line capacity summary shown at the top of a file (code lens and status bar). */
import type { Analysis } from '../analysis';

export function summaryLine(_a: Omit<Analysis, 'findings'>): string | undefined {
  return undefined;
}
