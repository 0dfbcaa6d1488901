import type { Logger } from '../../observability/logger';

/** Back-off for Bot Framework connector calls. */
export interface RetryPolicy {
  /** Tries in all (first call included). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per try. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 15_000, timeoutMs: 15_000 };

/**
 * Worth another try: throttled (429), a concurrent edit of the same message (412), the
 * connector's gateway timing out or failing (502/503/504, 408).
 */
export const RETRYABLE = new Set([408, 412, 429, 502, 503, 504]);

/** The connector kept failing (or failed in a way a retry cannot fix). */
export class ConnectorError extends Error {
  constructor(
    readonly statusCode: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

/** What the SDK hands its HTTP client (`WebResourceLike` of @azure/core-http-compat), as far as we read it. */
export interface ConnectorRequest {
  url: string;
  method: string;
  body?: unknown;
  headers: { rawHeaders(): Record<string, string> };
  abortSignal?: { aborted: boolean };
}

/** Response headers the way the SDK reads them (`HttpHeadersLike`). */
class ResponseHeaders {
  private readonly map = new Map<string, { name: string; value: string }>();

  constructor(headers?: Headers) {
    headers?.forEach((value, name) => this.set(name, value));
  }
  set(name: string, value: string | number): void {
    this.map.set(name.toLowerCase(), { name, value: String(value) });
  }
  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase())?.value;
  }
  contains(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  remove(name: string): boolean {
    return this.map.delete(name.toLowerCase());
  }
  rawHeaders(): Record<string, string> {
    return this.toJson();
  }
  headersArray(): { name: string; value: string }[] {
    return [...this.map.values()];
  }
  headerNames(): string[] {
    return this.headersArray().map((h) => h.name);
  }
  headerValues(): string[] {
    return this.headersArray().map((h) => h.value);
  }
  toJson(options: { preserveCase?: boolean } = {}): Record<string, string> {
    return Object.fromEntries(
      this.headersArray().map((h) => [options.preserveCase ? h.name : h.name.toLowerCase(), h.value]),
    );
  }
  toString(): string {
    return JSON.stringify(this.toJson());
  }
  clone(): ResponseHeaders {
    const copy = new ResponseHeaders();
    for (const h of this.headersArray()) copy.set(h.name, h.value);
    return copy;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The HTTP client under botbuilder's connector: every call to Teams (replies, proactive messages,
 * card updates) goes through here and is retried with back-off. It is the only retry layer: a
 * failure that outlives it is thrown as a plain error, which the SDK's own pipeline passes on
 * instead of retrying it a second time on its own schedule.
 */
export class RetryingTransport {
  constructor(
    private readonly deps: { retry: RetryPolicy; logger: Pick<Logger, 'warn'>; wait?: (ms: number) => Promise<void> },
  ) {}

  async sendRequest(request: ConnectorRequest) {
    const { retry, logger } = this.deps;
    const wait = this.deps.wait ?? sleep;
    const where = describe(request);
    for (let attempt = 1; ; attempt++) {
      let response: Response | undefined;
      let failure: Error | undefined;
      try {
        response = await fetch(request.url, {
          method: request.method,
          headers: request.headers.rawHeaders(),
          body:
            typeof request.body === 'string'
              ? request.body
              : request.body == null
                ? undefined
                : JSON.stringify(request.body),
          signal: AbortSignal.timeout(retry.timeoutMs),
        });
      } catch (err) {
        failure = err as Error;
      }
      if (response && !RETRYABLE.has(response.status)) {
        const bodyAsText = await response.text();
        if (response.status >= 500)
          throw new ConnectorError(
            response.status,
            `${where} failed with ${response.status}: ${bodyAsText.slice(0, 200)}`,
          );
        return { request, status: response.status, headers: new ResponseHeaders(response.headers), bodyAsText };
      }
      const status = response?.status;
      if (response) await response.arrayBuffer().catch(() => undefined);
      if (attempt >= retry.attempts || request.abortSignal?.aborted)
        throw new ConnectorError(
          status,
          `${where} failed after ${attempt} tries: ${status ?? failure?.message ?? 'no response'}`,
        );
      const delay = retryAfterMs(response, retry.maxDelayMs) ?? backoffMs(attempt, retry);
      logger.warn(
        { call: where, status, err: failure?.message, attempt, delay },
        'teams connector call failed; retrying',
      );
      await wait(delay);
    }
  }
}

/** Exponential back-off with jitter (half fixed, half random) so retrying processes spread out. */
export function backoffMs(attempt: number, retry: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** `Retry-After` in seconds or as an HTTP date, capped; undefined when absent. */
export function retryAfterMs(response: Response | undefined, max: number): number | undefined {
  const header = response?.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(max, Math.max(0, ms)) : undefined;
}

function describe(request: ConnectorRequest): string {
  try {
    const url = new URL(request.url);
    return `${request.method} ${url.host}${url.pathname}`;
  } catch {
    return request.method;
  }
}
