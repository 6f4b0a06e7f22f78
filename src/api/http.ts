// fetch for the data sources: every request takes the caller's AbortSignal,
// times out, and fails with an ApiError that says what went wrong in words
// a person can act on (down, refused, not found, malformed answer).
import { errorText } from '../model/text';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly url: string,
  ) {
    super(message);
  }
}

export type Fetch = typeof fetch;

export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  fetch?: Fetch;
}

function withTimeout(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

export async function request(url: string, options: RequestOptions = {}): Promise<Response> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      signal: withTimeout(options.signal, timeoutMs),
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    if (options.signal?.aborted) throw error; // the caller cancelled: not an error to show
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      throw new ApiError(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`, null, url);
    }
    throw new ApiError(`could not reach ${url}: the backend is down or unreachable (${errorText(error)})`, null, url);
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    let detail = text.slice(0, 300);
    try {
      // Jaeger v1 (`errors[0].msg`), Jaeger v3 and gRPC gateways (`error.message`), Zipkin and others (`message`,
      // `error`).
      const body = JSON.parse(text) as {
        errors?: Array<{ msg?: string }>;
        message?: string;
        error?: string | { message?: string };
      };
      const nested =
        typeof body.error === 'object' && body.error !== null
          ? body.error.message
          : typeof body.error === 'string'
            ? body.error
            : undefined;
      detail = body.errors?.[0]?.msg ?? body.message ?? nested ?? detail;
    } catch {
      // not JSON: keep the text
    }
    throw new ApiError(`${url} answered ${response.status}${detail ? `: ${detail}` : ''}`, response.status, url);
  }
  return response;
}

export async function requestJson<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(url, options);
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(`${url} answered with something that is not JSON: ${text.slice(0, 120)}`, response.status, url);
  }
}
