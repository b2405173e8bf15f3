// Runs the simulated VPSie cloud in its own process so that the benchmark process measures
// only the client side. Prints one JSON line with the URL, CA and credentials, then serves
// until stdin closes.
import { startSimVpsie } from '../../src/sim/vpsie/index.ts';

const sim = await startSimVpsie({ tls: process.argv.includes('--tls') });
process.stdout.write(`${JSON.stringify({ url: sim.url, caPem: sim.caPem, credentials: sim.credentials })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
