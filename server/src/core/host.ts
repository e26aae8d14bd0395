/**
 * What the core may know of the world around a document: the files and directories
 * beside it. Injected through `analyze({ host })` (taplo's `Environment` is the
 * model), so the core itself never touches the disk: the language server and the CLI
 * implement it on the disk (`server/src/diskHost.ts`), tests with a map
 * (`memoryHost`). Every answer may be "don't know" (undefined), and rules then stay
 * silent rather than guess. Paths are absolute, as `node:path` builds them.
 */
import * as path from 'node:path';

export interface HostStat {
  isDir: boolean;
  isFile: boolean;
  size: number;
  mtimeMs: number;
}

export interface HostDirEntry {
  name: string;
  kind: 'file' | 'dir' | 'other';
}

export interface Host {
  /** The file's text, or undefined when it is missing, not a file, unreadable or larger than `maxBytes` (default `MAX_HOST_READ_BYTES`). */
  readFile(file: string, maxBytes?: number): string | undefined;
  /** The directory's entries, or undefined when it is missing or unreadable. */
  listDir(dir: string): HostDirEntry[] | undefined;
  stat(p: string): HostStat | undefined;
}

/** Larger files are not configs a rule should read on every keystroke. */
export const MAX_HOST_READ_BYTES = 1024 * 1024;

/** A world with nothing in it: the default, so a caller that passes no host gets no file-system findings. */
export const NO_HOST: Host = {
  readFile: () => undefined,
  listDir: () => undefined,
  stat: () => undefined,
};

const byteLength = (t: string) => new TextEncoder().encode(t).length;

/**
 * A host over a map of absolute paths to file texts; directories are implied by the
 * paths (an empty directory can be given as a key ending in `/`). For tests.
 */
export function memoryHost(files: Record<string, string>): Host {
  const texts = new Map<string, string>();
  const dirs = new Map<string, Map<string, HostDirEntry['kind']>>();
  const addDir = (d: string) => {
    if (!dirs.has(d)) dirs.set(d, new Map());
    return dirs.get(d)!;
  };
  for (const [key, text] of Object.entries(files)) {
    const isDirKey = key.endsWith('/');
    let p = path.normalize(isDirKey ? key.replace(/\/+$/, '') : key);
    if (isDirKey) addDir(p);
    else texts.set(p, text);
    let kind: HostDirEntry['kind'] = isDirKey ? 'dir' : 'file';
    for (let parent = path.dirname(p); parent !== p; p = parent, parent = path.dirname(p)) {
      addDir(parent).set(path.basename(p), kind);
      kind = 'dir';
    }
  }
  return {
    readFile(file, maxBytes = MAX_HOST_READ_BYTES) {
      const t = texts.get(path.normalize(file));
      return t !== undefined && byteLength(t) <= maxBytes ? t : undefined;
    },
    listDir(dir) {
      const d = dirs.get(path.normalize(dir));
      return d ? [...d].map(([name, kind]) => ({ name, kind })) : undefined;
    },
    stat(p) {
      const abs = path.normalize(p);
      const t = texts.get(abs);
      if (t !== undefined) return { isDir: false, isFile: true, size: byteLength(t), mtimeMs: 0 };
      return dirs.has(abs) ? { isDir: true, isFile: false, size: 0, mtimeMs: 0 } : undefined;
    },
  };
}

/**
 * The paths an analysis asked `host` about: files read or stat'd, and directories
 * listed. The language server re-analyses a document when one of them changes.
 */
export interface HostReads {
  /** Files read and paths stat'd. */
  paths: Set<string>;
  /** Directories listed: a file created or deleted in one changes the answer. */
  dirs: Set<string>;
}

export function recordingHost(host: Host): { host: Host; reads: HostReads } {
  const reads: HostReads = { paths: new Set(), dirs: new Set() };
  return {
    reads,
    host: {
      readFile(file, maxBytes) {
        reads.paths.add(path.normalize(file));
        return host.readFile(file, maxBytes);
      },
      listDir(dir) {
        reads.dirs.add(path.normalize(dir));
        return host.listDir(dir);
      },
      stat(p) {
        reads.paths.add(path.normalize(p));
        return host.stat(p);
      },
    },
  };
}

/**
 * Whether a change at `file` (created, changed or deleted) may change an answer recorded
 * in `reads`: the file itself was read or stat'd, its directory was stat'd or listed, or
 * it sits one directory below a listed one (a new version directory's `1/model.json`,
 * whose creation the editor reports as the file's).
 */
export function readsTouched(reads: HostReads, file: string): boolean {
  const abs = path.normalize(file);
  const dir = path.dirname(abs);
  return reads.paths.has(abs) || reads.paths.has(dir) || reads.dirs.has(dir) || reads.dirs.has(path.dirname(dir));
}
