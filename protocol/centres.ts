import { z } from 'zod';
import { CentreLevel } from './roles.ts';

export const Centre = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  level: CentreLevel,
  code: z.string(),
  name: z.string(),
});
export type Centre = z.infer<typeof Centre>;
