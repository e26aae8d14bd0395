/**
 * `servescope check`: the same findings as the editor, for CI. Output formats and
 * exit codes are a contract (../shared/DESIGN.md): 0 no errors, 1 errors, 2 usage or
 * internal failure.
 */
import { DISK_HOST } from '../diskHost';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../core/analyze';
import type { Analysis } from '../core/analysis';
import { codeInfo } from '../core/rules/catalog';
import type { FixKind } from '../core/rules/rule';
import { RULE_DOCS_WEB, rulePage } from '../core/rules/ruleDocs';
import type { Settings } from '../core/types';


export interface CheckedFile {
  path: string;
  framework: string | null;
  diagnostics: {
    code: string;
    severity: string;
    message: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
  }[];
}

const EXT = /\.(ya?ml|pbtxt)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.cache']);

/** Expands directories to the YAML/pbtxt files inside them. */
export function expandPaths(paths: string[]): string[] {
  const out: string[] = [];
  const visit = (p: string, explicit: boolean) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) if (!SKIP_DIRS.has(e)) visit(path.join(p, e), false);
    } else if (explicit || EXT.test(p)) out.push(p);
  };
  for (const p of paths) visit(p, true);
  return out;
}

export function checkFile(file: string, settings?: Partial<Settings>): { result: CheckedFile; analysis: Analysis } {
  const text = fs.readFileSync(file, 'utf8');
  const abs = path.resolve(file);
  const analysis = analyze({ uri: pathToFileURL(abs).toString(), text, relativePath: path.relative(process.cwd(), abs), settings, host: DISK_HOST });
  const result: CheckedFile = {
    path: file,
    framework: analysis.detection.format,
    diagnostics: analysis.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      range: { start: analysis.lines.position(f.range.start), end: analysis.lines.position(f.range.end) },
    })),
  };
  return { result, analysis };
}

export function formatText(files: CheckedFile[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const f of files) {
    if (!f.framework) continue;
    for (const d of f.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      lines.push(`${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
    }
  }
  const claimed = files.filter((f) => f.framework).length;
  lines.push(`${files.length} file(s) checked, ${claimed} recognised; ${errors} error(s), ${warnings} warning(s).`);
  return lines.join('\n');
}

/** `--format json`: the checked files as they are, a contract for scripts (../shared/DESIGN.md). */
export function formatJson(files: CheckedFile[]): string {
  return JSON.stringify({ files }, null, 2);
}

interface SarifRule {
  id: string;
  shortDescription?: { text: string };
  helpUri: string;
  defaultConfiguration?: { level: 'error' | 'warning' | 'note' };
  /** Whether the rule's fix may be applied without review, and the framework source it rests on. */
  properties?: { fixKind: FixKind; sources: readonly string[] };
}

/**
 * A rule as SARIF viewers show it: the catalog's title, and the page on the project's
 * site (a file:// link would point into the CI runner that produced the report); its
 * fix kind and sources ride in the property bag, where SARIF puts tool-specific facts.
 */
function sarifRule(code: string): SarifRule {
  const info = codeInfo(code);
  return {
    id: code,
    ...(info && { shortDescription: { text: info.title } }),
    helpUri: `${RULE_DOCS_WEB}/${rulePage(code)}.md`,
    ...(info && { defaultConfiguration: { level: info.severity === 'error' ? 'error' : info.severity === 'warning' ? 'warning' : 'note' } }),
    ...(info && { properties: { fixKind: info.fix, sources: info.sources } }),
  };
}

export function formatSarif(files: CheckedFile[], version: string): string {
  const rules = new Map<string, SarifRule>();
  const results = [];
  const level = (s: string) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  for (const f of files) {
    for (const d of f.diagnostics) {
      if (!rules.has(d.code)) rules.set(d.code, sarifRule(d.code));
      results.push({
        ruleId: d.code,
        level: level(d.severity),
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: f.path.split(path.sep).join('/') },
              // SARIF is 1-based.
              region: {
                startLine: d.range.start.line + 1,
                startColumn: d.range.start.character + 1,
                endLine: d.range.end.line + 1,
                endColumn: d.range.end.character + 1,
              },
            },
          },
        ],
      });
    }
  }
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'ServeScope', version, informationUri: 'https://github.com/servescope/servescope', rules: [...rules.values()] } }, results }],
    },
    null,
    2,
  );
}
