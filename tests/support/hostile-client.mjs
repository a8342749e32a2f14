// A hostile LAN client in its own process, so its own work does not count against the hub's event loop.
// argv: url parallel megabytes rounds; prints the HTTP statuses it got as JSON.
const [url, parallel = '4', megabytes = '30', rounds = '1'] = process.argv.slice(2);
const half = Math.floor((Number(megabytes) * 1024 * 1024) / 2);
const body = Buffer.from(`${'['.repeat(half)}${']'.repeat(half)}`);
const statuses = [];
for (let r = 0; r < Number(rounds); r++) {
  const answers = await Promise.all(
    Array.from({ length: Number(parallel) }, () =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
        (a) => a.status,
        () => 0,
      ),
    ),
  );
  statuses.push(...answers);
}
process.stdout.write(JSON.stringify(statuses));
