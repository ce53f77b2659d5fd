import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_ACK_DEADLINES_MS } from './domain/alerts.ts';

/** Settings a county can change without touching code; read from <dataDir>/config.json, then overridden by flags. */
export const ServerConfig = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8620),
  /** Acknowledgement deadline per alert level, in ms. */
  ackDeadlinesMs: z
    .object({ red: z.number().int().positive(), orange: z.number().int().positive(), yellow: z.number().int().positive(), blue: z.number().int().positive() })
    .default(DEFAULT_ACK_DEADLINES_MS),
  sessionTtlMs: z.number().int().positive().default(12 * 3600_000),
  loginRateLimit: z.object({ max: z.number().int().positive(), windowMs: z.number().int().positive() }).default({ max: 20, windowMs: 60_000 }),
  /** How often due timers (escalations) are checked. */
  timerTickMs: z.number().int().positive().default(1000),
});
export type ServerConfig = z.output<typeof ServerConfig>;
export type ServerConfigInput = z.input<typeof ServerConfig>;

export function loadConfigFile(dataDir: string): ServerConfigInput {
  const file = join(dataDir, 'config.json');
  if (!existsSync(file)) return {};
  const parsed = ServerConfig.partial().safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
