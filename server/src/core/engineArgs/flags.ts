/**
 * The command-line side of the engine-argument table: the `node:util` parseArgs
 * options of every argument that feeds the capacity engine, and the values read
 * back from them. `servescope estimate` takes each flag once; `servescope plan`
 * takes a searched one (tensor sizes, quantizations...) several times.
 */
import type { EstimateInput } from '../capacity/types';
import { parseHumanInt } from './humanInt';
import { ARGS, type EngineArgSpec, type SearchField } from './table';

export type FlagOption = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

const flagged = (): EngineArgSpec[] => ARGS.filter((a) => a.estimate && a.kind !== 'json');

/** parseArgs options for the engine arguments; with `search`, searched flags may repeat. */
export function engineArgOptions(mode: 'single' | 'search'): Record<string, FlagOption> {
  const out: Record<string, FlagOption> = {};
  for (const a of flagged()) {
    out[a.flag] = {
      type: a.kind === 'bool' ? 'boolean' : 'string',
      ...(a.short && { short: a.short }),
      ...(mode === 'search' && a.search && { multiple: true }),
    };
  }
  return out;
}

/** Usage items for the engine-argument flags (`[--max-model-len N]`, `[--quantization Q]...` when searched); `--model` is each command's own. */
export function engineArgUsage(mode: 'single' | 'search'): string[] {
  return flagged()
    .filter((a) => a.name !== 'model')
    .map((a) => {
      const value = a.kind === 'bool' ? '' : ` ${a.metavar ?? (a.kind === 'float' ? 'F' : a.kind === 'string' ? 'V' : 'N')}`;
      return `[--${a.flag}${value}]${mode === 'search' && a.search ? '...' : ''}`;
    });
}

/** One flag value read as its kind; throws with the flag's name when it can't be. */
export function flagValue(a: EngineArgSpec, raw: string | boolean): string | number | boolean | undefined {
  if (typeof raw === 'boolean' || a.kind === 'bool') return raw;
  if (a.unset !== undefined && raw === a.unset) return undefined;
  if (a.kind === 'int' || a.kind === 'humanInt') {
    const n = parseHumanInt(raw);
    if (n === undefined) throw new Error(`--${a.flag} must be an integer (got "${raw}")`);
    return n;
  }
  if (a.kind === 'float') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new Error(`--${a.flag} must be a number (got "${raw}")`);
    return n;
  }
  return raw;
}

export interface FlagArgs {
  /** Engine inputs given once. */
  input: Partial<Pick<EstimateInput, NonNullable<EngineArgSpec['estimate']>>>;
  /** Lists to search over, in `search` mode. */
  search: Partial<Record<SearchField, (string | number | undefined)[]>>;
}

/** The engine arguments parsed flags hold (absent flags stay absent). */
export function engineArgsFromFlags(values: Record<string, unknown>, mode: 'single' | 'search'): FlagArgs {
  const out: FlagArgs = { input: {}, search: {} };
  for (const a of flagged()) {
    const raw = values[a.flag] as string | boolean | string[] | undefined;
    if (raw === undefined) continue;
    if (Array.isArray(raw)) {
      const list = raw.map((r) => flagValue(a, r) as string | number | undefined);
      if (mode === 'search' && a.search) out.search[a.search] = list;
      else (out.input as Record<string, unknown>)[a.estimate!] = list[list.length - 1];
      continue;
    }
    (out.input as Record<string, unknown>)[a.estimate!] = flagValue(a, raw);
  }
  return out;
}
