// Photo bytes on disk: <dir>/<sha256 of the bytes>. A crash mid-write must leave either no file or the whole file, so
// bytes go to a temporary file that is fsynced and renamed over the name (and the directory fsynced, so the rename
// itself survives a power cut). A file already there is trusted only when its bytes still hash to its name.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

const TEMP = /\.tmp$/;

/** Writes `bytes` to `file` so that readers and a crash see either the old state or all of the new bytes. */
export function writeFileAtomic(file: string, dir: string, bytes: Buffer): void {
  // A unique temp name: two uploads of the same photo at once must not write into each other's temp file.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx');
  try {
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, file);
  const dfd = openSync(dir, 'r');
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}

export type PhotoCheck = 'ok' | 'missing' | 'corrupt';

/** Whether the photo file `id` in `dir` is there and still hashes to its name. */
export function checkPhotoFile(dir: string, id: string): PhotoCheck {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, id));
  } catch {
    return 'missing';
  }
  return sha256(bytes) === id ? 'ok' : 'corrupt';
}

export function createPhotoFiles(dir: string) {
  mkdirSync(dir, { recursive: true });
  const path = (id: string) => join(dir, id);
  const check = (id: string) => checkPhotoFile(dir, id);
  return {
    dir,
    path,
    check,
    /** Stores bytes under their hash; an existing file that no longer matches (cut short, damaged) is replaced. */
    save(id: string, bytes: Buffer): void {
      if (check(id) === 'ok') return;
      writeFileAtomic(path(id), dir, bytes);
    },
    /** Temp files left by a crash mid-write: never renamed, so never referenced. Call before accepting uploads. */
    removeTemps(): number {
      const stale = readdirSync(dir).filter((f) => TEMP.test(f));
      for (const f of stale) rmSync(join(dir, f), { force: true });
      return stale.length;
    },
  };
}
export type PhotoFiles = ReturnType<typeof createPhotoFiles>;
