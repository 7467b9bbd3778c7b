// The local Bot Connector both bots reply to, in the load generator's process (on its core, off the bot's). It
// implements the calls a reply uses and answers them the way the Connector does:
//   POST /v3/conversations/{conversationId}/activities             (send to conversation: a personal chat)   200 {id}
//   POST /v3/conversations/{conversationId}/activities/{activityId} (reply to activity: a channel thread, botbuilder)
//   POST /v3/conversations                                          (a new channel thread: the forløb's welcome) 201 {id, activityId}
// Each message activity that arrives is reported with its arrival time and conversation id. Typing indicators are
// counted, not matched. Bodies are parsed only for the conversations a caller captures, for typing indicators, and
// for one reply in 64 (checked to be a message, so that a bot answering garbage at speed is noticed).
'use strict';
const { createServer } = require('./http1');

const route = /^\/v3\/conversations\/([^/?]+)\/activities(?:\/([^/?]+))?\/?(?:\?.*)?$/;
const createRoute = /^\/v3\/conversations\/?(\?.*)?$/;
const TYPING = Buffer.from('"typing"');

/**
 * Starts the connector; `onReply({ conversationId, arrived, activity?, id })` is called for every message activity.
 * Returns { close, capture(conversationId), counters() }.
 */
function startConnector(port, onReply) {
  let nextId = 0;
  const counters = { typing: 0, other: 0, otherSamples: [], created: 0, checked: 0, notMessages: 0 };
  const capture = new Set();
  const server = createServer((method, url, body) => {
    const arrived = Number(process.hrtime.bigint()) / 1e6;
    if (method === 'POST' && createRoute.test(url)) {
      let params = {};
      try { params = JSON.parse(body.toString('utf8')); } catch { /* answered alike */ }
      const activityId = String(++nextId);
      const channel = params.channelData?.channel?.id;
      counters.created++;
      return [201, JSON.stringify(channel ? { id: `${channel};messageid=${activityId}`, activityId } : { id: `a:1bench-chat-${activityId}` })];
    }
    const m = method === 'POST' ? route.exec(url) : null;
    if (!m) {
      if (counters.other++ < 5) counters.otherSamples.push(`${method} ${url}`);
      return [404, '{"error":{"code":"NotFound","message":"bench connector"}}'];
    }
    const id = `bench-${++nextId}`;
    const conversationId = decodeURIComponent(m[1]);
    const captured = capture.has(conversationId);
    let activity;
    if (captured || body.indexOf(TYPING) >= 0 || nextId % 64 === 0) {
      try { activity = JSON.parse(body.toString('utf8')); } catch { return [400, '{}']; }
      if (activity.type === 'typing') { counters.typing++; return [200, `{"id":"${id}"}`]; }
      counters.checked++;
      if (activity.type !== 'message') counters.notMessages++;
    }
    // The waiting turn resumes in a microtask, after this answer is written.
    onReply({ conversationId, arrived, activity: captured ? activity : undefined, id });
    return [200, `{"id":"${id}"}`];
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({
      close: () => server.close(),
      capture: (conversationId) => capture.add(conversationId),
      counters: () => counters,
    }));
  });
}

module.exports = { startConnector };
