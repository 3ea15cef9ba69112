import protobuf from 'protobufjs';
import { checkJson } from './json-check.js';
import { METRICS_PROTO } from './metrics-proto.js';
import type { OtlpMetricsRequest, OtlpMetricsResponse } from './types.js';

export type OtlpEncoding = 'protobuf' | 'json';

/** Thrown when a body is not a well-formed OTLP message; `message` says what and where. */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}

const root = protobuf.parse(METRICS_PROTO, { keepCase: false }).root;
const RequestType = root.lookupType('opentelemetry.proto.ExportMetricsServiceRequest');
const ResponseType = root.lookupType('opentelemetry.proto.ExportMetricsServiceResponse');

// 64-bit integers as decimal strings: nanosecond timestamps exceed 2^53, so numbers would lose precision.
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, bytes: String, defaults: false };

function encode(type: protobuf.Type, message: object, encoding: OtlpEncoding): Uint8Array {
  if (encoding === 'json') return Buffer.from(JSON.stringify(message));
  return type.encode(type.fromObject(message)).finish();
}

function decode<T>(type: protobuf.Type, body: Uint8Array, encoding: OtlpEncoding): T {
  if (encoding === 'protobuf') {
    try {
      return type.toObject(type.decode(body), TO_OBJECT) as T;
    } catch (err) {
      throw new OtlpDecodeError(`invalid protobuf ${type.name}: ${(err as Error).message}`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch (err) {
    throw new OtlpDecodeError(`invalid JSON: ${(err as Error).message}`);
  }
  const problem = checkJson(type, json);
  if (problem) throw new OtlpDecodeError(`invalid ${type.name}: ${problem}`);
  // fromObject→toObject normalises the JSON spellings (numbers or strings for int64) to the protobuf path's shape.
  return type.toObject(type.fromObject(json as object), TO_OBJECT) as T;
}

export const encodeMetricsRequest = (req: OtlpMetricsRequest, encoding: OtlpEncoding): Uint8Array =>
  encode(RequestType, req, encoding);
export const decodeMetricsRequest = (body: Uint8Array, encoding: OtlpEncoding): OtlpMetricsRequest =>
  decode(RequestType, body, encoding);
export const encodeMetricsResponse = (res: OtlpMetricsResponse, encoding: OtlpEncoding): Uint8Array =>
  encode(ResponseType, res, encoding);
export const decodeMetricsResponse = (body: Uint8Array, encoding: OtlpEncoding): OtlpMetricsResponse =>
  body.length === 0 ? {} : decode(ResponseType, body, encoding);
