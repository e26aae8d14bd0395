/**
 * The core's `Host` on the real disk, for the language server and the CLI (tests use
 * `memoryHost` from the core). Best effort and bounded: anything missing, unreadable or
 * over the size cap is undefined. File texts are kept while a file's size and mtime are
 * unchanged, since the Triton rules read the same sibling configs on every keystroke.
 */
import * as fs from 'node:fs';
import { MAX_HOST_READ_BYTES, type Host, type HostDirEntry } from './core/host';

const CACHE_LIMIT = 256;

export interface DiskHost extends Host {
  /** Drop what is kept of these files (the editor said they changed: an edit within the mtime resolution keeps size and mtime). */
  forget(files: string[]): void;
}

export function diskHost(): DiskHost {
  const texts = new Map<string, { mtimeMs: number; size: number; text: string }>();
  return {
    forget(files) {
      for (const f of files) texts.delete(f);
    },
    readFile(file, maxBytes = MAX_HOST_READ_BYTES) {
      try {
        const st = fs.statSync(file);
        if (!st.isFile() || st.size > maxBytes) return undefined;
        const hit = texts.get(file);
        if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.text;
        const text = fs.readFileSync(file, 'utf8');
        if (texts.size >= CACHE_LIMIT && !texts.has(file)) texts.delete(texts.keys().next().value as string);
        texts.set(file, { mtimeMs: st.mtimeMs, size: st.size, text });
        return text;
      } catch {
        return undefined;
      }
    },
    listDir(dir) {
      try {
        return fs.readdirSync(dir, { withFileTypes: true }).map((e): HostDirEntry => ({ name: e.name, kind: e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other' }));
      } catch {
        return undefined;
      }
    },
    stat(p) {
      try {
        const st = fs.statSync(p);
        return { isDir: st.isDirectory(), isFile: st.isFile(), size: st.size, mtimeMs: st.mtimeMs };
      } catch {
        return undefined;
      }
    },
  };
}

/** One disk host per process: its read cache is shared by every analysis. */
export const DISK_HOST: DiskHost = diskHost();
