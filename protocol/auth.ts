import { z } from 'zod';
import { CentreLevel, Role } from './roles.ts';

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SessionUser = z.object({
  id: z.number().int(),
  username: z.string(),
  name: z.string(),
  role: Role,
  centreId: z.number().int(),
  centreName: z.string(),
  centreLevel: CentreLevel,
  /** A one-time password (new account, admin reset): only /api/me/password is open until it is changed. */
  mustChangePassword: z.boolean().optional(),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: z.number().int(),
  user: SessionUser,
});
export type LoginResponse = z.infer<typeof LoginResponse>;
