/**
 * Looks `key` up in a fixed table without reaching the prototype: config text is
 * free to say `backend: "constructor"` or `__proto__:`, and `TABLE[key]` would
 * hand back Object's own methods instead of "not in the table".
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * `obj[key] = value` that makes `__proto__` an ordinary property: assigned plainly it
 * would replace the object's prototype, and the keys under it would show up as if
 * written one level higher.
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/** `obj[key]`, but only the object's own property. */
export function getOwn(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}
