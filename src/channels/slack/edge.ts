import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { illFormedAt, utf8 } from '../../http/input';
import type { Logger } from '../../observability/logger';
import { SLASH_COMMAND } from './capabilities';
import {
  commandEnvelope,
  eventEnvelope,
  HANDLED_EVENT_TYPES,
  HANDLED_INTERACTION_TYPES,
  interactiveEnvelope,
  rateLimited,
  sslCheck,
  urlVerification,
} from './schemas';

/**
 * Largest body read from Slack. Slack documents a 40,000-character limit on a message's text; a
 * message shortcut's payload carries that text twice (text and rich-text blocks), form-encoded:
 * up to 9 bytes a character for non-ASCII text, about 720 KB. Bolt's own default is 4 MB.
 */
export const SLACK_BODY_LIMIT_BYTES = 1024 * 1024;

/** How far a request's timestamp may be from our clock, either way (Slack's documented window). */
export const SLACK_TIMESTAMP_SKEW_SECONDS = 5 * 60;

const FORM = 'application/x-www-form-urlencoded';
const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{1,12}$/;

export interface SlackEdgeOptions {
  signingSecret: string;
  logger: Logger;
  /** Wall clock in milliseconds (Slack signs with real time, whatever the helpdesk's clock says). */
  now?: () => number;
  bodyLimitBytes?: number;
}

/** What to do with a request whose signature holds. */
type Verdict = { pass: true } | { pass: false; status: 200 | 400 | 404; reason: string; issues?: string[] };

function issuesOf(error: z.ZodError): string[] {
  return error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
}

function check(schema: z.ZodType, body: unknown): Verdict {
  const parsed = schema.safeParse(body);
  return parsed.success
    ? { pass: true }
    : { pass: false, status: 400, reason: 'malformed Slack payload', issues: issuesOf(parsed.error) };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Which Slack payload a parsed body is, and whether Bolt may see it: the payloads the listeners
 * handle must match their schemas (400 otherwise), well-formed payloads nobody listens to are
 * acknowledged here (200, nothing stored), a command other than ours gets 404, and bodies that are
 * no Slack payload at all get 400.
 */
export function classifySlackBody(body: unknown, form: boolean): Verdict {
  if (!isRecord(body)) return { pass: false, status: 400, reason: 'not a Slack payload' };
  if (form && 'payload' in body) {
    if (typeof body.payload !== 'string') return { pass: false, status: 400, reason: 'malformed Slack payload' };
    let payload: unknown;
    try {
      payload = JSON.parse(body.payload);
    } catch {
      return { pass: false, status: 400, reason: 'malformed Slack payload' };
    }
    const where = illFormedAt(payload, 'payload');
    if (where) return { pass: false, status: 400, reason: 'malformed text', issues: [where] };
    if (!isRecord(payload)) return { pass: false, status: 400, reason: 'not a Slack payload' };
    const verdict = check(interactiveEnvelope, payload);
    if (verdict.pass && !HANDLED_INTERACTION_TYPES.has(String(payload.type)))
      return { pass: false, status: 200, reason: 'interaction type not handled' };
    return verdict;
  }
  if (form && 'command' in body) {
    const verdict = check(commandEnvelope, body);
    if (verdict.pass && body.command !== SLASH_COMMAND) return { pass: false, status: 404, reason: 'unknown command' };
    return verdict;
  }
  if (form && 'ssl_check' in body) return check(sslCheck, body);
  if (form) return { pass: false, status: 400, reason: 'not a Slack payload' };
  switch (body.type) {
    case 'url_verification':
      return check(urlVerification, body);
    case 'app_rate_limited': {
      const verdict = check(rateLimited, body);
      return verdict.pass
        ? { pass: false, status: 200, reason: 'Slack dropped events: app over its rate limit' }
        : verdict;
    }
    case 'event_callback': {
      const verdict = check(eventEnvelope, body);
      const event = body.event as { type?: unknown } | undefined;
      if (verdict.pass && !HANDLED_EVENT_TYPES.has(String(event?.type)))
        return { pass: false, status: 200, reason: 'event type not handled' };
      return verdict;
    }
    default:
      return { pass: false, status: 400, reason: 'not a Slack payload' };
  }
}

function refuse(res: Response, status: number, error: string, issues?: string[]): void {
  // The body may not have been read: close the connection rather than drain it.
  if (status >= 400) res.set('connection', 'close');
  if (status === 200) res.status(200).end();
  else res.status(status).json({ error, ...(issues ? { details: issues } : {}), reqId: res.locals.requestId });
}

/**
 * The gate in front of Bolt on `POST /slack/events`. In order, each step cheaper than the next:
 * signature headers present and the timestamp within five minutes either way (401, body never
 * read); a declared length above the cap (413, never read); the body read up to the cap (413);
 * the v0 HMAC over the raw bytes (401); valid UTF-8 and JSON / form encoding (400); the envelope
 * and, for what the listeners handle, the payload checked against the schemas (400). Only then
 * does Bolt get the request, with the raw body already read (`req.rawBody`).
 */
export function slackEdge(options: SlackEdgeOptions): RequestHandler[] {
  const { signingSecret, logger } = options;
  const now = options.now ?? Date.now;
  const limit = options.bodyLimitBytes ?? SLACK_BODY_LIMIT_BYTES;

  const headers: RequestHandler = (req, res, next) => {
    const signature = req.get('x-slack-signature') ?? '';
    const stamp = req.get('x-slack-request-timestamp') ?? '';
    const skew = TIMESTAMP.test(stamp) ? Math.abs(now() / 1000 - Number(stamp)) : Infinity;
    if (!SIGNATURE.test(signature) || skew > SLACK_TIMESTAMP_SKEW_SECONDS) {
      logger.warn(
        { reqId: res.locals.requestId, skew: Number.isFinite(skew) ? Math.round(skew) : undefined },
        SIGNATURE.test(signature)
          ? 'slack request refused: timestamp more than 5 minutes off'
          : 'slack request refused: no signature',
      );
      return refuse(res, 401, 'unauthorized');
    }
    const declared = Number(req.get('content-length') ?? 0);
    if (declared > limit) {
      logger.warn({ reqId: res.locals.requestId, bytes: declared }, 'slack request refused: body too large');
      return refuse(res, 413, 'payload too large');
    }
    next();
  };

  // Any content type, read as bytes; no decompression (Slack never compresses, a zip bomb would).
  const read = express.raw({ type: () => true, limit, inflate: false });

  const verify = (req: Request, res: Response, next: NextFunction) => {
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const stamp = req.get('x-slack-request-timestamp')!;
    const expected = createHmac('sha256', signingSecret).update(`v0:${stamp}:`).update(raw).digest();
    const given = Buffer.from(req.get('x-slack-signature')!.slice(3), 'hex');
    if (!timingSafeEqual(expected, given)) {
      logger.warn({ reqId: res.locals.requestId }, 'slack request refused: signature mismatch');
      return refuse(res, 401, 'unauthorized');
    }
    const text = utf8(raw);
    const form = req.get('content-type') === FORM;
    let body: unknown;
    try {
      if (text === null) throw new Error('not UTF-8');
      body = form ? parseQuery(text) : JSON.parse(text);
    } catch {
      return refuse(res, 400, 'malformed request');
    }
    const where = illFormedAt(body);
    const verdict: Verdict = where
      ? { pass: false, status: 400, reason: 'malformed text', issues: [where] }
      : classifySlackBody(body, form);
    if (!verdict.pass) {
      if (verdict.status === 200)
        logger.debug({ reqId: res.locals.requestId, reason: verdict.reason }, 'slack: acknowledged, nothing to do');
      else
        logger.warn(
          { reqId: res.locals.requestId, reason: verdict.reason, issues: verdict.issues },
          'slack request refused',
        );
      return refuse(res, verdict.status, verdict.reason, verdict.issues);
    }
    // Bolt reads the body it is given here instead of the (consumed) stream, and checks it again.
    (req as Request & { rawBody?: Buffer }).rawBody = raw;
    req.body = undefined;
    next();
  };

  return [headers, read, verify];
}
