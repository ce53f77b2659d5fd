// The desktop settings (server, walls, console display) and the console window's last bounds, as JSON files in the
// app's userData folder. A missing or damaged file never stops the app: it starts with defaults and keeps the damaged
// file beside it (settings.json.damaged-<time>) for whoever wants to look.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { DesktopSettings, Rect, type DesktopSettingsInput } from '../protocol/ipc.ts';

export const SETTINGS_FILE = 'settings.json';
export const WINDOW_STATE_FILE = 'window-state.json';

export const WindowState = z.object({ bounds: Rect.nullable().default(null), maximized: z.boolean().default(false) });
export type WindowState = z.output<typeof WindowState>;

export interface Loaded<T> {
  value: T;
  /** Why the file was not used, if it was not. */
  problem: string | null;
}

function load<T>(file: string, schema: z.ZodType<T>, now: () => number): Loaded<T> {
  const fallback = schema.parse({});
  if (!existsSync(file)) return { value: fallback, problem: null };
  let problem: string;
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return { value: parsed.data, problem: null };
    problem = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err);
  }
  try {
    renameSync(file, `${file}.damaged-${now()}`);
  } catch {
    // keep going with defaults even if the damaged file cannot be moved
  }
  return { value: fallback, problem: `${file}: ${problem}` };
}

/** Write-then-rename, so a crash mid-write leaves the old file, never half a file. */
function save(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

export function createSettingsStore(dir: string, now: () => number = Date.now) {
  const settingsFile = join(dir, SETTINGS_FILE);
  const stateFile = join(dir, WINDOW_STATE_FILE);
  return {
    settingsFile,
    loadSettings: (): Loaded<DesktopSettings> => load(settingsFile, DesktopSettings, now),
    /** Validates before writing; throws on an invalid value (the file is untouched). */
    saveSettings(input: DesktopSettingsInput): DesktopSettings {
      const value = DesktopSettings.parse(input);
      save(settingsFile, value);
      return value;
    },
    loadWindowState: (): Loaded<WindowState> => load(stateFile, WindowState, now),
    saveWindowState(state: WindowState): void {
      save(stateFile, WindowState.parse(state));
    },
  };
}
export type SettingsStore = ReturnType<typeof createSettingsStore>;
