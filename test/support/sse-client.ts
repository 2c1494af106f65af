export interface SseEvent {
  event: string;
  data: string;
}

/** Reads a Server-Sent Events stream until the server ends it (or the timeout passes). */
export async function readSse(
  url: string,
  headers: Record<string, string>,
  timeoutMs = 30_000,
): Promise<SseEvent[]> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok || !response.body) throw new Error(`SSE request failed: ${response.status}`);
  expectEventStream(response.headers.get('content-type'));
  const text = await response.text();
  return text
    .split('\n\n')
    .map((block) => block.split('\n'))
    .map((lines) => ({
      event:
        lines
          .find((l) => l.startsWith('event:'))
          ?.slice(6)
          .trim() ?? 'message',
      data: lines
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('\n'),
    }))
    .filter((event) => event.data.length > 0);
}

function expectEventStream(contentType: string | null): void {
  if (!contentType?.startsWith('text/event-stream')) {
    throw new Error(`expected text/event-stream, got ${contentType}`);
  }
}
