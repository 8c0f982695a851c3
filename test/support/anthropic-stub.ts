import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback implementation of the Anthropic Messages API (POST /v1/messages), plain JSON and SSE streaming,
 * for driving the real SDK in tests without the network. Each request takes the next scripted reply (the
 * last one repeats); every request is captured (headers and parsed body) for assertions.
 *
 * The streaming replies follow the API's real event sequence: message_start, content_block_start,
 * content_block_delta (input_json_delta for tool use, text_delta for text), content_block_stop, message_delta
 * (stop_reason, usage), message_stop, with `ping` events in between as the API sends them.
 */
export interface StubReply {
  /** HTTP status; non-2xx replies send an API error body. Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Wait before answering (before the headers). */
  delayMs?: number;
  /** The tool call's input: an object (serialised) or a raw string (to send invalid JSON). */
  toolInput?: unknown;
  /** Name of the tool called; default: the tool the request forced. */
  toolName?: string;
  /** Text content instead of (or before) the tool call. */
  text?: string;
  /** Omit the tool call (a text-only answer). */
  noTool?: boolean;
  stopReason?: 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence';
  /** Streaming: destroy the connection after this many SSE events. */
  cutAfterEvents?: number;
  /** Streaming: pause between events (ms), e.g. to let a cancel or an idle timeout happen mid-stream. */
  eventDelayMs?: number;
  /** Streaming: stop sending (keep the connection open) after this many events. */
  stallAfterEvents?: number;
  /** Error body type and message for non-2xx replies. */
  errorType?: string;
  errorMessage?: string;
  /** Raw body to send as is (overrides everything else but status/headers). */
  rawBody?: string;
}

export interface CapturedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: MessagesBody;
}

export interface MessagesBody {
  model: string;
  max_tokens: number;
  stream?: boolean;
  system?: string;
  messages: Array<{ role: string; content: string | Array<{ type: string; text?: string }> }>;
  tools?: Array<{ name: string; description?: string; input_schema: unknown }>;
  tool_choice?: { type: string; name?: string };
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export class AnthropicStub {
  readonly requests: CapturedRequest[] = [];
  private replies: StubReply[] = [];
  private served = 0;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();

  private constructor() {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<AnthropicStub> {
    const stub = new AnthropicStub();
    stub.server.listen(0, '127.0.0.1');
    await once(stub.server, 'listening');
    return stub;
  }

  get baseURL(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Replaces the script and forgets captured requests. */
  script(...replies: StubReply[]): void {
    this.replies = replies;
    this.served = 0;
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private next(): StubReply {
    const reply = this.replies[Math.min(this.served, this.replies.length - 1)] ?? {};
    this.served++;
    return reply;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'not found' } }));
      return;
    }
    let body: MessagesBody;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as MessagesBody;
    } catch {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'body is not JSON' } }));
      return;
    }
    this.requests.push({ method: req.method, url: req.url, headers: req.headers, body });
    const reply = this.next();
    if (reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return;
    const status = reply.status ?? 200;
    const headers = { 'request-id': `req_stub_${this.requests.length}`, ...reply.headers };
    if (reply.rawBody !== undefined) {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(reply.rawBody);
      return;
    }
    if (status < 200 || status >= 300) {
      const error = {
        type: reply.errorType ?? ERROR_TYPES[status] ?? 'api_error',
        message: reply.errorMessage ?? `stub error ${status}`,
      };
      res
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(JSON.stringify({ type: 'error', error }));
      return;
    }
    const message = this.message(reply, body);
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(message.final));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
    const events = message.events;
    for (let i = 0; i < events.length; i++) {
      if (reply.cutAfterEvents !== undefined && i >= reply.cutAfterEvents) {
        // Let what was written reach the client first, then drop the connection without ending the response.
        await sleep(30);
        res.socket?.destroy();
        return;
      }
      if (reply.stallAfterEvents !== undefined && i >= reply.stallAfterEvents) return; // the client's timeout or cancel ends it
      if (res.destroyed) return;
      res.write(`event: ${events[i].type}\ndata: ${JSON.stringify(events[i])}\n\n`);
      if (reply.eventDelayMs) await sleep(reply.eventDelayMs);
    }
    res.end();
  }

  private message(
    reply: StubReply,
    body: MessagesBody,
  ): { final: unknown; events: Array<{ type: string } & Record<string, unknown>> } {
    const id = `msg_stub_${this.requests.length}`;
    const toolName = reply.toolName ?? body.tool_choice?.name ?? body.tools?.[0]?.name ?? 'tool';
    const json = typeof reply.toolInput === 'string' ? reply.toolInput : JSON.stringify(reply.toolInput ?? {});
    const content: Array<Record<string, unknown>> = [];
    if (reply.text !== undefined) content.push({ type: 'text', text: reply.text });
    const toolUseId = 'toolu_stub_1';
    if (!reply.noTool) {
      let input: unknown = {};
      try {
        input = JSON.parse(json);
      } catch {
        input = json; // plain replies carry the broken text as is
      }
      content.push({ type: 'tool_use', id: toolUseId, name: toolName, input });
    }
    const stopReason = reply.stopReason ?? (reply.noTool ? 'end_turn' : 'tool_use');
    const outputTokens = Math.max(1, Math.ceil(json.length / 4));
    const inputTokens = Math.ceil(JSON.stringify(body).length / 4);
    const final = {
      id,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: outputTokens },
    };
    const events: Array<{ type: string } & Record<string, unknown>> = [
      {
        type: 'message_start',
        message: { ...final, content: [], stop_reason: null, usage: { input_tokens: inputTokens, output_tokens: 1 } },
      },
    ];
    let index = 0;
    if (reply.text !== undefined) {
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const part of split(reply.text, 16))
        events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: part } });
      events.push({ type: 'content_block_stop', index });
      index++;
    }
    events.push({ type: 'ping' });
    if (!reply.noTool) {
      events.push({
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: toolUseId, name: toolName, input: {} },
      });
      for (const part of split(json, 40))
        events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part } });
      events.push({ type: 'content_block_stop', index });
    }
    events.push({
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: outputTokens },
    });
    events.push({ type: 'message_stop' });
    return { final, events };
  }
}

function split(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts.length > 0 ? parts : [''];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
