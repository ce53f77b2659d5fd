// The photos table (metadata; the bytes are files, see photoFiles.ts) and who may fetch a photo.
import type { Db } from './db.ts';
import { scopeSql, type Scope } from './incidents.ts';

export function createPhotoStore(db: Db) {
  const insert = db.prepare('INSERT OR IGNORE INTO photos (id, mime, bytes, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?)');
  const one = db.prepare<[string], { mime: string; bytes: number; uploaded_by: number }>('SELECT mime, bytes, uploaded_by FROM photos WHERE id = ?');
  const all = db.prepare<[], { id: string; bytes: number }>('SELECT id, bytes FROM photos ORDER BY uploaded_at, id');
  return {
    record(id: string, mime: string, bytes: number, by: number, at: number): void {
      insert.run(id, mime, bytes, by, at);
    },
    get: (id: string) => one.get(id) ?? null,
    all: () => all.all(),
    /** A case in this scope carries the photo (on the report or on any step of its timeline). */
    onVisibleCase(scope: Scope, id: string): boolean {
      const s = scopeSql(scope);
      return db.prepare(`SELECT 1 FROM incident_photos p JOIN incidents i ON i.id = p.incident_id WHERE p.photo_id = ? AND ${s.sql} LIMIT 1`).get(id, ...s.args) !== undefined;
    },
  };
}
export type PhotoStore = ReturnType<typeof createPhotoStore>;
