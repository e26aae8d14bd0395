/** `servescope estimate`: wired to the capacity engine (see capacity/). */
export function runEstimate(_args: string[], _out: (s: string) => void, err: (s: string) => void): number {
  err('servescope estimate: the capacity model is not wired yet.');
  return 2;
}
