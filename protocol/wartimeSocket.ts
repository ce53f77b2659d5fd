import type { PersonRef } from './alerts.ts';
import type { Reply } from './errors.ts';
import type {
  AddRisk, AssignCommand, CloseRisk, DailyAnalysis, DailyReport, IssueOrder, Order, OrderRecipient, Presence, Risk,
  SubmitDailyReport, SwitchToPeacetime, SwitchToWartime, UpdateRisk, WartimeSnapshot, WartimeState, WriteAnalysis,
} from './wartime.ts';

/** Wartime command's socket events; socket.ts's event maps extend these. Payloads are validated with protocol/wartime.ts. */
export interface WartimeServerToClient {
  /** Live presence of a township or village console (county consoles only; latest wins, not in the durable stream). */
  presence: (p: Presence) => void;
}

export interface WartimeClientToServer {
  /** Call after every sync: the mode, recent orders, today's reports and analysis, risks and (county) presence. */
  'wartime:state': (req: Record<string, never>, reply: (r: Reply<WartimeSnapshot>) => void) => void;
  /** County users who may be given a command role. */
  'wartime:staff': (req: Record<string, never>, reply: (r: Reply<{ users: (PersonRef & { role: string })[] }>) => void) => void;
  'wartime:start': (req: SwitchToWartime, reply: (r: Reply<{ state: WartimeState }>) => void) => void;
  'wartime:end': (req: SwitchToPeacetime, reply: (r: Reply<{ state: WartimeState }>) => void) => void;
  'wartime:command': (req: AssignCommand, reply: (r: Reply<{ state: WartimeState }>) => void) => void;
  'order:issue': (req: IssueOrder, reply: (r: Reply<{ order: Order }>) => void) => void;
  'order:sign': (req: { orderId: number }, reply: (r: Reply<{ recipient: OrderRecipient }>) => void) => void;
  'order:answer': (req: { orderId: number; text: string }, reply: (r: Reply<{ recipient: OrderRecipient }>) => void) => void;
  'daily:submit': (req: SubmitDailyReport, reply: (r: Reply<{ report: DailyReport }>) => void) => void;
  'daily:analysis': (req: WriteAnalysis, reply: (r: Reply<{ analysis: DailyAnalysis }>) => void) => void;
  'daily:reports': (req: { date: string }, reply: (r: Reply<{ reports: DailyReport[]; analysis: DailyAnalysis | null }>) => void) => void;
  'risk:add': (req: AddRisk, reply: (r: Reply<{ risk: Risk }>) => void) => void;
  'risk:update': (req: UpdateRisk, reply: (r: Reply<{ risk: Risk }>) => void) => void;
  'risk:close': (req: CloseRisk, reply: (r: Reply<{ risk: Risk }>) => void) => void;
}
