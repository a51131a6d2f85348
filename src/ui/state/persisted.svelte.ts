/**
 * A value kept in the browser's storage, as $state: localStorage by default (every tab, every visit),
 * or sessionStorage (this tab only, kept across a reload). Falls back to memory when storage is
 * unavailable.
 */
export class Persisted<T> {
  #key: string;
  #value = $state() as T;
  #storage: 'local' | 'session';

  constructor(key: string, initial: T, storage: 'local' | 'session' = 'local') {
    this.#key = key;
    this.#storage = storage;
    let stored: T = initial;
    try {
      const text = this.#store().getItem(key);
      if (text !== null) stored = JSON.parse(text) as T;
    } catch {
      // private mode or corrupt entry: start from the initial value
    }
    this.#value = stored;
  }

  #store(): Storage {
    return this.#storage === 'local' ? localStorage : sessionStorage;
  }

  get current(): T {
    return this.#value;
  }

  set current(value: T) {
    this.#value = value;
    try {
      this.#store().setItem(this.#key, JSON.stringify(value));
    } catch {
      // quota exceeded or storage disabled: keep the value for this page only
    }
  }
}
