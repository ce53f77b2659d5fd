// CPU and memory of processes from /proc, for the benchmarks that measure what Chromium, the server and its ffmpeg
// children cost (video, streams, playback).
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: the unit of the utime and stime fields of /proc/<pid>/stat. */
export const HZ = 100;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces), or null when the process is gone. */
function statFields(pid: number | string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** User + system CPU time of a process in ticks (HZ a second); 0 once it is gone. */
export function cpuTicks(pid: number): number {
  const f = statFields(pid);
  return f ? Number(f[11]) + Number(f[12]) : 0;
}

export const ticksOf = (pids: number[]): number => pids.reduce((s, pid) => s + cpuTicks(pid), 0);

/** pssKb: private memory (USS) in kB. */
export interface ProcSample { cpuTicks: number; pssKb: number }

/** CPU ticks and private memory of a process, or null when it is gone. */
export function procSample(pid: number): ProcSample | null {
  const f = statFields(pid);
  if (!f) return null;
  try {
    // Private (unshared) memory: unlike RSS or PSS it does not move when other processes map the same libraries.
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
    return { cpuTicks: Number(f[11]) + Number(f[12]), pssKb: kb('Private_Clean') + kb('Private_Dirty') };
  } catch {
    return null;
  }
}

export interface Proc { pid: number; ppid: number; cmd: string }

/** Every process now, with its parent and command line. */
export function allProcs(): Proc[] {
  const out: Proc[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const f = statFields(e);
    if (!f) continue;
    try {
      out.push({ pid: Number(e), ppid: Number(f[1]), cmd: readFileSync(`/proc/${e}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      /* gone */
    }
  }
  return out;
}

/** The process and all its descendants. */
export function descendants(root: number, procs = allProcs()): number[] {
  const kids = new Map<number, number[]>();
  for (const p of procs) kids.set(p.ppid, [...(kids.get(p.ppid) ?? []), p.pid]);
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const k of kids.get(pid) ?? []) walk(k);
  };
  walk(root);
  return out;
}
