// The load generator of bench:intake, in its own process so that sending does not steal the server's CPU.
// Receives { url, token, bodies, concurrency } over IPC, posts every body, answers { seconds, failed }.
interface Job { url: string; token: string; bodies: string[]; concurrency: number }

process.once('message', async (job: Job) => {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < job.bodies.length) {
      const body = job.bodies[next++] as string;
      const res = await fetch(`${job.url}/api/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${job.token}` },
        body,
      });
      if (res.status !== 201) failed++;
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 8 }, () => fetch(`${job.url}/api/health`).then((r) => r.arrayBuffer())));
  const t0 = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  process.send?.({ seconds: (performance.now() - t0) / 1000, failed });
  process.disconnect();
});
