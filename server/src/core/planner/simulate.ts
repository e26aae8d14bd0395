/**
 * A deterministic discrete-event simulation of one vLLM V1 engine under open-loop
 * traffic, driven by the capacity model's own step-time model. Each engine step
 * follows V1's scheduler: running requests first (one decode token each, or the
 * next chunk of a prompt), then waiting requests in arrival order while
 * `max_num_seqs`, the `max_num_batched_tokens` budget and free KV blocks allow.
 * A running request that needs a block when none is free preempts the most
 * recently admitted one, which is recomputed later, as V1 does.
 */
import type { StepModel } from '../capacity/throughput';
import { DurationHistogram } from './histogram';
import { gamma, rng } from './random';
import type { LengthSpec } from './traffic';

/** vLLM's default KV block size on CUDA, tokens. */
export const BLOCK_TOKENS = 16;

export interface EngineShape {
  step: StepModel;
  /** Pipeline stages a token passes through one after another. */
  pp: number;
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  chunkedPrefill: boolean;
  kvCacheTokens: number;
  maxModelLen: number;
}

export interface Workload {
  input: LengthSpec;
  output: LengthSpec;
  prefixHitRatio?: number;
  burstiness?: number;
}

export interface Percentiles {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

export interface SimResult {
  /** Arrival rate simulated, requests/s. */
  rate: number;
  /** Requests whose latencies are reported (the warm-up and drain are left out). */
  measured: number;
  ttftMs: Percentiles;
  /** Per request: (E2E − TTFT) / (output tokens − 1), as `vllm bench serve` reports TPOT. */
  tpotMs: Percentiles;
  /** Every gap between two tokens of a request. */
  itlMs: Percentiles;
  e2eMs: Percentiles;
  /** Arrival until first scheduled. */
  queueMs: Percentiles;
  outputTokS: number;
  /** Completed requests per second over the measured window. */
  completedRps: number;
  meanRunning: number;
  meanKvUsage: number;
  peakKvUsage: number;
  preemptions: number;
  /** The queue kept growing: the rate is above what the engine sustains. */
  saturated: boolean;
  /** The step cap stopped the run; results are partial. */
  truncated: boolean;
  /** Engine steps simulated (macro-steps count as the steps they stand for). */
  steps: number;
  /** Loop turns the simulation took: what it cost to run. */
  turns: number;
}

export interface SimOptions {
  /** Requests to generate (default 1,000). */
  requests?: number;
  seed?: number;
  /** Fraction of requests at the start and at the end left out of the percentiles (default 0.1 each). */
  trim?: number;
  /**
   * Closed loop instead of arrivals at `rate`: this many requests in flight, each
   * replaced as it finishes, as `vllm bench serve --max-concurrency` runs.
   */
  concurrency?: number;
}

/**
 * The random draws a simulation needs, made once per traffic shape and reused at
 * every rate: comparing rates on the same requests keeps the latency curve
 * monotone instead of noisy.
 */
export interface RequestSample {
  /** Inter-arrival gaps at 1 request/s. */
  unitGaps: Float64Array;
  prompt: Int32Array;
  output: Int32Array;
  cached: Int32Array;
}

export function sampleRequests(w: Workload, maxModelLen: number, opts: SimOptions = {}): RequestSample {
  const n = Math.max(1, Math.floor(opts.requests ?? 1000));
  const u = rng(opts.seed ?? 20261207);
  const shape = w.burstiness !== undefined && Number.isFinite(w.burstiness) && w.burstiness > 0 ? w.burstiness : 1;
  const unitGaps = new Float64Array(n);
  const prompt = new Int32Array(n);
  const output = new Int32Array(n);
  const cached = new Int32Array(n);
  const draw = (l: LengthSpec) => {
    const s = l.spread ?? 0;
    return Math.max(1, Math.round(l.mean * (1 - s + 2 * s * u())));
  };
  const hit = w.prefixHitRatio ?? 0;
  for (let i = 0; i < n; i++) {
    unitGaps[i] = gamma(shape, u) / shape;
    let p = draw(w.input);
    let o = draw(w.output);
    // vLLM rejects a request longer than max_model_len; the planner sizes for the ones it serves.
    if (p + o > maxModelLen) {
      p = Math.max(1, Math.min(p, maxModelLen - 1));
      o = Math.max(1, maxModelLen - p);
    }
    prompt[i] = p;
    output[i] = o;
    // Whole blocks only: the prefix cache matches full blocks, and the last prompt token is always computed.
    cached[i] = Math.min(Math.floor((p * hit) / BLOCK_TOKENS) * BLOCK_TOKENS, Math.floor((p - 1) / BLOCK_TOKENS) * BLOCK_TOKENS);
  }
  return { unitGaps, prompt, output, cached };
}

interface Req {
  i: number;
  arrival: number;
  prompt: number;
  output: number;
  cached: number;
  /** Tokens whose KV must exist before the next token is sampled: prompt plus tokens generated so far. */
  len: number;
  computed: number;
  generated: number;
  blocks: number;
  firstAt: number;
  lastAt: number;
  scheduledAt: number;
}

const MAX_STEPS = 3_000_000;

/**
 * Requests a run at `rate` needs to reach steady state: enough to span ~10
 * unloaded request lifetimes, so a large batch has time to fill before the
 * measured window. At least the caller's count, at most the sample.
 */
export function requestsFor(rate: number, unloadedE2eS: number, min: number, available: number): number {
  return Math.min(available, Math.max(min, Math.ceil(rate * 10 * unloadedE2eS)));
}

export function simulate(engine: EngineShape, sample: RequestSample, rate: number, opts: SimOptions = {}): SimResult {
  const n = Math.min(sample.prompt.length, Math.max(1, Math.floor(opts.requests ?? sample.prompt.length)));
  const trim = opts.trim ?? 0.1;
  const from = Math.floor(n * trim);
  const to = Math.max(from + 1, n - Math.floor(n * trim));
  const totalBlocks = Math.max(1, Math.floor(engine.kvCacheTokens / BLOCK_TOKENS));
  const budgetPerStep = Math.max(1, engine.maxNumBatchedTokens);
  const maxSeqs = Math.max(1, engine.maxNumSeqs);
  // Requests reach the engine at the next step boundary after the API server has tokenised them;
  // the estimate counts this as half a single-sequence decode step, and so does the simulation.
  let meanCtx = 0;
  for (let i = 0; i < n; i++) meanCtx += sample.prompt[i] + sample.output[i] / 2;
  const frontEnd = 0.5 * engine.step.step(1, meanCtx / n, 0).seconds * engine.pp;

  const reqs: Req[] = new Array(n);
  let t = 0;
  const closed = opts.concurrency !== undefined ? Math.max(1, Math.floor(opts.concurrency)) : 0;
  for (let i = 0; i < n; i++) {
    t = closed ? (i < closed ? 0 : Infinity) : t + sample.unitGaps[i] / rate;
    reqs[i] = { i, arrival: t, prompt: sample.prompt[i], output: sample.output[i], cached: sample.cached[i], len: sample.prompt[i], computed: 0, generated: 0, blocks: 0, firstAt: -1, lastAt: 0, scheduledAt: -1 };
  }
  const ttft: number[] = [];
  const tpot: number[] = [];
  const e2e: number[] = [];
  const queue: number[] = [];
  // A macro-step of k decode steps adds its gap with weight k.
  const itl = new DurationHistogram();

  const running: Req[] = [];
  // Preempted requests go back to the front of the queue, ahead of new arrivals.
  const front: Req[] = [];
  const waiting: Req[] = [];
  let waitHead = 0;
  let next = 0;
  // Closed loop: the next request not yet sent, released when one finishes.
  let release = closed;
  let done = 0;
  let freeBlocks = totalBlocks;
  let preemptions = 0;
  let steps = 0;
  let busy = 0;
  let runningArea = 0;
  let kvArea = 0;
  let peakKv = 0;
  let tokensInWindow = 0;
  let windowStart = -1;
  let windowEnd = 0;
  let backlogAtLastArrival = 0;
  let firstDone = Infinity;
  let lastDone = 0;
  const sched: number[] = [];
  t = 0;

  const waitingCount = () => front.length + (waiting.length - waitHead);
  const peekWaiting = (): Req | undefined => (front.length ? front[front.length - 1] : waiting[waitHead]);
  const popWaiting = () => (front.length ? front.pop() : waiting[waitHead++]);

  let turns = 0;
  while (done < n && steps < MAX_STEPS && turns < MAX_STEPS) {
    turns++;
    while (next < n && reqs[next].arrival <= t) {
      waiting.push(reqs[next++]);
      if (next === n) backlogAtLastArrival = waitingCount();
    }
    if (running.length === 0 && waitingCount() === 0) {
      if (next >= n || !Number.isFinite(reqs[next].arrival)) break;
      t = reqs[next].arrival;
      continue;
    }
    let budget = budgetPerStep;
    let decodes = 0;
    let decodeCtx = 0;
    let prefillTokens = 0;
    let prefillCtx = 0;
    let preempted = false;
    sched.length = 0;
    for (let k = 0; k < running.length; k++) {
      const r = running[k];
      if (budget <= 0) {
        sched.push(0);
        continue;
      }
      const tokens = Math.min(r.len - r.computed, budget);
      const need = Math.ceil((r.computed + tokens) / BLOCK_TOKENS) - r.blocks;
      while (need > freeBlocks && running.length - 1 > k) {
        const victim = running.pop()!;
        freeBlocks += victim.blocks;
        victim.blocks = 0;
        victim.computed = 0;
        front.push(victim);
        preemptions++;
        preempted = true;
      }
      if (need > freeBlocks) {
        // Nothing left to preempt but itself.
        running.splice(k, 1);
        freeBlocks += r.blocks;
        r.blocks = 0;
        r.computed = 0;
        front.push(r);
        preemptions++;
        preempted = true;
        k--;
        continue;
      }
      freeBlocks -= need;
      r.blocks += need;
      budget -= tokens;
      sched.push(tokens);
      if (r.len - r.computed === 1) {
        decodes++;
        decodeCtx += r.len;
      } else {
        prefillTokens += tokens;
        prefillCtx += tokens * (2 * r.computed + tokens);
      }
    }
    if (!preempted) {
      while (running.length < maxSeqs && budget > 0 && waitingCount() > 0) {
        const r = peekWaiting()!;
        const start = r.computed === 0 ? Math.min(r.cached, r.len - 1) : r.computed;
        const remaining = r.len - start;
        const tokens = Math.min(remaining, budget);
        if (!engine.chunkedPrefill && tokens < remaining) break;
        const need = Math.ceil((start + tokens) / BLOCK_TOKENS) - r.blocks;
        if (need > freeBlocks) break;
        popWaiting();
        r.computed = start;
        freeBlocks -= need;
        r.blocks += need;
        budget -= tokens;
        if (r.scheduledAt < 0) r.scheduledAt = t;
        running.push(r);
        sched.push(tokens);
        if (remaining === 1) {
          decodes++;
          decodeCtx += r.len;
        } else {
          prefillTokens += tokens;
          prefillCtx += tokens * (2 * start + tokens);
        }
      }
    }
    if (decodes + prefillTokens === 0) {
      // Nothing fits (a prompt larger than the whole KV cache): let time pass to the next arrival or stop.
      // Waiting for an arrival only helps if one is due; otherwise the rest can never run.
      if (next < n && Number.isFinite(reqs[next].arrival) && running.length === 0) {
        t = Math.max(t, reqs[next].arrival);
        continue;
      }
      break;
    }
    const avgDecodeCtx = decodes ? decodeCtx / decodes : 0;
    if (prefillTokens === 0 && waitingCount() === 0 && decodes === running.length) {
      // A stretch of pure decode steps with nothing arriving, finishing or short of blocks changes
      // only the context length, linearly: run it as one macro-step at its mid-point context.
      const k = decodeStretch(running, decodes, freeBlocks, next < n ? reqs[next].arrival - t : Infinity, engine.step.step(decodes, avgDecodeCtx, 0).seconds * engine.pp);
      if (k > 1) {
        const dtk = engine.step.step(decodes, avgDecodeCtx + (k - 1) / 2, 0).seconds * engine.pp;
        for (const r of running) {
          const need = Math.ceil((r.computed + k) / BLOCK_TOKENS) - r.blocks;
          freeBlocks -= need;
          r.blocks += need;
          r.computed += k;
          r.len += k;
          r.generated += k;
          if (r.i >= from && r.i < to) {
            itl.add(dtk, k);
            tokensInWindow += k;
            if (windowStart < 0) windowStart = t + dtk;
            windowEnd = t + k * dtk;
          }
          r.lastAt = t + k * dtk;
        }
        t += k * dtk;
        steps += k;
        busy += k * dtk;
        runningArea += running.length * k * dtk;
        const usedK = (totalBlocks - freeBlocks) / totalBlocks;
        kvArea += usedK * k * dtk;
        if (usedK > peakKv) peakKv = usedK;
        // The stretch ends one step before the first request finishes; the next loop turn finishes it.
        continue;
      }
    }
    // The step model reads a prompt's attention span as twice its mean position (a whole prompt of L passes L).
    const prefillSpan = prefillTokens ? prefillCtx / prefillTokens : 0;
    const dt = engine.step.step(decodes, avgDecodeCtx, prefillTokens, prefillSpan).seconds * engine.pp;
    t += dt;
    steps++;
    busy += dt;
    runningArea += running.length * dt;
    const used = (totalBlocks - freeBlocks) / totalBlocks;
    kvArea += used * dt;
    if (used > peakKv) peakKv = used;

    let kept = 0;
    for (let k = 0; k < running.length; k++) {
      const r = running[k];
      const tokens = sched[k] ?? 0;
      r.computed += tokens;
      if (tokens > 0 && r.computed === r.len) {
        r.generated++;
        r.len++;
        const measured = r.i >= from && r.i < to;
        if (r.firstAt < 0) r.firstAt = t;
        else if (measured) itl.add(t - r.lastAt);
        r.lastAt = t;
        if (measured) {
          tokensInWindow++;
          if (windowStart < 0) windowStart = t;
          windowEnd = t;
        }
        if (r.generated >= r.output) {
          freeBlocks += r.blocks;
          r.blocks = 0;
          done++;
          if (closed && release < n) reqs[release++].arrival = t;
          if (measured) {
            if (t < firstDone) firstDone = t;
            lastDone = t;
            ttft.push(r.firstAt - r.arrival + frontEnd);
            e2e.push(t - r.arrival + frontEnd);
            queue.push(r.scheduledAt - r.arrival);
            if (r.output > 1) tpot.push((t - r.firstAt) / (r.output - 1));
          }
          continue;
        }
      }
      running[kept++] = r;
    }
    running.length = kept;
  }
  const span = windowEnd - Math.max(0, windowStart);
  const elapsed = Math.max(t, 1e-9);
  return {
    rate,
    measured: ttft.length,
    ttftMs: pct(ttft),
    tpotMs: pct(tpot),
    itlMs: itl.summary(),
    e2eMs: pct(e2e),
    queueMs: pct(queue),
    outputTokS: span > 0 ? tokensInWindow / span : 0,
    completedRps: lastDone > firstDone ? (ttft.length - 1) / (lastDone - firstDone) : 0,
    meanRunning: runningArea / elapsed,
    meanKvUsage: kvArea / elapsed,
    peakKvUsage: peakKv,
    preemptions,
    // Over a finite run an overloaded engine hides its backlog in a growing batch as much as in the
    // queue, so completions falling behind arrivals is the signal, next to a queue left at the end.
    saturated: backlogAtLastArrival > Math.max(20, 0.1 * n) || done < n || (!closed && ttft.length > 10 && (ttft.length - 1) / Math.max(1e-9, lastDone - firstDone) < 0.9 * rate),
    truncated: steps >= MAX_STEPS || turns >= MAX_STEPS,
    steps,
    turns,
  };
}

/**
 * How many decode steps can run as one: until one step before the first request
 * finishes, the next arrival, or the free KV blocks run short.
 */
function decodeStretch(running: Req[], decodes: number, freeBlocks: number, untilArrival: number, dt: number): number {
  let k = 4096;
  for (const r of running) k = Math.min(k, r.output - r.generated - 1);
  if (Number.isFinite(untilArrival)) k = Math.min(k, Math.floor(untilArrival / Math.max(dt, 1e-9)));
  // Each sequence takes a new block at most every BLOCK_TOKENS tokens, plus one on the boundary.
  k = Math.min(k, Math.floor((freeBlocks / Math.max(1, decodes) - 1) * BLOCK_TOKENS));
  return k;
}

/** Mean and linear-interpolated percentiles (numpy's default, which `vllm bench serve` uses), in ms. */
export function pct(seconds: number[]): Percentiles {
  if (!seconds.length) return { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0 };
  const s = Float64Array.from(seconds).sort();
  const at = (q: number) => {
    const pos = (s.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.min(s.length - 1, lo + 1);
    return (s[lo] + (s[hi] - s[lo]) * (pos - lo)) * 1000;
  };
  let sum = 0;
  for (const x of s) sum += x;
  return { mean: (sum / s.length) * 1000, p50: at(0.5), p90: at(0.9), p95: at(0.95), p99: at(0.99) };
}
