import type { Transport, TransportRequest, TransportResponse } from '../otlp/transport.js';

export type ScriptedReply = Partial<TransportResponse> | Error;

/**
 * Test transport answering from a script (an Error rejects like a network failure); once the script runs out it
 * answers 200 with an empty body. Records every request.
 */
export function scriptedTransport(script: ScriptedReply[] = []): Transport & {
  requests: TransportRequest[];
  closed: boolean;
} {
  const replies = [...script];
  const transport = {
    requests: [] as TransportRequest[],
    closed: false,
    async send(request: TransportRequest): Promise<TransportResponse> {
      transport.requests.push(request);
      const reply = replies.shift() ?? {};
      if (reply instanceof Error) throw reply;
      return { statusCode: 200, headers: {}, body: new Uint8Array(), ...reply };
    },
    close() {
      transport.closed = true;
    },
  };
  return transport;
}
