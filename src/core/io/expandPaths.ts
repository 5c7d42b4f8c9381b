/**
 * Turns the paths a user gave into the files to read: folders are walked (symlinks followed, loops
 * cut by real path, hidden folders and node_modules skipped), then lm-evaluation-harness run folders
 * keep only the newest run per model and task. Every file is listed once by its real path, however
 * many names (symlinks, `./a` and `a`) lead to it. Only reads.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CANDIDATE } from '../formats/registry';
import { selectLmEvalRuns } from '../formats/lmEvalRuns';

export interface Expanded {
  files: string[];
  /** Paths given that do not exist or cannot be opened, with the reason. */
  missing: { path: string; reason: string }[];
  /** Files left out on purpose (older runs), with the reason. */
  dropped: { path: string; reason: string }[];
  /**
   * Folders found inside a given folder that cannot be opened (no permission), with the reason: the
   * rest of the walk goes on. (A given path that cannot be opened is `missing`.)
   */
  unreadable: { path: string; reason: string }[];
}

export async function expandPaths(paths: string[]): Promise<Expanded> {
  const files: string[] = [];
  const missing: { path: string; reason: string }[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  const seenDirs = new Set<string>();
  /** Index in `files` per real path. */
  const seenFiles = new Map<string, number>();
  const walk = async (dir: string, given: boolean): Promise<void> => {
    // One unreadable subfolder must not fail the whole run: only a folder the user named is
    // `missing`; one met on the way is listed as unreadable and the walk goes on.
    const fail = (e: unknown): void => {
      const reason = (e as NodeJS.ErrnoException).code ?? String(e);
      if (given) missing.push({ path: dir, reason });
      else unreadable.push({ path: dir, reason: `cannot open folder (${reason})` });
    };
    let real: string;
    try {
      real = await realpath(dir);
    } catch (e) {
      fail(e);
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      fail(e);
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
          continue; // a dangling link (or a link loop) is not an input
        }
      }
      if (isDir) await walk(p, false);
      else if (isFile && CANDIDATE.test(e.name)) await addFile(p);
    }
  };
  // A file reached by several names (a symlink `latest.jsonl -> run3.jsonl`, a linked folder, the
  // same path spelled twice) was read once per name, its records counted twice. Keep one name per
  // real path: the first met, or a later one that involves no symlink (the file's own name, which
  // is what an editor shows for it).
  const addFile = async (p: string): Promise<void> => {
    const real = await realpath(p).catch(() => resolve(p));
    const k = seenFiles.get(real);
    if (k === undefined) {
      seenFiles.set(real, files.length);
      files.push(p);
    } else if (resolve(files[k]!) !== real && resolve(p) === real) {
      files[k] = p;
    }
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
    if (st.isDirectory()) await walk(p, true);
    else await addFile(p);
  }
  const sel = selectLmEvalRuns(files);
  return { files: sel.keep, missing, dropped: sel.dropped, unreadable };
}
