import protobuf from 'protobufjs';
import { checkJson } from './json-check.js';
import { METRICS_PROTO } from './metrics-proto.js';
import { writeMetricsRequest } from './metrics-writer.js';
import { TRACES_PROTO } from './trace-proto.js';
import { writeTracesRequest } from './traces-writer.js';
import type { OtlpMetricsRequest, OtlpMetricsResponse, OtlpTracesRequest, OtlpTracesResponse } from './types.js';

export type OtlpEncoding = 'protobuf' | 'json';

/** Thrown when a body is not a well-formed OTLP message; `message` says what and where. */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}

const root = protobuf.parse(METRICS_PROTO, { keepCase: false }).root;
protobuf.parse(TRACES_PROTO, root, { keepCase: false });
const type = (name: string) => root.lookupType(`opentelemetry.proto.${name}`);
const MetricsRequest = type('ExportMetricsServiceRequest');
const MetricsResponse = type('ExportMetricsServiceResponse');
const TracesRequest = type('ExportTraceServiceRequest');
const TracesResponse = type('ExportTraceServiceResponse');

// 64-bit integers as decimal strings: nanosecond timestamps exceed 2^53, so numbers would lose precision.
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, bytes: String, defaults: false };

// OTLP/JSON writes trace and span ids as hex, where protobuf's JSON mapping (and protobufjs) use base64. Stride's
// plain objects carry hex on both paths; these keys are converted at the protobufjs boundary.
const ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Deep-copies `value`, mapping every id field with `convert`. Only trace payloads carry ids. */
function mapIds(value: unknown, convert: (id: string, key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapIds(v, convert));
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = ID_KEYS.has(k) && typeof v === 'string' ? convert(v, k) : mapIds(v, convert);
  return out;
}
const hexToBase64 = (id: string, key: string) => {
  if (!HEX.test(id)) throw new OtlpDecodeError(`invalid ${key}: expected hex, got ${JSON.stringify(id.slice(0, 40))}`);
  return Buffer.from(id, 'hex').toString('base64');
};
const base64ToHex = (id: string) => Buffer.from(id, 'base64').toString('hex');

function encode(t: protobuf.Type, message: object, encoding: OtlpEncoding, hasIds: boolean, trusted = false) {
  if (encoding === 'json') return Buffer.from(JSON.stringify(message));
  const wire = hasIds ? mapIds(message, hexToBase64) : message;
  return t.encode(trusted ? (wire as object) : t.fromObject(wire as object)).finish();
}

function decode<T>(t: protobuf.Type, body: Uint8Array, encoding: OtlpEncoding, hasIds: boolean): T {
  let object: unknown;
  if (encoding === 'protobuf') {
    try {
      object = t.toObject(t.decode(body), TO_OBJECT);
    } catch (err) {
      throw new OtlpDecodeError(`invalid protobuf ${t.name}: ${(err as Error).message}`);
    }
    return (hasIds ? mapIds(object, base64ToHex) : object) as T;
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch (err) {
    throw new OtlpDecodeError(`invalid JSON: ${(err as Error).message}`);
  }
  const problem = checkJson(t, json);
  if (problem) throw new OtlpDecodeError(`invalid ${t.name}: ${problem}`);
  // fromObject→toObject normalises the JSON spellings (numbers or strings for int64) to the protobuf path's shape.
  const wire = hasIds ? mapIds(json, hexToBase64) : json;
  object = t.toObject(t.fromObject(wire as object), TO_OBJECT);
  return (hasIds ? mapIds(object, base64ToHex) : object) as T;
}

export const encodeMetricsRequest = (req: OtlpMetricsRequest, encoding: OtlpEncoding): Uint8Array =>
  encode(MetricsRequest, req, encoding, false);
export const decodeMetricsRequest = (body: Uint8Array, encoding: OtlpEncoding): OtlpMetricsRequest =>
  decode(MetricsRequest, body, encoding, false);
export const encodeMetricsResponse = (res: OtlpMetricsResponse, encoding: OtlpEncoding): Uint8Array =>
  encode(MetricsResponse, res, encoding, false);
export const decodeMetricsResponse = (body: Uint8Array, encoding: OtlpEncoding): OtlpMetricsResponse =>
  body.length === 0 ? {} : decode(MetricsResponse, body, encoding, false);

export const encodeTracesRequest = (req: OtlpTracesRequest, encoding: OtlpEncoding): Uint8Array =>
  encode(TracesRequest, req, encoding, true);

/**
 * The agent's export path: encodes requests the agent built itself, whose fields have exactly the types of
 * types.ts (64-bit integers as numbers or decimal strings, ids as hex), straight from the plain objects. The public
 * encoders first run protobufjs' fromObject to coerce arbitrary input, which copies the whole message and makes a
 * Long object per 64-bit integer: for a 500-point histogram batch (~125,000 bucket counts) 4–10× the encoding time
 * and most of its transient memory. Metrics and traces go through the direct writers (metrics-writer.ts,
 * traces-writer.ts), protobufjs' encoder without fromObject for what those do not cover. Same bytes for such requests (codec.test.ts). Not part of the public API.
 */
export function encodeOwnMetricsRequest(req: OtlpMetricsRequest, encoding: OtlpEncoding): Uint8Array {
  const written = encoding === 'protobuf' ? writeMetricsRequest(req) : undefined;
  return written ? Buffer.from(written) : encode(MetricsRequest, req, encoding, false, true);
}
export function encodeOwnTracesRequest(req: OtlpTracesRequest, encoding: OtlpEncoding): Uint8Array {
  const written = encoding === 'protobuf' ? writeTracesRequest(req) : undefined;
  return written ? Buffer.from(written) : encode(TracesRequest, req, encoding, true, true);
}
export const decodeTracesRequest = (body: Uint8Array, encoding: OtlpEncoding): OtlpTracesRequest =>
  decode(TracesRequest, body, encoding, true);
export const encodeTracesResponse = (res: OtlpTracesResponse, encoding: OtlpEncoding): Uint8Array =>
  encode(TracesResponse, res, encoding, false);
export const decodeTracesResponse = (body: Uint8Array, encoding: OtlpEncoding): OtlpTracesResponse =>
  body.length === 0 ? {} : decode(TracesResponse, body, encoding, false);
