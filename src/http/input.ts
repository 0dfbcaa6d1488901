import express, { type RequestHandler } from 'express';

/**
 * Checks shared by every endpoint that takes JSON from outside, before any of it is used.
 */

/** How deep a parsed body may nest; Slack and Bot Framework payloads stay far below. */
export const MAX_DEPTH = 64;

/** Node 20 has String.prototype.isWellFormed (ES2024); our TypeScript lib is ES2023. */
const wellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * Where a parsed JSON value holds a string (value or key) that is not well-formed UTF-16 — a
 * lone surrogate, which JSON's `\ud800` escape allows but no database or platform accepts — or
 * nests deeper than `MAX_DEPTH`. `null` when the whole value is fine.
 */
export function illFormedAt(value: unknown, path = 'body', depth = 0): string | null {
  if (typeof value === 'string') return wellFormed(value) ? null : path;
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_DEPTH) return path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = illFormedAt(value[i], `${path}.${i}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (!wellFormed(key)) return `${path}.<key>`;
    const found = illFormedAt(inner, `${path}.${key.slice(0, 40)}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Bytes as UTF-8 text, or `null` when they are not valid UTF-8 (never silently replaced). */
export function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * JSON bodies up to `limit`, refused with 400 when not well-formed (see `illFormedAt`) before
 * any handler sees them. No decompression: a small compressed body could inflate past the limit.
 */
export function jsonBody(limit: string): RequestHandler[] {
  return [
    express.json({ limit, inflate: false }),
    (req, res, next) => {
      const where = illFormedAt(req.body);
      if (!where) return next();
      res.status(400).json({ error: 'malformed request', details: [`${where}: not well-formed text`] });
    },
  ];
}
