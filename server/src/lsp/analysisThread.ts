/**
 * Where analysis runs, seen from the server's loop. `inWorker` runs the analysis session
 * in a worker thread and holds every job to a hard budget: a job still running when its
 * budget ends is abandoned, the worker is terminated and a fresh one started, so no
 * input can hold the editor however long it would take. `inProcess` calls the session on
 * this loop (tests, and a fallback when the worker bundle is missing); its only limit is
 * the analysis's own cooperative deadline.
 */
import { Worker } from 'node:worker_threads';
import { AnalysisSession, type Job, type SessionEvent } from './session';

export type Outcome =
  | { value: unknown }
  | { error: string }
  /** The job ran past its budget and its worker was replaced. */
  | { overBudgetMs: number }
  /** Another job's worker was replaced while this one waited: send it again (the new worker knows no document). */
  | { restarted: true };

export interface AnalysisThread {
  /** Runs one job; `budgetMs` counts from when the analysis side starts it, so queueing behind another job is not charged. */
  run(job: Job, budgetMs?: number): Promise<Outcome>;
  /** The request methods the session answers (the server relays exactly these). */
  readonly methods: string[];
  /** Starts the analysis side now rather than on the first job (the server calls it once initialize is answered). */
  warm(): void;
  dispose(): Promise<void>;
}

export function inProcess(onEvent: (e: SessionEvent) => void): AnalysisThread {
  const session = new AnalysisSession(onEvent);
  return {
    methods: session.methods,
    run: (job) => session.run(job).then(
      (value) => ({ value }),
      (err: unknown) => ({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    ),
    warm: () => undefined,
    dispose: () => Promise.resolve(),
  };
}

/** Messages from the worker: a job started, a job's answer, or an event. */
export type FromWorker = { id: number; started: true } | { id: number; value: unknown } | { id: number; error: string } | { event: SessionEvent };

interface Pending {
  job: Job;
  budgetMs?: number;
  resolve: (o: Outcome) => void;
  timer?: NodeJS.Timeout;
}

/**
 * `file` is the bundled worker entry (dist/analysisWorker.js). `onRestart` runs when a worker
 * is replaced, before any waiting job learns of it, so the server can forget what it sent and
 * mark the version that was `stopped` before the waiting jobs are sent again.
 */
export function inWorker(file: string, onEvent: (e: SessionEvent) => void, onRestart: (why: string, stopped?: Job) => void): AnalysisThread {
  let worker: Worker | undefined;
  let nextId = 1;
  let disposed = false;
  const pending = new Map<number, Pending>();

  const replace = (why: string, except?: number) => {
    const old = worker;
    spawn();
    void old?.terminate();
    onRestart(why, except !== undefined ? pending.get(except)?.job : undefined);
    for (const [id, p] of pending) {
      if (id === except) continue;
      clearTimeout(p.timer);
      pending.delete(id);
      p.resolve({ restarted: true });
    }
  };

  // A worker that dies before saying anything (a broken install) is not started a fourth time in a row:
  // the session then runs on this loop, with only the cooperative deadline.
  let silentExits = 0;
  let fallback: AnalysisThread | undefined;

  const spawn = () => {
    const w = new Worker(file);
    let spoke = false;
    worker = w;
    w.on('message', (m: FromWorker) => {
      if (w !== worker) return; // a replaced worker's last words
      spoke = true;
      silentExits = 0;
      if ('event' in m) return onEvent(m.event);
      const p = pending.get(m.id);
      if (!p) return;
      if ('started' in m) {
        if (p.budgetMs !== undefined) p.timer = setTimeout(() => overBudget(m.id), p.budgetMs);
        return;
      }
      clearTimeout(p.timer);
      pending.delete(m.id);
      p.resolve('error' in m ? { error: m.error } : { value: m.value });
    });
    w.on('error', (err) => onEvent({ kind: 'log', message: `ServeScope: the analysis worker failed: ${err.stack ?? err}` }));
    w.on('exit', (code) => {
      if (w !== worker || disposed) return;
      if (!spoke && ++silentExits >= 3) {
        fallback = inProcess(onEvent);
        onEvent({ kind: 'log', message: `ServeScope: the analysis worker exited ${silentExits} times before answering (code ${code}); analysing on the server's loop instead.` });
        onRestart('fallback to in-process analysis');
        for (const [id, p] of pending) {
          pending.delete(id);
          p.resolve({ restarted: true });
        }
        return;
      }
      replace(`the analysis worker exited (code ${code})`);
    });
  };

  const overBudget = (id: number) => {
    const p = pending.get(id);
    if (!p) return;
    replace(`a job ran past its ${p.budgetMs} ms budget`, id);
    pending.delete(id);
    p.resolve({ overBudgetMs: p.budgetMs! });
  };

  // Not at once: loading the worker bundle and compiling the schemas would compete with answering initialize.
  return {
    // The session registers its handlers without analysing anything, so building one here to read them is cheap.
    methods: new AnalysisSession(() => undefined).methods,
    run(job, budgetMs) {
      if (fallback) return fallback.run(job);
      const id = nextId++;
      return new Promise<Outcome>((resolve) => {
        pending.set(id, { job, budgetMs, resolve });
        if (!worker) spawn();
        worker!.postMessage({ id, job });
      });
    },
    warm() {
      if (!worker && !fallback) spawn();
    },
    async dispose() {
      disposed = true;
      for (const p of pending.values()) clearTimeout(p.timer);
      await worker?.terminate();
    },
  };
}
