/**
 * Turns the paths a user gave into the files to read: folders are walked (symlinks followed, loops
 * cut by real path, hidden folders and node_modules skipped), then lm-evaluation-harness run folders
 * keep only the newest run per model and task. Only reads.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CANDIDATE } from '../formats/registry';
import { selectLmEvalRuns } from '../formats/lmEvalRuns';

export interface Expanded {
  files: string[];
  /** Paths given that do not exist or cannot be opened, with the reason. */
  missing: { path: string; reason: string }[];
  /** Files left out on purpose (older runs), with the reason. */
  dropped: { path: string; reason: string }[];
}

export async function expandPaths(paths: string[]): Promise<Expanded> {
  const files: string[] = [];
  const missing: { path: string; reason: string }[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (e) {
      missing.push({ path: dir, reason: (e as NodeJS.ErrnoException).code ?? String(e) });
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      missing.push({ path: dir, reason: (e as NodeJS.ErrnoException).code ?? String(e) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = await stat(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // a dangling link is not an input
        }
      }
      if (isDir) await walk(p);
      else if (isFile && CANDIDATE.test(e.name)) addFile(p);
    }
  };
  const addFile = (p: string): void => {
    if (seenFiles.has(p)) return;
    seenFiles.add(p);
    files.push(p);
  };
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      missing.push({ path: p, reason: code === 'ENOENT' ? 'no such file or folder' : code ?? String(e) });
      continue;
    }
    if (st.isDirectory()) await walk(p);
    else addFile(p);
  }
  const sel = selectLmEvalRuns(files);
  return { files: sel.keep, missing, dropped: sel.dropped };
}
