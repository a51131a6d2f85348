/** A value kept in localStorage, as $state. Falls back to memory when storage is unavailable. */
export class Persisted<T> {
  #key: string;
  #value = $state() as T;

  constructor(key: string, initial: T) {
    this.#key = key;
    let stored: T = initial;
    try {
      const text = localStorage.getItem(key);
      if (text !== null) stored = JSON.parse(text) as T;
    } catch {
      // private mode or corrupt entry: start from the initial value
    }
    this.#value = stored;
  }

  get current(): T {
    return this.#value;
  }

  set current(value: T) {
    this.#value = value;
    try {
      localStorage.setItem(this.#key, JSON.stringify(value));
    } catch {
      // quota exceeded or storage disabled: keep the value for this page only
    }
  }
}
