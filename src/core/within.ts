/**
 * `promise`, or a rejection with `message` after `ms`; the timer is cleared once either settles.
 * For calls that may wait indefinitely, such as commands to a Redis that is away (they are held
 * until it is back).
 */
export function answerWithin<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
