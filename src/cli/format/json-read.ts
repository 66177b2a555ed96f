/**
 * Reading fields out of API response JSON the way Go's decoder fills a struct: a missing field
 * (or one of another type) reads as the zero value, so a sparse or odd response still prints
 * something sensible instead of crashing the command.
 */
import type { JsonValue } from '../../server/http.js';

export type JsonObject = { readonly [key: string]: JsonValue };

export function asObject(value: JsonValue | undefined): JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value)
    ? value
    : {};
}

export function asArray(value: JsonValue | undefined): readonly JsonValue[] {
  return Array.isArray(value) ? value : [];
}

export function readString(object: JsonObject, key: string): string {
  const value = object[key];
  return typeof value === 'string' ? value : '';
}

export function readNumber(object: JsonObject, key: string): number {
  const value = object[key];
  return typeof value === 'number' ? value : 0;
}

export function readBool(object: JsonObject, key: string): boolean {
  return object[key] === true;
}

export function readStringList(object: JsonObject, key: string): string[] {
  return asArray(object[key]).filter((v): v is string => typeof v === 'string');
}

/** Go's `%d` of an integer field. */
export function readIndex(object: JsonObject, key: string): string {
  return String(Math.trunc(readNumber(object, key)));
}
