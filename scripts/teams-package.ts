/**
 * Builds the Teams app package (manifest.json + fr.json + icons, zipped) that a Teams admin
 * uploads. `npm run teams:package` (MICROSOFT_APP_ID and PUBLIC_URL from the environment or .env);
 * `-- --out <file.zip>` to choose the output; `-- --icons` to redraw the two icons first.
 */
process.env.DOTENV_CONFIG_QUIET = 'true';

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { TEAMS_ENDPOINT } from '../src/channels/teams/activity';
import { colorIcon, outlineIcon } from '../src/channels/teams/package/icons';
import {
  buildTeamsPackage,
  manifestValues,
  TEAMS_MANIFEST_DIR,
  type TeamsPackage,
} from '../src/channels/teams/package/manifest';
import { pngInfo } from '../src/channels/teams/package/png';
import { parseEnv } from '../src/config';

const ROOT = path.resolve(__dirname, '..');
export const DEFAULT_OUTPUT = path.join(ROOT, 'dist/teams/helpdesk-teams.zip');

/** Redraws manifests/teams/color.png (192×192) and outline.png (32×32). */
export function writeIcons(dir = TEAMS_MANIFEST_DIR): void {
  writeFileSync(path.join(dir, 'color.png'), colorIcon());
  writeFileSync(path.join(dir, 'outline.png'), outlineIcon());
}

/** Everything Teams would refuse at upload, checked offline: JSON schemas (bundled) and icon sizes. */
export async function validateTeamsPackage(pkg: TeamsPackage, dir = TEAMS_MANIFEST_DIR): Promise<string[]> {
  const problems = (await AppManifestUtils.validateAgainstSchema(pkg.manifest as unknown as AppManifest)).map(
    (p) => `manifest.json${p}`,
  );
  for (const [file, localization] of Object.entries(pkg.localizations)) {
    const schema = withUnicodeSafePatterns(await AppManifestUtils.fetchSchema(String(localization.$schema)));
    problems.push(
      ...(await AppManifestUtils.validateAgainstSchema(localization as unknown as AppManifest, schema)).map(
        (p) => `${file}${p}`,
      ),
    );
  }
  const icons = pkg.manifest.icons as { color: string; outline: string };
  const expected = { [icons.color]: 192, [icons.outline]: 32 };
  for (const [file, size] of Object.entries(expected)) {
    const info = pngInfo(readFileSync(path.join(dir, file)));
    if (info.width !== size || info.height !== size)
      problems.push(`${file} must be ${size}×${size} (is ${info.width}×${info.height})`);
  }
  return problems;
}

/**
 * The bundled localisation schema has a few patterns (about `activities`, which this app does
 * not use) that JavaScript rejects as unicode regular expressions, so the validator cannot
 * compile it as is. Those keys are dropped; every other rule applies unchanged.
 */
function withUnicodeSafePatterns<T>(schema: T): T {
  const copy = structuredClone(schema) as { patternProperties?: Record<string, unknown> };
  for (const pattern of Object.keys(copy.patternProperties ?? {})) {
    try {
      new RegExp(pattern, 'u');
    } catch {
      delete copy.patternProperties![pattern];
    }
  }
  return copy as T;
}

async function main(args: string[]): Promise<void> {
  if (existsSync(path.join(ROOT, '.env'))) process.loadEnvFile(path.join(ROOT, '.env'));
  if (args.includes('--icons')) {
    writeIcons();
    process.stdout.write(`Icons written to ${path.relative(ROOT, TEAMS_MANIFEST_DIR)}\n`);
  }
  const outAt = args.indexOf('--out');
  const output = outAt >= 0 && args[outAt + 1] ? path.resolve(args[outAt + 1]) : DEFAULT_OUTPUT;
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const pkg = buildTeamsPackage(manifestValues(parseEnv(process.env), version));
  const problems = await validateTeamsPackage(pkg);
  if (problems.length) throw new Error(`The Teams manifest is not valid:\n- ${problems.join('\n- ')}`);
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, pkg.zip);
  process.stdout.write(
    `Teams app package: ${path.relative(process.cwd(), output)} (bot ${pkg.manifest.id}, endpoint ${process.env.PUBLIC_URL?.replace(/\/$/, '')}${TEAMS_ENDPOINT})\n` +
      'Upload it in Teams (Apps > Manage your apps > Upload an app) or the Teams admin center.\n',
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  });
}
