import { ProtoWriter } from './proto-writer.js';
import type { Int64, OtlpAnyValue, OtlpKeyValue, OtlpResource, OtlpScope } from './types.js';

// Messages the metrics and traces writers share (opentelemetry-proto v1 common and resource), written as protobufjs
// writes them: fields in field-number order.

/**
 * Resets `w` and writes the request's resource and scope envelopes (ResourceMetrics/ScopeMetrics, ResourceSpans/
 * ScopeSpans: same field numbers), leaving each scope's items (field 2) to `writeItems`. Returns false as soon as
 * `writeItems` does (an item the caller's writer does not cover); `w` then holds a partial request.
 */
export function writeEnvelopes<
  R extends { resource?: OtlpResource; schemaUrl?: string },
  S extends { scope?: OtlpScope; schemaUrl?: string },
>(
  w: ProtoWriter,
  resources: readonly R[] | undefined,
  scopesOf: (resource: R) => readonly S[] | undefined,
  writeItems: (scope: S) => boolean,
): boolean {
  w.reset();
  for (const r of resources ?? []) {
    w.tag(1, 2).fork();
    if (r.resource != null) {
      w.tag(1, 2).fork();
      writeResource(w, r.resource);
      w.ldelim();
    }
    for (const s of scopesOf(r) ?? []) {
      w.tag(2, 2).fork();
      if (s.scope != null) {
        w.tag(1, 2).fork();
        writeScope(w, s.scope);
        w.ldelim();
      }
      if (!writeItems(s)) return false;
      if (s.schemaUrl) w.string(3, s.schemaUrl);
      w.ldelim();
    }
    if (r.schemaUrl) w.string(3, r.schemaUrl);
    w.ldelim();
  }
  return true;
}

export function writeResource(w: ProtoWriter, resource: OtlpResource): void {
  writeKeyValues(w, 1, resource.attributes);
  if (resource.droppedAttributesCount) w.tag(2, 0).varint(resource.droppedAttributesCount >>> 0);
}

export function writeScope(w: ProtoWriter, scope: OtlpScope): void {
  if (scope.name) w.string(1, scope.name);
  if (scope.version) w.string(2, scope.version);
  writeKeyValues(w, 3, scope.attributes);
}

export function writeKeyValues(w: ProtoWriter, field: number, values: readonly OtlpKeyValue[] | undefined): void {
  if (values == null) return;
  for (const kv of values) {
    w.tag(field, 2).fork();
    if (kv.key) w.string(1, kv.key);
    if (kv.value != null) {
      w.tag(2, 2).fork();
      writeAnyValue(w, kv.value);
      w.ldelim();
    }
    w.ldelim();
  }
}

function writeAnyValue(w: ProtoWriter, v: OtlpAnyValue): void {
  if (v.stringValue != null) w.string(1, v.stringValue);
  if (v.boolValue != null) w.tag(2, 0).bool(v.boolValue);
  if (v.intValue != null) w.tag(3, 0).int64(v.intValue);
  if (v.doubleValue != null) w.tag(4, 1).double(v.doubleValue);
  if (v.arrayValue != null) {
    w.tag(5, 2).fork();
    for (const item of v.arrayValue.values ?? []) {
      w.tag(1, 2).fork();
      writeAnyValue(w, item);
      w.ldelim();
    }
    w.ldelim();
  }
  if (v.kvlistValue != null) {
    w.tag(6, 2).fork();
    writeKeyValues(w, 1, v.kvlistValue.values);
    w.ldelim();
  }
  if (v.bytesValue != null) {
    w.bytes(7, typeof v.bytesValue === 'string' ? Buffer.from(v.bytesValue, 'base64') : v.bytesValue);
  }
}

/** A 64-bit integer field without presence holds something other than its default 0. */
export function isSet(value: Int64 | undefined): value is Int64 {
  return value != null && value !== 0 && value !== '0';
}

export function encodeOnce(write: (w: ProtoWriter) => void): Uint8Array {
  const w = new ProtoWriter(256);
  write(w);
  return Uint8Array.from(w.view());
}
