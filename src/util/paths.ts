/** Path helpers shared by the host parts. Pure (node:path only). */
import * as path from 'node:path';

/** Whether `file` is `scope` itself or inside the folder `scope`. */
export function isWithin(file: string, scope: string): boolean {
  const rel = path.relative(scope, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** A file name safe to offer in a save dialog, made from log text (task names can hold anything). */
export function safeFileName(name: string, ext: string): string {
  const base = name.replace(/[^\p{L}\p{N}._ ()-]+/gu, '_').replace(/^[.\s]+/, '').slice(0, 80).trim();
  return `${base || 'mirage'}${ext}`;
}
