import type { z } from 'zod';

/** A configuration problem that must stop start-up with a readable message. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** One line per problem, naming the field path: `sla.targets.P1.resolve: expected a duration ...`. */
export function formatZodError(error: z.ZodError): string {
  return error.issues.map((i) => `  - ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('\n');
}
