const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * 32-bit FNV-1a over a string's UTF-16 code units from `start` to `end` (the whole string by default), as an
 * unsigned integer. Fast and stable across runs and machines; not for anything an attacker may choose to collide.
 */
export function fnv1a(text: string, start = 0, end: number = text.length): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

/** fnv1a as 8 lower-case hex digits (the plan fingerprint of a published map). */
export function fnv1aHex(text: string): string {
  return fnv1a(text).toString(16).padStart(8, '0');
}
