// bench/turns: Teams turns through POST /api/messages, end to end, TeamsCoordinator against a minimal botbuilder 4.23
// bot, each bot pinned alone to one core, the load generator and its connector on the other.
//
// Three activity shapes, as Teams sends them (bench/turns/README.md):
//   personal  `hjælp` in a personal chat
//   channel   `@Koordinator hjælp` posted in a team channel: mention entity, the text/html attachment Teams adds,
//             channelData with team, channel and tenant, conversation id `<channel>;messageid=<id>`
//   state     `@Koordinator status` in a forløb channel (ours only, no peer): an audited read, so the turn commits
//             its audit rows and its reply in one transaction, as every state-changing turn does
// Every activity has its own id. A turn is timed from the moment its activity is POSTed until the bot's reply
// arrives at the connector (our bot acknowledges with 202 and replies later, so the HTTP answer alone would flatter
// it); the acknowledgement latency is reported too. `bot cpu` is the bot process's own CPU time per turn
// (utime + stime from /proc/PID/stat over the measured window).
//
// The load is a closed loop at fixed concurrency: each of C virtual users has its own personal chats and its own
// channel and sends its next activity as soon as the reply to the previous one has arrived. Both bots run all the
// time, but the one not measured is stopped (SIGSTOP; its CPU is printed as `peer`); measured rounds alternate (ours, botbuilder,
// botbuilder, ours, …) so that other work on the machine falls on both alike. The two-core figure (bots and
// generator free to use both cores, as this bench measured before issue 14) is a separate, labelled section.
// The generator talks HTTP/1.1 over plain sockets (http1.js) and runs the connector in its own event loop: node's
// http module on both ends made the generator's core the ceiling before the bot's.
//
// Usage: node bench.js --our-dll PATH [--quick] [--concurrency 32] [--rounds 2] [--seconds 5] [--warmup 1]
//          [--initial-warmup 12] [--shapes personal,channel,state] [--two-core personal,channel|none]
//          [--two-core-warmup 6] [--bot-core N] [--gen-core N] [--only ours|botbuilder] [--our-args "..."] [--keep]
// (each option also as an environment variable: BENCH_CONCURRENCY, BENCH_ROUNDS, …)
'use strict';
const http = require('node:http');
const net = require('node:net');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const { ClientConnection } = require('./http1');
const { startConnector: listenConnector } = require('./connector');
const { isDeepStrictEqual } = require('node:util');

// ---------- options ----------
const args = process.argv.slice(2);
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
function opt(name, fallback, quickFallback = fallback) {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const env = process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  return env ?? (quick ? quickFallback : fallback);
}
const ourDll = path.resolve(opt('our-dll', path.join(__dirname, '../../bot/bin/Release/net10.0/TeamsCoordinator.Bot.dll')));
const bbDir = path.resolve(opt('bb-dir', path.join(__dirname, 'botbuilder-bot')));
const concurrency = Number(opt('concurrency', 32));
const rounds = Number(opt('rounds', 2, 1));
const warmupSeconds = Number(opt('warmup', 1));
// Before anything counts, each bot runs this long alone, spread over its shapes: .NET's tiered JIT and V8's
// optimiser both need a while to reach the code a long-running server runs, and a bench of a server should measure
// that server, not its start-up. On one saturated core .NET's tiering takes about a minute to settle (measured: the
// channel turn's CPU went 0.68 → 0.24 ms from a 12 s to a 60 s warm-up, with DOTNET_TC_CallCountingDelayMs=0 already
// after 20 s), so both bots get 90 s (40 s with --quick).
const initialWarmupSeconds = Number(opt('initial-warmup', 90, 40));
const measureSeconds = Number(opt('seconds', 5, 3));
const shapes = opt('shapes', 'personal,channel,state').split(',').filter(Boolean);
const twoCoreShapes = opt('two-core', 'personal,channel', 'channel').split(',').filter((s) => s && s !== 'none');
const twoCoreWarmupSeconds = Number(opt('two-core-warmup', 6, 4));
const cpuCount = os.cpus().length;
const botCore = opt('bot-core', String(cpuCount - 1));
const genCore = opt('gen-core', '0');
const allCores = `0-${cpuCount - 1}`;
const chatsPerUser = Number(opt('chats-per-user', 4));
const keep = args.includes('--keep');
// The bot not being measured is stopped (SIGSTOP) meanwhile: idle, our bot still runs its tiered JIT and background
// services, which would take the measured bot's core (--no-freeze leaves it running; its CPU shows as `peer`).
const freeze = !args.includes('--no-freeze');
const ourArgs = (opt('our-args', '') || '').split(' ').filter(Boolean); // extra configuration for our bot, e.g. "--Storage:SqliteSynchronous Full"
const only = opt('only', ''); // 'ours' or 'botbuilder': measure one bot alone (for profiling)
// A/B of two builds of our bot on this machine: the other build takes botbuilder's place, same rounds, same alternation
// (a change's effect on CPU per turn is a few per cent; runs minutes apart on a shared machine differ by more).
const againstDll = opt('against-dll', '') ? path.resolve(opt('against-dll', '')) : '';
// The platform's floor (floor/: Kestrel in, HttpClient out, nothing else), measured on the channel shape after the
// bots: how much of a turn's CPU any ASP.NET Core bot pays on this machine, whatever it does.
const floorDll = opt('floor-dll', '') ? path.resolve(opt('floor-dll', '')) : '';
const turnTimeoutMs = 30_000;

const hr = () => Number(process.hrtime.bigint()) / 1e6; // ms on the monotonic clock the connector also reads
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-turns-'));
const children = [];
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function pin(pid, cores) {
  // -a: every thread (libuv's pool, V8's, .NET's thread pool), not only the main one.
  execFileSync('taskset', ['-a', '-p', '-c', cores, String(pid)], { stdio: 'ignore' });
}

// ---------- the connector (in this process, on the generator's core) and reply matching ----------
const waiting = new Map(); // conversationId -> resolve(arrivedMs)
const captured = new Map(); // conversationId -> { activity, id }
let unmatchedReplies = 0;
let connector;

async function startConnector(port) {
  connector = await listenConnector(port, (reply) => {
    if (reply.activity) captured.set(reply.conversationId, { activity: reply.activity, id: reply.id });
    const done = waiting.get(reply.conversationId);
    if (done) { waiting.delete(reply.conversationId); done(reply.arrived); } else unmatchedReplies++;
  });
}
const connectorCounters = () => connector.counters();
const captureReplies = (conversationId) => connector.capture(conversationId);

// ---------- the activities, as Teams sends them ----------
// The demo's region (bot/Tenants/DemoTenants.cs): a tenant the bot serves, and Mette Kjær, who opens the forløb.
const tenantId = '11111111-1111-4111-8111-111111111111';
const mette = { id: '29:1bench-mette-kjaer', name: 'Mette Kjær', aadObjectId: '00000000-0000-4000-8000-00000000a001' };
const botAccount = { id: '28:0b7a4c2e-bench-bot', name: 'Koordinator' };
const teamId = '19:bench-team-psykiatri-nord@thread.tacv2';
let activitySeq = 0;
const activityBase = Date.now(); // thirteen digits, as Teams' message ids
const nextActivityId = () => String(activityBase + ++activitySeq);
const channelOf = (w) => `19:bench${String(w).padStart(3, '0')}a1b2c3d4e5f6@thread.tacv2`;
const clientInfo = { locale: 'da-DK', country: 'DK', platform: 'Web', timezone: 'Europe/Copenhagen', type: 'clientInfo' };

function common(id, serviceUrl, user) {
  const now = new Date();
  return {
    type: 'message',
    id,
    timestamp: now.toISOString(),
    localTimestamp: now.toISOString().replace('Z', '+01:00'),
    serviceUrl,
    channelId: 'msteams',
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
  };
}

function personalMessage(serviceUrl, conversationId, user, text) {
  const id = nextActivityId();
  return {
    conversationId,
    body: JSON.stringify({
      ...common(id, serviceUrl, user),
      conversation: { conversationType: 'personal', tenantId, id: conversationId },
      recipient: botAccount,
      textFormat: 'plain',
      locale: 'da-DK',
      text,
      attachments: [],
      entities: [clientInfo],
      channelData: { tenant: { id: tenantId } },
    }),
  };
}

/** A new post in a team channel that @mentions the bot: a thread of its own, `<channel>;messageid=<id>`. */
function channelMention(serviceUrl, channelId, user, command) {
  const id = nextActivityId();
  const conversationId = `${channelId};messageid=${id}`;
  const at = `<at>${botAccount.name}</at>`;
  return {
    conversationId,
    body: JSON.stringify({
      ...common(id, serviceUrl, user),
      conversation: { isGroup: true, conversationType: 'channel', tenantId, id: conversationId },
      recipient: botAccount,
      textFormat: 'plain',
      locale: 'da-DK',
      text: `${at} ${command}\n`,
      // Teams adds the message as HTML next to the plain text.
      attachments: [{
        contentType: 'text/html',
        content: `<div><div><span itemtype="http://schema.skype.com/Mention" itemscope="" itemid="0">${botAccount.name}</span>&nbsp;${command}</div>\n</div>`,
      }],
      entities: [{ mentioned: botAccount, text: at, type: 'mention' }, clientInfo],
      channelData: {
        teamsChannelId: channelId,
        teamsTeamId: teamId,
        channel: { id: channelId },
        team: { id: teamId },
        tenant: { id: tenantId },
      },
    }),
  };
}

function cardAction(serviceUrl, conversationId, user, verb, data, replyToId) {
  const id = nextActivityId();
  return {
    conversationId,
    body: JSON.stringify({
      type: 'invoke',
      name: 'adaptiveCard/action',
      id,
      timestamp: new Date().toISOString(),
      serviceUrl,
      channelId: 'msteams',
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      conversation: { conversationType: 'personal', tenantId, id: conversationId },
      recipient: botAccount,
      replyToId,
      locale: 'da-DK',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      channelData: { tenant: { id: tenantId }, source: { name: 'message' } },
    }),
  };
}

const SHAPES = {
  personal: {
    label: 'personal chat `hjælp`',
    peer: true,
    make: (bot, user, n) => personalMessage(bot.serviceUrl, user.chats[n % user.chats.length], user, 'hjælp'),
  },
  channel: {
    label: 'channel @mention `hjælp`',
    peer: true,
    make: (bot, user) => channelMention(bot.serviceUrl, user.channel, user, 'hjælp'),
  },
  state: {
    label: 'channel @mention `status` in a forløb channel (audited: commits)',
    peer: false,
    // Mette is a member of every bench forløb; each virtual user speaks in its own forløb's channel.
    make: (bot, user) => channelMention(bot.serviceUrl, user.channel, mette, 'status'),
  },
};

// ---------- the load generator ----------
/** POSTs an activity on one of the bot's keep-alive connections (each virtual user has its own). */
async function post(conn, body, withBody = false) {
  const r = await conn.post('/api/messages', body);
  return { status: r.status, acked: hr(), body: withBody && r.body ? r.body.toString('utf8') : undefined };
}

async function oneTurn(conn, { conversationId, body }) {
  let timer;
  const reply = new Promise((resolve) => {
    waiting.set(conversationId, resolve);
    timer = setTimeout(() => { waiting.delete(conversationId); resolve(null); }, turnTimeoutMs);
  });
  const sent = hr();
  const ack = await post(conn, body);
  if (ack.status < 200 || ack.status > 299) {
    clearTimeout(timer); waiting.delete(conversationId);
    return { sent, acked: ack.acked, replied: null, status: ack.status };
  }
  const replied = await reply;
  clearTimeout(timer);
  return { sent, acked: ack.acked, replied, status: ack.status };
}

function users(bot) {
  return Array.from({ length: concurrency }, (_, w) => ({
    id: `29:1bench-user-${bot.tag}-${w}`,
    name: `Bench Bruger ${w}`,
    aadObjectId: `00000000-0000-4000-9000-${String(w).padStart(12, '0')}`,
    chats: Array.from({ length: chatsPerUser }, (_, k) => `a:1bench-${bot.tag}-u${w}-c${k}`),
    channel: channelOf(w),
  }));
}

function cpuTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch { return NaN; }
}
const ticksPerSecond = (() => { try { return Number(execFileSync('getconf', ['CLK_TCK']).toString()); } catch { return 100; } })();
const ticksToMs = (t) => (t / ticksPerSecond) * 1000;

/** Runs the closed loop for warm-up + measured seconds and returns what completed inside the measured window. */
async function phase(bot, shape, warmup, measure, peer) {
  const people = users(bot);
  let stop = false;
  const records = [];
  const start = hr();
  const windowStart = start + warmup * 1000;
  const windowEnd = windowStart + measure * 1000;
  const cpu = {};
  const marks = [
    sleep(warmup * 1000).then(() => { cpu.bot0 = cpuTicks(bot.pid); cpu.peer0 = peer ? cpuTicks(peer.pid) : NaN; cpu.gen0 = process.cpuUsage(); }),
    sleep((warmup + measure) * 1000).then(() => {
      cpu.bot1 = cpuTicks(bot.pid); cpu.peer1 = peer ? cpuTicks(peer.pid) : NaN; cpu.gen1 = process.cpuUsage(cpu.gen0); stop = true;
    }),
  ];
  await Promise.all(people.map(async (user, w) => {
    const conn = bot.connections[w];
    for (let n = 0; !stop; n++) records.push(await oneTurn(conn, SHAPES[shape].make(bot, user, n)));
  }));
  await Promise.all(marks);
  const inWindow = records.filter((r) => r.replied !== null && r.replied >= windowStart && r.replied <= windowEnd);
  return {
    turns: inWindow.length,
    seconds: measure,
    e2e: inWindow.map((r) => r.replied - r.sent),
    ack: inWindow.map((r) => r.acked - r.sent),
    failed: records.filter((r) => r.replied === null).length,
    badStatus: records.filter((r) => r.status < 200 || r.status > 299).length,
    botCpuMs: ticksToMs(cpu.bot1 - cpu.bot0),
    peerCpuMs: ticksToMs(cpu.peer1 - cpu.peer0),
    genCpuMs: (cpu.gen1.user + cpu.gen1.system) / 1000, // the generator's process: load and connector
  };
}

function pct(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// ---------- the bots ----------
async function waitHealthy(bot, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (bot.proc.exitCode !== null) throw new Error(`${bot.name} exited with ${bot.proc.exitCode}; see ${bot.log}`);
    const ok = await new Promise((resolve) => {
      http.get({ host: '127.0.0.1', port: bot.port, path: '/healthz' }, (res) => { res.resume(); resolve(res.statusCode === 200); })
        .on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${bot.name} did not become healthy; see ${bot.log}`);
}

function launch(name, tag, port, cores, command, commandArgs, options) {
  const log = path.join(tmp, `${tag}.log`);
  const fd = fs.openSync(log, 'a');
  // taskset execs the bot, so the pid is the bot's own (dotnet and node run the program in their own process).
  const proc = spawn('taskset', ['-c', cores, command, ...commandArgs], { ...options, stdio: ['ignore', fd, fd] });
  children.push(proc);
  return {
    name, tag, port, log, proc, pid: proc.pid, cores,
    connections: Array.from({ length: concurrency }, () => new ClientConnection(port)),
  };
}

/** Lets the bot run and stops the others, so that the measured bot has its core to itself. */
function alone(bot, others) {
  bot.proc.kill('SIGCONT');
  if (freeze) for (const o of others) if (o && o !== bot && o.proc.exitCode === null) o.proc.kill('SIGSTOP');
}

async function stop(bot) {
  if (bot.proc.exitCode !== null) return;
  const exited = new Promise((r) => bot.proc.once('exit', r));
  bot.proc.kill('SIGTERM');
  bot.proc.kill('SIGCONT');
  await Promise.race([exited, sleep(10_000)]);
  for (const c of bot.connections) c.close();
}

function cleanup() {
  for (const c of children) if (c.exitCode === null) { c.kill('SIGTERM'); c.kill('SIGCONT'); }
  if (connector) connector.close();
  if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
}
process.on('SIGINT', () => { cleanup(); process.exit(130); });

async function launchOurs(tag, cores, serviceUrl, channels, dll = ourDll, name = 'ours', env = {}) {
  const port = await freePort();
  const pool = [];
  // The embedded tenant's channel pool: each forløb the setup opens gets one of these channels.
  for (let i = 0; i < channels; i++) pool.push(`--Tenants:Embedded:Channels:${i}:ChannelId`, channelOf(i), `--Tenants:Embedded:Channels:${i}:Name`, `Bench ${i}`);
  const bot = launch(`${name}${cores === allCores ? ' (2 cores)' : ''}`, tag, port, cores, 'dotnet', [
    dll, '--urls', `http://127.0.0.1:${port}`, '--Storage:DataFolder', path.join(tmp, `${tag}-data`),
    '--Logging:LogLevel:Default', 'Warning', '--Logging:LogLevel:Microsoft.AspNetCore', 'Warning', ...pool, ...ourArgs,
  ], { cwd: path.dirname(dll), env: { ...process.env, ASPNETCORE_ENVIRONMENT: 'Development', DOTNET_NOLOGO: '1', ...env } });
  bot.serviceUrl = serviceUrl;
  bot.ours = dll === ourDll;
  await waitHealthy(bot);
  return bot;
}

async function launchBotbuilder(tag, cores, serviceUrl, cardFile) {
  if (againstDll) return launchOurs(tag, cores, serviceUrl, concurrency, againstDll, 'ours B', { CARD_FILE: cardFile });
  const port = await freePort();
  const bot = launch(`botbuilder${cores === allCores ? ' (2 cores)' : ''}`, tag, port, cores, process.execPath, [path.join(bbDir, 'bot.js')],
    { cwd: bbDir, env: { ...process.env, PORT: String(port), CARD_FILE: cardFile, NODE_ENV: 'production' } });
  bot.serviceUrl = serviceUrl;
  await waitHealthy(bot);
  return bot;
}

function cardOf(activity) {
  const a = activity?.attachments?.[0];
  return a && a.contentType === 'application/vnd.microsoft.card.adaptive' ? a.content : undefined;
}

/** One turn whose reply comes back whole: the activity the bot sent and the id the connector gave it. */
async function answerTo(bot, turn) {
  await captureReplies(turn.conversationId);
  const r = await oneTurn(bot.connections[0], turn);
  if (r.replied === null) throw new Error(`${bot.name} did not reply (status ${r.status}); see ${bot.log}`);
  return captured.get(turn.conversationId);
}

async function helpCards(bot) {
  const user = { id: `29:1capture-${bot.tag}`, name: 'Bench Bruger', aadObjectId: '00000000-0000-4000-9000-ffffffffffff' };
  const personal = cardOf((await answerTo(bot, personalMessage(bot.serviceUrl, `a:1capture-${bot.tag}`, user, 'hjælp'))).activity);
  const channel = cardOf((await answerTo(bot, channelMention(bot.serviceUrl, channelOf(0), user, 'hjælp'))).activity);
  if (!personal || !channel) throw new Error(`${bot.name} did not answer hjælp with an Adaptive Card`);
  return { personal, channel };
}

/**
 * Opens one forløb per channel of the pool the way a coordinator does: `ny borger` in her personal chat, then the
 * form's "Opret forløb" (an adaptiveCard/action invoke). Mette Kjær (Region Nordjylland) coordinates each, with Lars
 * Nielsen (Aalborg Kommune) on the team and consent to share with Aalborg.
 */
async function openForloeb(bot, count) {
  for (let i = 0; i < count; i++) {
    const chat = `a:1bench-setup-mette-${i}`;
    const form = await answerTo(bot, personalMessage(bot.serviceUrl, chat, mette, 'ny borger'));
    const formId = cardOf(form.activity)?.actions?.[0]?.data?.formId;
    if (!formId) throw new Error('the ny borger form has no formId');
    const data = {
      formId, initials: 'AB', caseNumber: `B-2026-${String(1000 + i)}`, handlekommune: 'aalborg-kommune', organisations: 'aalborg-kommune',
      coordinator: mette.aadObjectId, members: 'aalborg-kommune|00000000-0000-4000-8000-00000000b001',
      consentOrganisations: 'aalborg-kommune', consentKinds: 'ContactData,Plans,CrisisPlan,Minutes', consentGivenHow: 'Mundtligt',
      citizenName: `Bench Borger ${i}`, citizenCpr: '',
    };
    const click = cardAction(bot.serviceUrl, chat, mette, 'case.create', data, form.id);
    const r = await post(bot.connections[0], click.body, true);
    if (r.status !== 200 || !r.body.includes('er oprettet')) throw new Error(`opening forløb ${i} failed (${r.status}): ${r.body.slice(0, 300)}`);
  }
  // The status of the first channel must be the forløb's, not "no forløb here".
  const status = await answerTo(bot, channelMention(bot.serviceUrl, channelOf(0), mette, 'status'));
  const text = JSON.stringify(status.activity);
  if (text.includes('kan ikke finde et forl') || !text.includes('B-2026-1000')) throw new Error(`status in a forløb channel did not show the forløb: ${text.slice(0, 300)}`);
}

// ---------- output ----------
const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const header = () => {
  console.log(`${pad('', 7)}${pad('bot', 20)}${lpad('turns/s', 9)}${lpad('e2e p50', 9)}${lpad('e2e p99', 9)}${lpad('ack p50', 9)}` +
    `${lpad('ack p99', 9)}${lpad('bot cpu', 9)}${lpad('gen cpu', 9)}${lpad('gen core', 10)}${lpad('peer', 7)}${lpad('failed', 8)}`);
  console.log(`${pad('', 7)}${pad('', 20)}${lpad('', 9)}${lpad('ms', 9)}${lpad('ms', 9)}${lpad('ms', 9)}${lpad('ms', 9)}` +
    `${lpad('ms/turn', 9)}${lpad('ms/turn', 9)}${lpad('busy', 10)}${lpad('ms/s', 7)}`);
};
const line = (label, bot, s) => console.log(`${pad(label, 7)}${pad(bot.name, 20)}${lpad(f(s.rps, 0), 9)}${lpad(f(s.p50), 9)}${lpad(f(s.p99), 9)}` +
  `${lpad(f(s.ackP50), 9)}${lpad(f(s.ackP99), 9)}${lpad(f(s.cpu, 3), 9)}${lpad(f(s.gen, 3), 9)}${lpad(f(s.genBusy * 100, 0) + ' %', 10)}` +
  `${lpad(f(s.peer, 0), 7)}${lpad(s.failed, 8)}${s.turnsNote ?? ''}`);

function summarise(list) {
  const turns = list.reduce((s, r) => s + r.turns, 0);
  const seconds = list.reduce((s, r) => s + r.seconds, 0);
  const e2e = list.flatMap((r) => r.e2e);
  const ack = list.flatMap((r) => r.ack);
  const sum = (k) => list.reduce((s, r) => s + r[k], 0);
  return {
    turns, rps: turns / seconds, p50: pct(e2e, 50), p99: pct(e2e, 99), ackP50: pct(ack, 50), ackP99: pct(ack, 99),
    failed: sum('failed') + sum('badStatus'), cpu: sum('botCpuMs') / turns, gen: sum('genCpuMs') / turns,
    genBusy: sum('genCpuMs') / (seconds * 1000), peer: sum('peerCpuMs') / seconds,
  };
}

const results = []; // { section, shape, bot, s }

async function measureShape(section, shape, ours, bb, roundCount) {
  if (only === 'botbuilder' && !SHAPES[shape].peer) return;
  const bots = SHAPES[shape].peer && bb && !only ? [ours, bb] : only === 'botbuilder' ? [bb] : [ours];
  const order = [];
  for (let r = 0; r < roundCount; r++) order.push(...(r % 2 === 0 ? bots : [...bots].reverse()));
  const totals = new Map(bots.map((b) => [b, []]));
  console.log('');
  console.log(`${section}: ${SHAPES[shape].label}   (load average ${loadavg()})`);
  header();
  let i = 0;
  for (const bot of order) {
    const peer = bots.length > 1 ? bots.find((b) => b !== bot) : bot === ours ? bb : ours;
    alone(bot, [peer]);
    const res = await phase(bot, shape, warmupSeconds, measureSeconds, peer);
    totals.get(bot).push(res);
    line(`r${Math.floor(i++ / bots.length) + 1}`, bot, summarise([res]));
  }
  const summaries = bots.map((b) => [b, summarise(totals.get(b))]);
  for (const [bot, s] of summaries) {
    line('all', bot, { ...s, turnsNote: `   (${s.turns} turns)` });
    results.push({ section, shape, bot, s });
  }
  if (summaries.length === 2) {
    const [[, o], [, b]] = summaries;
    console.log(`ratio ours/botbuilder: turns/s ${f(o.rps / b.rps, 2)}×, e2e p99 ${f(o.p99 / b.p99, 2)}× (lower is better), ` +
      `e2e p50 ${f(o.p50 / b.p50, 2)}×, bot CPU per turn ${f(o.cpu / b.cpu, 2)}×`);
  }
}

function markdown() {
  const rows = [];
  rows.push('| section | shape | bot | turns/s | e2e p50 / p99 ms | bot CPU ms/turn | turns/s ratio | p99 ratio | CPU ratio |');
  rows.push('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const peer = results.find((x) => x.section === r.section && x.shape === r.shape && x.bot !== r.bot);
    const ratios = r.bot.ours && peer ? [`${f(r.s.rps / peer.s.rps, 2)}×`, `${f(r.s.p99 / peer.s.p99, 2)}×`, `${f(r.s.cpu / peer.s.cpu, 2)}×`] : ['', '', ''];
    rows.push(`| ${r.section} | ${SHAPES[r.shape].label} | ${r.bot.name} | ${f(r.s.rps, 0)} | ${f(r.s.p50)} / ${f(r.s.p99)} | ${f(r.s.cpu, 3)} | ${ratios.join(' | ')} |`);
  }
  return rows.join('\n');
}

// ---------- main ----------
async function main() {
  if (!fs.existsSync(ourDll)) throw new Error(`${ourDll} not found: run 'dotnet build -c Release bot' first (run.sh does)`);
  if (cpuCount < 2) throw new Error('needs at least 2 cores: one for the bot, one for the load generator');
  const started = Date.now();
  const loadAtStart = loadavg();
  pin(process.pid, genCore);
  const connectorPort = await freePort();
  const serviceUrl = `http://127.0.0.1:${connectorPort}/`;
  await startConnector(connectorPort);
  const channels = concurrency;

  const ours = await launchOurs('ours', botCore, serviceUrl, channels);
  const ourCards = await helpCards(ours);
  if (!isDeepStrictEqual(ourCards.personal, ourCards.channel)) throw new Error('our bot answered hjælp differently in a channel');
  const cardFile = path.join(tmp, 'help-card.json');
  fs.writeFileSync(cardFile, JSON.stringify(ourCards.personal));
  if (shapes.includes('state')) await openForloeb(ours, channels);

  const bb = await launchBotbuilder('botbuilder', botCore, serviceUrl, cardFile);
  const bbCards = await helpCards(bb);
  const sameCard = isDeepStrictEqual(ourCards.personal, bbCards.personal) && isDeepStrictEqual(ourCards.personal, bbCards.channel);
  if (!sameCard) throw new Error('the two bots sent different cards');

  const bbVersion = againstDll ? `none: ours B is ${againstDll}` : JSON.parse(fs.readFileSync(path.join(bbDir, 'node_modules/botbuilder/package.json'), 'utf8')).version;
  let commit = '';
  try { commit = execFileSync('git', ['-C', __dirname, 'rev-parse', '--short', 'HEAD']).toString().trim(); } catch { /* not a checkout */ }
  console.log('bench/turns: Teams turns, POST /api/messages → reply at the local connector, each bot alone on one core');
  console.log(`ours: ${path.relative(process.cwd(), ourDll)}${commit ? ` (commit ${commit})` : ''}, Release, Development/anonymous, SQLite in a temp folder${ourArgs.length ? ', ' + ourArgs.join(' ') : ''}`);
  console.log(`botbuilder: ${bbVersion} CloudAdapter, anonymous, node ${process.version}; same help card (${JSON.stringify(ourCards.personal).length} bytes JSON): ${sameCard ? 'yes' : 'NO'}`);
  console.log(`cores: bots on cpu ${botCore} (taskset, one at a time), load generator + connector on cpu ${genCore}; machine ${cpuCount} cores, ` +
    `load average ${loadAtStart} at start`);
  console.log(`load: closed loop, concurrency ${concurrency} (${concurrency * chatsPerUser} personal chats, ${channels} channels${shapes.includes('state') ? ', each a forløb' : ''}), ` +
    `${initialWarmupSeconds} s warm-up per bot, then ${rounds} round(s) per bot and shape of ${warmupSeconds} s + ${measureSeconds} s measured, alternating${quick ? ' (--quick)' : ''}`);
  console.log(`columns: bot cpu = the bot's utime+stime per turn; gen cpu / gen core busy = the load generator's (near 100 % busy: its ceiling, not the bot's); ` +
    `peer = CPU of the other bot meanwhile (ms per s; ${freeze ? 'it is stopped with SIGSTOP, so 0' : 'idle, running: --no-freeze'})`);
  console.log(`pids: ours ${ours.pid}, botbuilder ${bb.pid}, load generator ${process.pid}`);

  // Warm both up (JIT, connection pools, SQLite pages) on every shape they will run before anything counts.
  const ourShapes = shapes;
  const bbShapes = shapes.filter((s) => SHAPES[s].peer);
  alone(ours, [bb]);
  if (only !== 'botbuilder') for (const s of ourShapes) await phase(ours, s, 0, initialWarmupSeconds / ourShapes.length);
  alone(bb, [ours]);
  if (only !== 'ours') for (const s of bbShapes) await phase(bb, s, 0, initialWarmupSeconds / bbShapes.length);

  for (const shape of shapes) await measureShape('1 core', shape, ours, bb, rounds);

  if (floorDll && !only && !againstDll) {
    const floor = await launchOurs('floor', botCore, serviceUrl, 0, floorDll, 'ASP.NET Core floor', { CARD_FILE: cardFile });
    alone(floor, [ours, bb]);
    await phase(floor, 'channel', 0, initialWarmupSeconds / ourShapes.length);
    await measureShape('1 core, floor', 'channel', floor, null, rounds);
    await stop(floor);
  }

  if (twoCoreShapes.length > 0 && !only) {
    // The two-core figure: both bots and the generator free to use both cores (how this bench measured before).
    await stop(ours);
    await stop(bb);
    pin(process.pid, allCores);
    const ours2 = await launchOurs('ours2', allCores, serviceUrl, 1);
    const bb2 = await launchBotbuilder('botbuilder2', allCores, serviceUrl, cardFile);
    alone(ours2, [bb2]);
    for (const s of twoCoreShapes) await phase(ours2, s, 0, twoCoreWarmupSeconds / twoCoreShapes.length);
    alone(bb2, [ours2]);
    for (const s of twoCoreShapes) await phase(bb2, s, 0, twoCoreWarmupSeconds / twoCoreShapes.length);
    console.log('');
    console.log('--- two cores (NOT per core): bots and load generator share both cores ---');
    for (const shape of twoCoreShapes) await measureShape('2 cores, shared', shape, ours2, bb2, 1);
  }

  if (only) { if (keep) console.log(`kept: ${tmp}`); return; }
  const counters = connectorCounters();
  console.log('');
  console.log(`summary (load average ${loadAtStart} at start, ${loadavg()} at end; ${Math.round((Date.now() - started) / 1000)} s):`);
  console.log(markdown());
  const one = (shape, ours) => results.find((r) => r.section === '1 core' && r.shape === shape && !!r.bot.ours === ours)?.s;
  const o = one('channel', true);
  const b = one('channel', false);
  if (o && b) {
    const met = o.rps / b.rps >= 3 && o.p99 <= b.p99 && o.cpu <= 0.2;
    console.log('');
    console.log(`goal (issue 14), channel @mention hjælp on one core: ≥ 3× botbuilder's turns/s (${f(o.rps / b.rps, 2)}×), ` +
      `p99 equal or better (${f(o.p99 / b.p99, 2)}×), our CPU ≤ 0.2 ms/turn (${f(o.cpu, 3)}): ${met ? 'MET' : 'NOT MET'}`);
    const fl = results.find((r) => r.section === '1 core, floor')?.s;
    if (fl) console.log(`the ASP.NET Core floor (read the activity, POST the card, 202; nothing else) costs ${f(fl.cpu, 3)} ms/turn here: ` +
      `our turn is ${f(o.cpu / fl.cpu, 2)}× it, botbuilder's ${f(b.cpu / fl.cpu, 2)}×`);
  }
  console.log(`connector: ${counters.typing} typing indicators, ${unmatchedReplies} unmatched replies, ${counters.created} conversations created (setup's welcome cards), ${counters.other} unknown requests${counters.other ? ` (${counters.otherSamples.join(', ')})` : ''}; ` +
    `${counters.checked} replies parsed and checked, ${counters.notMessages} of them not a message`);
  if (counters.notMessages > 0) throw new Error('a bot replied with something other than a message');
  if (keep) console.log(`kept: ${tmp}`);
}

main().then(() => { cleanup(); process.exit(0); }, (e) => {
  console.error(`bench failed: ${e.message}`);
  for (const tag of ['ours', 'botbuilder', 'ours2', 'botbuilder2']) {
    const log = path.join(tmp, `${tag}.log`);
    if (fs.existsSync(log)) console.error(`--- ${tag}.log (tail) ---\n${fs.readFileSync(log, 'utf8').split('\n').slice(-30).join('\n')}`);
  }
  cleanup();
  process.exit(1);
});
