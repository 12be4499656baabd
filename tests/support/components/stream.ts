/**
 * An async iterable the test feeds one value at a time, for procedures and responses that
 * stream: the component sees each value only when the test pushes it.
 */
export function controlledStream<T>() {
  const queue: T[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  async function* iterate(): AsyncGenerator<T> {
    for (;;) {
      if (queue.length > 0) {
        yield queue.shift() as T;
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  return {
    iterable: iterate(),
    push(value: T) {
      queue.push(value);
      notify();
    },
    end() {
      ended = true;
      notify();
    },
  };
}

/** An async iterable of the given values, already complete. */
export async function* streamOf<T>(...values: T[]): AsyncGenerator<T> {
  for (const v of values) {
    await Promise.resolve();
    yield v;
  }
}

/** A promise the test settles when it chooses: for answers that must arrive late. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
