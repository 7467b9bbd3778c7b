// bench/turns: one Teams `hjælp` turn through POST /api/messages, end to end, TeamsCoordinator against a minimal
// botbuilder 4.23 bot, both anonymous, both replying to the same local connector, driven by the same load generator.
//
// A turn is timed from the moment its activity is POSTed to the bot until the bot's reply arrives at the connector
// (the headline: our bot acknowledges with 202 and replies later, so the HTTP acknowledgement alone would flatter
// it; `hjælp` changes nothing, so its reply is sent from the turn, not through the outbox). The acknowledgement latency is reported too.
//
// The load is a closed loop at fixed concurrency: each of C virtual users owns a few personal chats and sends its
// next `hjælp` as soon as the reply to the previous one has arrived, so one conversation never has two turns in
// flight and replies are matched by conversation id. Both bots run all the time; measured rounds alternate
// (ours, botbuilder, botbuilder, ours, …) so that load from other work on the machine falls on both alike.
//
// Usage: node bench.js --our-dll PATH [--concurrency 32] [--rounds 3] [--initial-warmup 20] [--warmup 2] [--seconds 10] [--only ours|botbuilder] [--keep]
// (each option also as an environment variable: BENCH_CONCURRENCY, BENCH_ROUNDS, …)
'use strict';
const http = require('node:http');
const net = require('node:net');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const { Worker } = require('node:worker_threads');
const { isDeepStrictEqual } = require('node:util');

// ---------- options ----------
const args = process.argv.slice(2);
function opt(name, fallback) {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const env = process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  return env ?? fallback;
}
const ourDll = path.resolve(opt('our-dll', path.join(__dirname, '../../bot/bin/Release/net10.0/TeamsCoordinator.Bot.dll')));
const bbDir = path.resolve(opt('bb-dir', path.join(__dirname, 'botbuilder-bot')));
const concurrency = Number(opt('concurrency', 32));
const rounds = Number(opt('rounds', 3));
const warmupSeconds = Number(opt('warmup', 2));
// Before anything counts, each bot runs this long alone: .NET's tiered JIT and V8's optimizer both need a while
// to reach the code a long-running server runs (on a busy 2-core machine .NET took over 10 s), and a bench of a
// server should measure that server, not its start-up.
const initialWarmupSeconds = Number(opt('initial-warmup', 20));
const measureSeconds = Number(opt('seconds', 10));
const chatsPerUser = Number(opt('chats-per-user', 4));
const keep = args.includes('--keep');
const ourArgs = (opt('our-args', '') || '').split(' ').filter(Boolean); // extra configuration for our bot, e.g. "--Storage:SqliteSynchronous Full"
const only = opt('only', ''); // 'ours' or 'botbuilder': measure one bot alone (for profiling)
const turnTimeoutMs = 30_000;

const hr = () => Number(process.hrtime.bigint()) / 1e6; // ms on the monotonic clock the connector worker also reads
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-turns-'));
const children = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// ---------- the connector (worker thread) and reply matching ----------
const waiting = new Map(); // conversationId -> resolve(arrivedMs)
const captured = new Map(); // conversationId -> activity (capture-* conversations only)
let unmatchedReplies = 0;
let connector;

function startConnector(port) {
  return new Promise((resolve, reject) => {
    connector = new Worker(path.join(__dirname, 'connector.js'), { workerData: { port } });
    connector.on('error', reject);
    connector.on('message', (msg) => {
      if (msg.listening) return resolve();
      if (msg.counters) return connector.emit('counters', msg.counters);
      const arrived = Number(msg.arrived) / 1e6;
      if (msg.activity) captured.set(msg.conversationId, msg.activity);
      const done = waiting.get(msg.conversationId);
      if (done) { waiting.delete(msg.conversationId); done(arrived); } else unmatchedReplies++;
    });
  });
}
function connectorCounters() {
  return new Promise((resolve) => { connector.once('counters', resolve); connector.postMessage('counters'); });
}

// ---------- the load generator ----------
const tenantId = '8a6f5c1e-2b7d-4c3a-9e10-b1c2d3e4f5a6';
let activitySeq = 0;
const activityBase = Date.now();

function teamsMessage(serviceUrl, conversationId, user) {
  // Shaped like what Teams posts for a message in a personal chat with the bot.
  const now = new Date();
  return JSON.stringify({
    type: 'message',
    id: String(activityBase + ++activitySeq),
    timestamp: now.toISOString(),
    localTimestamp: now.toISOString().replace('Z', '+01:00'),
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:1${user.id}`, name: user.name, aadObjectId: user.aadObjectId },
    conversation: { conversationType: 'personal', tenantId, id: conversationId },
    recipient: { id: '28:0b7a4c2e-bench-bot', name: 'Koordinator' },
    textFormat: 'plain',
    locale: 'da-DK',
    text: 'hjælp',
    attachments: [],
    entities: [{ locale: 'da-DK', country: 'DK', platform: 'Web', timezone: 'Europe/Copenhagen', type: 'clientInfo' }],
    channelData: { tenant: { id: tenantId } },
  });
}

function post(bot, body) {
  return new Promise((resolve) => {
    const req = http.request({
      agent: bot.agent, host: '127.0.0.1', port: bot.port, method: 'POST', path: '/api/messages',
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, acked: hr() }));
    });
    req.on('error', (e) => resolve({ status: 0, acked: hr(), error: e.message }));
    req.end(body);
  });
}

async function oneTurn(bot, conversationId, user) {
  const body = teamsMessage(bot.serviceUrl, conversationId, user);
  let timer;
  const reply = new Promise((resolve) => {
    waiting.set(conversationId, resolve);
    timer = setTimeout(() => { waiting.delete(conversationId); resolve(null); }, turnTimeoutMs);
  });
  const sent = hr();
  const ack = await post(bot, body);
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
    id: `bench-user-${bot.tag}-${w}`,
    name: `Bench Bruger ${w}`,
    aadObjectId: `00000000-0000-4000-8000-${String(w).padStart(12, '0')}`,
    chats: Array.from({ length: chatsPerUser }, (_, k) => `a:1bench-${bot.tag}-u${w}-c${k}`),
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

/** Runs the closed loop for warm-up + measured seconds and returns what completed inside the measured window. */
async function phase(bot, warmup, measure) {
  const people = users(bot);
  let stop = false;
  const records = [];
  const start = hr();
  const windowStart = start + warmup * 1000;
  const windowEnd = windowStart + measure * 1000;
  const cpu = {};
  const marks = [
    sleep(warmup * 1000).then(() => { cpu.bot0 = cpuTicks(bot.pid); cpu.gen0 = process.cpuUsage(); }),
    sleep((warmup + measure) * 1000).then(() => { cpu.bot1 = cpuTicks(bot.pid); cpu.gen1 = process.cpuUsage(cpu.gen0); stop = true; }),
  ];
  await Promise.all(people.map(async (user) => {
    for (let n = 0; !stop; n++) records.push(await oneTurn(bot, user.chats[n % user.chats.length], user));
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
    botCpuMs: ((cpu.bot1 - cpu.bot0) / ticksPerSecond) * 1000,
    genCpuMs: (cpu.gen1.user + cpu.gen1.system) / 1000,
  };
}

function pct(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// ---------- the bots ----------
async function waitHealthy(bot, proc, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${bot.name} exited with ${proc.exitCode}; see ${bot.log}`);
    const ok = await new Promise((resolve) => {
      http.get({ host: '127.0.0.1', port: bot.port, path: '/healthz' }, (res) => { res.resume(); resolve(res.statusCode === 200); })
        .on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${bot.name} did not become healthy; see ${bot.log}`);
}

function launch(name, tag, port, command, commandArgs, options) {
  const log = path.join(tmp, `${tag}.log`);
  const fd = fs.openSync(log, 'a');
  const proc = spawn(command, commandArgs, { ...options, stdio: ['ignore', fd, fd] });
  children.push(proc);
  return {
    name, tag, port, log, proc, pid: proc.pid,
    agent: new http.Agent({ keepAlive: true, maxSockets: concurrency }),
  };
}

function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  if (connector) connector.terminate();
  if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
}
process.on('SIGINT', () => { cleanup(); process.exit(130); });

function cleanupNote() { if (keep) console.log(`kept: ${tmp}`); }

function cardOf(activity) {
  const a = activity?.attachments?.[0];
  return a && a.contentType === 'application/vnd.microsoft.card.adaptive' ? a.content : undefined;
}

async function capture(bot) {
  const conversationId = `capture-${bot.tag}`;
  const r = await oneTurn(bot, conversationId, { id: `capture-${bot.tag}`, name: 'Bench Bruger', aadObjectId: '00000000-0000-4000-8000-ffffffffffff' });
  if (r.replied === null) throw new Error(`${bot.name} did not reply to the capture turn (status ${r.status}); see ${bot.log}`);
  const card = cardOf(captured.get(conversationId));
  if (!card) throw new Error(`${bot.name} did not reply with an Adaptive Card`);
  return card;
}

// ---------- main ----------
const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

async function main() {
  if (!fs.existsSync(ourDll)) throw new Error(`${ourDll} not found: run 'dotnet build -c Release bot' first (run.sh does)`);
  const [connectorPort, ourPort, bbPort] = [await freePort(), await freePort(), await freePort()];
  const serviceUrl = `http://127.0.0.1:${connectorPort}/`;
  await startConnector(connectorPort);

  const dataFolder = path.join(tmp, 'ours-data');
  const ours = launch('ours (TeamsCoordinator)', 'ours', ourPort, 'dotnet', [
    ourDll, '--urls', `http://127.0.0.1:${ourPort}`, '--Storage:DataFolder', dataFolder,
    '--Logging:LogLevel:Default', 'Warning', '--Logging:LogLevel:Microsoft.AspNetCore', 'Warning', ...ourArgs,
  ], { cwd: path.dirname(ourDll), env: { ...process.env, ASPNETCORE_ENVIRONMENT: 'Development', DOTNET_NOLOGO: '1' } });
  ours.serviceUrl = serviceUrl;
  await waitHealthy(ours, ours.proc);
  const ourCard = await capture(ours);
  const cardFile = path.join(tmp, 'help-card.json');
  fs.writeFileSync(cardFile, JSON.stringify(ourCard));

  const bb = launch('botbuilder 4.23', 'botbuilder', bbPort, process.execPath, [path.join(bbDir, 'bot.js')],
    { cwd: bbDir, env: { ...process.env, PORT: String(bbPort), CARD_FILE: cardFile, NODE_ENV: 'production' } });
  bb.serviceUrl = serviceUrl;
  await waitHealthy(bb, bb.proc);
  const bbCard = await capture(bb);
  const sameCard = isDeepStrictEqual(ourCard, bbCard);
  if (!sameCard) throw new Error('the two bots sent different cards');

  const bbVersion = JSON.parse(fs.readFileSync(path.join(bbDir, 'node_modules/botbuilder/package.json'), 'utf8')).version;
  console.log('bench/turns: a Teams personal-chat `hjælp` turn, POST /api/messages → help card at the local connector');
  console.log(`ours: ${path.relative(process.cwd(), ourDll)} (Release, Development/anonymous, SQLite in a temp folder)${ourArgs.length ? ' ' + ourArgs.join(' ') : ''}`);
  console.log(`botbuilder: ${bbVersion} CloudAdapter, anonymous, node ${process.version}; same card (${JSON.stringify(ourCard).length} bytes JSON): ${sameCard ? 'yes' : 'NO'}`);
  console.log(`load: closed loop, concurrency ${concurrency} (${concurrency * chatsPerUser} personal chats), ` +
    `${initialWarmupSeconds} s warm-up each, then ${rounds} rounds per bot of ${warmupSeconds} s warm-up + ${measureSeconds} s measured, alternating; ` +
    `machine: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(2)} at start`);

  // Warm both up (JIT, connection pools, SQLite pages) before anything counts.
  console.log(`pids: ours ${ours.pid}, botbuilder ${bb.pid}, load generator ${process.pid}`);
  if (only !== 'botbuilder') await phase(ours, 0, initialWarmupSeconds);
  if (only !== 'ours') await phase(bb, 0, initialWarmupSeconds);

  const order = [];
  for (let r = 0; r < rounds; r++) order.push(...(r % 2 === 0 ? [ours, bb] : [bb, ours]));
  if (only) order.splice(0, order.length, ...order.filter((b) => b.tag === only));
  const totals = new Map([[ours, []], [bb, []]]);
  console.log('');
  console.log(`${pad('round', 6)}${pad('bot', 26)}${lpad('turns/s', 9)}${lpad('e2e p50', 10)}${lpad('e2e p99', 10)}` +
    `${lpad('ack p50', 10)}${lpad('ack p99', 10)}${lpad('bot cpu', 10)}${lpad('gen cpu', 10)}${lpad('failed', 8)}`);
  console.log(`${pad('', 6)}${pad('', 26)}${lpad('', 9)}${lpad('ms', 10)}${lpad('ms', 10)}${lpad('ms', 10)}${lpad('ms', 10)}` +
    `${lpad('ms/turn', 10)}${lpad('ms/turn', 10)}`);
  let i = 0;
  for (const bot of order) {
    const res = await phase(bot, warmupSeconds, measureSeconds);
    totals.get(bot).push(res);
    console.log(`${pad(Math.floor(i++ / 2) + 1, 6)}${pad(bot.name, 26)}${lpad(f(res.turns / res.seconds, 0), 9)}` +
      `${lpad(f(pct(res.e2e, 50)), 10)}${lpad(f(pct(res.e2e, 99)), 10)}${lpad(f(pct(res.ack, 50)), 10)}${lpad(f(pct(res.ack, 99)), 10)}` +
      `${lpad(f(res.botCpuMs / res.turns, 2), 10)}${lpad(f(res.genCpuMs / res.turns, 2), 10)}${lpad(res.failed + res.badStatus, 8)}`);
  }

  const summary = (bot) => {
    const list = totals.get(bot);
    const turns = list.reduce((s, r) => s + r.turns, 0);
    const seconds = list.reduce((s, r) => s + r.seconds, 0);
    const e2e = list.flatMap((r) => r.e2e);
    const ack = list.flatMap((r) => r.ack);
    const failed = list.reduce((s, r) => s + r.failed + r.badStatus, 0);
    const cpu = list.reduce((s, r) => s + r.botCpuMs, 0) / turns;
    return { turns, rps: turns / seconds, p50: pct(e2e, 50), p99: pct(e2e, 99), ackP50: pct(ack, 50), ackP99: pct(ack, 99), failed, cpu };
  };
  if (only) { cleanupNote(); return; }
  const o = summary(ours);
  const b = summary(bb);
  const counters = await connectorCounters();
  console.log('');
  for (const [bot, s] of [[ours, o], [bb, b]]) {
    console.log(`${pad('all', 6)}${pad(bot.name, 26)}${lpad(f(s.rps, 0), 9)}${lpad(f(s.p50), 10)}${lpad(f(s.p99), 10)}` +
      `${lpad(f(s.ackP50), 10)}${lpad(f(s.ackP99), 10)}${lpad(f(s.cpu, 2), 10)}${lpad('', 10)}${lpad(s.failed, 8)}   (${s.turns} turns measured)`);
  }
  const throughputRatio = o.rps / b.rps;
  const p99Ratio = o.p99 / b.p99;
  const met = throughputRatio >= 2 && p99Ratio <= 1;
  console.log('');
  console.log(`ratio ours/botbuilder: turns/s ${f(throughputRatio, 2)}×, e2e p99 ${f(p99Ratio, 2)}× (lower is better), ` +
    `e2e p50 ${f(o.p50 / b.p50, 2)}×, bot CPU per turn ${f(o.cpu / b.cpu, 2)}×`);
  console.log(`goal (≥ 2× botbuilder's turns/s at equal or better p99): ${met ? 'MET' : 'NOT MET'}`);
  console.log(`connector: ${counters.typing} typing indicators, ${unmatchedReplies} unmatched replies, ${counters.other} unknown requests`);
  if (keep) console.log(`kept: ${tmp}`);
}

main().then(() => { cleanup(); process.exit(0); }, (e) => {
  console.error(`bench failed: ${e.message}`);
  for (const c of children) {
    const log = c.spawnargs && path.join(tmp, c === children[0] ? 'ours.log' : 'botbuilder.log');
    if (log && fs.existsSync(log)) console.error(`--- ${path.basename(log)} (tail) ---\n${fs.readFileSync(log, 'utf8').split('\n').slice(-30).join('\n')}`);
  }
  cleanup();
  process.exit(1);
});
