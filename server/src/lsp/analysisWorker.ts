/**
 * Entry of the analysis worker thread (bundled as dist/analysisWorker.js). Compiles the
 * schemas before it takes its first job, so that cost is never charged to a document's
 * budget, then runs jobs one at a time, saying when each starts: the server's hard budget
 * counts from there.
 */
import { parentPort } from 'node:worker_threads';
import { validator } from '../core/schema/registry';
import { SCHEMA_IDS } from '../core/types';
import type { FromWorker } from './analysisThread';
import { AnalysisSession, type Job } from './session';
import { installModelFiles } from '../core/capacity/models';
import { DISK_MODEL_FILES } from '../modelFiles';

// Local model directories and the Hugging Face cache, for the estimates this thread makes.
installModelFiles(DISK_MODEL_FILES);
const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);
const session = new AnalysisSession((event) => post({ event }));
try {
  for (const id of SCHEMA_IDS) validator(id);
} catch {
  // A schema that does not load fails the job that needs it, with its message; the worker must not die here.
}

port.on('message', (m: { id: number; job: Job }) => {
  post({ id: m.id, started: true });
  session.run(m.job).then(
    (value) => post({ id: m.id, value }),
    (err: unknown) => post({ id: m.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
