// Reading the first bytes of a request body without buffering the rest.

/**
 * Reads at least `bytes` from the front of `stream` (fewer only if it ends first) and returns them with a stream
 * that yields the whole body again, head included. Only the head is held in memory; the rest flows on demand.
 */
export async function peek(
  stream: ReadableStream<Uint8Array>,
  bytes: number,
): Promise<{ head: Uint8Array; body: ReadableStream<Uint8Array> }> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  while (total < bytes) {
    const next = await reader.read();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    total += next.value.byteLength;
  }
  const head = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    head.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.byteLength > 0) controller.enqueue(head);
      if (ended) controller.close();
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { head: head.subarray(0, bytes), body };
}

/**
 * R2 needs to know a stream's length up front; a FixedLengthStream gives it one and fails the write if the body
 * turns out longer or shorter than the Content-Length it declared.
 */
export async function withLength<T>(
  body: ReadableStream<Uint8Array>,
  length: number,
  write: (stream: ReadableStream<Uint8Array>) => Promise<T>,
): Promise<T> {
  const fixed = new FixedLengthStream(length);
  const piping = body.pipeTo(fixed.writable);
  const [result] = await Promise.all([write(fixed.readable), piping]);
  return result;
}
