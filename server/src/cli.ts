/**
 * The `servescope` command: `check`, `estimate`, `plan`, `observe` and `autoscale`. Argument parsing with
 * node:util parseArgs; the analysis is the same core the editor uses.
 */
import { parseArgs } from 'node:util';
import type { FormatId } from './core/types';
import { checkFile, expandPaths, formatJson, formatSarif, formatText, type CheckedFile } from './cli/check';
import { ESTIMATE_USAGE, runEstimate } from './cli/estimate';
import { PLAN_USAGE, runPlan } from './cli/plan';
import { runObserve } from './cli/observe';
import { AUTOSCALE_USAGE, runAutoscale } from './cli/autoscale';
import { DISK_MODEL_FILES } from './modelFiles';
import { installModelFiles } from './core/capacity/models';

declare const SERVESCOPE_VERSION: string;
const VERSION = typeof SERVESCOPE_VERSION === 'string' ? SERVESCOPE_VERSION : 'dev';

const USAGE = `Usage:
  servescope check [--format text|json|sarif] [--vllm-version V] [--ray-version V]
                   [--triton-version V] [--bentoml-version V] PATH...
                      --<framework>-version: the release you run; keys it does not have yet
                      (or no longer has) are errors
  ${ESTIMATE_USAGE}
  ${PLAN_USAGE}
  servescope observe CONFIG [--slo SPEC] [--rps R] [--out DIR] [--name NAME]
                      Prometheus alert rules (stdout, or DIR/NAME.rules.yaml) and a Grafana
                      dashboard (DIR/NAME.dashboard.json)
  ${AUTOSCALE_USAGE.split('\n').slice(0, 2).join('\n')}
  servescope --version

Exit codes: 0 no errors (plan: the chosen plan meets the SLO), 1 errors found (plan, autoscale: no plan meets it),
2 usage or internal failure.`;

/**
 * Runs one command. The exit code comes back synchronously, except for `estimate --hub` and
 * `plan --hub` when they fetch a config.json from the Hugging Face Hub: then a promise that
 * always settles with a code (never rejects).
 */
export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s + '\n'), err: (s: string) => void = (s) => process.stderr.write(s + '\n')): number | Promise<number> {
  const [cmd, ...rest] = argv;
  // Local model directories and the Hugging Face cache, for every estimate a command makes.
  installModelFiles(DISK_MODEL_FILES);
  const settle = (r: number | Promise<number>): number | Promise<number> =>
    typeof r === 'number'
      ? r
      : r.catch((e: unknown) => {
          err(`servescope: ${e instanceof Error ? e.message : String(e)}`);
          return 2;
        });
  try {
    switch (cmd) {
      case 'check':
        return check(rest, out, err);
      case 'estimate':
        return settle(runEstimate(rest, out, err));
      case 'plan':
        return settle(runPlan(rest, out, err));
      case 'observe':
        return runObserve(rest, out, err);
      case 'autoscale':
        return runAutoscale(rest, out, err);
      case '--version':
      case '-v':
        out(VERSION);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        out(USAGE);
        return 0;
      default:
        err(cmd ? `Unknown command "${cmd}".\n\n${USAGE}` : USAGE);
        return 2;
    }
  } catch (e) {
    err(`servescope: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

/** `check`'s release flags and the servescope.versions key each one sets. */
const VERSION_FLAGS: Record<string, FormatId> = { 'vllm-version': 'vllm', 'ray-version': 'rayserve', 'triton-version': 'triton', 'bentoml-version': 'bentoml' };
const EXAMPLE_RELEASE: Record<FormatId, string> = { vllm: '0.20.2', rayserve: '2.54.0', triton: '24.05', bentoml: '1.3.0' };

function check(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  let parsed;
  const releaseOptions = Object.fromEntries(Object.keys(VERSION_FLAGS).map((f) => [f, { type: 'string' as const }]));
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', short: 'f', default: 'text' }, ...releaseOptions, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    err(`${e instanceof Error ? e.message : e}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    out(USAGE);
    return 0;
  }
  const format = parsed.values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    err(`--format must be text, json or sarif (got "${format}").`);
    return 2;
  }
  const versions: Partial<Record<FormatId, string>> = {};
  for (const [flag, fw] of Object.entries(VERSION_FLAGS)) {
    const v = (parsed.values as Record<string, unknown>)[flag];
    if (typeof v !== 'string') continue;
    // Same shape as the release numbers the schema annotations carry (0.21.0, v0.11, Triton's 24.05).
    if (!/^v?\d+(\.\d+){0,2}$/.test(v)) {
      err(`--${flag} must be a release number such as ${EXAMPLE_RELEASE[fw]} (got "${v}").`);
      return 2;
    }
    versions[fw] = v.replace(/^v/, '');
  }
  if (!parsed.positionals.length) {
    err(`check needs at least one PATH.\n\n${USAGE}`);
    return 2;
  }
  let files: string[];
  try {
    files = expandPaths(parsed.positionals);
  } catch (e) {
    err(`servescope: ${e instanceof Error ? e.message : e}`);
    return 2;
  }
  // Like servescope.versions in the editor; a file's own modeline or image tag still counts when no flag is given.
  const settings = Object.keys(versions).length ? { versions } : undefined;
  const results: CheckedFile[] = files.map((f) => checkFile(f, settings).result);
  if (format === 'json') out(formatJson(results));
  else if (format === 'sarif') out(formatSarif(results, VERSION));
  else out(formatText(results));
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

if (require.main === module) {
  const code = main(process.argv.slice(2));
  if (typeof code === 'number') process.exitCode = code;
  else void code.then((c) => (process.exitCode = c));
}
