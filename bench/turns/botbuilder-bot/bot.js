// The comparison bot for bench/turns: the smallest idiomatic Bot Framework SDK (botbuilder 4.23) bot that answers
// "hjælp" (in a personal chat, or "@Koordinator hjælp" in a channel) with the same help card as TeamsCoordinator. Anonymous (no app id), CloudAdapter, node's own http server
// (the same body parsing restify or express would do, without their routing overhead).
//
// Env: PORT (required), CARD_FILE (the Adaptive Card JSON our bot sent, dumped by bench.js).
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const { CloudAdapter, ConfigurationBotFrameworkAuthentication, ActivityHandler, CardFactory, MessageFactory, TurnContext } = require('botbuilder');

const port = Number(process.env.PORT);
if (!port) throw new Error('PORT is required');
const card = JSON.parse(fs.readFileSync(process.env.CARD_FILE, 'utf8'));

// No MicrosoftAppId: the SDK's anonymous mode (inbound tokens not required, outbound calls without a token).
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (context, error) => {
  console.error('turn error:', error && error.message);
};

class HelpBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      // In a channel the text starts with the bot's <at> tag: the SDK's own helper removes it (as botbuilder samples do).
      const text = (TurnContext.removeRecipientMention(context.activity) || '').trim().toLowerCase();
      if (text === 'hjælp' || text === 'help') {
        const reply = MessageFactory.attachment(CardFactory.adaptiveCard(card));
        reply.locale = 'da-DK';
        await context.sendActivity(reply);
      } else {
        await context.sendActivity('Den kommando kender jeg ikke. Skriv **@Koordinator hjælp** for at se alle kommandoer.');
      }
      await next();
    });
  }
}
const bot = new HelpBot();

// Restify/express-shaped response over node's ServerResponse, as CloudAdapter.process expects.
function wrap(res) {
  return {
    status(code) { res.statusCode = code; return this; },
    header(name, value) { res.setHeader(name, value); return this; },
    send(body) {
      if (body === undefined || body === null) return this;
      if (typeof body === 'object' && !Buffer.isBuffer(body)) {
        res.setHeader('Content-Type', 'application/json');
        body = JSON.stringify(body);
      }
      res.write(body);
      return this;
    },
    end() { res.end(); return this; },
  };
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') { res.end('ok'); return; }
  if (req.method !== 'POST' || req.url !== '/api/messages') { res.statusCode = 404; res.end(); return; }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try { req.body = JSON.parse(Buffer.concat(chunks).toString('utf8')); }
    catch { res.statusCode = 400; res.end(); return; }
    adapter.process(req, wrap(res), (context) => bot.run(context)).catch((e) => {
      console.error('process failed:', e && e.message);
      if (!res.writableEnded) { res.statusCode = 500; res.end(); }
    });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`botbuilder bot listening on http://127.0.0.1:${port}/api/messages`));
