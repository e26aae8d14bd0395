/**
 * Entry point VS Code loads as `extensionTestsPath`: runs the integration suites with mocha inside
 * the extension host. Both launchers use it (code-server here, @vscode/test-electron elsewhere).
 *
 * Why the copy: in code-server the extension host is a child of the server, so its stdout does
 * not reach the terminal that started the run. When SERVESCOPE_TEST_OUTPUT names a file, the
 * reporter's output is copied there and the launcher streams it; SERVESCOPE_TEST_REPORT receives a
 * JSON summary, so both launchers can print and check the same numbers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

interface Summary {
  passes: number;
  failures: number;
  pending: number;
  tests: number;
  failed: { title: string; error: string }[];
  durationMs: number;
}

function teeReporterOutput(file: string): void {
  fs.writeFileSync(file, '');
  // Mocha's reporters print through Base.consoleLog. The extension host redefines
  // process.stdout.write with a setter that ignores assignment, so we redirect here instead.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    const line = `${format(...args)}\n`;
    fs.appendFileSync(file, line);
    process.stdout.write(line);
  };
}

/** Called by VS Code; resolves when all tests passed, rejects otherwise (that sets the exit code). */
export async function run(): Promise<void> {
  const outputFile = process.env.SERVESCOPE_TEST_OUTPUT;
  if (outputFile) teeReporterOutput(outputFile);
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: Number(process.env.SERVESCOPE_TEST_TIMEOUT ?? 60_000),
    grep: process.env.SERVESCOPE_TEST_GREP,
    reporter: 'spec',
  });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const started = Date.now();
  const summary: Summary = { passes: 0, failures: 0, pending: 0, tests: 0, failed: [], durationMs: 0 };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => summary.passes++);
    runner.on('pending', () => summary.pending++);
    runner.on('fail', (test, error: Error) => {
      summary.failures++;
      summary.failed.push({ title: test.fullTitle(), error: String(error?.stack ?? error) });
    });
  });
  summary.tests = summary.passes + summary.failures + summary.pending;
  summary.durationMs = Date.now() - started;
  const reportFile = process.env.SERVESCOPE_TEST_REPORT;
  if (reportFile) fs.writeFileSync(reportFile, JSON.stringify(summary, null, 2));
  if (summary.failures > 0) throw new Error(`${summary.failures} integration test(s) failed`);
}
