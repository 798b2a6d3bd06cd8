/**
 * `npm run demo-server [-- --port 8443]`: serves the simulated portals until Ctrl-C and prints
 * the Chromium flag that sends the portal hosts to it. Without --port it takes 8443, or any free
 * port when 8443 is busy.
 */
import { portalHostsRule, startDemoServer } from '../demo/server';
import type { DemoServer } from '../demo/server';
import { ArgumentError, parseCommandLine, refuseArguments } from './io';

const DEFAULT_PORT = 8443;

const USAGE = `Usage : npm run demo-server [-- --port <port>]

Sert les portails simulés (données fictives) en HTTPS jusqu'à Ctrl-C, et affiche les options de
Chromium qui envoient les adresses des portails vers ce serveur.

  --port <port>   port d'écoute, 0 pour n'importe quel port libre (par défaut 8443, ou un port
                  libre si 8443 est pris)
  -h, --help      cette aide`;

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new ArgumentError(
      `--port attend un numéro de port de 0 à 65535 (0 pour n'importe quel port libre), pas « ${value} ».`,
    );
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
  let port: number | undefined;
  try {
    const { values } = parseCommandLine({
      args: process.argv.slice(2),
      options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log(USAGE);
      return;
    }
    port = parsePort(values.port);
  } catch (error) {
    process.exitCode = refuseArguments(error, USAGE);
    return;
  }
  const server = await startOnPreferredPort(port);
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
