import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ApiFailure } from './api-error';

/** How much of an oversized body the server reads (and throws away) so that the client gets its 413. */
export const DISCARD_FACTOR = 4;

const tooLarge = (limit: number) =>
  new ApiFailure(413, 'payload-too-large', `request body is larger than allowed (${limit} bytes)`);

/**
 * Fastify answers a body over the limit with 413 and closes the connection without reading the body; a
 * client that is still uploading (Node's fetch) then sees EPIPE, never the 413, and retries the same push
 * forever. So the rest of the body is read and discarded first. Up to DISCARD_FACTOR x the limit: a client
 * sending more is not a terminal with a too-big batch, and is answered with the connection closed.
 */
export function installOversizedBodyDrain(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, reply, payload) => {
    const limit = request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? Number.POSITIVE_INFINITY;
    const cap = limit * DISCARD_FACTOR;
    const header = request.headers['content-length'];
    if (header === undefined) {
      if (request.headers['transfer-encoding'] === undefined) return payload;
      const limited = new DiscardBeyondLimit(payload, limit, cap);
      payload.on('error', (error) => limited.destroy(error));
      return payload.pipe(limited);
    }
    const declared = Number(header);
    if (!(declared > limit)) return payload;
    if (declared > cap || !(await isDrainedWithin(payload, cap))) reply.header('connection', 'close');
    throw tooLarge(limit);
  });
}

/** Reads a stream to its end, keeping nothing; false when more than `cap` bytes came (reading then stops). */
function isDrainedWithin(stream: Readable, cap: number): Promise<boolean> {
  return new Promise((resolve) => {
    let received = 0;
    const finish = (isDrained: boolean) => {
      stream.off('data', onData).off('end', onEnd).off('error', onFailure).off('close', onFailure);
      if (!isDrained) stream.pause();
      resolve(isDrained);
    };
    const onData = (chunk: Buffer | string) => {
      received += chunk.length;
      if (received > cap) finish(false);
    };
    const onEnd = () => finish(true);
    const onFailure = () => finish(false);
    stream.on('data', onData).on('end', onEnd).on('error', onFailure).on('close', onFailure);
  });
}

/**
 * For a body without Content-Length (chunked): passes the first `limit` bytes on, discards the rest up to `cap`,
 * and fails with 413 once the client has finished sending, so the answer reaches it.
 */
class DiscardBeyondLimit extends Transform {
  private received = 0;

  constructor(
    private readonly source: Readable,
    private readonly limit: number,
    private readonly cap: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.cap) {
      this.source.unpipe(this);
      this.source.pause();
      done(tooLarge(this.limit));
      return;
    }
    done(null, this.received > this.limit ? undefined : chunk);
  }

  override _flush(done: TransformCallback): void {
    done(this.received > this.limit ? tooLarge(this.limit) : null);
  }
}
