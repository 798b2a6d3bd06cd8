/**
 * `npm run demo-server [-- --port 8443]`: serves the simulated portals until Ctrl-C and prints
 * the Chromium flag that sends the portal hosts to it. Without --port it takes 8443, or any free
 * port when 8443 is busy.
 */
import { parseArgs } from 'node:util';
import { portalHostsRule, startDemoServer } from '../demo/server';
import type { DemoServer } from '../demo/server';

const DEFAULT_PORT = 8443;

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be a port number (0 for any free port), not "${value}".`);
  }
  return port;
}

async function startOnPreferredPort(port: number | undefined): Promise<DemoServer> {
  if (port !== undefined) return startDemoServer({ port });
  try {
    return await startDemoServer({ port: DEFAULT_PORT });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return startDemoServer({ port: 0 });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' } } });
  const server = await startOnPreferredPort(parsePort(values.port));
  const rule = portalHostsRule(server.hosts, server.port);
  console.log(`Portails simulés — données fictives / Simulated portals — fictional data`);
  console.log(`Index: ${server.url}`);
  console.log(`\nChromium flags to reach the portal hosts (self-signed certificate):`);
  console.log(`  --host-resolver-rules="${rule}" --ignore-certificate-errors`);
  console.log(`\nCtrl-C to stop.`);

  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
