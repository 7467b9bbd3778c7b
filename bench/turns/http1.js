// The smallest HTTP/1.1 both ends of bench/turns need, over plain sockets: a keep-alive client connection for the
// load generator and a server for the local Connector. node's http module cost the generator about as much CPU per
// turn as our bot (its own core was the ceiling of the bench); this parses only what the bench reads: the status
// line or request line, Content-Length or chunked bodies, keep-alive.
'use strict';
const net = require('node:net');

const CRLF2 = Buffer.from('\r\n\r\n');

/** Reads one message (head + body) from the front of `buf`; returns null when it is not complete yet. */
function parseMessage(buf) {
  const end = buf.indexOf(CRLF2);
  if (end < 0) return null;
  const head = buf.toString('latin1', 0, end);
  const lines = head.split('\r\n');
  let length = 0;
  let chunked = false;
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    if (name === 'content-length') length = Number(lines[i].slice(colon + 1));
    else if (name === 'transfer-encoding' && /chunked/i.test(lines[i])) chunked = true;
  }
  const start = end + 4;
  if (!chunked) {
    if (buf.length < start + length) return null;
    return { first: lines[0], body: buf.subarray(start, start + length), rest: buf.subarray(start + length) };
  }
  const parts = [];
  let at = start;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', at, 'latin1');
    if (lineEnd < 0) return null;
    const size = parseInt(buf.toString('latin1', at, lineEnd), 16);
    if (size === 0) {
      const trailerEnd = buf.indexOf('\r\n', lineEnd + 2, 'latin1'); // no trailers expected: the empty line
      if (trailerEnd < 0) return null;
      return { first: lines[0], body: Buffer.concat(parts), rest: buf.subarray(trailerEnd + 2) };
    }
    if (buf.length < lineEnd + 2 + size + 2) return null;
    parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** One keep-alive connection; one request at a time (the closed loop's virtual user owns it). */
class ClientConnection {
  constructor(port, host = '127.0.0.1') {
    this.port = port;
    this.host = host;
    this.socket = null;
    this.buf = Buffer.alloc(0);
    this.pending = null;
  }

  connect() {
    const s = net.connect({ port: this.port, host: this.host });
    s.setNoDelay(true);
    s.on('data', (chunk) => {
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
      const m = parseMessage(this.buf);
      if (!m) return;
      this.buf = m.rest.length ? Buffer.from(m.rest) : Buffer.alloc(0);
      const p = this.pending;
      this.pending = null;
      if (p) p.resolve({ status: Number(m.first.slice(9, 12)), body: m.body });
    });
    const fail = (e) => {
      if (this.socket === s) this.socket = null;
      this.buf = Buffer.alloc(0);
      const p = this.pending;
      this.pending = null;
      if (p) p.resolve({ status: 0, error: e ? e.message : 'closed' });
    };
    s.on('error', fail);
    s.on('close', () => fail(null));
    this.socket = s;
  }

  /** POSTs a JSON body; resolves { status, body } (status 0: the connection failed). */
  post(path, body) {
    if (!this.socket) this.connect();
    return new Promise((resolve) => {
      this.pending = { resolve };
      this.socket.write(`POST ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  }

  close() { if (this.socket) this.socket.destroy(); }
}

/** A keep-alive HTTP/1.1 server; `handle(method, url, body)` returns [status, bodyString]. */
function createServer(handle) {
  return net.createServer((s) => {
    s.setNoDelay(true);
    let buf = Buffer.alloc(0);
    s.on('data', (chunk) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      for (;;) {
        const m = parseMessage(buf);
        if (!m) break;
        buf = m.rest.length ? Buffer.from(m.rest) : Buffer.alloc(0);
        const sp1 = m.first.indexOf(' ');
        const sp2 = m.first.indexOf(' ', sp1 + 1);
        const [status, text] = handle(m.first.slice(0, sp1), m.first.slice(sp1 + 1, sp2), m.body);
        s.write(`HTTP/1.1 ${status} ${status < 300 ? 'OK' : 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
      }
    });
    s.on('error', () => s.destroy());
  });
}

module.exports = { ClientConnection, createServer, parseMessage };
