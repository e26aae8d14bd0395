/**
 * `npm run fuzz`: mutates the example and corpus files of every format and runs the
 * analysis core (and, on a sample, the CLI) on each input. Seeded and reproducible:
 * input i of format f depends only on (seed, f, i) and the set of base files, so a
 * failure is replayed with `--seed S --format f --from i --count i+1`.
 *
 *   node --import tsx scripts/fuzz.ts [--count N] [--seconds S] [--seed X]
 *        [--format vllm|triton|rayserve|bentoml] [--workers W] [--cli-every K]
 *        [--from I] [--require-count] [--out DIR]
 *
 * Exits 1 on any failure (exception, ill-formed result, internal-error finding, run
 * over 1 s, CLI failure, hang), after saving each failing input, minimised, under
 * test/fixtures/fuzz/ and printing the seed and that path.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { FormatId } from '../server/src/core/types';
import { baseFiles, corpusDir, FORMATS, generate, ROOT, runOne, SLOW_MS, type BaseFile, type FuzzInput, type Problem, type WorkerJob, type WorkerMsg } from './fuzz-worker';

/** A worker silent for this long is stuck in one input: that input hangs. */
const HANG_MS = 30_000;

interface Failure {
  format: FormatId;
  index: number;
  problems: Problem[];
}

interface Stats {
  count: number;
  totalMs: number;
  slowest: { ms: number; index: number; size: number };
  cli: number;
}

function parse() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '2000' },
      seconds: { type: 'string', default: '600' },
      seed: { type: 'string' },
      format: { type: 'string', multiple: true },
      workers: { type: 'string' },
      'cli-every': { type: 'string', default: '50' },
      from: { type: 'string', default: '0' },
      'require-count': { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(ROOT, 'test', 'fixtures', 'fuzz') },
    },
  });
  const formats = (values.format ?? FORMATS) as FormatId[];
  for (const f of formats) if (!FORMATS.includes(f)) throw new Error(`--format must be one of ${FORMATS.join(', ')} (got "${f}")`);
  const seed = values.seed !== undefined ? Number(values.seed) >>> 0 : crypto.randomInt(2 ** 31);
  return {
    count: Number(values.count),
    seconds: Number(values.seconds),
    seed,
    formats,
    workers: Math.max(1, Number(values.workers ?? Math.min(2, os.availableParallelism()))),
    cliEvery: Number(values['cli-every']),
    from: Number(values.from),
    requireCount: values['require-count']!,
    out: path.resolve(values.out!),
  };
}

/** Delta debugging over lines, then characters: the smallest text that still fails the same way. */
function minimise(inp: FuzzInput, fails: (text: string) => boolean, budgetMs: number): string {
  const stop = Date.now() + budgetMs;
  let text = inp.text;
  for (const unit of ['line', 'char'] as const) {
    let parts = unit === 'line' ? text.split(/(?<=\n)/) : [...text];
    if (unit === 'char' && parts.length > 4000) break;
    let n = 2;
    while (parts.length >= 2 && Date.now() < stop) {
      const chunk = Math.ceil(parts.length / n);
      let reduced = false;
      for (let i = 0; i < parts.length && Date.now() < stop; i += chunk) {
        const candidate = parts.slice(0, i).concat(parts.slice(i + chunk));
        if (fails(candidate.join(''))) {
          parts = candidate;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
      if (!reduced) {
        if (n >= parts.length) break;
        n = Math.min(parts.length, n * 2);
      }
    }
    text = parts.join('');
  }
  return text;
}

/** Same failure = same kind and, for exceptions, the same message. */
function signature(p: Problem): string {
  if (p.kind === 'exception' || p.kind === 'internal-error') return `${p.kind}:${p.detail.split('\n')[0].replace(/\d+/g, 'N').slice(0, 120)}`;
  if (p.kind === 'ill-formed') return `${p.kind}:${p.detail.replace(/\d+/g, 'N').replace(/\(.*?\)/g, '').slice(0, 80)}`;
  return p.kind;
}

function save(out: string, seed: number, f: Failure, inp: FuzzInput, text: string): string {
  const dir = path.join(out, `${f.format}-${seed}-${f.index}`);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, inp.name);
  fs.writeFileSync(file, text, 'utf8');
  fs.writeFileSync(
    path.join(dir, 'failure.json'),
    JSON.stringify({ seed, format: f.format, index: f.index, base: inp.base, languageId: inp.languageId, mutations: inp.mutations, problems: f.problems.map((p) => ({ kind: p.kind, detail: p.detail.slice(0, 2000) })) }, null, 2) + '\n',
  );
  return path.relative(process.cwd(), file);
}

async function main(): Promise<number> {
  const opt = parse();
  const bases = Object.fromEntries(FORMATS.map((f) => [f, baseFiles(f)])) as Record<FormatId, BaseFile[]>;
  const corpus = fs.existsSync(corpusDir());
  console.log(`[fuzz] seed ${opt.seed} (replay: --seed ${opt.seed}); ${opt.count} inputs per format from index ${opt.from} for ${opt.formats.join(', ')}; ${opt.workers} worker(s); time cap ${opt.seconds} s`);
  console.log(`[fuzz] base files: ${opt.formats.map((f) => `${f} ${bases[f].length}`).join(', ')}${corpus ? '' : ' (../shared/corpus not found: examples only, so inputs differ from a run with the corpus)'}`);

  const started = Date.now();
  const deadline = started + opt.seconds * 1000;
  const stats = Object.fromEntries(opt.formats.map((f) => [f, { count: 0, totalMs: 0, slowest: { ms: 0, index: -1, size: 0 }, cli: 0 } satisfies Stats])) as Record<FormatId, Stats>;
  const failures: Failure[] = [];
  let lastReport = Date.now();

  const runWorker = (from: number): Promise<void> =>
    new Promise((resolve) => {
      const job: WorkerJob = { seed: opt.seed, formats: opt.formats, count: opt.from + opt.count, offset: from, stride: opt.workers, deadline, cliEvery: opt.cliEvery };
      // Node 20 workers don't inherit tsx's loader for a .ts entry: register it first.
      const entry = path.join(__dirname, 'fuzz-worker.ts');
      const w = new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true, workerData: { fuzzWorker: true, job } });
      let current: { format: FormatId; index: number } | null = null;
      let lastBeat = Date.now();
      const watchdog = setInterval(() => {
        if (current && Date.now() - lastBeat > HANG_MS) {
          clearInterval(watchdog);
          failures.push({ ...current, problems: [{ kind: 'hang', detail: `no result after ${HANG_MS / 1000} s` }] });
          const next = current.index + opt.workers;
          void w.terminate().then(() => (next < opt.from + opt.count && Date.now() < deadline ? runWorker(next) : undefined)).then(resolve);
        }
      }, 1000);
      w.on('message', (m: WorkerMsg) => {
        lastBeat = Date.now();
        if (m.type === 'start') current = { format: m.format, index: m.index };
        else if (m.type === 'done') {
          current = null;
          const s = stats[m.format];
          s.count++;
          s.totalMs += m.ms;
          if (m.cli) s.cli++;
          if (m.ms > s.slowest.ms) s.slowest = { ms: m.ms, index: m.index, size: m.size };
          if (m.problems.length) failures.push({ format: m.format, index: m.index, problems: m.problems });
          if (Date.now() - lastReport > 15_000) {
            lastReport = Date.now();
            console.log(`[fuzz] ${((Date.now() - started) / 1000).toFixed(0)} s: ${opt.formats.map((f) => `${f} ${stats[f].count}`).join(', ')}; ${failures.length} failure(s)`);
          }
        } else if (m.type === 'finished') {
          clearInterval(watchdog);
          void w.terminate().then(() => resolve());
        }
      });
      w.on('error', (err) => {
        clearInterval(watchdog);
        if (current) failures.push({ ...current, problems: [{ kind: 'exception', detail: `worker died: ${err.stack ?? err}` }] });
        else failures.push({ format: opt.formats[0], index: -1, problems: [{ kind: 'exception', detail: `worker failed outside any input: ${err.stack ?? err}` }] });
        resolve();
      });
    });

  await Promise.all(Array.from({ length: opt.workers }, (_, w) => runWorker(opt.from + w)));
  const wall = (Date.now() - started) / 1000;

  // A run that was slow while both workers competed for the CPU is re-run alone: only
  // an input still over the limit then is a failure.
  let unconfirmed = 0;
  for (const f of [...failures]) {
    const slow = f.problems.find((p) => p.kind === 'slow');
    if (!slow) continue;
    const again = runOne(generate(opt.seed, f.format, f.index, bases), 2);
    const still = again.problems.find((p) => p.kind === 'slow');
    if (still) slow.detail = `${slow.detail}; alone: ${still.detail}`;
    else {
      f.problems = f.problems.filter((p) => p.kind !== 'slow');
      unconfirmed++;
      console.log(`[fuzz] ${f.format} #${f.index}: slow under load (${slow.detail}), ${again.ms.toFixed(0)} ms alone: not a failure`);
    }
    if (!f.problems.length) failures.splice(failures.indexOf(f), 1);
  }

  console.log(`\n[fuzz] seed ${opt.seed}: ${wall.toFixed(1)} s wall with ${opt.workers} worker(s)`);
  console.log('format     inputs   cli   mean ms   slowest ms (index, chars)');
  let short = false;
  for (const f of opt.formats) {
    const s = stats[f];
    if (s.count < opt.count) short = true;
    console.log(
      `${f.padEnd(9)} ${String(s.count).padStart(7)} ${String(s.cli).padStart(5)} ${(s.totalMs / Math.max(1, s.count)).toFixed(2).padStart(9)}   ${s.slowest.ms.toFixed(1).padStart(9)} (#${s.slowest.index}, ${s.slowest.size})`,
    );
  }
  const slowest = opt.formats.map((f) => ({ f, ...stats[f].slowest })).sort((a, b) => b.ms - a.ms)[0];
  if (slowest && slowest.index >= 0) {
    const inp = generate(opt.seed, slowest.f, slowest.index, bases);
    const alone = runOne(inp, 2).ms;
    console.log(`[fuzz] slowest input: ${slowest.f} #${slowest.index}, ${slowest.ms.toFixed(1)} ms in the run (${alone.toFixed(1)} ms re-run alone), ${inp.text.length} chars, from ${inp.base} via ${inp.mutations.join(' + ')}`);
  }

  if (unconfirmed) console.log(`[fuzz] ${unconfirmed} input(s) were over ${SLOW_MS} ms only while the workers ran, not alone`);
  let code = 0;
  if (short) {
    console.log(`[fuzz] the time cap (${opt.seconds} s) stopped the run before ${opt.count} inputs per format`);
    if (opt.requireCount) code = 1;
  }
  if (failures.length) {
    code = 1;
    console.log(`\n[fuzz] ${failures.length} failing input(s) with seed ${opt.seed}:`);
    const seen = new Set<string>();
    for (const f of failures.sort((a, b) => a.format.localeCompare(b.format) || a.index - b.index)) {
      const inp = generate(opt.seed, f.format, f.index, bases);
      const sig = `${f.format}|${signature(f.problems[0])}`;
      const first = f.problems[0];
      console.log(`  ${f.format} #${f.index} (${inp.base} via ${inp.mutations.join(' + ')}): ${first.kind}: ${first.detail.split('\n').slice(0, 3).join(' | ').slice(0, 400)}`);
      if (seen.has(sig)) continue; // one fixture per distinct failure
      seen.add(sig);
      let text = inp.text;
      if (first.kind === 'slow') {
        // Each probe costs a second or more: fewer probes, no retries.
        text = minimise(inp, (t) => runOne({ ...inp, text: t }, 0).problems.some((p) => p.kind === 'slow'), 60_000);
      } else if (first.kind !== 'hang' && first.kind !== 'cli') {
        const want = signature(first);
        text = minimise(inp, (t) => runOne({ ...inp, text: t }).problems.some((p) => signature(p) === want), 30_000);
      }
      console.log(`    minimal failing input (${text.length} chars): ${save(opt.out, opt.seed, f, inp, text)}`);
      console.log(`    replay: node --import tsx scripts/fuzz.ts --seed ${opt.seed} --format ${f.format} --from ${f.index} --count 1 --workers 1`);
    }
  } else console.log(`[fuzz] no failures`);
  console.log(`[fuzz] done in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${opt.seed})`);
  return code;
}

main().then(
  (c) => process.exit(c),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
