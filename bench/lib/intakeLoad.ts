// The load generator of bench:intake, in its own process so that sending does not steal the server's CPU.
// Receives { url, token, bodies, concurrency } over IPC, posts every body, answers { seconds, failed }.
// undici's Pool rather than fetch: fetch alone tops out near 1,750 requests/s on this machine, below what is measured.
import { Pool } from 'undici';

interface Job { url: string; token: string; bodies: string[]; concurrency: number }

process.once('message', async (job: Job) => {
  const pool = new Pool(job.url, { connections: job.concurrency, pipelining: 1 });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${job.token}` };
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < job.bodies.length) {
      const body = job.bodies[next++] as string;
      const res = await pool.request({ path: '/api/incidents', method: 'POST', headers, body });
      if (res.statusCode !== 201) failed++;
      await res.body.dump();
    }
  };
  await Promise.all(Array.from({ length: 8 }, async () => (await pool.request({ path: '/api/health', method: 'GET' })).body.dump()));
  const t0 = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  process.send?.({ seconds: (performance.now() - t0) / 1000, failed });
  await pool.close();
  process.disconnect();
});
