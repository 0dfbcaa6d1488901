/**
 * Benchmarks print one JSON object on stdout; progress goes to stderr.
 * Usage: npm run bench --silent -- <name> [options]
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';

const BENCHES: Record<string, () => Promise<{ run(argv: string[]): Promise<unknown> }>> = {
  chaos: () => import('./chaos'),
  faq: () => import('./faq'),
  ferretdb: () => import('./ferretdb'),
  scale: () => import('./scale'),
  sla: () => import('./sla'),
};

async function main(): Promise<void> {
  const [name, ...argv] = process.argv.slice(2);
  const load = name ? BENCHES[name] : undefined;
  if (!load) {
    process.stderr.write(`usage: npm run bench --silent -- <${Object.keys(BENCHES).join('|')}> [options]\n`);
    process.exit(2);
  }
  const result = await (await load()).run(argv);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
