// The local Bot Connector both bots reply to, run as a worker thread of bench.js so that it has its own event loop
// (on the load generator's core). It implements the two calls a reply uses and answers them the way the Connector
// does (200 + ResourceResponse):
//   POST /v3/conversations/{conversationId}/activities             (send to conversation: a personal chat)
//   POST /v3/conversations/{conversationId}/activities/{activityId} (reply to activity: a channel thread, botbuilder)
//   POST /v3/conversations                                          (a new channel thread: the forløb's welcome card)
// Each message activity that arrives is reported to the load generator with its arrival time (process.hrtime, the
// same monotonic clock the load generator reads) and its conversation id. Typing indicators are counted, not matched.
'use strict';
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');

const route = /^\/v3\/conversations\/([^/?]+)\/activities(?:\/([^/?]+))?\/?(?:\?.*)?$/;
let nextId = 0;
let typing = 0;
let other = 0;
let created = 0;
const otherSamples = [];
// Conversations whose activity travels back whole (to compare the bots' cards, to read a form id): a few, not per turn.
const capture = new Set();

const server = http.createServer((req, res) => {
  const m = req.method === 'POST' ? route.exec(req.url) : null;
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const arrived = process.hrtime.bigint();
    if (req.method === 'POST' && /^\/v3\/conversations\/?(\?.*)?$/.test(req.url)) {
      // Create conversation (a new channel thread, a 1:1 chat): the Connector answers with the conversation's id.
      let params = {};
      try { params = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { /* answered alike */ }
      const activityId = String(++nextId);
      const channel = params.channelData?.channel?.id;
      const body = JSON.stringify(channel ? { id: `${channel};messageid=${activityId}`, activityId } : { id: `a:1bench-chat-${activityId}` });
      res.writeHead(201, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      created++;
      return;
    }
    if (!m) {
      if (other++ < 5) otherSamples.push(`${req.method} ${req.url}`);
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"error":{"code":"NotFound","message":"bench connector"}}');
      return;
    }
    let activity;
    try { activity = JSON.parse(Buffer.concat(chunks).toString('utf8')); }
    catch { res.writeHead(400); res.end(); return; }
    const body = `{"id":"bench-${++nextId}"}`;
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
    if (activity.type === 'typing') { typing++; return; }
    const conversationId = decodeURIComponent(m[1]);
    const report = { conversationId, arrived, path: m[2] ? 'reply' : 'send', id: `bench-${nextId}` };
    if (capture.has(conversationId)) report.activity = activity;
    parentPort.postMessage(report);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(workerData.port, '127.0.0.1', () => parentPort.postMessage({ listening: true }));
parentPort.on('message', (msg) => {
  if (msg === 'counters') parentPort.postMessage({ counters: { typing, other, otherSamples, created } });
  else if (msg && msg.capture) { capture.add(msg.capture); parentPort.postMessage({ capturing: msg.capture }); }
});
