/**
 * `obj[key]`, own properties only: config text is free to say `backend: "constructor"`
 * or `__proto__:`, and a plain lookup in a table or a parsed value would hand back
 * Object's own methods instead of "not there".
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
  // A config key named toString or valueOf shadows Object's method, and String(obj) or
  // `${obj}` then throws. Keep such a mapping printable (as any other mapping prints).
  if ((key === 'toString' || key === 'valueOf') && !Object.hasOwn(obj, Symbol.toPrimitive)) {
    Object.defineProperty(obj, Symbol.toPrimitive, { value: printsAsObject, enumerable: false });
  }
}

function printsAsObject(): string {
  return '[object Object]';
}
