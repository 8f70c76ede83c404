// Reads a text/event-stream from any chunk source (fastify.inject's stream, a fetch body) for tests.

export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
  /** A comment line (a heartbeat), without the leading colon; such a message has no data. */
  comment?: string;
}

export interface SseReader {
  /** Resolves with the next message (in arrival order) that matches; earlier non-matching ones are skipped. */
  next(matches?: (message: SseMessage) => boolean): Promise<SseMessage>;
}

export function readSse(chunks: AsyncIterable<Uint8Array | string>): SseReader {
  const decoder = new TextDecoder();
  const queue: SseMessage[] = [];
  let wake: (() => void) | undefined;
  let ended: Error | undefined;

  void (async () => {
    let buffer = '';
    try {
      for await (const chunk of chunks) {
        buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          parseBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
        wake?.();
      }
      ended = new Error('the event stream ended');
    } catch (error) {
      ended = error instanceof Error ? error : new Error(String(error));
    }
    wake?.();
  })();

  function parseBlock(block: string): void {
    const message: SseMessage = { data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) message.comment = line.slice(1).trim();
      else if (line.startsWith('id: ')) message.id = line.slice(4);
      else if (line.startsWith('event: ')) message.event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length === 0 && message.comment === undefined) return;
    message.data = data.join('\n');
    queue.push(message);
  }

  return {
    async next(matches = () => true) {
      for (;;) {
        while (queue.length > 0) {
          const message = queue.shift() as SseMessage;
          if (matches(message)) return message;
        }
        if (ended) throw ended;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
