/**
 * onnxruntime-web's runs resolve through microtasks only, so a method's loop of model
 * calls never lets the worker read its next message: a cancel would wait for the end.
 * This wrapper lets the worker's task queue run before each model call (a MessageChannel
 * turn: a task, without setTimeout's 4 ms clamp), so 'cancel' reaches the AbortSignal.
 */
const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();

function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });
}

const calls = new Set(['forward', 'vjp', 'jvp', 'layerVjp', 'deepLiftVjp']);

export function responsive<M extends object>(model: M): M {
  return new Proxy(model, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !calls.has(key) || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await nextTask();
        return value.apply(target, args);
      };
    },
  });
}
